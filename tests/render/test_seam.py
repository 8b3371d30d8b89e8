"""Red-team finding 11 on the map: "200 km east of Suva" is drawn where it is, never across the world.

The derived point lies at -179.67 (past the antimeridian from Suva at
178.44) and its uncertainty area, stored with wrapped longitudes, crosses
±180. The map must draw the area as two parts meeting at the seam (no band
round the globe), the point east of Suva inside the framed view, and the
anchor line the short way; in a view of the whole world the two parts stay
at the two edges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
import pytest
from shapely.geometry import mapping

from mapapp.models import Derivation, Incident
from mapapp.render import build_map
from mapapp.render.map import uncertainty_collection
from mapapp.render.overlays import UncertaintyAreas, areas_collection
from mapapp.render.samples import sample_incident
from mapapp.render.seam import area_rings
from mapapp.spatial.geodesy import destination, geodesic_buffer
from tests.helpers import REPO_ROOT, chromium

SUVA = (-18.14, 178.44)


def _incidents() -> list[Incident]:
    lat, lon = destination(*SUVA, bearing_deg=90.0, distance_m=200_000)
    plain: dict[str, Any] = dict(place_start=None, place_end=None, country_code="FJ")
    suva = sample_incident(
        id="suva", lat=SUVA[0], lon=SUVA[1], location_name="Suva", snippet="Floods hit Suva.",
        uncertainty=None, derivation=None, **plain,
    )  # fmt: skip
    east = sample_incident(
        id="east", lat=lat, lon=lon, location_name="200 km east of Suva", snippet="A boat sank 200 km east of Suva.",
        uncertainty=json.loads(json.dumps(mapping(geodesic_buffer(lat, lon, radius_m=60_000)))),
        derivation=Derivation("offset", "Suva", *SUVA, distance_m=200_000.0, bearing_deg=90.0), **plain,
    )  # fmt: skip
    return [suva, east]


def _lon_ranges(rings: list[list[list[float]]]) -> list[tuple[float, float]]:
    return sorted((min(p[1] for p in ring), max(p[1] for p in ring)) for ring in rings)


def _children(fmap: folium.Map, kind: type) -> list[Any]:
    found: list[Any] = []

    def walk(element: Any) -> None:
        for child in element._children.values():
            if isinstance(child, kind):
                found.append(child)
            walk(child)

    walk(fmap)
    return found


def test_an_area_across_the_antimeridian_is_two_parts_meeting_at_the_seam_in_its_frame() -> None:
    suva, east = _incidents()
    assert east.lon == pytest.approx(-179.67, abs=0.01)
    fmap = build_map([suva, east], with_osm=False)
    (layer,) = _children(fmap, UncertaintyAreas)
    features = areas_collection(json.loads(layer.data_json))["features"]
    areas = [
        [[lat, lon] for lon, lat in f["geometry"]["coordinates"][0]]
        for f in features
        if f["properties"]["part"] == "area"
    ]
    (west_part, east_part) = _lon_ranges(areas)
    assert west_part[1] == east_part[0] == 180.0  # they meet at the seam
    assert west_part[0] == 179.76295 and east_part[1] == 180.89688  # 60 km round 180.33
    markers = {round(m.location[1], 2) for m in _children(fmap, folium.CircleMarker)}
    assert markers == {178.44, 180.33}  # the point is drawn east of Suva, in the framed copy
    (line,) = [f["geometry"]["coordinates"] for f in features if f["properties"]["part"] == "anchor"]
    assert [round(lon, 2) for lon, _ in line] == [178.44, 180.33]  # the short way
    assert fmap.options["world_copy_jump"] is False  # the view stays where it was framed
    script = fmap.get_root().render()
    assert "180.2" in script  # land just past the seam (Fiji's easternmost outline) is drawn too


def test_in_a_view_of_the_whole_world_the_parts_stay_on_their_own_sides() -> None:
    suva, east = _incidents()
    london = sample_incident(id="london", lat=51.5, lon=-0.12, uncertainty=None, derivation=None)
    rings = area_rings(east.uncertainty, centre=0.0)
    assert [(round(w, 2), round(e, 2)) for w, e in _lon_ranges(rings)] == [(-180.0, -179.1), (179.76, 180.0)]
    collection = uncertainty_collection([east], centre=0.0)
    spans = [
        f["geometry"]["coordinates"][0] for f in collection["features"] if f["properties"]["part"] == "area"
    ]
    assert all(max(x for x, _ in ring) - min(x for x, _ in ring) < 1.2 for ring in spans)  # no band
    assert build_map([london, sample_incident()], with_osm=False).options["world_copy_jump"] is True
    fmap = build_map([suva, east, london], with_osm=False)  # framed from Suva west to London
    markers = sorted(round(m.location[1], 2) for m in _children(fmap, folium.CircleMarker))
    assert markers == [-181.56, -179.67, -0.12]  # Suva drawn west of the seam, next to the point


@pytest.mark.browser
@pytest.mark.parametrize("clustered", [False, True])
def test_the_point_east_of_suva_is_inside_the_view_in_chromium(tmp_path: Path, clustered: bool) -> None:
    fmap = build_map(
        _incidents(),
        with_osm=False,
        base_url=(REPO_ROOT / "static" / "vendor").as_uri(),
        cluster_threshold=0 if clustered else 500,
        height=600,
    )
    page_path = tmp_path / "suva.html"
    fmap.save(str(page_path))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 650})  # type: ignore[attr-defined]
        page.goto(page_path.as_uri())
        page.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map)")
        page.wait_for_timeout(500)
        points = page.evaluate(
            """() => {
                var map = Object.values(window).find(v => v instanceof L.Map), out = [];
                map.eachLayer(function (l) {
                    if (l instanceof L.CircleMarker || (l instanceof L.Marker && l.options.row !== undefined)) {
                        var p = map.latLngToContainerPoint(l.getLatLng());
                        out.push([l.getLatLng().lng, p.x, p.y]);
                    }
                });
                var size = map.getSize();
                return {points: out, width: size.x, height: size.y};
            }"""
        )
        page.screenshot(path=str(tmp_path / "suva.png"))
    spots = sorted(points["points"])
    assert len(spots) == 2, spots
    (suva_lng, suva_x, _), (east_lng, east_x, _) = spots
    assert round(suva_lng, 2) == 178.44 and round(east_lng, 2) == 180.33
    assert 0 < suva_x < east_x < points["width"]  # both in view, the derived point east of Suva
