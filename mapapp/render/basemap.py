"""Offline basemap: country outlines, place names, rivers and boundaries; tiles optional.

The outlines come from ``static/basemap/countries.geojson`` (built by
``scripts/build_basemap.py``; source and licence in the README next to it).
They are embedded in the page, so with the default layers the map requests
nothing from any host but the app's own. OpenStreetMap tiles are offered
as a base-layer choice that is not shown unless the user picks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from mapapp.errors import MapappError
from mapapp.paths import static_dir
from mapapp.render.seam import with_seam_copies


def countries_path() -> Path:
    """The offline country outlines shipped in ``static/basemap``."""
    return static_dir() / "basemap" / "countries.geojson"


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

LAND_STYLE = MappingProxyType({"fillColor": "#f2efe6", "fillOpacity": 1.0, "color": "#9a9a9a", "weight": 0.8})
SEA_COLOUR = "#cfe3ef"


def load_countries(*, path: Path | None = None) -> dict[str, Any]:
    """Read the country outlines as a GeoJSON FeatureCollection (a fresh dict).

    Raises
    ------
    MapappError
        When the file is missing or is not a GeoJSON FeatureCollection; the
        message names the file.
    """
    target = Path(path) if path is not None else countries_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MapappError(
            f"{target}: cannot read the basemap outlines ({exc}); rebuild with scripts/build_basemap.py"
        ) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MapappError(f"{target}: not a GeoJSON FeatureCollection")
    return data


class BasemapLabels(MacroElement):
    """Place names, rivers and first-level boundaries, fetched from the app's own ``static/basemap``.

    ``labels.json`` rows (``[lon, lat, name, kind, min_zoom]``, most
    important first; built by ``scripts/build_labels.py``) are placed after
    every move in that order: a label is drawn when the zoom reaches its
    ``min_zoom`` and it overlaps no label already placed, so countries,
    seas and capitals come first and cities fill in as the map zooms in.
    Rivers show from zoom 4, first-level boundaries from zoom 5. The files
    are fetched by the browser from the app's host (nothing goes through the
    page's websocket message, nothing leaves the machine); text is set with
    ``textContent``.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .mapapp-label { position: absolute; white-space: nowrap; pointer-events: none; font-family: sans-serif;
            text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; line-height: 14px; }
        .mapapp-label-country { font-size: 12px; font-weight: bold; color: #6b6250; letter-spacing: 0.08em;
            text-transform: uppercase; }
        .mapapp-label-capital { font-size: 12px; font-weight: bold; color: #222; }
        .mapapp-label-city { font-size: 11px; color: #333; }
        .mapapp-label-sea { font-size: 12px; font-style: italic; color: #3f739b; text-shadow: none; }
        .mapapp-label-river { font-size: 10px; font-style: italic; color: #3f739b; }
        .mapapp-label-capital::before, .mapapp-label-city::before { content: ""; display: inline-block;
            width: 5px; height: 5px; margin-right: 3px; border-radius: 50%; background: #444;
            vertical-align: middle; }
        .mapapp-label-capital::before { width: 6px; height: 6px; background: #fff; border: 2px solid #222; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, base, zooms) {
            var pane = map.createPane("mapappLabels");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
            map.createPane("mapappLines").style.zIndex = 410;
            var lines = {}, labels = [], WIDTH = {country: 8.2, capital: 7.2, city: 6.4, sea: 6.8, river: 5.6};
            function get(name) {
                return fetch(base + "/" + name).then(function (r) { return r.ok ? r.json() : null; });
            }
            function show(layer, on) {
                if (!layer) { return; }
                if (on && !map.hasLayer(layer)) { layer.addTo(map); } else if (!on && map.hasLayer(layer)) { layer.remove(); }
            }
            function place() {
                var zoom = map.getZoom(), view = map.getBounds().pad(0.05), placed = [], drawn = 0;
                show(lines.rivers, zoom >= zooms.rivers);
                show(lines.admin1, zoom >= zooms.admin1);
                pane.textContent = "";
                for (var i = 0; i < labels.length && drawn < 300; i++) {
                    var r = labels[i];
                    if (r[4] > zoom + 0.001 || !view.contains([r[1], r[0]])) { continue; }
                    var p = map.latLngToLayerPoint([r[1], r[0]]);
                    var w = r[2].length * WIDTH[r[3]] + 10, h = 15;
                    var dot = r[3] === "city" || r[3] === "capital";
                    var box = dot ? [p.x - 5, p.y - h / 2, p.x + w, p.y + h / 2]
                                  : [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
                    var clash = placed.some(function (b) {
                        return box[0] < b[2] + 4 && b[0] < box[2] + 4 && box[1] < b[3] + 2 && b[1] < box[3] + 2;
                    });
                    if (clash) { continue; }
                    placed.push(box);
                    var el = document.createElement("div");
                    el.className = "mapapp-label mapapp-label-" + r[3];
                    el.textContent = r[2];
                    L.DomUtil.setPosition(el, L.point(box[0], box[1]));
                    pane.appendChild(el);
                    drawn++;
                }
                map.fire("mapapp:labels", {count: drawn});
            }
            map.on("zoomstart", function () { pane.textContent = ""; });
            map.on("moveend", place);
            var river = {color: "#86b7da", weight: 1.2, opacity: 0.9};
            var border = {color: "#a89f86", weight: 0.8, dashArray: "3 3", opacity: 0.9};
            Promise.all([get("labels.json"), get("rivers.geojson"), get("admin1.geojson")]).then(function (got) {
                labels = got[0] || [];
                if (got[1]) { lines.rivers = L.geoJson(got[1], {pane: "mapappLines", interactive: false, style: river}); }
                if (got[2]) { lines.admin1 = L.geoJson(got[2], {pane: "mapappLines", interactive: false, style: border}); }
                map.mapappLabels = function () { return Array.prototype.map.call(pane.children, function (c) { return c.textContent; }); };
                place();
            }).catch(function () { labels = []; });
        })({{ this._parent.get_name() }}, {{ this.base|tojson }}, {{ this.zooms|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, base: str, rivers_zoom: int = 4, admin1_zoom: int = 5) -> None:
        super().__init__()
        self._name = "BasemapLabels"
        self.base = base.rstrip("/")
        self.zooms = {"rivers": rivers_zoom, "admin1": admin1_zoom}


def basemap_url(vendor_url: str) -> str:
    """Where ``static/basemap`` is served, beside ``static/vendor``.

    >>> basemap_url("/app/static/vendor"), basemap_url("/x/")
    ('/app/static/basemap', '/x/basemap')
    """
    base = vendor_url.rstrip("/")
    return (base.removesuffix("/vendor") if base.endswith("/vendor") else base) + "/basemap"


def add_basemap(
    fmap: folium.Map,
    *,
    path: Path | None = None,
    with_osm: bool = True,
    across_seam: bool = False,
    labels_url: str | None = None,
) -> folium.Map:
    """Add the outlines (shown) and, optionally, OSM tiles (hidden) to ``fmap``.

    The outlines layer is a base layer, so the layer control offers
    "Outlines (offline)" and "OpenStreetMap (online)" as alternatives; the
    outlines are the one shown first. The sea colour is the map background.
    ``across_seam``: the view is framed across ±180, so land near it is
    drawn on both sides (:func:`mapapp.render.seam.with_seam_copies`).
    ``labels_url`` (where ``static/basemap`` is served) adds
    :class:`BasemapLabels`.
    """
    countries = load_countries(path=path)
    if across_seam:
        countries = with_seam_copies(countries)
    outlines = folium.FeatureGroup(name="Outlines (offline)", overlay=False, control=True)
    folium.GeoJson(
        countries,
        name="Countries",
        style_function=lambda _feature: dict(LAND_STYLE),
        # Non-interactive: clicks must reach the map, not a country polygon,
        # and country names are never rendered as HTML.
        interactive=False,
        control=False,
        smooth_factor=1.0,
    ).add_to(outlines)
    outlines.add_to(fmap)
    if labels_url is not None:
        fmap.add_child(BasemapLabels(base=labels_url), name="basemap_labels")
    if with_osm:
        folium.TileLayer(
            tiles=OSM_TILES,
            attr=OSM_ATTRIBUTION,
            name="OpenStreetMap (online)",
            overlay=False,
            control=True,
            show=False,
            max_zoom=19,
        ).add_to(fmap)
    return fmap
