"""Sizes and outlines of anchor places: how big "near X" or "northern X" is."""

from __future__ import annotations

import math
from types import MappingProxyType

from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from mapapp.gazetteer.outlines import sea_outline
from mapapp.models import Place
from mapapp.spatial.geodesy import distance_m, geodesic_buffer, local_plane

# Typical half-size of a place when the gazetteer gives no extent, by
# GeoNames feature class/code (metres).
_CODE_RADIUS = MappingProxyType(
    {
        "PCLI": 250_000.0,
        "PCL": 250_000.0,
        "PCLD": 150_000.0,
        "PCLS": 150_000.0,
        "PCLF": 150_000.0,
        "TERR": 100_000.0,
        "ADM1": 80_000.0,
        "ADM2": 30_000.0,
        "ADM3": 10_000.0,
        "ADM4": 5_000.0,
        "ADMD": 50_000.0,
        "RGN": 150_000.0,
    }
)
_CLASS_RADIUS = MappingProxyType(
    {
        "H": 300_000.0,
        "L": 100_000.0,
        "T": 30_000.0,
        "S": 2_000.0,
        "R": 5_000.0,
        "V": 10_000.0,
        "U": 50_000.0,
        "A": 80_000.0,
    }
)


def place_radius_m(place: Place) -> float:
    """A rough half-size of a place in metres.

    Uses the extent when there is one; a city grows with the square root of
    its population (709,000 people -> ~8 km).

    Examples
    --------
    >>> p = Place(id="gn:173576", name="Latakia", lat=35.53, lon=35.79, feature_class="P",
    ...           feature_code="PPL", country_code="SY", admin1="Latakia", population=709000,
    ...           extent=None, source="test")
    >>> round(place_radius_m(p))
    8236
    """
    if place.extent is not None:
        e = place.extent
        diag = distance_m(e.south, e.west, e.north, e.east)
        return max(diag / 2.0, 1_000.0)
    if place.feature_class == "P":
        return 1_500.0 + 8.0 * math.sqrt(max(place.population, 0))
    for code, radius in _CODE_RADIUS.items():
        if place.feature_code.startswith(code):
            return radius
    if place.is_country:
        return _CODE_RADIUS["PCLI"]
    return _CLASS_RADIUS.get(place.feature_class, 10_000.0)


def country_outline(code: str) -> BaseGeometry | None:
    """The outline of a country (countryinfo's GeoJSON) or None."""
    if len(code) != 2:
        return None
    try:
        from countryinfo import CountryInfo

        features = CountryInfo(code).geo_json().get("features", [])
    except (LookupError, ValueError, AttributeError, TypeError, OSError):
        return None
    if not features:
        return None
    geom = shape(features[0]["geometry"])
    return geom if geom.is_valid else geom.buffer(0)


def place_area(place: Place) -> BaseGeometry:
    """The area of a place: its country or sea outline, its extent box, or a disc."""
    outline = country_outline(place.country_code) if place.is_country else sea_outline(place)
    if outline is not None:
        return outline
    if place.extent is not None and place.extent.west <= place.extent.east:
        e = place.extent
        return box(e.west, e.south, e.east, e.north)
    return geodesic_buffer(place.lat, place.lon, radius_m=place_radius_m(place))


def part_of_area(area: BaseGeometry, *, bearing_deg: float | None) -> BaseGeometry:
    """The part of ``area`` towards ``bearing_deg`` (None: the centre).

    The area is cut in a local plane: "northern X" keeps the 40 % of its
    north-south span furthest north; a diagonal keeps the corner where two
    such cuts meet; "central" keeps the middle 40 % both ways.

    >>> sq = box(35.0, 32.0, 37.0, 34.0)
    >>> north = part_of_area(sq, bearing_deg=0.0)
    >>> round(north.bounds[1], 1), round(north.bounds[3], 1)
    (33.2, 34.0)
    """
    c = area.centroid
    plane = local_plane(c.y, c.x)
    xy = plane.geometry_to_xy(area)
    minx, miny, maxx, maxy = xy.bounds
    w, h = maxx - minx, maxy - miny
    if bearing_deg is None:
        cut = box(minx + 0.3 * w, miny + 0.3 * h, maxx - 0.3 * w, maxy - 0.3 * h)
    else:
        sx, cy = math.sin(math.radians(bearing_deg)), math.cos(math.radians(bearing_deg))
        x0, x1, y0, y1 = minx, maxx, miny, maxy
        if cy > 0.38:
            y0 = maxy - 0.4 * h
        elif cy < -0.38:
            y1 = miny + 0.4 * h
        if sx > 0.38:
            x0 = maxx - 0.4 * w
        elif sx < -0.38:
            x1 = minx + 0.4 * w
        cut = box(x0, y0, x1, y1)
    part = xy.intersection(cut)
    if part.is_empty:
        part = cut
    return plane.geometry_to_lonlat(part)


def shared_border(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry | None:
    """The stretch of ``a``'s outline that runs along ``b`` (lon/lat), or None."""
    c = a.union(b).centroid
    plane = local_plane(c.y, c.x)
    axy, bxy = plane.geometry_to_xy(a), plane.geometry_to_xy(b)
    # Outlines from different sources do not meet exactly: allow 5 km.
    line = axy.boundary.intersection(bxy.buffer(5_000.0))
    if line.is_empty or line.length < 1_000.0:
        return None
    return plane.geometry_to_lonlat(line)
