"""The memory-mapped land mask answers exactly as global_land_mask does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from global_land_mask import globe

from mapapp.spatial import landmask


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("landmask")
    assert landmask.build_packed_mask(path)
    return path


def test_matches_the_package_everywhere(cache_dir: Path) -> None:
    rng = np.random.default_rng(7)
    lat = rng.uniform(-90.0, 90.0, 100_000)
    lon = rng.uniform(-180.0, 180.0, 100_000)
    ours = landmask.is_land(lat, lon, cache_dir=cache_dir)
    theirs = globe.is_land(lat.copy(), lon.copy())
    assert np.array_equal(ours, theirs)
    assert 0.25 < ours.mean() < 0.4  # about 29 % of the Earth is land


@pytest.mark.parametrize(
    ("lat", "lon", "land"),
    [
        (35.52, 35.79, True),
        (35.525, 35.338, False),
        (90.0, 0.0, False),
        (-90.0, 0.0, True),
        (51.5, -0.12, True),
        (0.0, -160.0, False),
        (-33.87, 151.21, True),
        (64.13, -21.9, True),
    ],
)
def test_known_points(cache_dir: Path, lat: float, lon: float, land: bool) -> None:
    assert bool(landmask.is_land(lat, lon, cache_dir=cache_dir)) is land


def test_longitudes_wrap(cache_dir: Path) -> None:
    assert landmask.is_land(35.52, 35.79 + 360.0, cache_dir=cache_dir) == landmask.is_land(
        35.52, 35.79, cache_dir=cache_dir
    )


def test_unwritable_cache_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert bool(landmask.is_land(35.52, 35.79, cache_dir=blocker / "sub")) is True
