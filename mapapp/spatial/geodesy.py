"""Geodesic offsets and areas built in a local azimuthal-equidistant plane.

Distances and bearings go through :class:`pyproj.Geod` on WGS84. Areas
(buffers, sectors, bands) are drawn in metres in an azimuthal-equidistant
(AEQD) projection centred near the shape, then turned back into lon/lat
shapely geometries: buffering degrees would squash circles towards the
poles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from mapapp.errors import SpatialError


def _geod() -> Geod:
    return Geod(ellps="WGS84")


def check_lat_lon(lat: float, lon: float) -> None:
    """Raise :class:`SpatialError` unless ``(lat, lon)`` are finite and in range."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise SpatialError(f"coordinates must be finite, got lat={lat}, lon={lon}")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise SpatialError(f"coordinates out of range: lat={lat}, lon={lon}")


def destination(lat: float, lon: float, *, bearing_deg: float, distance_m: float) -> tuple[float, float]:
    """The point ``distance_m`` from ``(lat, lon)`` along ``bearing_deg``.

    Parameters
    ----------
    lat, lon : float
        Start point in degrees (WGS84).
    bearing_deg : float
        Initial bearing, degrees clockwise from north.
    distance_m : float
        Geodesic distance in metres (must be >= 0).

    Returns
    -------
    tuple of float
        ``(lat, lon)`` of the destination.

    Examples
    --------
    >>> lat, lon = destination(0.0, 0.0, bearing_deg=90.0, distance_m=111_319.49)
    >>> round(lat, 6), round(lon, 3)
    (0.0, 1.0)
    """
    check_lat_lon(lat, lon)
    if not math.isfinite(distance_m) or distance_m < 0:
        raise SpatialError(f"distance_m must be a finite number >= 0, got {distance_m}")
    lon2, lat2, _ = _geod().fwd(lon, lat, bearing_deg, distance_m)
    return float(lat2), float(lon2)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two points.

    >>> round(distance_m(0.0, 0.0, 0.0, 1.0))
    111319
    """
    _, _, dist = _geod().inv(lon1, lat1, lon2, lat2)
    return float(dist)


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial geodesic bearing from point 1 to point 2, in [0, 360).

    >>> round(bearing_deg(0.0, 0.0, 0.0, 1.0), 6)
    90.0
    """
    az, _, _ = _geod().inv(lon1, lat1, lon2, lat2)
    return float(az) % 360.0


@dataclass(frozen=True, slots=True)
class LocalPlane:
    """An AEQD plane centred on ``(lat, lon)``; x east, y north, metres."""

    lat: float
    lon: float
    transformer: Transformer

    def xy(self, lat: Any, lon: Any) -> tuple[np.ndarray, np.ndarray]:
        """Project lat/lon (scalars or arrays) to plane metres."""
        x, y = self.transformer.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return np.asarray(x), np.asarray(y)

    def latlon(self, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """Unproject plane metres to ``(lat, lon)`` arrays."""
        lon, lat = self.transformer.transform(
            np.asarray(x, dtype=float), np.asarray(y, dtype=float), direction="INVERSE"
        )
        return np.asarray(lat), np.asarray(lon)

    def _inverse(self, x: Any, y: Any) -> tuple[Any, Any]:
        return self.transformer.transform(x, y, direction="INVERSE")

    def geometry_to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        """A plane geometry as a lon/lat geometry."""
        return shapely.transform(geom, self._inverse, interleaved=False)

    def geometry_to_xy(self, geom: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry as a plane geometry."""
        return shapely.transform(geom, self.transformer.transform, interleaved=False)


def local_plane(lat: float, lon: float) -> LocalPlane:
    """An azimuthal-equidistant plane centred on ``(lat, lon)``.

    >>> plane = local_plane(35.0, 35.0)
    >>> x, y = plane.xy(35.0, 36.0)
    >>> round(float(x) / 1000, 1), round(float(y) / 1000, 1)
    (91.3, 0.5)
    """
    check_lat_lon(lat, lon)
    # A PROJ pipeline builds ~100x faster than Transformer.from_crs, which matters
    # because every derived location gets its own plane.
    pipeline = (
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84"
    )
    return LocalPlane(lat=lat, lon=lon, transformer=Transformer.from_pipeline(pipeline))


def geodesic_buffer(lat: float, lon: float, *, radius_m: float, resolution: int = 16) -> Polygon:
    """A disc of ``radius_m`` metres around a point, as a lon/lat polygon.

    Examples
    --------
    >>> disc = geodesic_buffer(60.0, 25.0, radius_m=10_000)
    >>> minx, miny, maxx, maxy = disc.bounds
    >>> round(maxy - miny, 2), round(maxx - minx, 2)  # wider in degrees of lon at 60 N
    (0.18, 0.36)
    """
    if not math.isfinite(radius_m) or radius_m <= 0:
        raise SpatialError(f"radius_m must be a finite number > 0, got {radius_m}")
    plane = local_plane(lat, lon)
    disc = Point(0.0, 0.0).buffer(radius_m, quad_segs=resolution)
    return plane.geometry_to_lonlat(disc)


def _sector_xy(
    *, bearing_deg: float, half_width_deg: float, inner_m: float, outer_m: float, steps: int = 24
) -> Polygon:
    """An annular sector in plane coordinates centred on the origin."""
    angles = np.linspace(bearing_deg - half_width_deg, bearing_deg + half_width_deg, steps)
    rad = np.radians(angles)
    outer = [(outer_m * math.sin(a), outer_m * math.cos(a)) for a in rad]
    if inner_m <= 0:
        return Polygon([(0.0, 0.0), *outer])
    inner = [(inner_m * math.sin(a), inner_m * math.cos(a)) for a in rad[::-1]]
    return Polygon([*outer, *inner])


def geodesic_sector(
    lat: float, lon: float, *, bearing_deg: float, half_width_deg: float, inner_m: float, outer_m: float
) -> Polygon:
    """The area between ``inner_m`` and ``outer_m`` from a point, within
    ``half_width_deg`` of ``bearing_deg``, as a lon/lat polygon.

    Examples
    --------
    >>> s = geodesic_sector(36.2, 37.15, bearing_deg=0, half_width_deg=11.25,
    ...                     inner_m=18_000, outer_m=22_000)
    >>> s.contains(Point(37.15, 36.38))
    True
    """
    if not (0 <= inner_m < outer_m) or not math.isfinite(outer_m):
        raise SpatialError(f"sector radii must satisfy 0 <= inner < outer, got {inner_m}, {outer_m}")
    plane = local_plane(lat, lon)
    sector = _sector_xy(
        bearing_deg=bearing_deg, half_width_deg=half_width_deg, inner_m=inner_m, outer_m=outer_m
    )
    return plane.geometry_to_lonlat(sector)


def geodesic_annulus(lat: float, lon: float, *, inner_m: float, outer_m: float) -> Polygon:
    """A ring between ``inner_m`` and ``outer_m`` around a point (lon/lat)."""
    if not (0 <= inner_m < outer_m) or not math.isfinite(outer_m):
        raise SpatialError(f"ring radii must satisfy 0 <= inner < outer, got {inner_m}, {outer_m}")
    plane = local_plane(lat, lon)
    ring = Point(0.0, 0.0).buffer(outer_m, quad_segs=16)
    if inner_m > 0:
        ring = ring.difference(Point(0.0, 0.0).buffer(inner_m, quad_segs=16))
    return plane.geometry_to_lonlat(ring)


def corridor(points: Sequence[tuple[float, float]], *, half_width_m: float) -> Polygon:
    """The area within ``half_width_m`` of the path through ``(lat, lon)`` points."""
    if len(points) < 2:
        raise SpatialError("a corridor needs at least two points")
    mid_lat = float(np.mean([p[0] for p in points]))
    mid_lon = float(np.mean([p[1] for p in points]))
    plane = local_plane(mid_lat, mid_lon)
    xs, ys = plane.xy([p[0] for p in points], [p[1] for p in points])
    line = LineString(list(zip(xs.tolist(), ys.tolist(), strict=False)))
    return plane.geometry_to_lonlat(line.buffer(half_width_m, quad_segs=8))


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The geodesic midpoint of two points.

    >>> lat, lon = midpoint(0.0, 0.0, 0.0, 2.0)
    >>> round(lat, 6), round(lon, 6)
    (0.0, 1.0)
    """
    az, _, dist = _geod().inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = _geod().fwd(lon1, lat1, az, dist / 2.0)
    return float(lat), float(lon)
