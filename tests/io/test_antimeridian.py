"""Red-team finding 11: an uncertainty area across the antimeridian ("200 km east of Suva").

The GeoJSON export cuts it into a MultiPolygon at ±180 (RFC 7946 section
3.1.9) instead of one polygon spanning the globe, and the map frames points
on both sides of ±180 as a narrow box rather than the whole world.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from shapely.geometry import mapping, shape

from mapapp.io.export import clean_geometry, to_geojson
from mapapp.render.map import build_map, incidents_bounds
from mapapp.spatial.geodesy import geodesic_buffer
from tests.helpers import make_incident

# A square around lon 179.5 .. -179.5 (one degree wide), as stored: longitudes wrapped.
CROSSING = {
    "type": "Polygon",
    "coordinates": [[[179.5, -18.5], [-179.5, -18.5], [-179.5, -17.5], [179.5, -17.5], [179.5, -18.5]]],
}


def lon_range(polygon: list[Any]) -> tuple[float, float]:
    xs = [x for ring in polygon for x, *_ in ring]
    return min(xs), max(xs)


def uncertainty_feature(area: dict[str, Any]) -> dict[str, Any]:
    incident = make_incident(lat=-18.0, lon=-179.9, uncertainty=area)
    (feature,) = [f for f in to_geojson([incident])["features"] if f["properties"]["role"] == "uncertainty"]
    return dict(feature["geometry"])


def test_area_across_the_antimeridian_exports_as_a_cut_multipolygon() -> None:
    geometry = uncertainty_feature(CROSSING)
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 2
    ranges = sorted(lon_range(polygon) for polygon in geometry["coordinates"])
    assert ranges == [(-180.0, -179.5), (179.5, 180.0)]  # within [-180, 180], none spans the globe
    assert shape(geometry).area == pytest.approx(1.0)  # nothing lost nor added
    for polygon in geometry["coordinates"]:
        ring = polygon[0]
        assert ring[0] == ring[-1]
        signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
        assert signed > 0  # exterior counterclockwise (RFC 7946 section 3.1.6)


def test_geodesic_buffer_east_of_suva_exports_as_a_cut_multipolygon() -> None:
    geometry = clean_geometry(mapping(geodesic_buffer(-18.13, -179.67, radius_m=50_000)))
    assert geometry is not None and geometry["type"] == "MultiPolygon"
    for polygon in geometry["coordinates"]:
        west, east = lon_range(polygon)
        assert -180 <= west < east <= 180 and east - west < 2


def test_areas_that_do_not_cross_are_unchanged() -> None:
    square = {"type": "Polygon", "coordinates": [[[35, 35], [36, 35], [36, 36], [35, 36], [35, 35]]]}
    assert clean_geometry(square) == {"type": "Polygon", "coordinates": square["coordinates"]}
    multi = {"type": "MultiPolygon", "coordinates": [square["coordinates"], CROSSING["coordinates"]]}
    cleaned = clean_geometry(multi)
    assert cleaned is not None and cleaned["type"] == "MultiPolygon" and len(cleaned["coordinates"]) == 3


def test_bounds_of_points_on_both_sides_of_the_antimeridian_are_a_narrow_box() -> None:
    incidents = [make_incident(id="e", lat=-18.0, lon=179.9), make_incident(id="w", lat=-18.2, lon=-179.9)]
    bounds = incidents_bounds(incidents)
    assert bounds is not None
    (south, west), (north, east) = bounds
    assert (south, north) == (-18.2, -18.0)
    assert east - west == pytest.approx(0.2) and -180 <= (west + east) / 2 <= 180
    assert incidents_bounds([make_incident(lon=10.0), make_incident(id="b", lon=20.0)]) == [
        [35.53, 10.0],
        [35.53, 20.0],
    ]
    fmap = build_map(incidents, with_osm=False)
    fitted = [v for v in fmap._children.values() if type(v).__name__ == "FitBounds"]
    assert fitted and fitted[0].bounds == bounds
