"""Points and bands "N miles off the coast of X", using a 1 km land mask.

The land/sea source is ``global_land_mask`` (GLOBE, ~1 km, installs from
PyPI, no run-time download), read through :mod:`mapapp.spatial.landmask`.
The work is done in an azimuthal-equidistant plane centred on the coast
point nearest the anchor:

1. cast rays from the anchor to find the nearest coast point;
2. sample land/sea on a grid around that coast point and take the midpoints
   of land/sea neighbour pairs as the coastline;
3. the band is the sea whose distance to the coastline is about N and which
   lies within about N of the stretch of coast near the anchor;
4. the point lies on a seaward ray from the coast point (away from land,
   unless a sea the sentence names lies on another side), where the
   distance to the coastline first reaches N.

Among islands no sea may be N from all land; then N is measured from the
anchor's own stretch of coast instead (``mode="stretch"``). Steps 2-4 run on
the grid of :mod:`~mapapp.spatial.seaband`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pyproj import Geod
from shapely.geometry import Polygon

from mapapp.errors import SpatialError
from mapapp.spatial import landmask
from mapapp.spatial.geodesy import LocalPlane, check_lat_lon, local_plane
from mapapp.spatial.geodesy import bearing_deg as geodesic_bearing
from mapapp.spatial.seaband import (
    OffshoreMode,
    band_polygon,
    coastline,
    coastline_band,
    offshore_xy,
    sample_grid,
    seaward_ray,
    stretch_band,
)

N_BEARINGS = 72
# GLOBE cells are ~0.9 km; sampling finer than this adds no information.
MIN_GRID_STEP_M = 1_000.0
MAX_GRID_CELLS_PER_SIDE = 200
MAX_OFFSHORE_M = 500_000.0


def is_land(lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
    """Land (True) or water (False) for each point, from GLOBE's 1 km mask.

    >>> bool(is_land(35.52, 35.79)), bool(is_land(35.525, 35.338))
    (True, False)
    """
    return landmask.is_land(lat, lon)


@dataclass(frozen=True, slots=True)
class CoastPoint:
    """The coast point nearest an anchor and how far the anchor is from it."""

    lat: float
    lon: float
    distance_m: float
    anchor_on_land: bool


@dataclass(frozen=True, slots=True)
class OffshoreSolution:
    """A point N from the coast, its coast point, bearing and sea band.

    ``mode`` is ``"coastline"`` when N is measured to the nearest land, or
    ``"stretch"`` when islands leave no such sea and N is measured to the
    anchor's own stretch of coast.
    """

    lat: float
    lon: float
    band: Polygon
    coast: CoastPoint
    bearing_deg: float
    coast_distance_m: float
    mode: OffshoreMode = "coastline"


def nearest_coast(
    lat: float, lon: float, *, max_m: float = 400_000.0, min_water_m: float = 1_500.0
) -> CoastPoint | None:
    """The nearest land/sea change seen on rays cast from ``(lat, lon)``.

    Rays are sampled every 500 m out to 60 km, then every 2 km out to
    ``max_m``. Water counts only if it stays water along the ray for
    ``min_water_m`` (at least 3 samples), so rivers, pools and small lakes
    are not taken for the sea.

    >>> c = nearest_coast(35.53125, 35.79088)
    >>> round(c.lat, 2), round(c.lon, 2), c.distance_m < 3_000
    (35.53, 35.78, True)
    """
    geod = Geod(ellps="WGS84")
    on_land = bool(is_land(lat, lon))
    bearings = np.arange(N_BEARINGS) * (360.0 / N_BEARINGS)
    for step, reach in ((500.0, 60_000.0), (2_000.0, max_m)):
        run = max(3, math.ceil(min_water_m / step)) if on_land else 3
        dists = np.arange(step, reach + step * run, step)
        az = np.repeat(bearings, dists.size)
        dd = np.tile(dists, bearings.size)
        lons, lats, _ = geod.fwd(np.full(az.size, lon), np.full(az.size, lat), az, dd)
        land = is_land(lats, lons).reshape(bearings.size, dists.size)
        changed = ~land if on_land else land
        persist: np.ndarray = np.all(np.lib.stride_tricks.sliding_window_view(changed, run, axis=1), axis=2)
        hit = persist.any(axis=1)
        if not hit.any():
            continue
        first = np.where(hit, persist.argmax(axis=1), np.iinfo(np.int64).max)
        ray = int(first.argmin())
        # The coastline lies between the last unchanged and the first changed sample.
        dist = max(float(dists[first[ray]]) - step / 2.0, 0.0)
        clon, clat, _ = geod.fwd(lon, lat, float(bearings[ray]), dist)
        return CoastPoint(lat=float(clat), lon=float(clon), distance_m=dist, anchor_on_land=on_land)
    return None


def _circular_diff(a: np.ndarray | float, b: float) -> np.ndarray:
    return np.abs((np.asarray(a) - b + 180.0) % 360.0 - 180.0)


def offshore_solution(
    lat: float,
    lon: float,
    *,
    distance_m: float,
    toward: tuple[float, float] | None = None,
    tolerance_m: float | None = None,
    stretch_m: float | None = None,
) -> OffshoreSolution | None:
    """Place a point ``distance_m`` off the coast nearest ``(lat, lon)``.

    Parameters
    ----------
    lat, lon : float
        The anchor (a coastal town, a province, a country).
    distance_m : float
        How far from the coastline, in metres (0 < distance_m <= 500 km).
    toward : (lat, lon) or None
        A point in the sea the text names; the point is placed on the
        seaward ray nearest the bearing towards it.
    tolerance_m : float or None
        Half-width of the band; default 10 % of the distance (at least one
        grid cell).
    stretch_m : float or None
        How far along the coast from the nearest coast point counts as
        "the anchor's coast"; default half the distance, 10-100 km.

    Returns
    -------
    OffshoreSolution or None
        None when no coast lies within 400 km or the geometry fails (a sea
        narrower than the distance).
    """
    check_lat_lon(lat, lon)
    if not math.isfinite(distance_m) or not 0 < distance_m <= MAX_OFFSHORE_M:
        raise SpatialError(f"offshore distance_m must be in (0, {MAX_OFFSHORE_M:.0f}], got {distance_m}")
    # The sea meant must be wide enough to hold the distance (not a lake or river).
    coast = nearest_coast(lat, lon, min_water_m=min(distance_m, 20_000.0))
    if coast is None:
        return None
    tol = tolerance_m if tolerance_m is not None else 0.1 * distance_m
    stretch = stretch_m if stretch_m is not None else min(max(0.5 * distance_m, 10_000.0), 100_000.0)
    # The band lies within stretch + N of the coast point, and its distance to
    # land must be checked a further N out: islands beyond count too.
    band_reach = stretch + distance_m + tol
    reach = band_reach + distance_m + tol + 3_000.0
    step = max(MIN_GRID_STEP_M, 2.0 * reach / MAX_GRID_CELLS_PER_SIDE)
    tol = max(tol, 0.75 * step)
    grid = sample_grid(local_plane(coast.lat, coast.lon), reach=reach, step=step)
    line = coastline(grid, stretch_m=stretch)
    if line is None:
        return None
    band = coastline_band(grid, line, distance_m=distance_m, tol=tol, band_reach=band_reach)
    bearing = _seaward_bearing(
        grid.plane,
        coast,
        distance_m=distance_m,
        step=step,
        land_xy=(grid.gx[grid.land], grid.gy[grid.land]),
        toward=toward,
    )
    ray = seaward_ray(grid, line, bearing_deg=bearing, band_reach=band_reach)
    if not band.mask.any():
        band = stretch_band(band, line, distance_m=distance_m, tol=tol, step=step)
    if not band.mask.any():
        return None
    px, py, pd = offshore_xy(band, ray, distance_m=distance_m, reach=reach)
    plat, plon = grid.plane.latlon(px, py)
    return OffshoreSolution(
        lat=float(plat),
        lon=float(plon),
        band=band_polygon(grid, band),
        coast=coast,
        bearing_deg=bearing,
        coast_distance_m=pd,
        mode=band.mode,
    )


def _seaward_bearing(
    plane: LocalPlane,
    coast: CoastPoint,
    *,
    distance_m: float,
    step: float,
    land_xy: tuple[np.ndarray, np.ndarray],
    toward: tuple[float, float] | None,
) -> float:
    """The bearing from the coast point out to sea.

    Candidates are the rays that stay at sea (or, in a narrow sea, the
    wettest rays) from ~2 km out to ``distance_m``. The preferred direction
    is the local coast normal, i.e. away from the nearby land's centre of
    mass: "N miles off X's coast" is read as straight out from the coast. A
    named sea only overrides it when it lies on another side (more than 90
    degrees off the normal, as across a peninsula), because a sea's
    gazetteer point gives its side, not a bearing.
    """
    bearings = np.arange(N_BEARINGS) * (360.0 / N_BEARINGS)
    start = min(2_000.0, 0.25 * distance_m)
    dists = np.linspace(start, max(distance_m, start + step), 40)
    rad = np.radians(bearings)
    x = np.sin(rad)[:, None] * dists[None, :]
    y = np.cos(rad)[:, None] * dists[None, :]
    lat, lon = plane.latlon(x, y)
    sea_frac = (~is_land(lat, lon)).mean(axis=1)
    best = sea_frac.max()
    candidates = bearings[sea_frac >= best - 1e-9]
    lx, ly = land_xy
    near = np.hypot(lx, ly) <= max(3.0 * step, min(distance_m, 30_000.0))
    if near.any():
        mx, my = float(lx[near].mean()), float(ly[near].mean())
        target = math.degrees(math.atan2(-mx, -my)) % 360.0
    else:
        target = float(bearings[int(sea_frac.argmax())])
    if toward is not None:
        sea_side = geodesic_bearing(coast.lat, coast.lon, toward[0], toward[1])
        if float(_circular_diff(target, sea_side)) > 90.0:
            target = sea_side
    return float(candidates[int(_circular_diff(candidates, target).argmin())])


def offshore_point(
    lat: float, lon: float, *, distance_m: float, toward: tuple[float, float] | None = None
) -> tuple[float, float, Polygon] | None:
    """``(lat, lon, band)`` for "distance_m off the coast near (lat, lon)".

    See :func:`offshore_solution`; None when no answer at sea exists.
    """
    sol = offshore_solution(lat, lon, distance_m=distance_m, toward=toward)
    if sol is None:
        return None
    return sol.lat, sol.lon, sol.band
