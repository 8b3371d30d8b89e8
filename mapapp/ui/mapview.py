"""The map component, with its rendered script cached per data set.

``st_folium`` renders the whole folium map (twice) and rebuilds its script
on every rerun: about 0.5 s of Python at 10k incidents and 2 s at 50k, paid
again on every click. The rendered pieces depend only on the incidents
shown, so :func:`prepare` computes them the way ``st_folium`` 0.27 does and
the page caches them by store state and filters; :func:`show` then hands
them to streamlit-folium's own component, so the browser side (and the
component's click results) are exactly those of ``st_folium``. If the
private helpers this needs are missing (another streamlit-folium version),
:func:`show` falls back to plain ``st_folium``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True, slots=True)
class PreparedMap:
    """What the st_folium component needs, rendered once (all plain data)."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    zoom: Any
    fallback: Any = None  # the folium map itself when the private helpers are missing


def _links(fmap: Any) -> tuple[list[str], list[str]]:
    import folium.elements

    css: list[str] = []
    js: list[str] = []
    stack = [fmap]
    while stack:  # depth-first, children in order: the same order as st_folium's walk
        elem = stack.pop()
        if isinstance(elem, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(elem, "default_css", []))
            js.extend(src for _, src in getattr(elem, "default_js", []))
        stack.extend(reversed(list(getattr(elem, "_children", {}).values())))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def prepare(fmap: Any) -> PreparedMap:
    """Render a folium map into the component's arguments (slow; cache the result)."""
    try:
        from streamlit_folium import (  # private helpers of streamlit-folium 0.27
            _component_func,  # noqa: F401 - needed later by show()
            _get_header,
            _get_html,
            _get_map_string,
            generate_js_hash,  # noqa: F401 - needed later by show()
            get_full_id,
        )
    except ImportError:
        return PreparedMap("", "", "", "", (), (), None, fallback=fmap)
    fmap.get_root().render()
    fmap.render()
    html, header = _get_html(fmap), _get_header(fmap)
    script = _get_map_string(fmap)
    css, js = _links(fmap)
    return PreparedMap(
        script=script,
        header=header,
        html=html,
        map_id=get_full_id(fmap),
        css_links=tuple(css),
        js_links=tuple(js),
        zoom=fmap.options.get("zoom"),
    )


def show(
    prepared: PreparedMap,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str],
    on_change: Callable[[], None] | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
) -> Any:
    """Draw the prepared map; returns the component's value as ``st_folium`` does.

    ``center`` and ``zoom`` move the drawn map without reloading it; the
    component applies a value once, when it differs from the last it applied.
    """
    import streamlit_folium as sf

    if prepared.fallback is not None:
        return sf.st_folium(
            prepared.fallback,
            key=key,
            height=height,
            use_container_width=True,
            returned_objects=list(returned_objects),
            center=center,
            zoom=zoom,
        )
    hash_key = sf.generate_js_hash(prepared.script, key, False)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    defaults = {
        "last_object_clicked": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        # st_folium defaults "bounds" to folium's get_bounds(), a walk over every outline
        # coordinate (0.1 s a render); the component reports the drawn bounds itself.
        "bounds": None,
        "zoom": prepared.zoom,
        "center": None,
        "last_clicked": None,
    }
    # Only plain JSON values (tuples, no dict or list): Streamlit checks every other argument
    # of a component for a DataFrame, which imports pandas (0.5 s of a first start). The
    # defaults are applied here instead, as Streamlit would (the frontend then reports its
    # first view, as it does anyway: "center" differs from the default).
    value = sf._component_func(
        script=prepared.script,
        header=prepared.header,
        html=prepared.html,
        id=prepared.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=tuple(returned_objects),
        default=None,
        zoom=zoom,
        center=tuple(center) if center is not None else None,
        feature_group=None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=prepared.css_links,
        js_links=prepared.js_links,
        on_change=changed,
        wrap_longitude=False,
    )
    return value if value is not None else {k: v for k, v in defaults.items() if k in returned_objects}
