"""Map rendering for mapapp: the only package that imports folium.

Public API:

* :func:`build_map` - a ``folium.Map`` of incidents, offline by default;
* :func:`incident_popup_html` - the (escaped) popup HTML of one incident;
* :func:`incident_id_from_click` - the incident id behind a ``st_folium`` click;
* :func:`escape_text` - the one escaping function for article text on the map;
* :func:`make_offline_map` / :data:`DEFAULT_BASE_URL` - vendored assets.

Names are imported on first use, so importing :mod:`mapapp.render.popup`
(labels and dates, used by the exports) does not load folium.

Streamlit must serve ``static/`` (``[server] enableStaticServing = true`` in
``.streamlit/config.toml``); the assets are then at ``/app/static/vendor``.

Use in the UI (only this package imports folium; the UI imports
streamlit_folium)::

    fmap = build_map(incidents, selected_id=chosen)
    out = st_folium(fmap, height=600, key="map", returned_objects=[
        "last_object_clicked_popup", "last_object_clicked_tooltip", "last_object_clicked"])
    clicked = incident_id_from_click(out, incidents=incidents)

Every popup and tooltip ends with a visible ``Incident ID: <id>`` line (the
click result carries the popup's ``innerText``, which omits hidden
elements); ``returned_objects`` without bounds/zoom avoids a rerun on
every pan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
    from mapapp.render.assets import DEFAULT_BASE_URL, make_offline_map
    from mapapp.render.clicks import incident_id_from_click
    from mapapp.render.escape import escape_text, safe_link_url
    from mapapp.render.map import build_map, incidents_bounds
    from mapapp.render.popup import incident_popup_html
    from mapapp.render.symbols import event_colour

# Loaded on first use (PEP 562): the pure modules (popup labels, escaping)
# serve the exports and the UI's tables without importing folium.
__getattr__ = exports(
    __name__,
    {
        "DEFAULT_BASE_URL": "assets",
        "make_offline_map": "assets",
        "incident_id_from_click": "clicks",
        "escape_text": "escape",
        "safe_link_url": "escape",
        "build_map": "map",
        "incidents_bounds": "map",
        "event_colour": "symbols",
        "incident_popup_html": "popup",
    },
)

__all__ = [
    "DEFAULT_BASE_URL",
    "build_map",
    "escape_text",
    "event_colour",
    "incident_id_from_click",
    "incident_popup_html",
    "incidents_bounds",
    "make_offline_map",
    "safe_link_url",
]
