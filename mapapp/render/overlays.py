"""What the map draws around the incidents: the legend, uncertainty areas by zoom, full screen.

None of these carries article text: the legend's labels are ours and the
areas are numbers, and the browser builds the legend with ``textContent``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from mapapp.models import FAMILY_LABELS
from mapapp.render.escape import js_json
from mapapp.render.symbols import BUBBLE_COLOUR, FAMILY_SYMBOLS, PRECISION_LEGEND, PRECISION_STYLES

#: An area wider than this is drawn as a dashed outline, not a filled patch.
OUTLINE_KM = 50.0
_KM_PER_DEGREE = 111.32


def area_size_km(coordinates: Sequence[Sequence[float]]) -> float:
    """The larger side, in km, of the box around a ring of ``[lon, lat]`` positions.

    >>> round(area_size_km([[35.0, 35.0], [36.0, 35.0], [36.0, 35.5], [35.0, 35.0]]))
    91
    """
    lons = [p[0] for p in coordinates]
    lats = [p[1] for p in coordinates]
    middle = math.radians((min(lats) + max(lats)) / 2)
    width = (max(lons) - min(lons)) * _KM_PER_DEGREE * math.cos(middle)
    return max(width, (max(lats) - min(lats)) * _KM_PER_DEGREE)


def legend_spec(*, mentions: bool = True) -> dict[str, Any]:
    """What the legend lists: families (colour, glyph, name), precision styles, bubbles, areas.

    >>> spec = legend_spec(mentions=False)
    >>> [row[0] for row in spec["families"]]
    ['Conflict', 'Crime', 'Disaster', 'Accident', 'Protest']
    """
    families = [[FAMILY_LABELS[key], *FAMILY_SYMBOLS[key]] for key in FAMILY_LABELS]
    if mentions:
        families.append(["Place mention (no event)", *FAMILY_SYMBOLS["mention"]])
    return {
        "families": families,
        "precision": [
            [PRECISION_LEGEND[level], border, fill] for level, (_, fill, border) in PRECISION_STYLES.items()
        ],
        "bubble": BUBBLE_COLOUR,
        "areas": f"Uncertainty area (outline when wider than {OUTLINE_KM:.0f} km; shown from the zoom it fits)",
    }


class Legend(MacroElement):
    """A collapsible legend in the map's lower left corner (built with ``textContent``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, spec) {
            var control = L.control({position: "bottomleft"});
            control.onAdd = function () {
                var box = L.DomUtil.create("details", "mapapp-legend");
                // Open on a tall map; on a laptop's it starts folded so it hides no popup.
                box.open = map.getSize().y >= 700;
                box.style.cssText = "background:rgba(255,255,255,0.92);padding:4px 8px;border-radius:4px;"
                    + "font:12px sans-serif;line-height:18px;box-shadow:0 1px 4px rgba(0,0,0,0.3);max-width:230px";
                var head = L.DomUtil.create("summary", "", box);
                head.textContent = "Legend";
                head.style.cssText = "font-weight:bold;cursor:pointer";
                function row(swatch, label) {
                    var line = L.DomUtil.create("div", "mapapp-legend-row", box);
                    line.appendChild(swatch);
                    var text = document.createElement("span");
                    text.textContent = " " + label;
                    line.appendChild(text);
                }
                function dot(colour, fill, border, glyph) {
                    var d = document.createElement("span");
                    d.style.cssText = "display:inline-block;width:14px;height:14px;border-radius:50%;vertical-align:middle;"
                        + "box-sizing:border-box;text-align:center;font:bold 10px/12px sans-serif;color:#fff;"
                        + "border:1.5px " + border + " " + colour + ";background:" + fill;
                    d.textContent = glyph || "";
                    return d;
                }
                spec.families.forEach(function (f) { row(dot(f[1], f[1], "solid", f[2]), f[0]); });
                var sub = L.DomUtil.create("div", "", box);
                sub.textContent = "Where (marker style):";
                sub.style.cssText = "margin-top:4px;font-style:italic";
                spec.precision.forEach(function (p) {
                    var fill = "rgba(90,90,90," + p[2] + ")";
                    row(dot("#5a5a5a", fill, p[1], ""), p[0]);
                });
                var bubble = dot(spec.bubble, spec.bubble, "solid", "n");
                row(bubble, "Several incidents (click to zoom in)");
                var area = document.createElement("span");
                area.style.cssText = "display:inline-block;width:14px;height:10px;vertical-align:middle;"
                    + "border:1.5px dashed #555";
                row(area, spec.areas);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            control.addTo(map);
        })({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, *, mentions: bool = True) -> None:
        super().__init__()
        self._name = "Legend"
        self.spec_json = js_json(legend_spec(mentions=mentions))


#: Area vertices travel as integers of this many per degree (area rings are rounded to 5 decimals).
_PER_DEGREE = 100_000


def compact_areas(collection: dict[str, Any]) -> list[list[float]]:
    """The areas and anchor lines of :func:`~mapapp.render.map.uncertainty_collection`, compactly.

    An area (one ring) is ``[0, size_km, x0, y0, dx1, dy1, ...]``: its
    ``[lon, lat]`` vertices in 1e-5 degrees, each after the first as the step
    from the one before (a few digits instead of ~20 characters a vertex);
    an anchor line is ``[1, lon0, lat0, lon1, lat1]`` as given. The order is
    the collection's. :func:`areas_collection` is the inverse.

    >>> ring = [[35.1, 35.2], [35.10001, 35.2], [35.1, 35.2]]
    >>> compact_areas({"features": [{"properties": {"part": "area", "size_km": 0.0},
    ...     "geometry": {"type": "Polygon", "coordinates": [ring]}}]})
    [[0, 0.0, 3510000, 3520000, 1, 0, -1, 0]]
    """
    parts: list[list[float]] = []
    for feature in collection["features"]:
        coordinates = feature["geometry"]["coordinates"]
        if feature["properties"]["part"] == "anchor":
            parts.append([1, *coordinates[0], *coordinates[1]])
            continue
        out: list[float] = [0, feature["properties"]["size_km"]]
        last = (0, 0)
        for lon, lat in coordinates[0]:
            point = (round(lon * _PER_DEGREE), round(lat * _PER_DEGREE))
            out += [point[0] - last[0], point[1] - last[1]]
            last = point
        parts.append(out)
    return parts


def areas_collection(parts: Sequence[Sequence[float]]) -> dict[str, Any]:
    """The FeatureCollection that :func:`compact_areas` encoded (as the browser reads it).

    >>> areas_collection([[1, 35.7, 35.5, 35.3, 35.5]])["features"][0]["geometry"]
    {'type': 'LineString', 'coordinates': [[35.7, 35.5], [35.3, 35.5]]}
    """
    features: list[dict[str, Any]] = []
    for part in parts:
        feature: dict[str, Any] = {"type": "Feature", "id": f"a{len(features)}"}
        if part[0] == 1:
            feature["properties"] = {"part": "anchor"}
            feature["geometry"] = {"type": "LineString", "coordinates": [list(part[1:3]), list(part[3:5])]}
        else:
            x = y = 0.0
            ring = []
            for k in range(2, len(part), 2):
                x, y = x + part[k], y + part[k + 1]
                ring.append([x / _PER_DEGREE, y / _PER_DEGREE])
            feature["properties"] = {"part": "area", "size_km": part[1]}
            feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


class UncertaintyAreas(MacroElement):
    """Uncertainty areas and anchor lines, each area drawn only from the zoom where it fits the view.

    A region-sized area (a circle over Europe) would cover the world view
    and hide the markers under it; it appears once the map is zoomed in far
    enough to show it whole. Areas wider than :data:`OUTLINE_KM` are dashed
    outlines, smaller ones light patches; nothing is interactive. The data
    travels as :func:`compact_areas` (about half the size of the GeoJSON).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map, data, styles) {
            var group = L.layerGroup(), items = data.map(function (p) {
                if (p[0] === 1) {
                    return L.polyline([[p[2], p[1]], [p[4], p[3]]], L.extend({interactive: false, part: "anchor"}, styles.anchor));
                }
                var ring = [], x = 0, y = 0;  // integer steps: exact sums, then one division
                for (var k = 2; k < p.length; k += 2) { x += p[k]; y += p[k + 1]; ring.push([y / {{ this.per_degree }}, x / {{ this.per_degree }}]); }
                return L.polygon(ring, L.extend({interactive: false, part: "area"},
                    p[1] > styles.outline_km ? styles.outline : styles.patch));
            });
            function fits(l) {
                if (l.options.part === "anchor") { return true; }
                var b = l.getBounds(), size = map.getSize();
                var a = map.latLngToContainerPoint(b.getNorthWest()), c = map.latLngToContainerPoint(b.getSouthEast());
                return Math.abs(c.x - a.x) <= 0.9 * size.x && Math.abs(c.y - a.y) <= 0.9 * size.y;
            }
            function update() {
                items.forEach(function (l) {
                    var want = fits(l), has = group.hasLayer(l);
                    if (want && !has) { group.addLayer(l); } else if (!want && has) { group.removeLayer(l); }
                });
            }
            map.on("zoomend", update);
            map.whenReady(update);
            group.shownCount = function () { return group.getLayers().length; };
            return group;
        })({{ this._parent._parent.get_name() }}, {{ this.data_json }}, {{ this.styles|tojson }});
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, collection: dict[str, Any], *, styles: dict[str, Any]) -> None:
        super().__init__()
        self._name = "UncertaintyAreas"
        self.data_json = js_json(compact_areas(collection))
        self.per_degree = _PER_DEGREE
        self.styles = {**styles, "outline_km": OUTLINE_KM}


class FullscreenControl(JSCSSMixin, MacroElement):
    """leaflet.fullscreen's button (vendored from npm, ``static/vendor/leaflet.fullscreen``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.control.fullscreen({position: "topleft", title: "Full screen",
                                  titleCancel: "Exit full screen"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, base_url: str) -> None:
        super().__init__()
        self._name = "FullscreenControl"
        base = base_url.rstrip("/")
        self.default_js = [("leaflet_fullscreen", f"{base}/leaflet.fullscreen/Control.FullScreen.js")]
        self.default_css = [("leaflet_fullscreen_css", f"{base}/leaflet.fullscreen/Control.FullScreen.css")]
