"""A client-side clustered incident layer for large sets (one Python object).

All incidents travel as one JSON object of columns (positions and dot
styles to draw; popup fields dictionary-encoded, see
:mod:`mapapp.render.payload`). The browser indexes them once with
supercluster (a k-d tree per zoom level: ~20 ms for 10k points, where
Leaflet.markercluster spends ~300 ms clustering and ~0.1 s of garbage
collection) and draws only what the current view needs: cluster bubbles
and the single incidents, re-drawn after every pan or zoom. A bubble click
zooms to where it splits; at the map's deepest zoom, incidents that share a
spot fan out around it, with legs to the true position.

Popups are built lazily, on click, from DOM nodes whose text is set with
``textContent``: article text is never parsed as HTML, so it needs no
escaping. The popup is bound to the layer (a ``L.FeatureGroup``) as a
function, which is the shape streamlit-folium reads back
(``getContent()(layer).innerText``). Bubbles and legs live in a separate,
non-propagating group, so they never open an incident popup.

For tests and benchmarks the layer exposes ``incidentCount()`` (incidents
indexed), ``rows()``, ``markerFor(row)`` and ``reveal(row)`` (a promise:
zoom until that incident is a marker of its own, then that marker).
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Sequence
from typing import Any

from branca.element import Element, Figure, JavascriptLink
from folium.elements import ElementAddToElement, JSCSSMixin
from folium.map import Layer

from mapapp.render.assets import DEFAULT_BASE_URL, cluster_js
from mapapp.render.cluster_script import CLUSTER_TEMPLATE
from mapapp.render.escape import js_json
from mapapp.render.payload import columnar
from mapapp.render.popup import ID_LABEL, PAYLOAD_FIELDS
from mapapp.render.symbols import dot_css, glyph_css

#: Bubble colours by size (outer ring, inner disc), as Leaflet.markercluster draws them.
#: Neutral grey whatever the size (no event family is grey): a bubble is a count, not an event.
_BUBBLES = {
    "small": ("rgba(74,74,74,0.25)", "rgba(74,74,74,0.85)"),
    "medium": ("rgba(74,74,74,0.3)", "rgba(74,74,74,0.9)"),
    "large": ("rgba(74,74,74,0.35)", "rgba(74,74,74,0.95)"),
}


def bubble_css(prefix: str) -> str:
    """CSS of the cluster bubbles (``<prefix>`` then ``-small|-medium|-large``).

    >>> bubble_css("b").splitlines()[0]
    '.b { border-radius: 50%; }'
    """
    lines = [
        f".{prefix} {{ border-radius: 50%; }}",
        f".{prefix} div {{ width: 30px; height: 30px; margin-left: 5px; margin-top: 5px;"
        " border-radius: 15px; text-align: center;"
        ' font: 12px "Helvetica Neue", Arial, Helvetica, sans-serif; }',
        f".{prefix} span {{ line-height: 30px; color: #ffffff; font-weight: bold; }}",
        f".{prefix}-leg {{ pointer-events: none; }}",
    ]
    for size, (outer, inner) in _BUBBLES.items():
        lines.append(f".{prefix}-{size} {{ background-color: {outer}; }}")
        lines.append(f".{prefix}-{size} div {{ background-color: {inner}; }}")
    return "\n".join(lines)


class Verbatim(Element):
    """Rendered output kept as it is: never compiled as a Jinja template.

    >>> Verbatim("{{ 6*7 }}").render()
    '{{ 6*7 }}'
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class IncidentClusterLayer(JSCSSMixin, Layer):
    """Clustered dot markers built in the browser.

    Parameters
    ----------
    rows : sequence of lists
        ``[lat, lon, style_index, payload]`` per incident, ``payload`` in
        :data:`~mapapp.render.popup.PAYLOAD_FIELDS` order (plain text).
    styles : sequence of dicts
        Dot styles (``radius``, ``color``, ``fillColor``, ``fillOpacity``,
        ``opacity``, ``weight``) indexed by ``style_index``; colours must be
        ``#rrggbb`` (they become CSS in the page header).
    name : str
        The layer's name in the layer control.
    base_url : str
        Where the vendored supercluster file is served.
    radius : int
        Cluster radius in screen pixels.
    """

    _template = CLUSTER_TEMPLATE

    def __init__(
        self,
        rows: Sequence[Sequence[Any]],
        *,
        styles: Sequence[dict[str, Any]],
        name: str = "Incidents",
        base_url: str = DEFAULT_BASE_URL,
        show: bool = True,
        radius: int = 50,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentClusterLayer"
        self.rows = [list(row) for row in rows]
        self.styles = [dict(style) for style in styles]
        if not 1 <= int(radius) <= 500:
            raise ValueError(f"radius must be 1..500 pixels, not {radius!r}")
        self.radius = int(radius)
        # No "_" and no folium id in the class names: streamlit-folium renames
        # "_<id>" suffixes in the script but not in the header CSS.
        digest = zlib.crc32(json.dumps(self.styles, sort_keys=True).encode("utf-8"))
        self.class_prefix = f"mapapp-dot-{digest:08x}-"
        self.bubble_class = "mapapp-bubble"
        self.field_index = {field: i for i, field in enumerate(PAYLOAD_FIELDS)}
        self.id_label = ID_LABEL
        self.default_js = cluster_js(base_url=base_url)
        self.default_css = []

    def render(self, **kwargs: Any) -> str:
        """Add the layer's links, CSS and script to the figure, as folium does.

        Unlike folium's ``MacroElement.render``, the outputs are not wrapped
        in a template ``Element``: branca would compile the whole script
        (all incidents' text) as Jinja, ~0.5 s at 10k incidents, and give
        article text a second template pass. The output goes into the
        figure, so the returned string is empty (as branca's figures ignore it).
        """
        figure, parent = self.get_root(), self._parent
        if not isinstance(figure, Figure) or parent is None:
            raise ValueError("an IncidentClusterLayer renders only inside a folium map's figure")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        if self.show:
            self.add_child(
                ElementAddToElement(element_name=self.get_name(), element_parent_name=parent.get_name()),
                name=self.get_name() + "_add",
            )
        macros = self._template.module
        figure.header.add_child(Verbatim(macros.header(self, kwargs)), name=self.get_name())
        figure.script.add_child(Verbatim(macros.script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""

    @property
    def css(self) -> str:
        """Bubble CSS and one class per dot style (from validated colours and numbers only)."""
        dots = (
            f".{self.class_prefix}{k} {{ {dot_css(style)} }} .{self.class_prefix}{k}::after {{ {glyph_css(style)} }}"
            for k, style in enumerate(self.styles)
        )
        return "\n".join([bubble_css(self.bubble_class), *dots])

    @functools.cached_property
    def data_json(self) -> str:
        """The rows' :func:`~mapapp.render.payload.columnar` JSON text as a script-safe string literal.

        Article text is in there; the script is rendered several times. The
        inner JSON keeps non-ASCII characters as they are, so the literal
        escapes each of them once (``\\uXXXX``), not twice.
        """
        text = json.dumps(columnar(self.rows), ensure_ascii=False, separators=(",", ":"))
        return js_json(text)
