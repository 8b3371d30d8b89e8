"""Geodesic offsets and AEQD areas, checked against geopy (an independent solver)."""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic
from shapely.geometry import Point

from mapapp.errors import SpatialError
from mapapp.spatial import destination, distance_m, geodesic_buffer, geodesic_sector, midpoint


@pytest.mark.parametrize(
    ("lat", "lon", "bearing", "dist"),
    [
        (36.20124, 37.16117, 0.0, 20_000),
        (34.72682, 36.72339, 135.0, 24_140.16),
        (36.335, 43.11889, 270.0, 40_000),
        (64.13548, -21.89541, 45.0, 300_000),
        (-33.86785, 151.20732, 200.0, 1_000_000),
        (0.0, 179.9, 90.0, 50_000),
        (78.22, 15.65, 10.0, 100_000),
    ],
)
def test_destination_matches_geopy(lat: float, lon: float, bearing: float, dist: float) -> None:
    got = destination(lat, lon, bearing_deg=bearing, distance_m=dist)
    ref = geodesic(meters=dist).destination((lat, lon), bearing)
    assert geodesic(got, (ref.latitude, ref.longitude)).meters < 0.01


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_destination_rejects_bad_distance(bad: float) -> None:
    with pytest.raises(SpatialError, match="distance_m"):
        destination(35.0, 35.0, bearing_deg=0.0, distance_m=bad)


def test_destination_rejects_bad_coordinates() -> None:
    with pytest.raises(SpatialError, match="out of range"):
        destination(95.0, 35.0, bearing_deg=0.0, distance_m=10.0)


@pytest.mark.parametrize(("lat", "radius"), [(0.0, 10_000), (35.5, 35_000), (60.0, 10_000), (75.0, 50_000)])
def test_buffer_is_round_on_the_ground(lat: float, radius: float) -> None:
    disc = geodesic_buffer(lat, 20.0, radius_m=radius)
    ring = list(disc.exterior.coords)
    dists = [geodesic((lat, 20.0), (y, x)).meters for x, y in ring]
    # A degree-buffered circle would be off by up to cos(lat); this is within 0.1 %.
    assert min(dists) == pytest.approx(radius, rel=2e-3)
    assert max(dists) == pytest.approx(radius, rel=2e-3)
    assert disc.contains(Point(20.0, lat))


def test_sector_holds_the_offset_point_and_not_the_anchor() -> None:
    sector = geodesic_sector(
        36.20124, 37.16117, bearing_deg=0.0, half_width_deg=22.5, inner_m=18_000, outer_m=22_000
    )
    lat, lon = destination(36.20124, 37.16117, bearing_deg=0.0, distance_m=20_000)
    assert sector.contains(Point(lon, lat))
    assert not sector.contains(Point(37.16117, 36.20124))
    south_lat, south_lon = destination(36.20124, 37.16117, bearing_deg=180.0, distance_m=20_000)
    assert not sector.contains(Point(south_lon, south_lat))


def test_midpoint_and_distance() -> None:
    lat, lon = midpoint(34.72682, 36.72339, 35.13179, 36.75783)
    d1 = distance_m(34.72682, 36.72339, lat, lon)
    d2 = distance_m(lat, lon, 35.13179, 36.75783)
    assert d1 == pytest.approx(d2, abs=1.0)
    assert d1 + d2 == pytest.approx(geodesic((34.72682, 36.72339), (35.13179, 36.75783)).meters, abs=1.0)
    assert math.isclose(distance_m(0, 0, 0, 1), 111_319.49, abs_tol=0.1)
