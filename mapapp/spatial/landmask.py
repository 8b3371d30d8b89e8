"""Land or water, from global-land-mask's 1 km GLOBE mask, without its cost.

Importing ``global_land_mask`` decompresses a 21,600 x 43,200 boolean array:
~4 s and ~930 MB of RAM in every process that asks one question. The first
call here saves a bit-packed copy (117 MB) in the cache directory
(``$MAPAPP_CACHE_DIR`` or the user cache dir); later calls memory-map it,
so a query costs well under a millisecond and only touched pages load.
Answers are identical to ``globe.is_land``. If the cache cannot be written
the package is used directly.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from mapapp import paths

CACHE_NAME = "landmask-globe-v1"


def _paths(cache_dir: Path) -> tuple[Path, Path]:
    return cache_dir / f"{CACHE_NAME}.npy", cache_dir / f"{CACHE_NAME}.axes.npy"


def build_packed_mask(cache_dir: Path) -> bool:
    """Write the bit-packed water mask and its axes; False if impossible.

    Written to temporary names then renamed, so parallel workers never read
    a half-written file.
    """
    try:
        from global_land_mask import globe

        water, lat, lon = globe._mask, globe._lat, globe._lon  # pinned 1.0.0 layout
    except (ImportError, AttributeError):
        return False
    mask_path, axes_path = _paths(cache_dir)
    # The axes are stored exactly as the package has them so indices match bit for bit.
    axes = np.array(
        [lat[0], lat[1] - lat[0], lat.min(), lat.max(), lon[0], lon[1] - lon[0], lon.min(), lon.max()],
        dtype=np.float64,
    )
    tag = f".{os.getpid()}.tmp.npy"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(axes_path.with_suffix(tag), axes)
        np.save(mask_path.with_suffix(tag), np.packbits(water, axis=1))
        os.replace(axes_path.with_suffix(tag), axes_path)
        os.replace(mask_path.with_suffix(tag), mask_path)
    except OSError:
        return False
    return True


def mask_ready(cache_dir: Path | None = None) -> bool:
    """Whether the bit-packed mask is in the cache (then the first query is quick)."""
    return all(p.exists() for p in _paths(cache_dir if cache_dir is not None else paths.cache_dir()))


def prepare_mask(cache_dir: Path | None = None) -> bool:
    """Build the bit-packed mask unless it is there; whether it is there now."""
    folder = cache_dir if cache_dir is not None else paths.cache_dir()
    return mask_ready(folder) or build_packed_mask(folder)


def _open(cache_dir: Path) -> tuple[np.ndarray, np.ndarray] | None:
    mask_path, axes_path = _paths(cache_dir)
    if not (mask_path.exists() and axes_path.exists()) and not build_packed_mask(cache_dir):
        return None
    try:
        return np.load(mask_path, mmap_mode="r"), np.load(axes_path)
    except (OSError, ValueError):
        return None


def is_land(lat: np.ndarray | float, lon: np.ndarray | float, *, cache_dir: Path | None = None) -> np.ndarray:
    """Land (True) or water (False) for each point; most lakes count as land.

    Longitudes are wrapped into [-180, 180); latitudes are clipped to the
    poles.

    >>> is_land(np.array([35.52, 35.525]), np.array([35.79, 35.338])).tolist()
    [True, False]
    """
    lat_a = np.clip(np.array(lat, dtype=float, copy=True), -90.0, 90.0)
    lon_a = (np.array(lon, dtype=float, copy=True) + 180.0) % 360.0 - 180.0
    opened = _open(cache_dir if cache_dir is not None else paths.cache_dir())
    if opened is None:
        from global_land_mask import globe

        return np.asarray(globe.is_land(lat_a, lon_a), dtype=bool)
    packed, axes = opened
    lat0, dlat, lat_min, lat_max, lon0, dlon, lon_min, lon_max = axes.tolist()
    # Same clipping and truncation as globe.lat_to_index / lon_to_index.
    i = ((np.clip(lat_a, lat_min, lat_max) - lat0) / dlat).astype(int)
    j = ((np.clip(lon_a, lon_min, lon_max) - lon0) / dlon).astype(int)
    water = (packed[i, j >> 3] >> (7 - (j & 7))) & 1
    return water == 0
