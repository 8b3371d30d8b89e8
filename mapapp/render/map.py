"""Build the incident map: offline basemap, styled markers, uncertainty areas.

Small sets get one folium ``CircleMarker`` (with popup and tooltip) per
incident; above ``cluster_threshold`` the incidents go to a single
:class:`~mapapp.render.cluster.IncidentClusterLayer` whose markers and
popups are made in the browser, so 10k incidents cost one Python object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Figure

from mapapp.models import Incident
from mapapp.render.assets import DEFAULT_BASE_URL, make_offline_map
from mapapp.render.basemap import SEA_COLOUR, add_basemap, basemap_url
from mapapp.render.cluster import IncidentClusterLayer
from mapapp.render.overlays import FullscreenControl, Legend, UncertaintyAreas, area_size_km
from mapapp.render.popup import incident_payload, incident_popup_html, incident_tooltip_html
from mapapp.render.seam import area_rings, crosses_seam, frame_centre
from mapapp.render.symbols import marker_style
from mapapp.spatial.antimeridian import nearest_copy, unwrap_line


@dataclass(frozen=True, slots=True)
class PathStyle:
    """Leaflet path options of a map decoration (folium's snake_case names), typed so every
    folium call below passes exactly the options it means."""

    color: str
    weight: int
    opacity: float = 1.0
    fill_color: str = ""
    fill_opacity: float = 0.2
    dash_array: str = ""


#: Popups pan clear of the zoom and full-screen buttons in the top left corner.
POPUP_PAD = (60, 100)
SELECTED_RING = PathStyle(color="#000000", weight=3)
SELECTED_RADIUS = 16
UNCERTAINTY_STYLE = PathStyle(color="#555555", weight=1, fill_color="#888888", fill_opacity=0.15)
ANCHOR_LINE_STYLE = PathStyle(color="#444444", weight=2, dash_array="6 6", opacity=0.8)


def _non_interactive(element: Any) -> Any:
    # folium's path_options drops unknown keys such as ``interactive``; set it
    # on the options dict so decorations never swallow clicks meant for markers.
    element.options["interactive"] = False
    return element


def _located(incidents: Sequence[Incident]) -> list[Incident]:
    return [i for i in incidents if i.lat is not None and i.lon is not None]


def _latlon(incident: Incident) -> tuple[float, float]:
    """The point of an incident :func:`_located` kept."""
    if incident.lat is None or incident.lon is None:
        raise ValueError(f"incident {incident.id!r} has no coordinates")
    return incident.lat, incident.lon


def has_colocated(incidents: Sequence[Incident], *, decimals: int = 4) -> bool:
    """Whether two located incidents share a position (to ``decimals`` places).

    >>> from mapapp.render.samples import sample_incident
    >>> has_colocated([sample_incident(), sample_incident(id="b", lon=35.33801)])
    True
    """
    seen: set[tuple[float, float]] = set()
    for inc in _located(incidents):
        lat, lon = (float(v) for v in _latlon(inc))
        key = (round(lat, decimals), round(lon, decimals))
        if key in seen:
            return True
        seen.add(key)
    return False


def incidents_bounds(incidents: Sequence[Incident]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` around the located incidents and anchors.

    >>> from mapapp.render.samples import sample_incident
    >>> incidents_bounds([sample_incident()])
    [[35.525, 35.338], [35.53125, 35.79088]]
    """
    lats: list[float] = []
    lons: list[float] = []
    for inc in _located(incidents):
        lat, lon = _latlon(inc)
        lats.append(float(lat))
        lons.append(float(lon))
        if inc.derivation is not None:
            lats.append(float(inc.derivation.anchor_lat))
            lons.append(float(inc.derivation.anchor_lon))
    if not lats:
        return None
    west, east = _lon_span(lons)
    return [[min(lats), west], [max(lats), east]]


def _lon_span(lons: Sequence[float]) -> tuple[float, float]:
    """West and east of the narrower box around ``lons``: across ±180 when that is narrower.

    Points near ±180 (Fiji, Chukotka) would otherwise frame the whole world;
    across the antimeridian east exceeds 180 (or west is below -180), which
    Leaflet accepts. The box's centre stays within [-180, 180].

    >>> _lon_span([179.9, -179.9]), _lon_span([10.0, 20.0])
    ((179.9, 180.1), (10.0, 20.0))
    """
    west, east = min(lons), max(lons)
    shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
    s_west, s_east = min(shifted), max(shifted)
    if s_east - s_west >= east - west:
        return west, east
    if (s_west + s_east) / 2 > 180.0:
        return s_west - 360.0, s_east - 360.0
    return s_west, s_east


def _figure(fmap: folium.Map) -> Figure:
    """The page a map renders into (folium makes one for every map)."""
    root = fmap.get_root()
    if not isinstance(root, Figure):
        raise ValueError("the map is not attached to a branca Figure")
    return root


def _feature(index: int, part: str, kind: str, coordinates: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"a{index}",
        "properties": {"part": part},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def uncertainty_collection(incidents: Sequence[Incident], *, centre: float = 0.0) -> dict[str, Any]:
    """Uncertainty areas and anchor lines of derived incidents as one FeatureCollection.

    Polygons carry ``{"part": "area", "size_km": ...}`` (the larger side of
    their box), anchor-to-point lines ``{"part": "anchor"}``; no article text
    is included. Areas across the antimeridian are cut, and every part and
    line is placed near ``centre`` (see :mod:`mapapp.render.seam`): map
    coordinates, not an export.
    """
    features: list[dict[str, Any]] = []
    for inc in incidents:
        if inc.uncertainty is None or inc.lat is None or inc.lon is None:
            continue
        for ring in area_rings(inc.uncertainty, centre=centre):
            coords = [[lon, lat] for lat, lon in ring]
            features.append(_feature(len(features), "area", "Polygon", [coords]))
            features[-1]["properties"]["size_km"] = round(area_size_km(coords), 1)
        if inc.derivation is not None:
            how = inc.derivation
            ends = unwrap_line((how.anchor_lat, how.anchor_lon), (inc.lat, inc.lon), centre=centre)
            features.append(
                _feature(len(features), "anchor", "LineString", [[lon, lat] for lat, lon in ends])
            )
    return {"type": "FeatureCollection", "features": features}


def _uncertainty_styles() -> dict[str, Any]:
    """Leaflet styles of the anchor lines, small areas (patches) and large ones (outlines)."""
    line, area = ANCHOR_LINE_STYLE, UNCERTAINTY_STYLE
    return {
        "anchor": {
            "color": line.color,
            "weight": line.weight,
            "dashArray": line.dash_array,
            "opacity": line.opacity,
        },
        "patch": {
            "color": area.color,
            "weight": area.weight,
            "fillColor": area.fill_color,
            "fillOpacity": area.fill_opacity,
        },
        "outline": {"color": area.color, "weight": 1.5, "dashArray": "5 4", "fill": False},
    }


def _add_areas(fmap: folium.Map, located: Sequence[Incident], *, centre: float) -> None:
    """The "Uncertainty areas" layer: one layer for every area, each shown from the zoom
    where it fits the view."""
    areas = folium.FeatureGroup(name="Uncertainty areas", overlay=True, control=True)
    collection = uncertainty_collection(located, centre=centre)
    if collection["features"]:
        areas.add_child(UncertaintyAreas(collection, styles=_uncertainty_styles()), name="areas")
    areas.add_to(fmap)


def _near(incident: Incident, centre: float) -> list[float]:
    """``[lat, lon]`` of the incident in the world copy nearest ``centre``."""
    lat, lon = _latlon(incident)
    return [lat, nearest_copy(lon, centre)]


_DASHES = {"solid": None, "dashed": "4 3", "dotted": "1 3"}


def _add_circle_markers(group: folium.FeatureGroup, incidents: Sequence[Incident], *, centre: float) -> None:
    for inc in incidents:
        style = marker_style(inc)
        folium.CircleMarker(
            location=_near(inc, centre),
            radius=style["radius"],
            color=style["color"],
            weight=1.5,
            opacity=style["opacity"],
            fill=True,
            fill_color=style["color"],
            fill_opacity=style["fill_opacity"],
            dash_array=_DASHES[style["border"]],
            popup=folium.Popup(incident_popup_html(inc), max_width=360, autoPanPaddingTopLeft=POPUP_PAD),
            tooltip=folium.Tooltip(incident_tooltip_html(inc)),
        ).add_to(group)


def _cluster_layer(incidents: Sequence[Incident], *, base_url: str) -> IncidentClusterLayer:
    styles: list[dict[str, Any]] = []
    index: dict[tuple[Any, ...], int] = {}
    rows = []
    for inc in incidents:
        s = marker_style(inc)
        key = (s["color"], s["radius"], s["fill_opacity"], s["opacity"], s["border"], s["glyph"])
        if key not in index:
            index[key] = len(styles)
            styles.append(
                {
                    "radius": s["radius"],
                    "color": s["color"],
                    "fillColor": s["color"],
                    "fillOpacity": s["fill_opacity"],
                    "opacity": s["opacity"],
                    "weight": 1.5,
                    "border": s["border"],
                    "glyph": s["glyph"],
                }
            )
        lat, lon = _latlon(inc)
        rows.append([round(float(lat), 5), round(float(lon), 5), index[key], incident_payload(inc)])
    return IncidentClusterLayer(rows, styles=styles, name="Incidents", base_url=base_url)


def build_map(
    incidents: Sequence[Incident],
    *,
    selected_id: str | None = None,
    cluster_threshold: int = 500,
    cluster_colocated: bool = True,
    zoom_to_selected: bool = False,
    with_osm: bool = True,
    base_url: str = DEFAULT_BASE_URL,
    height: str | int = "100%",
    legend: bool = True,
    labels: bool = True,
) -> folium.Map:
    """A folium map of ``incidents`` that needs nothing but the app's own host.

    Parameters
    ----------
    incidents : sequence of Incident
        Records to draw; those without coordinates are skipped.
    selected_id : str, optional
        An incident to mark with a black ring (and, with
        ``zoom_to_selected``, to centre on).
    cluster_threshold : int
        Above this many located incidents, markers are clustered and built
        in the browser (no per-marker Python objects); at or below it, each
        incident is a folium ``CircleMarker`` with popup and tooltip.
    cluster_colocated : bool
        Also cluster when two incidents share a position (common: several
        events geocoded to one city), since stacked CircleMarkers hide all
        but the top one while the cluster layer spiderfies them.
    zoom_to_selected : bool
        Fit the view to the selected incident instead of all incidents.
    with_osm : bool
        Offer OpenStreetMap tiles as a base layer (never shown by default).
    base_url : str
        Where ``static/vendor`` is served (Streamlit: ``/app/static/vendor``).
    height : str or int
        The map's CSS height.
    legend : bool
        Show the legend (event families, precision styles, bubbles, areas).
    labels : bool
        Place names, rivers and first-level boundaries on the basemap
        (fetched from ``static/basemap`` beside ``base_url``).

    Returns
    -------
    folium.Map
        Layers: "Outlines (offline)" (base, shown), optional "OpenStreetMap
        (online)" (base, hidden), "Incidents", "Uncertainty areas", and a
        layer control, a full-screen button and the legend. Derived
        incidents (``uncertainty`` set) get an area (a translucent patch, or
        a dashed outline when large, shown from the zoom where it fits the
        view) and a dashed line from their anchor.
    """
    located = _located(incidents)
    selected = next((i for i in located if selected_id is not None and i.id == selected_id), None)
    bounds = incidents_bounds([selected] if selected is not None and zoom_to_selected else located)
    centre = frame_centre(bounds)  # everything is drawn in the world copy nearest the frame
    clustered = len(located) > cluster_threshold or (cluster_colocated and has_colocated(located))
    fmap = make_offline_map(
        base_url=base_url,
        location=[20.0, 0.0],
        zoom_start=2,
        height=height,
        control_scale=True,
        # Jumping back into [-180, 180] would leave a frame across ±180 behind.
        world_copy_jump=not crosses_seam(bounds),
        jquery=not clustered,  # only folium's popups (the CircleMarkers') use it
    )
    # The sea is the map background; land comes from the outlines layer.
    _figure(fmap).header.add_child(
        folium.Element(f"<style>#{fmap.get_name()} {{ background: {SEA_COLOUR}; }}</style>"),
        name="sea_colour",
    )
    add_basemap(
        fmap,
        with_osm=with_osm,
        across_seam=crosses_seam(bounds),
        labels_url=basemap_url(base_url) if labels else None,
    )

    _add_areas(fmap, located, centre=centre)

    if clustered:
        _cluster_layer(located, base_url=base_url).add_to(fmap)
    else:
        markers = folium.FeatureGroup(name="Incidents", overlay=True, control=True)
        _add_circle_markers(markers, located, centre=centre)
        markers.add_to(fmap)

    if selected is not None:
        ring = folium.CircleMarker(
            location=_near(selected, centre),
            radius=SELECTED_RADIUS,
            color=SELECTED_RING.color,
            weight=SELECTED_RING.weight,
            fill=False,
        )
        _non_interactive(ring).add_to(fmap)

    if bounds is not None:
        fmap.fit_bounds(bounds, padding=(30, 30), max_zoom=8)
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.add_child(FullscreenControl(base_url=base_url), name="fullscreen")
    if legend:
        fmap.add_child(Legend(mentions=any(inc.kind == "mention" for inc in located)), name="legend")
    return fmap
