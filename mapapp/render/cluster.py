"""A client-side clustered incident layer for large sets (one Python object).

All incidents travel as one JSON array; the browser makes the markers
and adds them to a ``L.markerClusterGroup`` in one ``addLayers`` call.
Markers are ``L.marker`` with a CSS-styled ``L.divIcon`` dot, not
``L.circleMarker``: markercluster 1.1.0 only animates, spiderfies and
``zoomToShowLayer``s markers that have an icon element.

Popups are built lazily, on click, from DOM nodes whose text is set with
``textContent``: article text is never parsed as HTML, so it needs no
escaping. The popup is bound to the cluster group as a function, which
is the shape streamlit-folium reads back (``getContent()(layer).innerText``).
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, Mapping, Sequence

from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from mapapp.render.assets import DEFAULT_BASE_URL, use_offline_cluster_assets
from mapapp.render.escape import js_json
from mapapp.render.popup import ID_LABEL, PAYLOAD_FIELDS


_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _rgba(colour: str, alpha: float) -> str:
    if not _HEX_COLOUR.fullmatch(colour):
        colour = "#7f7f7f"  # never let a style value inject CSS
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{min(max(float(alpha), 0.0), 1.0):.2f})"


def dot_css(style: Mapping[str, Any]) -> str:
    """CSS declarations drawing one marker style as a round dot.

    >>> css = dot_css({"radius": 6, "color": "#ff0000", "fillColor": "#ff0000",
    ...                "fillOpacity": 0.5, "opacity": 1, "weight": 1.5})
    >>> css.split(";")[2:4]
    ['background:rgba(255,0,0,0.50)', 'border:1.5px solid rgba(255,0,0,1.00)']
    """
    weight = min(max(float(style.get("weight", 1.5)), 0.0), 10.0)
    fill = _rgba(str(style.get("fillColor", "")), style.get("fillOpacity", 0.5))
    stroke = _rgba(str(style.get("color", "")), style.get("opacity", 1.0))
    return (
        f"box-sizing:border-box;border-radius:50%;background:{fill};"
        f"border:{weight:g}px solid {stroke};"
    )


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
        Where the vendored markercluster files are served.
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
            var cluster = L.markerClusterGroup({{ this.cluster_options|tojson }});

            function add(parent, tag, value, css) {
                var el = document.createElement(tag);
                if (value !== undefined && value !== null) { el.textContent = String(value); }
                if (css) { el.style.cssText = css; }
                parent.appendChild(el);
                return el;
            }

            function popupFor(layer) {
                var d = layer.options.incident;
                var root = document.createElement("div");
                root.className = "incident-popup";
                root.setAttribute("data-incident-id", String(d[F.id]));
                add(root, "b", d[F.title]);
                add(root, "div", d[F.date] + " · " + d[F.type]);
                add(root, "i", d[F.where]);
                var p = add(root, "p", null, "margin:4px 0");
                p.appendChild(document.createTextNode(d[F.before]));
                if (d[F.place]) { add(p, "mark", d[F.place]); }
                p.appendChild(document.createTextNode(d[F.after]));
                if (d[F.places]) { add(root, "div", "Places: " + d[F.places]); }
                if (d[F.url] || d[F.source]) {
                    var src = add(root, "div", "Source: ");
                    var url = String(d[F.url] || "");
                    var lower = url.toLowerCase();
                    if (lower.indexOf("http://") === 0 || lower.indexOf("https://") === 0) {
                        var a = add(src, "a", url);
                        a.href = url;
                        a.target = "_blank";
                        a.rel = "noopener noreferrer";
                    } else {
                        src.appendChild(document.createTextNode(d[F.source] || url));
                    }
                }
                add(root, "div", idLabel + d[F.id], "color:#777;font-size:smaller");
                return root;
            }

            var icons = styles.map(function (s, k) {
                var d = 2 * s.radius;
                return L.divIcon({
                    className: {{ this.class_prefix|tojson }} + k,
                    iconSize: [d, d], iconAnchor: [d / 2, d / 2], popupAnchor: [0, -d / 2],
                });
            });
            var markers = new Array(rows.length);
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                markers[i] = L.marker([r[0], r[1]], {icon: icons[r[2]], incident: r[3]});
            }
            cluster.addLayers(markers);
            cluster.bindPopup(popupFor, {maxWidth: 360});
            return cluster;
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
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentClusterLayer"
        self.rows = [list(row) for row in rows]
        self.styles = [dict(style) for style in styles]
        # No "_" and no folium id in the class names: streamlit-folium renames
        # "_<id>" suffixes in the script but not in the header CSS.
        digest = zlib.crc32(json.dumps(self.styles, sort_keys=True).encode("utf-8"))
        self.class_prefix = f"mapapp-dot-{digest:08x}-"
        self.field_index = {field: i for i, field in enumerate(PAYLOAD_FIELDS)}
        self.id_label = ID_LABEL
        # chunkedLoading keeps the page responsive while 10k+ markers are added.
        self.cluster_options = {"chunkedLoading": True, "maxClusterRadius": 50}
        use_offline_cluster_assets(self, base_url=base_url)

    @property
    def css(self) -> str:
        """One CSS class per dot style (from validated colours and numbers only)."""
        return "\n".join(
            f".{self.class_prefix}{k} {{ {dot_css(style)} }}" for k, style in enumerate(self.styles)
        )

    @property
    def rows_json(self) -> str:
        """The rows as script-safe JSON (article text is in there)."""
        return js_json(self.rows)
