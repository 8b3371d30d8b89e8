"""Geometry across the antimeridian (±180 degrees of longitude), for exports and the map.

Stored areas keep longitudes within [-180, 180], so an area "200 km east
of Suva" has edges that jump from 179.9 to -179.9. Read naively that is a
band around the whole world. :func:`cut_polygon` cuts such a polygon into
parts that each stay on one side (RFC 7946 section 3.1.9); the map then
draws each part, point and line in the world copy nearest the view
(:func:`nearest_copy`, :func:`unwrap_line`), so nothing is drawn the long
way round.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

Ring = list[list[float]]


def nearest_copy(lon: float, centre: float) -> float:
    """``lon`` plus a multiple of 360: the copy within 180 degrees of ``centre``.

    >>> nearest_copy(-179.9, 179.4), nearest_copy(10.0, 0.0), nearest_copy(179.9, -170.0)
    (180.1, 10.0, -180.1)
    """
    return round(lon + 360.0 * round((centre - lon) / 360.0), 9)


def unwrap_ring(ring: Sequence[Sequence[float]], *, near: float) -> Ring:
    """A ring's ``[lon, lat, ...]`` positions shifted by 360 so no step exceeds 180 degrees.

    The first position is moved to within 180 degrees of ``near``.

    >>> unwrap_ring([[179.0, 0.0], [-179.0, 0.0]], near=179.0)
    [[179.0, 0.0], [181.0, 0.0]]
    """
    out: Ring = []
    previous = near
    for x, *rest in ring:
        x = nearest_copy(x, previous)
        out.append([x, *rest])
        previous = x
    return out


def unwrap_line(start: tuple[float, float], end: tuple[float, float], *, centre: float) -> list[list[float]]:
    """``[[lat, lon], [lat, lon]]`` of the short way from ``start`` to ``end``, near ``centre``.

    >>> unwrap_line((-18.1, 178.4), (-18.1, -179.7), centre=179.4)
    [[-18.1, 178.4], [-18.1, 180.3]]
    """
    first = nearest_copy(start[1], centre)
    return [[start[0], first], [end[0], round(nearest_copy(end[1], first), 9)]]


def crosses_antimeridian(polygon: Sequence[Sequence[Sequence[float]]]) -> bool:
    """Whether an edge of ``polygon`` jumps more than 180 degrees of longitude.

    >>> crosses_antimeridian([[[179.0, 0.0], [-179.0, 0.0], [-179.0, 1.0], [179.0, 0.0]]])
    True
    """
    return any(abs(b[0] - a[0]) > 180 for ring in polygon for a, b in itertools.pairwise(ring))


def cut_polygon(polygon: list[Ring]) -> list[list[Ring]]:
    """A polygon's parts, cut at the antimeridian (RFC 7946 section 3.1.9).

    A polygon whose edges jump more than 180 degrees of longitude (e.g.
    from 179.5 to -179.5) crosses the antimeridian: it is unwrapped, cut at
    ±180 and each part shifted back into [-180, 180]. Other polygons (and
    rings around a pole, which cannot be unwrapped) come back unchanged.

    >>> parts = cut_polygon([[[179.0, 0.0], [-179.0, 0.0], [-179.0, 1.0], [179.0, 1.0], [179.0, 0.0]]])
    >>> sorted((min(x for x, _ in p[0]), max(x for x, _ in p[0])) for p in parts)
    [(-180.0, -179.0), (179.0, 180.0)]
    """
    if not crosses_antimeridian(polygon):
        return [polygon]
    exterior = unwrap_ring(polygon[0], near=polygon[0][0][0])
    if abs(exterior[-1][0] - exterior[0][0]) > 1e-9:
        return [polygon]  # around a pole
    holes = [unwrap_ring(ring, near=exterior[0][0]) for ring in polygon[1:]]
    from shapely.affinity import translate  # local: only crossing areas need shapely
    from shapely.geometry import Polygon, box

    whole = Polygon(exterior, holes).buffer(0)
    parts: list[list[Ring]] = []
    for shift in (-360.0, 0.0, 360.0):
        piece = translate(whole.intersection(box(-180 - shift, -90, 180 - shift, 90)), xoff=shift)
        for part in getattr(piece, "geoms", [piece]):
            if isinstance(part, Polygon) and not part.is_empty:
                rings = [part.exterior, *part.interiors]
                parts.append([[list(p) for p in ring.coords] for ring in rings])
    return parts or [polygon]
