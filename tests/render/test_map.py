"""Tests for mapapp.render.map.build_map (rendered to HTML, no browser)."""

from __future__ import annotations

import dataclasses
import json
import re
import time

import folium
import pytest
from folium.map import FitBounds

from mapapp.models import IncidentPlace
from mapapp.render import build_map
from mapapp.render.cluster import IncidentClusterLayer
from mapapp.render.map import incidents_bounds, uncertainty_collection
from mapapp.render.overlays import areas_collection, compact_areas
from mapapp.render.samples import SEED_DERIVATION, sample_incident, synthetic_incidents

HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` \\`"


def _page(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def _plain(n: int) -> list:
    # Non-derived incidents: no areas or anchor lines.
    return [dataclasses.replace(i, uncertainty=None, derivation=None) for i in synthetic_incidents(n, seed=1)]


def _hostile(**changes: object) -> object:
    return sample_incident(
        title=HOSTILE,
        snippet=HOSTILE,
        place_start=0,
        place_end=4,
        location_name=HOSTILE,
        event_type=HOSTILE,
        source=HOSTILE,
        derivation=dataclasses.replace(SEED_DERIVATION, anchor_name=HOSTILE),
        places=(IncidentPlace(HOSTILE, 1.0, 2.0, "SY", 0.5, 0, 4),),
        **changes,
    )


@pytest.mark.parametrize("n", [0, 1, 7, 40])
def test_one_circle_marker_per_incident(n: int) -> None:
    page = _page(build_map(_plain(n)))
    assert page.count("L.circleMarker(") == n
    assert page.count(".bindPopup(") == n
    assert page.count(".bindTooltip(") == n
    assert "new Supercluster(" not in page


def test_incidents_without_coordinates_are_skipped() -> None:
    incidents = [*_plain(3), sample_incident(id="nowhere", lat=None, lon=None)]
    assert _page(build_map(incidents)).count("L.circleMarker(") == 3


def test_seed_popup_is_in_the_page() -> None:
    page = _page(build_map([sample_incident()]))
    assert "22 miles off <mark>Latakia</mark>&#x27;s coast" in page
    assert "Incident ID: inc-1" in page


def test_derived_incident_gets_area_and_dashed_anchor_line() -> None:
    page = _page(build_map([sample_incident()]))
    (data,) = re.findall(r"\}\)\(map_\w+, (\[\[0,.*?\]\]), \{", page)
    features = areas_collection(json.loads(data))["features"]
    assert [f["properties"]["part"] for f in features] == ["area", "anchor"]
    assert features[0]["properties"]["size_km"] == pytest.approx(22.3, abs=0.5)  # a small patch
    assert features[1]["geometry"]["coordinates"] == [[35.79088, 35.53125], [35.338, 35.525]]
    assert '"dashArray": "6 6"' in page and "interactive: false" in page


def test_large_areas_are_outlines_shown_from_the_zoom_where_they_fit() -> None:
    europe = sample_incident(uncertainty=_square(50.0, 10.0, 15.0))
    collection = uncertainty_collection([europe])
    assert collection["features"][0]["properties"]["size_km"] > 2000
    page = _page(build_map([europe]))
    assert '"outline": {"color": "#555555", "dashArray": "5 4", "fill": false, "weight": 1.5}' in page
    assert "p[1] > styles.outline_km ? styles.outline : styles.patch" in page
    assert "0.9 * size.x" in page and 'map.on("zoomend", update)' in page


def _square(lat: float, lon: float, half: float) -> dict[str, object]:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_plain_incident_has_no_area() -> None:
    page = _page(build_map(_plain(1)))
    assert "L.polygon(" not in page and "L.polyline(" not in page


def test_fit_bounds_cover_points_and_anchors() -> None:
    fmap = build_map([sample_incident(), sample_incident(id="b", lat=33.5, lon=36.3)])
    fits = [c for c in fmap._children.values() if isinstance(c, FitBounds)]
    assert len(fits) == 1
    assert fits[0].bounds == [[33.5, 35.338], [35.53125, 36.3]]
    assert incidents_bounds([]) is None


def test_zoom_to_selected() -> None:
    fmap = build_map(
        [sample_incident(), sample_incident(id="b", lat=33.5, lon=36.3, derivation=None)],
        selected_id="b",
        zoom_to_selected=True,
    )
    fits = [c for c in fmap._children.values() if isinstance(c, FitBounds)]
    assert fits[0].bounds == [[33.5, 36.3], [33.5, 36.3]]


@pytest.mark.parametrize(("selected", "rings"), [("inc-1", 1), ("missing", 0), (None, 0)])
def test_selected_ring(selected: str | None, rings: int) -> None:
    page = _page(build_map([sample_incident()], selected_id=selected))
    assert page.count('"color": "#000000"') == rings
    assert page.count("L.circleMarker(") == 1 + rings


@pytest.mark.parametrize("threshold", [0, 500])
def test_hostile_payloads_never_raw(threshold: int) -> None:
    bad = _hostile()
    benign = sample_incident(
        title="t",
        snippet="s" * len(HOSTILE),
        place_start=0,
        place_end=4,
        location_name="l",
        event_type="e",
        source="src",
        derivation=dataclasses.replace(SEED_DERIVATION, anchor_name="a"),
        places=(IncidentPlace("p", 1.0, 2.0, "SY", 0.5, 0, 4),),
    )
    page, plain = (
        _page(build_map([bad], cluster_threshold=threshold)),
        _page(build_map([benign], cluster_threshold=threshold)),
    )
    assert "<img src=x onerror" not in page
    assert "<script>alert(2)" not in page
    assert "${alert(3)}" not in page
    # No backtick from the data reaches the page (folium popups are template literals).
    assert page.count("`") == plain.count("`")
    if threshold == 0:
        assert "innerHTML" not in page and "textContent" in page


def test_clustered_path_above_threshold_is_one_layer() -> None:
    incidents = _plain(30)
    fmap = build_map(incidents, cluster_threshold=29)
    page = _page(fmap)
    layers = [c for c in fmap._children.values() if isinstance(c, IncidentClusterLayer)]
    assert len(layers) == 1 and len(layers[0].rows) == 30
    assert page.count("new Supercluster(") == 1
    assert page.count("L.marker(") == 2  # incidents and bubbles, made in the browser
    assert "circle_marker_" not in page and "L.circleMarker(" not in page
    assert page.count('"syn-') == 30
    assert ".bindPopup(popupFor" in page
    # The cluster index is built per zoom level up to the map's maxZoom (no tiles shown).
    assert '"maxZoom": 16' in page.split("L.map(", 1)[1].split(");", 1)[0]


def test_at_threshold_stays_unclustered() -> None:
    page = _page(build_map(_plain(30), cluster_threshold=30))
    assert page.count("L.circleMarker(") == 30
    assert "new Supercluster(" not in page


def test_layers_and_offline_basemap() -> None:
    page = _page(build_map([sample_incident()]))
    for name in ('"Outlines (offline)"', '"OpenStreetMap (online)"', '"Incidents"', '"Uncertainty areas"'):
        assert name in page
    assert "L.control.layers(" in page
    assert '"Syria"' in page  # outlines are embedded


def test_ten_thousand_incidents_build_fast() -> None:
    incidents = synthetic_incidents(10_000, seed=2, derived_share=0.0)
    started = time.perf_counter()
    page = _page(build_map(incidents))
    elapsed = time.perf_counter() - started
    assert page.count('"syn-') == 10_000
    assert elapsed < 10.0, f"10k incidents took {elapsed:.1f} s"


SSTI = "T {{ 7*7 }} {%- if true %}QQZZ{% endif %} {# c #} {{ cycler.__init__.__globals__.os.getcwd() }}"


@pytest.mark.parametrize("threshold", [0, 500])
def test_jinja_syntax_in_article_text_is_not_executed(threshold: int) -> None:
    # branca re-compiles rendered elements as Jinja2 templates (server-side injection).
    bad = sample_incident(
        title=SSTI,
        snippet=SSTI,
        place_start=0,
        place_end=1,
        location_name=SSTI,
        event_type=SSTI,
        source=SSTI,
        derivation=dataclasses.replace(SEED_DERIVATION, anchor_name=SSTI),
        places=(IncidentPlace(SSTI, 1.0, 2.0, "SY", 0.5, 0, 1),),
    )
    page = _page(build_map([bad], cluster_threshold=threshold))
    assert "T 49" not in page
    # Every QQZZ is still preceded by its (escaped) {% if %} tag: nothing was evaluated.
    assert page.count("QQZZ") == page.count("%&#125;QQZZ") + page.count("%}QQZZ") > 0
    assert "/work" not in page and str(__import__("os").getcwd()) not in page
    for opener in ("{{ 7", "{%- if", "{# c"):
        assert opener not in page


def test_clustered_path_draws_areas_in_one_layer() -> None:
    incidents = synthetic_incidents(40, seed=4, derived_share=0.5)
    derived = [i for i in incidents if i.uncertainty is not None]
    assert len(derived) >= 10
    page = _page(build_map(incidents, cluster_threshold=10))
    # One script loop makes every area and line (no folium object, no GeoJSON per area).
    assert page.count("L.polygon(") == 1 and page.count("L.polyline(") == 2  # + the cluster legs
    collection = uncertainty_collection(incidents)
    parts = [f["properties"]["part"] for f in collection["features"]]
    assert parts.count("area") == parts.count("anchor") == len(derived)
    assert page.count("L.geoJson(") == 3  # outlines, and the labels layer's rivers and boundaries
    assert '"dashArray": "6 6"' in page


def test_uncertainty_collection_geometry() -> None:
    (area, line) = uncertainty_collection([sample_incident()])["features"]
    assert area["geometry"]["type"] == "Polygon"
    assert line["geometry"] == {"type": "LineString", "coordinates": [[35.79088, 35.53125], [35.338, 35.525]]}
    ring = area["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 25
    assert all(abs(lat - 35.525) <= 0.1 + 1e-9 and abs(lon - 35.338) <= 0.1 + 1e-9 for lon, lat in ring)


@pytest.mark.parametrize(
    ("second_lon", "colocated", "clustered"),
    [(35.338, True, True), (35.33801, True, True), (35.338, False, False), (35.5, True, False)],
)
def test_colocated_incidents_use_the_cluster_layer(
    second_lon: float, colocated: bool, clustered: bool
) -> None:
    incidents = [sample_incident(), sample_incident(id="b", lon=second_lon)]
    page = _page(build_map(incidents, cluster_colocated=colocated))
    assert ("new Supercluster(" in page) is clustered
    assert page.count("L.circleMarker(") == (0 if clustered else 2)


def test_compact_areas_give_back_the_collection_exactly() -> None:
    incidents = synthetic_incidents(200, seed=8, derived_share=0.3)
    for centre in (0.0, 179.0):
        collection = uncertainty_collection(incidents, centre=centre)
        assert len(collection["features"]) > 50
        parts = compact_areas(collection)
        assert areas_collection(parts) == collection
        assert len(json.dumps(parts)) < 0.6 * len(json.dumps(collection))
    (area, anchor) = compact_areas(uncertainty_collection([sample_incident()]))
    ring = uncertainty_collection([sample_incident()])["features"][0]["geometry"]["coordinates"][0]
    assert area[:4] == [0, area[1], round(ring[0][0] * 1e5), round(ring[0][1] * 1e5)]
    assert len(area) == 2 + 2 * len(ring) and all(isinstance(v, int) for v in area[2:])
    assert anchor == [1, 35.79088, 35.53125, 35.338, 35.525]
