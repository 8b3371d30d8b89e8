"""The browser side of :class:`~mapapp.render.cluster.IncidentClusterLayer` (a Jinja template).

The layer's data (:mod:`mapapp.render.payload`) is one JSON text, parsed
with ``JSON.parse`` (faster for large data than a script literal); the
popup fields are read from its columns only when a popup opens.
"""

from __future__ import annotations

from folium.template import Template

CLUSTER_TEMPLATE = Template(
    """
    {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
    {% endmacro %}
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = (function () {
        var data = JSON.parse({{ this.data_json }});
        var lat = data.lat, lon = data.lon, styleOf = data.style, columns = data.popup, n = lat.length;
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

        // One incident's popup fields, in PAYLOAD_FIELDS order, from the columns.
        function payload(row) {
            return columns.map(function (c) { return c[0][c[1] === null ? row : c[1][row]]; });
        }
        var rows = null;  // [lat, lon, style, payload] of every incident, made only if asked for

        function popupFor(layer) {
            var d = payload(layer.options.row);
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
                var p = map.project(near(map, lat[row], lon[row]));
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
            rows: function () {
                if (!rows) { rows = lat.map(function (y, i) { return [y, lon[i], styleOf[i], payload(i)]; }); }
                return rows;
            },
            markerFor: function (row, spot) {
                return L.marker(spot || [lat[row], lon[row]], {icon: icons[styleOf[row]], row: row});
            },
            incidentCount: function () { return this._index ? this._index.numPoints : 0; },
            onAdd: function (map) {
                L.FeatureGroup.prototype.onAdd.call(this, map);
                if (!this._index) {
                    var points = new Array(n);
                    for (var i = 0; i < n; i++) {
                        points[i] = {type: "Feature", properties: {row: i},
                                     geometry: {type: "Point", coordinates: [lon[i], lat[i]]}};
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
                        var spot = moved[item] || near(map, lat[item], lon[item]);
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
                var self = this, map = this._map, r = [lat[row], lon[row]];
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
