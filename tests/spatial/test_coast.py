"""Offshore points and bands: at sea, N from the coast, on the anchor's side."""

from __future__ import annotations

import numpy as np
import pytest
from geopy.distance import geodesic
from global_land_mask import globe
from pyproj import Geod
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from mapapp.errors import SpatialError
from mapapp.spatial import nearest_coast, offshore_point, offshore_solution

MI = 1609.344
NMI = 1852.0
LATAKIA = (35.53125, 35.79088)


def distance_to_land(lat: float, lon: float, *, reach_m: float) -> float:
    """Nearest land by brute force: 360 rays, fine steps, the mask read directly."""
    geod = Geod(ellps="WGS84")
    step = max(200.0, reach_m / 400.0)
    dists = np.arange(step, reach_m + step, step)
    az = np.repeat(np.arange(360.0), dists.size)
    dd = np.tile(dists, 360)
    lons, lats, _ = geod.fwd(np.full(az.size, lon), np.full(az.size, lat), az, dd)
    land = globe.is_land(lats, (lons + 180.0) % 360.0 - 180.0).reshape(360, dists.size)
    if not land.any():
        return float("inf")
    first = np.where(land.any(axis=1), land.argmax(axis=1), dists.size - 1)
    # The coastline lies half a step before the first land sample.
    return float(dists[first].min() - step / 2.0)


def sample_points(poly: BaseGeometry, n: int = 300) -> list[Point]:
    """Points spread over a polygon (a regular grid over its bounds, kept if inside)."""
    minx, miny, maxx, maxy = poly.bounds
    k = int(np.sqrt(n * 4)) + 2
    pts = [Point(x, y) for x in np.linspace(minx, maxx, k) for y in np.linspace(miny, maxy, k)]
    inside = [p for p in pts if poly.contains(p)]
    return inside or [poly.representative_point()]


def test_seed_latakia_22_miles() -> None:
    """The seed: a point at sea 22 +- 2 statute miles from the coast, west of Latakia."""
    lat, lon, band = offshore_point(*LATAKIA, distance_m=22 * MI, toward=None)
    assert not globe.is_land(lat, lon)
    assert lon < LATAKIA[1] - 0.3
    az = Geod(ellps="WGS84").inv(LATAKIA[1], LATAKIA[0], lon, lat)[0] % 360.0
    assert 235.0 <= az <= 290.0  # west, straight out from a coast running NNE-SSW
    coast_mi = distance_to_land(lat, lon, reach_m=30 * MI) / MI
    assert 20.0 <= coast_mi <= 24.0
    # Close to the worked example (35.525 N 35.338 E), within the honest band.
    assert geodesic((lat, lon), (35.525, 35.338)).km < 15
    pts = sample_points(band)
    assert len(pts) > 50
    assert not any(globe.is_land(p.y, p.x) for p in pts)
    assert band.contains(Point(lon, lat)) or band.distance(Point(lon, lat)) < 0.01
    for p in pts[::15]:
        assert 19.0 <= distance_to_land(p.y, p.x, reach_m=30 * MI) / MI <= 25.0


def test_seed_with_named_sea_stays_west() -> None:
    lat, lon, _band = offshore_point(*LATAKIA, distance_m=22 * MI, toward=(34.5, 33.0))
    assert not globe.is_land(lat, lon) and lon < 35.5
    assert 20.0 <= distance_to_land(lat, lon, reach_m=30 * MI) / MI <= 24.0


# Expected seaward bearings (from the anchor) read off the map: the open sea side.
@pytest.mark.parametrize(
    ("name", "lat", "lon", "dist", "seaward"),
    [
        ("Gaza", 31.50161, 34.46672, 12 * NMI, 295.0),
        ("Tartus", 34.88902, 35.88659, 30_000, 270.0),
        ("Benghazi", 32.11486, 20.06859, 20 * MI, 270.0),
        ("Sevastopol", 44.58883, 33.5224, 15 * MI, 270.0),
        ("Mogadishu", 2.03711, 45.34375, 10_000, 135.0),
        ("Aden", 12.77944, 45.03667, 40 * NMI, 180.0),
        ("Odesa", 46.47747, 30.73262, 25 * MI, 135.0),
        ("Tripoli", 32.88743, 13.18733, 100_000, 0.0),
        ("Hodeidah", 14.79781, 42.95452, 30 * NMI, 270.0),
        ("Beirut", 33.89332, 35.50157, 15_000, 300.0),
        ("Mogadishu far", 2.03711, 45.34375, 200 * NMI, 135.0),
    ],
)
def test_offshore_table(name: str, lat: float, lon: float, dist: float, seaward: float) -> None:
    sol = offshore_solution(lat, lon, distance_m=dist)
    assert sol is not None, name
    assert not globe.is_land(sol.lat, sol.lon)
    measured = distance_to_land(sol.lat, sol.lon, reach_m=dist * 1.5)
    assert measured == pytest.approx(dist, rel=0.12, abs=1_500), name
    az = Geod(ellps="WGS84").inv(lon, lat, sol.lon, sol.lat)[0] % 360.0
    assert abs((az - seaward + 180.0) % 360.0 - 180.0) <= 45.0, (name, az)
    pts = sample_points(sol.band, 200)
    wet = [not globe.is_land(p.y, p.x) for p in pts]
    assert sum(wet) / len(wet) >= 0.98
    assert not globe.is_land(sol.band.representative_point().y, sol.band.representative_point().x)


@pytest.mark.parametrize(
    ("name", "lat", "lon", "dist"),
    [
        ("Piraeus", 37.94, 23.65, 10 * NMI),
        ("Split", 43.51, 16.44, 20_000),
        ("Bandar Abbas", 27.18, 56.27, 20 * NMI),
    ],
)
def test_island_coasts_measure_from_the_anchor_coast(name: str, lat: float, lon: float, dist: float) -> None:
    """Among islands no sea is N from all land; N is then taken from the anchor's coast."""
    sol = offshore_solution(lat, lon, distance_m=dist)
    assert sol is not None and sol.mode == "stretch"
    assert not globe.is_land(sol.lat, sol.lon)
    assert distance_to_land(sol.lat, sol.lon, reach_m=dist) > 0.3 * dist
    assert 0.8 * dist < geodesic((lat, lon), (sol.lat, sol.lon)).meters < 2.5 * dist
    pts = sample_points(sol.band, 200)
    assert sum(not globe.is_land(p.y, p.x) for p in pts) / len(pts) >= 0.98


def test_anchor_far_inland_finds_a_distant_coast() -> None:
    coast = nearest_coast(36.20124, 37.16117)  # Aleppo, ~100 km from the sea
    assert coast is not None
    assert 60_000 < coast.distance_m < 150_000


@pytest.mark.parametrize("bad", [-5.0, 0.0, 600_000.0, float("nan")])
def test_offshore_rejects_bad_distance(bad: float) -> None:
    with pytest.raises(SpatialError, match="offshore distance_m"):
        offshore_solution(*LATAKIA, distance_m=bad)
