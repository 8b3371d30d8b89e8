"""Turn spatial phrases around resolved mentions into DerivedLocations.

Every relation yields a point and an honest uncertainty area (lon/lat
shapely geometry built in a local AEQD plane). Bad input (negative or
absurd distances, phrases with no resolved anchor) yields nothing; odd but
possible input (an offset of 800 km, "off" an inland city) yields a result
with lowered confidence. Nothing here raises on article text.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from pyproj.exceptions import ProjError
from shapely.errors import ShapelyError
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from mapapp.errors import SpatialError
from mapapp.models import (
    GEO_NEAR,
    GEO_REGION,
    DerivationMethod,
    DerivedLocation,
    GeoPrecision,
    Mention,
    ResolvedMention,
    resolved_mentions,
)
from mapapp.spatial.coast import MAX_OFFSHORE_M, offshore_solution
from mapapp.spatial.geodesy import (
    corridor,
    destination,
    distance_m,
    geodesic_annulus,
    geodesic_buffer,
    geodesic_sector,
    local_plane,
    midpoint,
)
from mapapp.spatial.phrases import (
    AND_GAP,
    COAST_SUFFIX,
    SpatialPhrase,
    SpatialRelation,
    Trigger,
    anchor_gap,
    best_per_anchor,
    find_triggers,
    phrase_from,
)
from mapapp.spatial.regions import (
    country_outline,
    is_country,
    part_of_area,
    place_area,
    place_radius_m,
    shared_border,
)

MAX_OFFSET_M = 2_000_000.0
# Offsets beyond this are possible ("800 km south of Moscow") but rare in
# incident reports, so they are kept with lowered confidence.
ODD_OFFSET_M = 500_000.0
DEFAULT_OFFSHORE_M = 15_000.0
# "between A and B" further apart than this describes a route, not a place.
MAX_BETWEEN_M = 1_000_000.0
_MAX_GAP = 60
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+(?=[A-Z\"\u201c\u2018(])|\n")
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


def _sentence_breaks(text: str) -> tuple[int, ...]:
    """Offsets where sentences start (after the first)."""
    return tuple(m.end() for m in _SENTENCE_END.finditer(text))


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence holding character ``pos``.

    >>> t = "It rained. The plane was hit off Latakia. Then it sank."
    >>> s, e = sentence_bounds(t, 30)
    >>> t[s:e].strip()
    'The plane was hit off Latakia.'
    """
    return _bounds(_sentence_breaks(text), pos, len(text))


def _bounds(breaks: Sequence[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(breaks, pos)
    return (breaks[i - 1] if i else 0), (breaks[i] if i < len(breaks) else size)


@dataclass(frozen=True, slots=True)
class _Doc:
    """The text with its resolved mentions (by start) and sentence breaks."""

    text: str
    resolved: tuple[ResolvedMention, ...]
    starts: tuple[int, ...]
    breaks: tuple[int, ...]

    @classmethod
    def build(cls, text: str, anchors: Sequence[ResolvedMention]) -> _Doc:
        resolved = tuple(sorted(anchors, key=lambda m: m.start))
        return cls(
            text=text,
            resolved=resolved,
            starts=tuple(m.start for m in resolved),
            breaks=_sentence_breaks(text),
        )

    def mention_at(self, pos: int, *, relation: SpatialRelation | None = None) -> ResolvedMention | None:
        """The resolved mention starting right after ``pos`` (allowing "the city of")."""
        gap = anchor_gap(relation)
        i = bisect.bisect_left(self.starts, pos)
        while i < len(self.starts) and self.starts[i] <= pos + _MAX_GAP:
            if gap.fullmatch(self.text, pos, self.starts[i]):
                return self.resolved[i]
            i += 1
        return None

    def same_sentence(self, anchor: ResolvedMention) -> list[ResolvedMention]:
        """Other resolved mentions in the anchor's sentence."""
        s, e = _bounds(self.breaks, anchor.start, len(self.text))
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
        return [m for m in self.resolved[lo:hi] if m is not anchor]


def _bind(doc: _Doc, trig: Trigger) -> tuple[SpatialPhrase, ResolvedMention, ResolvedMention | None] | None:
    anchor = doc.mention_at(trig.end, relation=trig.relation)
    if anchor is None:
        return None
    # A demonym modifies the next noun ("close to Russian bases"); it anchors
    # only "off the Syrian coast".
    if anchor.adjectival and not (trig.relation == "offshore" and COAST_SUFFIX.match(doc.text, anchor.end)):
        return None
    second = None
    if trig.relation in ("between", "border"):
        gap = AND_GAP.match(doc.text, anchor.end)
        if gap:
            second = doc.mention_at(gap.end())
    phrase = phrase_from(
        doc.text, trig, (anchor.start, anchor.end), (second.start, second.end) if second else None
    )
    if phrase is None:
        return None
    return phrase, anchor, second


def _result(
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


def _offset(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
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
    return _result(
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


def _direction(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
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
    return _result(
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


def _ring(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    """ "20 km from X": a ring around X; the point stays on X, the ring says how far."""
    place = anchor.place
    rng = phrase.distance_range
    if phrase.distance_m is None or rng is None or rng[1] > MAX_OFFSET_M:
        return None
    half = place_radius_m(place) / 2.0
    area = geodesic_annulus(place.lat, place.lon, inner_m=max(0.0, rng[0] - half), outer_m=rng[1] + half)
    odd = 0.5 if phrase.distance_m > ODD_OFFSET_M else 1.0
    return _result(
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


def _offshore(doc: _Doc, phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
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
    return _result(
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


def _near(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation:
    place = anchor.place
    radius = place_radius_m(place)
    area = geodesic_buffer(place.lat, place.lon, radius_m=radius + min(10_000.0, radius + 5_000.0))
    # "around Europe", "near Australia": true but says little about where.
    large = radius > 100_000.0
    return _result(
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


def _outskirts(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    radius = place_radius_m(place)
    if is_country(place) or radius > 50_000.0:
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
    return _result(
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


def _part(phrase: SpatialPhrase, anchor: ResolvedMention) -> DerivedLocation | None:
    place = anchor.place
    if place.feature_class == "H" and place.extent is None:
        return None  # a sea's gazetteer point says nothing about its shape
    area = part_of_area(place_area(place), bearing_deg=phrase.bearing_deg)
    if area.is_empty:
        return None
    pt = area.representative_point() if not area.contains(area.centroid) else area.centroid
    large = place_radius_m(place) > 25_000.0
    return _result(
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


def _between(
    phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention
) -> DerivedLocation | None:
    a, b = anchor.place, second.place
    if is_country(a) or is_country(b):
        return None  # "relations between Russia and Turkey" is not a place
    lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
    span = distance_m(a.lat, a.lon, b.lat, b.lon)
    if span > MAX_BETWEEN_M:
        return None  # "flights between London and Harare"
    if span < 1_000.0:
        area = geodesic_buffer(lat, lon, radius_m=2_000.0)
    else:
        area = corridor([(a.lat, a.lon), (b.lat, b.lon)], half_width_m=max(2_000.0, span / 4.0))
    conf = 1.0 if span <= 300_000 else 0.5
    return _result(
        phrase,
        anchor,
        lat=lat,
        lon=lon,
        area=area,
        distance=None,
        bearing=None,
        method="between",
        precision=GEO_REGION if span > 50_000 else GEO_NEAR,
        confidence=conf,
    )


def _border(
    doc: _Doc, phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention | None
) -> DerivedLocation | None:
    """A stretch of the border between two countries, buffered by 15 km.

    "on the border with Turkey" needs the other side from the sentence: a
    second country ("in Syria, on the border with Turkey") or a town whose
    country differs ("Kobani, on the border with Turkey").
    """
    code_a = anchor.place.country_code
    same_sentence = doc.same_sentence(anchor)
    towns = [m for m in same_sentence if not is_country(m.place)]
    if second is not None:
        code_b = second.place.country_code
    else:
        others = [
            m.place.country_code
            for m in same_sentence
            if is_country(m.place) and m.place.country_code != code_a
        ]
        others += [
            m.place.country_code for m in towns if m.place.country_code and m.place.country_code != code_a
        ]
        code_b = others[0] if others else ""
    if not code_a or not code_b or code_a == code_b:
        return None
    a, b = country_outline(code_a), country_outline(code_b)
    if a is None or b is None:
        return None
    line = shared_border(a, b)
    if line is None:
        return None
    if towns:
        pt = nearest_points(line, Point(towns[0].place.lon, towns[0].place.lat))[0]
    else:
        pt = line.interpolate(0.5, normalized=True)
    plane = local_plane(pt.y, pt.x)
    area = plane.geometry_to_lonlat(plane.geometry_to_xy(line).buffer(15_000.0))
    return _result(
        phrase,
        anchor,
        lat=pt.y,
        lon=pt.x,
        area=area,
        distance=None,
        bearing=None,
        method="border",
        precision=GEO_REGION,
        confidence=1.0 if towns else 0.8,
    )


def _usable(mention: ResolvedMention) -> bool:
    """Whether a mention's place has coordinates geometry can start from (gazetteer rows can be broken)."""
    p = mention.place
    return (
        math.isfinite(p.lat) and math.isfinite(p.lon) and -90.0 <= p.lat <= 90.0 and -180.0 <= p.lon <= 180.0
    )


def _build(
    doc: _Doc, phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention | None
) -> DerivedLocation | None:
    if phrase.problem or not all(_usable(m) for m in (anchor, second) if m is not None):
        return None
    rel = phrase.relation
    if rel == "offset":
        return _offset(phrase, anchor)
    if rel == "direction":
        return _direction(phrase, anchor)
    if rel == "distance":
        return _ring(phrase, anchor)
    if rel == "offshore":
        return _offshore(doc, phrase, anchor)
    if rel == "near":
        return _near(phrase, anchor)
    if rel == "outskirts":
        return _outskirts(phrase, anchor)
    if rel == "part-of-region":
        return _part(phrase, anchor)
    if rel == "between":
        return _between(phrase, anchor, second) if second is not None else None
    if rel == "border":
        return _border(doc, phrase, anchor, second)
    return None


def derive_locations(text: str, mentions: Sequence[Mention]) -> tuple[DerivedLocation, ...]:
    """Locations stated relative to resolved mentions ("22 miles off Latakia's coast").

    Parameters
    ----------
    text : str
        The article text the mentions' offsets refer to.
    mentions : sequence of Mention
        Resolved and unresolved mentions; only resolved ones anchor phrases
        (they are picked out here, once, so the builders can rely on a place).
        Seas (feature class ``H``) in the same sentence steer offshore points.

    Returns
    -------
    tuple of DerivedLocation
        In text order; at most one per anchor mention (the longest phrase).
    """
    anchors = resolved_mentions(mentions)
    if not text or not anchors:
        return ()
    doc = _Doc.build(text, anchors)
    bound: dict[int, tuple[ResolvedMention, ResolvedMention | None]] = {}
    phrases: list[SpatialPhrase] = []
    for trig in find_triggers(text):
        hit = _bind(doc, trig)
        if hit is None:
            continue
        phrase, anchor, second = hit
        phrases.append(phrase)
        bound[id(phrase)] = (anchor, second)
    out: list[DerivedLocation] = []
    for phrase in best_per_anchor(phrases):
        anchor, second = bound[id(phrase)]
        try:
            loc = _build(doc, phrase, anchor, second)
        except (SpatialError, ValueError, ShapelyError, ProjError):
            # Text is untrusted; a phrase that cannot become geometry is dropped.
            loc = None
        if loc is not None:
            out.append(loc)
    return tuple(out)
