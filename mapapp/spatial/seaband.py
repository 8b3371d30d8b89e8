"""The sea band "N off the coast": coastline and distances sampled on a land/sea grid.

:func:`mapapp.spatial.coast.offshore_solution` works in an azimuthal-equidistant
plane centred on the coast point nearest the anchor; this module holds the
steps it runs there: sample land and sea on a grid, take the coastline as the
midpoints of land/sea neighbour pairs, keep the sea about N from it (or, among
islands, from the anchor's own stretch of coast) and find where a seaward ray
first gets N from land.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import shapely
from shapely.geometry import Polygon

from mapapp.spatial.geodesy import LocalPlane
from mapapp.spatial.landmask import is_land

#: How an offshore distance was measured; see :class:`mapapp.spatial.coast.OffshoreSolution`.
OffshoreMode: TypeAlias = Literal["coastline", "stretch"]


def min_dist(px: np.ndarray, py: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


@dataclass(frozen=True, slots=True)
class Grid:
    """Land/sea samples every ``step`` metres in the plane centred on the coast point."""

    plane: LocalPlane
    step: float
    gx: np.ndarray
    gy: np.ndarray
    land: np.ndarray


@dataclass(frozen=True, slots=True)
class Coastline:
    """Coastline sample points, and which of them are the anchor's own stretch of coast."""

    cx: np.ndarray
    cy: np.ndarray
    in_stretch: np.ndarray


@dataclass(frozen=True, slots=True)
class Band:
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
class Ray:
    """Samples along the seaward ray: plane coordinates, distance to the coastline, at sea or not."""

    rx: np.ndarray
    ry: np.ndarray
    rd: np.ndarray
    sea: np.ndarray
    rad: float


def sample_grid(plane: LocalPlane, *, reach: float, step: float) -> Grid:
    """Land or sea every ``step`` metres, out to ``reach`` each way from the plane's centre."""
    axis = np.arange(-reach, reach + step, step)
    gx, gy = np.meshgrid(axis, axis)
    glat, glon = plane.latlon(gx, gy)
    return Grid(plane=plane, step=step, gx=gx, gy=gy, land=is_land(glat, glon))


def coastline(grid: Grid, *, stretch_m: float) -> Coastline | None:
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
    return Coastline(cx=cx, cy=cy, in_stretch=from_origin <= max(stretch_m, float(from_origin.min())))


def coastline_band(grid: Grid, line: Coastline, *, distance_m: float, tol: float, band_reach: float) -> Band:
    """The sea cells ``distance_m`` (+- ``tol``) from the nearest coastline (``"coastline"`` mode)."""
    sea = ~grid.land & (np.hypot(grid.gx, grid.gy) <= band_reach + grid.step)
    sx, sy = grid.gx[sea], grid.gy[sea]
    d_all, _ = min_dist(sx, sy, line.cx, line.cy)
    band_mask = np.abs(d_all - distance_m) <= tol
    # "N off X's coast": about N from the nearest land and no more than about N
    # from X's stretch of coast (in a bay the nearest land may be a headland).
    d_stretch, _ = min_dist(sx[band_mask], sy[band_mask], line.cx[line.in_stretch], line.cy[line.in_stretch])
    band_mask[band_mask] = d_stretch <= distance_m + tol
    return Band(sx=sx, sy=sy, d_all=d_all, d_ref=d_all, mask=band_mask, mode="coastline")


def stretch_band(band: Band, line: Coastline, *, distance_m: float, tol: float, step: float) -> Band:
    """Islands everywhere (the Saronic Gulf, the Dalmatian coast): no sea is N
    from all land, so N is measured from the anchor's own stretch of coast and
    the band need only stay off land."""
    d_ref, _ = min_dist(band.sx, band.sy, line.cx[line.in_stretch], line.cy[line.in_stretch])
    mask = (np.abs(d_ref - distance_m) <= tol) & (band.d_all >= min(step, 0.5 * distance_m))
    return Band(sx=band.sx, sy=band.sy, d_all=band.d_all, d_ref=d_ref, mask=mask, mode="stretch")


def seaward_ray(grid: Grid, line: Coastline, *, bearing_deg: float, band_reach: float) -> Ray:
    """Samples every quarter cell along ``bearing_deg`` from the coast point out to ``band_reach``."""
    rad = math.radians(bearing_deg)
    step = grid.step
    along = np.arange(0.0, band_reach + step / 4.0, step / 4.0)
    rx, ry = along * math.sin(rad), along * math.cos(rad)
    rlat, rlon = grid.plane.latlon(rx, ry)
    ray_sea = ~is_land(rlat, rlon)
    rd, _ = min_dist(rx, ry, line.cx, line.cy)
    return Ray(rx=rx, ry=ry, rd=rd, sea=ray_sea, rad=rad)


def offshore_xy(band: Band, ray: Ray, *, distance_m: float, reach: float) -> tuple[float, float, float]:
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


def band_polygon(grid: Grid, band: Band) -> Polygon:
    """The band's cells as one smoothed lon/lat polygon."""
    half = grid.step / 2.0
    bx, by = band.sx[band.mask], band.sy[band.mask]
    # Grid cells tile without overlap, so the cheap coverage union applies.
    band_xy = shapely.coverage_union_all(shapely.box(bx - half, by - half, bx + half, by + half))
    # Smooth the cell staircase; moving edges by under half a cell keeps the band
    # at sea (its edges are at least N - tolerance from land) and shrinks the GeoJSON.
    band_xy = band_xy.simplify(0.5 * grid.step, preserve_topology=True)
    return grid.plane.geometry_to_lonlat(band_xy)
