"""Where the map draws things near the antimeridian: never the long way round.

Leaflet draws a coordinate where it is: a ring stored as 179.9 -> -179.9
becomes a band around the world, and a point at -179.9 lies a world away
from a view framed on 179.9. So the map first cuts areas at ±180
(:func:`mapapp.spatial.antimeridian.cut_polygon`), then draws every part,
point and anchor line in the world copy nearest the centre of the view it
frames (:func:`frame_centre`). In a view of the whole world (centre near 0)
the two parts of a cut area stay at the two edges, each on its own side;
in a view framed across ±180 they meet at the seam.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shapely.geometry import shape

from mapapp.spatial.antimeridian import cut_polygon, nearest_copy

#: [[lat, lon], ...]: one ring as Leaflet takes it.
LatLngRing = list[list[float]]


def frame_centre(bounds: Sequence[Sequence[float]] | None) -> float:
    """The longitude at the centre of ``[[south, west], [north, east]]`` (0 without bounds).

    >>> frame_centre([[-18.2, 178.4], [-18.0, 180.3]]), frame_centre(None)
    (179.35, 0.0)
    """
    if bounds is None:
        return 0.0
    return round((float(bounds[0][1]) + float(bounds[1][1])) / 2.0, 9)


def crosses_seam(bounds: Sequence[Sequence[float]] | None) -> bool:
    """Whether the framed box reaches past ±180 (then the view must not jump back to [-180, 180]).

    >>> crosses_seam([[0, 178.0], [1, 180.5]]), crosses_seam([[0, 10.0], [1, 20.0]])
    (True, False)
    """
    return bounds is not None and (bounds[0][1] < -180.0 or bounds[1][1] > 180.0)


def area_rings(geometry: Any, *, centre: float = 0.0) -> list[LatLngRing]:
    """Exterior rings of a GeoJSON (Multi)Polygon as ``[lat, lon]`` lists, cut and placed near ``centre``.

    A polygon across the antimeridian comes back as its parts, each moved
    (by 360 degrees) to the world copy nearest ``centre``. A malformed
    geometry gives no rings (it is not worth failing the map).

    >>> band = {"type": "Polygon", "coordinates": [[[179.5, 0], [-179.5, 0], [-179.5, 1], [179.5, 1], [179.5, 0]]]}
    >>> sorted((min(p[1] for p in r), max(p[1] for p in r)) for r in area_rings(band))
    [(-180.0, -179.5), (179.5, 180.0)]
    >>> sorted((min(p[1] for p in r), max(p[1] for p in r)) for r in area_rings(band, centre=179.0))
    [(179.5, 180.0), (180.0, 180.5)]
    """
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError):
        return []
    rings: list[LatLngRing] = []
    for polygon in getattr(geom, "geoms", [geom]):
        exterior = getattr(polygon, "exterior", None)
        if exterior is None or polygon.is_empty:
            continue
        for part in cut_polygon([[list(p[:2]) for p in exterior.coords]]):
            ring = part[0]
            middle = (min(x for x, _ in ring) + max(x for x, _ in ring)) / 2.0
            shift = nearest_copy(middle, centre) - middle
            rings.append([[round(y, 5), round(x + shift, 5)] for x, y in ring])
    return rings


def with_seam_copies(collection: dict[str, Any], *, margin: float = 30.0) -> dict[str, Any]:
    """Land outlines plus copies of the land within ``margin`` degrees of ±180, on the far side.

    A view framed across the antimeridian then shows land on both sides of it.

    >>> fiji = {"type": "Feature", "properties": {"name": "Fiji"}, "geometry": {"type": "Polygon",
    ...     "coordinates": [[[-179.9, -17.0], [-179.0, -17.0], [-179.0, -16.0], [-179.9, -17.0]]]}}
    >>> out = with_seam_copies({"type": "FeatureCollection", "features": [fiji]})
    >>> [round(v, 1) for v in shape(out["features"][1]["geometry"]).bounds]
    [180.1, -17.0, 181.0, -16.0]
    """
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, Polygon, box, mapping

    strips = ((box(180.0 - margin, -90, 180.0, 90), -360.0), (box(-180.0, -90, -180.0 + margin, 90), 360.0))
    copies = []
    for feature in collection.get("features", []):
        try:
            geom = shape(feature["geometry"])
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        for strip, shift in strips:
            if geom.intersects(strip):
                piece = translate(geom.intersection(strip), xoff=shift)
                # only the land: a cut may also leave lines or points on the strip's edge
                parts = [q for g in getattr(piece, "geoms", [piece]) for q in getattr(g, "geoms", [g])]
                polygons = [q for q in parts if isinstance(q, Polygon) and not q.is_empty]
                if polygons:
                    copies.append({**feature, "geometry": mapping(MultiPolygon(polygons))})
    return {**collection, "features": [*collection.get("features", []), *copies]}
