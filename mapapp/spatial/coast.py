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
anchor's own stretch of coast instead (``mode="stretch"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Polygon

from mapapp.errors import SpatialError
from mapapp.spatial import landmask
from mapapp.spatial.geodesy import LocalPlane, check_lat_lon, local_plane
from mapapp.spatial.geodesy import bearing_deg as geodesic_bearing

N_BEARINGS = 72
# GLOBE cells are ~0.9 km; sampling finer than this adds no information.
MIN_GRID_STEP_M = 1_000.0
MAX_GRID_CELLS_PER_SIDE = 200
MAX_OFFSHORE_M = 500_000.0
#: How an offshore distance was measured; see :class:`OffshoreSolution`.
OffshoreMode: TypeAlias = Literal["coastline", "stretch"]


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


def _min_dist(
    px: np.ndarray, py: np.ndarray, cx: np.ndarray, cy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each p to its nearest c, and that c's index (chunked)."""
    out_d = np.empty(px.size)
    out_i = np.empty(px.size, dtype=np.int64)
    # float32 halves the memory traffic; metres at <1,000 km fit its precision.
    px, py = px.astype(np.float32), py.astype(np.float32)
    cx, cy = cx.astype(np.float32), cy.astype(np.float32)
    chunk = max(1, 2_000_000 // max(cx.size, 1))
    for s in range(0, px.size, chunk):
        dx = px[s : s + chunk, None] - cx[None, :]
        dy = py[s : s + chunk, None] - cy[None, :]
        d2 = dx * dx + dy * dy
        idx = d2.argmin(axis=1)
        out_i[s : s + chunk] = idx
        out_d[s : s + chunk] = np.sqrt(d2[np.arange(idx.size), idx])
    return out_d, out_i


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
    grid = _grid(local_plane(coast.lat, coast.lon), reach=reach, step=step)
    line = _coastline(grid, stretch_m=stretch)
    if line is None:
        return None
    band = _coastline_band(grid, line, distance_m=distance_m, tol=tol, band_reach=band_reach)
    bearing = _seaward_bearing(
        grid.plane,
        coast,
        distance_m=distance_m,
        step=step,
        land_xy=(grid.gx[grid.land], grid.gy[grid.land]),
        toward=toward,
    )
    ray = _ray(grid, line, bearing_deg=bearing, band_reach=band_reach)
    if not band.mask.any():
        band = _stretch_band(band, line, distance_m=distance_m, tol=tol, step=step)
    if not band.mask.any():
        return None
    px, py, pd = _offshore_xy(band, ray, distance_m=distance_m, reach=reach)
    plat, plon = grid.plane.latlon(px, py)
    return OffshoreSolution(
        lat=float(plat),
        lon=float(plon),
        band=_band_polygon(grid, band),
        coast=coast,
        bearing_deg=bearing,
        coast_distance_m=pd,
        mode=band.mode,
    )


@dataclass(frozen=True, slots=True)
class _Grid:
    """Land/sea samples every ``step`` metres in the plane centred on the coast point."""

    plane: LocalPlane
    step: float
    gx: np.ndarray
    gy: np.ndarray
    land: np.ndarray


@dataclass(frozen=True, slots=True)
class _Coastline:
    """Coastline sample points, and which of them are the anchor's own stretch of coast."""

    cx: np.ndarray
    cy: np.ndarray
    in_stretch: np.ndarray


@dataclass(frozen=True, slots=True)
class _Band:
    """Sea cells near the coast (``sx``/``sy``), the mask of those in the band, and how N was measured.

    ``d_all`` is each sea cell's distance to the coastline; ``d_ref`` the distance N
    was measured by (the same, except in ``"stretch"`` mode).
    """

    sx: np.ndarray
    sy: np.ndarray
    d_all: np.ndarray
    d_ref: np.ndarray
    mask: np.ndarray
    mode: OffshoreMode


@dataclass(frozen=True, slots=True)
class _Ray:
    """Samples along the seaward ray: plane coordinates, distance to the coastline, at sea or not."""

    rx: np.ndarray
    ry: np.ndarray
    rd: np.ndarray
    sea: np.ndarray
    rad: float


def _grid(plane: LocalPlane, *, reach: float, step: float) -> _Grid:
    axis = np.arange(-reach, reach + step, step)
    gx, gy = np.meshgrid(axis, axis)
    glat, glon = plane.latlon(gx, gy)
    return _Grid(plane=plane, step=step, gx=gx, gy=gy, land=is_land(glat, glon))


def _coastline(grid: _Grid, *, stretch_m: float) -> _Coastline | None:
    """Midpoints of land/sea neighbour pairs, both ways; None when the grid holds no coast."""
    gx, gy, land = grid.gx, grid.gy, grid.land
    cx_parts, cy_parts = [], []
    for a, b, ax in ((land[:, :-1], land[:, 1:], 1), (land[:-1, :], land[1:, :], 0)):
        pair = a != b
        if ax == 1:
            cx_parts.append(((gx[:, :-1] + gx[:, 1:]) / 2.0)[pair])
            cy_parts.append(gy[:, :-1][pair])
        else:
            cx_parts.append(gx[:-1, :][pair])
            cy_parts.append(((gy[:-1, :] + gy[1:, :]) / 2.0)[pair])
    cx, cy = np.concatenate(cx_parts), np.concatenate(cy_parts)
    if cx.size == 0:
        return None
    from_origin = np.hypot(cx, cy)
    return _Coastline(cx=cx, cy=cy, in_stretch=from_origin <= max(stretch_m, float(from_origin.min())))


def _coastline_band(
    grid: _Grid, line: _Coastline, *, distance_m: float, tol: float, band_reach: float
) -> _Band:
    sea = ~grid.land & (np.hypot(grid.gx, grid.gy) <= band_reach + grid.step)
    sx, sy = grid.gx[sea], grid.gy[sea]
    d_all, _ = _min_dist(sx, sy, line.cx, line.cy)
    band_mask = np.abs(d_all - distance_m) <= tol
    # "N off X's coast": about N from the nearest land and no more than about N
    # from X's stretch of coast (in a bay the nearest land may be a headland).
    d_stretch, _ = _min_dist(sx[band_mask], sy[band_mask], line.cx[line.in_stretch], line.cy[line.in_stretch])
    band_mask[band_mask] = d_stretch <= distance_m + tol
    return _Band(sx=sx, sy=sy, d_all=d_all, d_ref=d_all, mask=band_mask, mode="coastline")


def _stretch_band(band: _Band, line: _Coastline, *, distance_m: float, tol: float, step: float) -> _Band:
    """Islands everywhere (the Saronic Gulf, the Dalmatian coast): no sea is N
    from all land, so N is measured from the anchor's own stretch of coast and
    the band need only stay off land."""
    d_ref, _ = _min_dist(band.sx, band.sy, line.cx[line.in_stretch], line.cy[line.in_stretch])
    mask = (np.abs(d_ref - distance_m) <= tol) & (band.d_all >= min(step, 0.5 * distance_m))
    return _Band(sx=band.sx, sy=band.sy, d_all=band.d_all, d_ref=d_ref, mask=mask, mode="stretch")


def _ray(grid: _Grid, line: _Coastline, *, bearing_deg: float, band_reach: float) -> _Ray:
    rad = math.radians(bearing_deg)
    step = grid.step
    along = np.arange(0.0, band_reach + step / 4.0, step / 4.0)
    rx, ry = along * math.sin(rad), along * math.cos(rad)
    rlat, rlon = grid.plane.latlon(rx, ry)
    ray_sea = ~is_land(rlat, rlon)
    rd, _ = _min_dist(rx, ry, line.cx, line.cy)
    return _Ray(rx=rx, ry=ry, rd=rd, sea=ray_sea, rad=rad)


def _offshore_xy(band: _Band, ray: _Ray, *, distance_m: float, reach: float) -> tuple[float, float, float]:
    """The point (plane x, y) and its distance to the coast: on the ray where it first gets N from land."""
    rad, rx, ry, rd = ray.rad, ray.rx, ray.ry, ray.rd
    bx, by = band.sx[band.mask], band.sy[band.mask]
    if band.mode == "stretch":
        # The open-water cell of the band on the seaward side: furthest from any land.
        ahead = bx * math.sin(rad) + by * math.cos(rad) > 0
        j = int(np.where(ahead, band.d_all[band.mask], -1.0).argmax())
        return float(bx[j]), float(by[j]), float(band.d_ref[band.mask][j])
    ok = np.flatnonzero((rd >= distance_m) & ray.sea)
    if ok.size:
        k = int(ok[0])
        if k > 0 and rd[k] > rd[k - 1]:
            # Interpolate between the two samples that straddle N.
            f = (distance_m - rd[k - 1]) / (rd[k] - rd[k - 1])
            return rx[k - 1] + f * (rx[k] - rx[k - 1]), ry[k - 1] + f * (ry[k] - ry[k - 1]), distance_m
        return float(rx[k]), float(ry[k]), float(rd[k])
    # The ray never got N from land (a narrow sea): take the band cell nearest the ray.
    cross = np.abs(bx * math.cos(rad) - by * math.sin(rad))
    ahead = bx * math.sin(rad) + by * math.cos(rad) > 0
    j = int(np.where(ahead, cross, cross + 4 * reach).argmin())
    return float(bx[j]), float(by[j]), float(band.d_all[band.mask][j])


def _band_polygon(grid: _Grid, band: _Band) -> Polygon:
    half = grid.step / 2.0
    bx, by = band.sx[band.mask], band.sy[band.mask]
    # Grid cells tile without overlap, so the cheap coverage union applies.
    band_xy = shapely.coverage_union_all(shapely.box(bx - half, by - half, bx + half, by + half))
    # Smooth the cell staircase; moving edges by under half a cell keeps the band
    # at sea (its edges are at least N - tolerance from land) and shrinks the GeoJSON.
    band_xy = band_xy.simplify(0.5 * grid.step, preserve_topology=True)
    return grid.plane.geometry_to_lonlat(band_xy)


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
