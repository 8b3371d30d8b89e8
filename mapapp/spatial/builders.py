"""The per-relation builders: a spatial phrase and its anchor made into a DerivedLocation.

Each builder draws the point and its honest uncertainty area for one
relation ("offset", "offshore", "outskirts" ...) and scales the confidence
by how much the relation says and how odd the input is; input that cannot
describe a place (an offset beyond 2,000 km, "outside of China") yields
None. The two-place relations are in :mod:`~mapapp.spatial.borders`;
:mod:`~mapapp.spatial.derive` picks the builder for a phrase.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shapely.geometry.base import BaseGeometry

from mapapp.models import (
    GEO_NEAR,
    GEO_REGION,
    DerivationMethod,
    DerivedLocation,
    GeoPrecision,
    ResolvedMention,
)
from mapapp.spatial.anchors import AnchorDoc
from mapapp.spatial.coast import MAX_OFFSHORE_M, offshore_solution
from mapapp.spatial.geodesy import (
    destination,
    geodesic_annulus,
    geodesic_buffer,
    geodesic_sector,
)
from mapapp.spatial.phrases import SpatialPhrase, SpatialRelation
from mapapp.spatial.regions import part_of_area, place_area, place_radius_m

MAX_OFFSET_M = 2_000_000.0
# Offsets beyond this are possible ("800 km south of Moscow") but rare in
# incident reports, so they are kept with lowered confidence.
ODD_OFFSET_M = 500_000.0
DEFAULT_OFFSHORE_M = 15_000.0
# How much a relation itself says about where the event is (times the anchor's confidence).
_BASE_CONFIDENCE: Mapping[SpatialRelation, float] = MappingProxyType(
    {
        "offset": 0.9,
        "direction": 0.6,
        "distance": 0.6,
        "offshore": 0.85,
        "near": 0.8,
        "outskirts": 0.85,
        "part-of-region": 0.7,
        "border": 0.5,
        "between": 0.6,
    }
)


def make_location(
    phrase: SpatialPhrase,
    anchor: ResolvedMention,
    *,
    lat: float,
    lon: float,
    area: BaseGeometry,
    distance: float | None,
    bearing: float | None,
    method: DerivationMethod,
    precision: GeoPrecision,
    confidence: float,
) -> DerivedLocation:
    """The location a builder found, its confidence scaled by the anchor's, the relation's and the phrase's."""
    conf = anchor.confidence * _BASE_CONFIDENCE[phrase.relation] * phrase.confidence * confidence
    return DerivedLocation(
        text=phrase.text,
        start=phrase.start,
        end=phrase.end,
        lat=float(lat),
        lon=float(lon),
        uncertainty=area,
        anchor=anchor,
        distance_m=distance,
        bearing_deg=bearing,
        method=method,
        precision=precision,
        confidence=max(0.0, min(1.0, conf)),
    )


def offset_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    dist, rng, bearing = phrase.distance_m, phrase.distance_range, phrase.bearing_deg
    if dist is None or rng is None or bearing is None or rng[1] > MAX_OFFSET_M:
        return None
    half = place_radius_m(place) / 2.0
    lat, lon = destination(place.lat, place.lon, bearing_deg=bearing, distance_m=dist)
    area = geodesic_sector(
        place.lat,
        place.lon,
        bearing_deg=bearing,
        half_width_deg=phrase.bearing_half_width or 22.5,
        inner_m=max(0.0, rng[0] - half),
        outer_m=rng[1] + half,
    )
    odd = 0.5 if dist > ODD_OFFSET_M else 1.0
    return make_location(
        phrase,
        anchor,
        lat=lat,
        lon=lon,
        area=area,
        distance=dist,
        bearing=bearing,
        method="offset",
        precision=GEO_NEAR,
        confidence=odd,
    )


def direction_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    bearing = phrase.bearing_deg
    if bearing is None:
        return None  # find_triggers drops a direction word it cannot read, so this is never met
    radius = place_radius_m(place)
    lo, hi = 0.5 * radius, radius + max(20_000.0, 0.5 * radius)
    lat, lon = destination(place.lat, place.lon, bearing_deg=bearing, distance_m=(lo + hi) / 2)
    area = geodesic_sector(
        place.lat,
        place.lon,
        bearing_deg=bearing,
        half_width_deg=max(phrase.bearing_half_width or 22.5, 30.0),
        inner_m=lo,
        outer_m=hi,
    )
    return make_location(
        phrase,
        anchor,
        lat=lat,
        lon=lon,
        area=area,
        distance=None,
        bearing=bearing,
        method="offset",
        precision=GEO_NEAR if hi <= 50_000 else GEO_REGION,
        confidence=1.0,
    )


def ring_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    """ "20 km from X": a ring around X; the point stays on X, the ring says how far."""
    place = anchor.place
    rng = phrase.distance_range
    if phrase.distance_m is None or rng is None or rng[1] > MAX_OFFSET_M:
        return None
    half = place_radius_m(place) / 2.0
    area = geodesic_annulus(place.lat, place.lon, inner_m=max(0.0, rng[0] - half), outer_m=rng[1] + half)
    odd = 0.5 if phrase.distance_m > ODD_OFFSET_M else 1.0
    return make_location(
        phrase,
        anchor,
        lat=place.lat,
        lon=place.lon,
        area=area,
        distance=phrase.distance_m,
        bearing=None,
        method="offset",
        precision=GEO_NEAR,
        confidence=odd,
    )


def offshore_location(
    doc: AnchorDoc, phrase: SpatialPhrase, anchor: ResolvedMention
) -> DerivedLocation | None:
    place = anchor.place
    dist, rng = phrase.distance_m, phrase.distance_range
    conf = 1.0
    if dist is None:
        dist, tol, conf = DEFAULT_OFFSHORE_M, 13_000.0, 0.6
    else:
        if rng is None or rng[1] > MAX_OFFSHORE_M:
            return None
        tol = max((rng[1] - rng[0]) / 2.0, 0.05 * dist)
        if rng[0] == 0.0:
            dist, tol = rng[1] / 2.0, rng[1] / 2.0
    seas = [m for m in doc.same_sentence(anchor) if m.place.feature_class == "H"]
    toward = (seas[0].place.lat, seas[0].place.lon) if seas else None
    sol = offshore_solution(place.lat, place.lon, distance_m=dist, toward=toward, tolerance_m=tol)
    if sol is None:
        return None
    if sol.mode != "coastline":
        conf *= 0.8
    # "20 miles off Aleppo": the anchor is far from any coast; keep, but doubt it.
    if sol.coast.distance_m > max(50_000.0, 2.0 * place_radius_m(place)):
        conf *= 0.4
    return make_location(
        phrase,
        anchor,
        lat=sol.lat,
        lon=sol.lon,
        area=sol.band,
        distance=phrase.distance_m,
        bearing=None,
        method="offshore",
        precision=GEO_NEAR,
        confidence=conf,
    )


def near_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation:
    place = anchor.place
    radius = place_radius_m(place)
    area = geodesic_buffer(place.lat, place.lon, radius_m=radius + min(10_000.0, radius + 5_000.0))
    # "around Europe", "near Australia": true but says little about where.
    large = radius > 100_000.0
    return make_location(
        phrase,
        anchor,
        lat=place.lat,
        lon=place.lon,
        area=area,
        distance=None,
        bearing=None,
        method="near",
        precision=GEO_REGION if large else GEO_NEAR,
        confidence=0.5 if large else 1.0,
    )


def outskirts_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    radius = place_radius_m(place)
    if place.is_country or radius > 50_000.0:
        return None  # "deaths outside of China" means elsewhere, not a suburb
    inner, outer = 0.5 * radius, 1.5 * radius + 2_000.0
    if phrase.bearing_deg is None:
        area = geodesic_annulus(place.lat, place.lon, inner_m=inner, outer_m=outer)
        lat, lon, dist = place.lat, place.lon, None
    else:
        area = geodesic_sector(
            place.lat,
            place.lon,
            bearing_deg=phrase.bearing_deg,
            half_width_deg=45.0,
            inner_m=inner,
            outer_m=outer,
        )
        dist = radius
        lat, lon = destination(place.lat, place.lon, bearing_deg=phrase.bearing_deg, distance_m=dist)
    return make_location(
        phrase,
        anchor,
        lat=lat,
        lon=lon,
        area=area,
        distance=dist,
        bearing=phrase.bearing_deg,
        method="outskirts",
        precision=GEO_NEAR,
        confidence=1.0,
    )


def part_location(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    if place.feature_class == "H" and place.extent is None:
        return None  # a sea's gazetteer point says nothing about its shape
    area = part_of_area(place_area(place), bearing_deg=phrase.bearing_deg)
    if area.is_empty:
        return None
    pt = area.representative_point() if not area.contains(area.centroid) else area.centroid
    large = place_radius_m(place) > 25_000.0
    return make_location(
        phrase,
        anchor,
        lat=pt.y,
        lon=pt.x,
        area=area,
        distance=None,
        bearing=phrase.bearing_deg,
        method="part-of-region",
        precision=GEO_REGION if large else GEO_NEAR,
        confidence=1.0,
    )
