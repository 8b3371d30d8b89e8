"""A client-side clustered incident layer for large sets (one Python object).

All incidents travel as one JSON array. The browser indexes them once with
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
from folium.template import Template

from mapapp.render.assets import DEFAULT_BASE_URL, cluster_js
from mapapp.render.escape import js_json
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

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var rows = {{ this.rows_json }};
            var styles = {{ this.styles|tojson }};
            var F = {{ this.field_index|tojson }};
            var idLabel = {{ this.id_label|tojson }};
            var radius = {{ this.radius|tojson }};
            var bubbleClass = {{ this.bubble_class|tojson }};
            var dotClass = {{ this.class_prefix|tojson }};

            function add(parent, tag, value, css) {
                var el = document.createElement(tag);
                if (value !== undefined && value !== null) { el.textContent = String(value); }
                if (css) { el.style.cssText = css; }
                parent.appendChild(el);
                return el;
            }

            function popupFor(layer) {
                var d = rows[layer.options.row][3];
                var root = document.createElement("div");
                root.className = "incident-popup";
                root.setAttribute("data-incident-id", String(d[F.id]));
                add(root, "b", d[F.title]);
                add(root, "div", d[F.date] + " · " + d[F.type]);
                add(root, "i", d[F.where]);
                if (d[F.region]) { add(root, "div", d[F.region]); }
                var p = add(root, "p", null, "margin:4px 0");
                p.appendChild(document.createTextNode(d[F.before]));
                if (d[F.place]) { add(p, "mark", d[F.place]); }
                p.appendChild(document.createTextNode(d[F.after]));
                if (d[F.places]) { add(root, "div", "Places: " + d[F.places]); }
                if (d[F.written]) { add(root, "div", d[F.written]); }
                var links = d[F.sources] || [];
                if (links.length) {
                    var box = add(root, "div", links.length > 1 ? d[F.reports] + ":" : "Source: ");
                    links.forEach(function (s) {
                        var line = links.length > 1 ? add(box, "div") : box;
                        var url = String(s[1] || ""), lower = url.toLowerCase();
                        if (lower.indexOf("http://") === 0 || lower.indexOf("https://") === 0) {
                            var a = add(line, "a", s[0]);
                            a.href = url;
                            a.target = "_blank";
                            a.rel = "noopener noreferrer";
                        } else {
                            line.appendChild(document.createTextNode(s[0]));
                        }
                        line.appendChild(document.createTextNode((s[2] ? ": " + s[2] : "") + " · article " + s[3]));
                    });
                }
                add(root, "div", idLabel + d[F.id], "color:#777;font-size:smaller");
                return root;
            }

            var icons = styles.map(function (s, k) {
                var d = 2 * s.radius;
                return L.divIcon({className: dotClass + k, iconSize: [d, d],
                                  iconAnchor: [d / 2, d / 2], popupAnchor: [0, -d / 2]});
            });

            function bubbleIcon(count) {
                var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
                var outer = document.createElement("div");
                add(outer, "span", count < 10000 ? count : Math.round(count / 1000) + "k");
                return L.divIcon({html: outer, className: bubbleClass + " " + bubbleClass + "-" + size,
                                  iconSize: [40, 40]});
            }

            // A point in the world copy nearest the view's centre: near ±180 the
            // view may be framed across the antimeridian (see mapapp.render.seam).
            function near(map, lat, lng) {
                return L.latLng(lat, lng + 360 * Math.round((map.getCenter().lng - lng) / 360));
            }

            // Incidents within a few pixels of each other at the deepest zoom.
            function stacks(members, map) {
                var out = [];
                members.forEach(function (row) {
                    var p = map.project(near(map, rows[row][0], rows[row][1]));
                    for (var k = 0; k < out.length; k++) {
                        if (out[k].at.distanceTo(p) < 6) { out[k].rows.push(row); return; }
                    }
                    out.push({at: p, rows: [row]});
                });
                return out;
            }

            function fanOffsets(n) {
                var out = [], k, angle;
                if (n <= 8) {
                    for (k = 0; k < n; k++) {
                        angle = 2 * Math.PI * k / n;
                        out.push([22 * Math.cos(angle), 22 * Math.sin(angle)]);
                    }
                    return out;
                }
                var legLength = 12, step = 14;  // an Archimedean spiral for big stacks
                angle = 0;
                for (k = 0; k < n; k++) {
                    angle += step / legLength + k * 0.0005;
                    out.push([legLength * Math.cos(angle), legLength * Math.sin(angle)]);
                    legLength += 2 * Math.PI * 2.5 / angle;
                }
                return out;
            }

            var Incidents = L.FeatureGroup.extend({
                initialize: function (options) {
                    L.FeatureGroup.prototype.initialize.call(this, [], options);
                    this._decor = L.layerGroup();
                    this._shown = {};
                    this._index = null;
                },
                rows: function () { return rows; },
                markerFor: function (row, spot) {
                    return L.marker(spot || [rows[row][0], rows[row][1]], {icon: icons[rows[row][2]], row: row});
                },
                incidentCount: function () { return this._index ? this._index.numPoints : 0; },
                onAdd: function (map) {
                    L.FeatureGroup.prototype.onAdd.call(this, map);
                    if (!this._index) {
                        var points = new Array(rows.length);
                        for (var i = 0; i < rows.length; i++) {
                            points[i] = {type: "Feature", properties: {row: i},
                                         geometry: {type: "Point", coordinates: [rows[i][1], rows[i][0]]}};
                        }
                        this._index = new Supercluster({radius: radius, extent: 256, minZoom: 0,
                            maxZoom: Math.max(0, map.getMaxZoom() - 1)}).load(points);
                    }
                    this._decor.addTo(map);
                    map.on("moveend", this._redraw, this);
                    this._redraw();
                },
                onRemove: function (map) {
                    map.off("moveend", this._redraw, this);
                    this._decor.clearLayers();
                    this._decor.remove();
                    this.clearLayers();
                    this._shown = {};
                    L.FeatureGroup.prototype.onRemove.call(this, map);
                },
                _redraw: function () {
                    var map = this._map;
                    if (!map) { return; }
                    var zoom = map.getZoom(), b = map.getBounds().pad(0.25);
                    var found = this._index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
                    var want = {}, singles = [], self = this;
                    found.forEach(function (f) {
                        if (f.properties.cluster) { want["c" + f.id] = f; } else { singles.push(f.properties.row); }
                    });
                    var moved = {};
                    this._decor.eachLayer(function (l) { if (l.options.leg) { self._decor.removeLayer(l); } });
                    if (zoom >= map.getMaxZoom()) {
                        stacks(singles, map).forEach(function (stack) {
                            if (stack.rows.length < 2) { return; }
                            var centre = map.unproject(stack.at);
                            fanOffsets(stack.rows.length).forEach(function (off, k) {
                                var spot = map.unproject(stack.at.add(off));
                                moved[stack.rows[k]] = spot;
                                self._decor.addLayer(L.polyline([centre, spot], {leg: true, interactive: false,
                                    weight: 1.5, color: "#222", opacity: 0.5, className: bubbleClass + "-leg"}));
                            });
                        });
                    }
                    singles.forEach(function (row) { want["p" + row] = row; });
                    Object.keys(this._shown).forEach(function (key) {
                        if (!(key in want)) {
                            var gone = self._shown[key];
                            (key.charAt(0) === "c" ? self._decor : self).removeLayer(gone);
                            delete self._shown[key];
                        }
                    });
                    Object.keys(want).forEach(function (key) {
                        var item = want[key], marker = self._shown[key];
                        if (key.charAt(0) === "p") {
                            var spot = moved[item] || near(map, rows[item][0], rows[item][1]);
                            if (marker) { if (!marker.getLatLng().equals(spot)) { marker.setLatLng(spot); } return; }
                            marker = self.markerFor(item, spot);
                            self.addLayer(marker);
                        } else {
                            var c = item.geometry.coordinates, at = near(map, c[1], c[0]);
                            if (marker) { if (!marker.getLatLng().equals(at)) { marker.setLatLng(at); } return; }
                            marker = L.marker(at, {icon: bubbleIcon(item.properties.point_count)});
                            marker.on("click", function () {
                                var to = Math.min(self._index.getClusterExpansionZoom(item.id), map.getMaxZoom());
                                map.setView(marker.getLatLng(), to);
                            });
                            self._decor.addLayer(marker);
                        }
                        self._shown[key] = marker;
                    });
                },
                // A promise of incident "row" as a marker of its own (or fanned out), zoomed to.
                reveal: function (row) {
                    var self = this, map = this._map, r = rows[row];
                    function go(resolve) {
                        // The index keeps float32 coordinates: a box of ~10 m finds the point.
                        var zoom = map.getZoom(), tiny = 1e-4;
                        for (; zoom < map.getMaxZoom(); zoom++) {
                            var hits = self._index.getClusters([r[1] - tiny, r[0] - tiny, r[1] + tiny, r[0] + tiny], zoom);
                            if (hits.some(function (f) { return !f.properties.cluster && f.properties.row === row; })) { break; }
                        }
                        map.setView([r[0], r[1]], zoom, {animate: false});
                        self._redraw();
                        resolve(self._shown["p" + row] || null);
                    }
                    return new Promise(function (resolve) {
                        // Leaflet ignores setView while a zoom animation runs.
                        if (map._animatingZoom) { map.once("zoomend", function () { go(resolve); }); } else { go(resolve); }
                    });
                },
            });

            var layer = new Incidents({incidentLayer: true});
            layer.bindPopup(popupFor, {maxWidth: 360, autoPanPaddingTopLeft: [60, 100]});
            return layer;
        })();
        {% endmacro %}
        """
    )

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
    def rows_json(self) -> str:
        """The rows as script-safe JSON (article text is in there); the script is rendered several times."""
        return js_json(self.rows)
