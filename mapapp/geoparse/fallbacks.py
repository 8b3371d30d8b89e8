"""Where to put a name the gazetteer does not know, and why.

The resolver asks this module only once a name has no candidate good enough
("Royal Street", "Dubai World Cup"). Streets, buildings and venues are
almost always in a place the article names next to them, so the nearest
such place comes first; a known name inside the unknown one comes second
because it is often an eponym ("Hampton Avenue") or a whole region
("California State University"); the article's main place comes last. Each
answer is an approximation, marked so in its precision, confidence and
reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from mapapp.gazetteer import haversine_km
from mapapp.geoparse.kinds import ends_with_admin_word
from mapapp.geoparse.recognize import Span
from mapapp.models import FOCUS_GUESS, GEO_NEAR, GEO_REGION, GUESS_MARK, Place, ResolvedMention

#: How far (in characters) a place may be named from an unknown name and still contain it.
NEARBY_CHARS = 150
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]*[A-Z]")
# Confidence of each fallback: a neighbour is better evidence than the article's main place.
NEAR_CONFIDENCE = 0.2
INSIDE_FACTOR = 0.6
FOCUS_CONFIDENCE = 0.15
# A town or site is a better main place than a division, and a division than a country.
_FOCUS_RANK = MappingProxyType({"P": 3, "S": 3})
#: A place this close to another of the article's places is supported by it (see :func:`in_the_story`).
SUPPORT_KM = 250.0
MIN_SUPPORTERS = 2
#: A place named this close after a name ("X in Y", "X, Y") is taken as its container, supported or not.
RIGHT_AFTER_CHARS = 5


@dataclass(frozen=True, slots=True)
class Placed:
    """A name the resolver placed with confidence: its spans, place and context score."""

    spans: tuple[Span, ...]
    place: Place
    score: float


class Located(NamedTuple):
    """Where a specific place is named, the place, and whether the article supports it."""

    start: int
    place: Place
    supported: bool


@dataclass(frozen=True, slots=True)
class SubnameMatch:
    """A known name found inside an unknown one ("Dubai" in "Dubai World Cup"), as resolved."""

    query: str
    place: Place
    score: float
    alternatives: tuple[Place, ...]


def unknown_reason(namesake: Place | None) -> str:
    """Why a name was not placed by itself: unknown, or known only as a namesake far from the story."""
    if namesake is None:
        return "not in the gazetteer"
    return f"only a distant namesake is known ({namesake.name}, {namesake.country_code})"


def fallback_mentions(
    spans: Sequence[Span],
    *,
    text: str = "",
    located: Sequence[Located],
    focus: Place | None,
    subname: Callable[[], SubnameMatch | None],
    unknown: str,
) -> list[tuple[Span, ResolvedMention | None]]:
    """Each span of an unknown name with the mention a fallback gives it (``None``: no fallback applies).

    ``located`` is :func:`located_spans`, ``focus`` :func:`focus_place`;
    ``subname`` finds a known name inside the unknown one. It costs
    gazetteer queries, so it is called only when some span has no place
    named next to it.
    """
    # "Sichuan province" is Sichuan, whatever town is named beside it
    inside = subname() if spans and ends_with_admin_word(spans[0].text) else None
    nears = [(span, None if inside else nearest_located(span, located, text=text)) for span in spans]
    if inside is None and any(near is None for _, near in nears):
        inside = subname()
    return [
        (span, fallback_mention(span, near=near, inside=inside, focus=focus, unknown=unknown))
        for span, near in nears
    ]


def in_the_story(placed: Sequence[Placed]) -> list[Placed]:
    """The placed names that the rest of the article supports, to place unknown names by.

    A town that shares neither its province (or, without one, its country)
    with another place of the article, nor lies within :data:`SUPPORT_KM` of
    one, is likely a namesake picked wrongly ("Stonewall County", Texas, in a
    story about northern Virginia; "Tsu", Japan, beside Auckland): streets and
    venues named next to it are not put there. An article needs at least
    :data:`MIN_SUPPORTERS` other places to say so.
    """
    if len(placed) <= MIN_SUPPORTERS:
        return list(placed)
    return [
        p
        for p in placed
        if not is_specific(p.place) or any(_supports(q.place, p.place) for q in placed if q is not p)
    ]


def _supports(other: Place, place: Place) -> bool:
    """Whether another place of the article vouches for a place: its country, province or a neighbour."""
    if other.country_code != place.country_code:
        return False
    if other.is_country or not place.admin1 or other.admin1 == place.admin1:
        return True
    return haversine_km(other.lat, other.lon, place.lat, place.lon) <= SUPPORT_KM


def located_spans(placed: Sequence[Placed]) -> list[Located]:
    """Every mention resolved to a town, site or small division, in text order, and whether the
    rest of the article supports its place (:func:`in_the_story`).

    Only these can contain a street or a building; a country or province next
    to a name says too little about where it is.
    """
    supported = {id(p) for p in in_the_story(placed)}
    located = [
        Located(span.start, p.place, id(p) in supported)
        for p in placed
        if is_specific(p.place)
        for span in p.spans
    ]
    return sorted(located, key=lambda item: item.start)


def nearest_located(span: Span, located: Sequence[Located], *, text: str = "") -> Place | None:
    """The specific place named closest to a span (within :data:`NEARBY_CHARS`), preferring one after it.

    A place the article does not support is taken only when it is named right
    after the span ("Collins Avenue in Miami Beach"), which reads as its container.
    A place named in a later sentence of ``text`` contains nothing of this one ("... distributed
    by Wright County Eggs. The eggs were sold under the labels Lucerne").
    """
    best: tuple[float, Place] | None = None
    for start, place, supported in located:
        gap = start - span.end if start >= span.end else span.start - start
        if gap < 0 or gap > NEARBY_CHARS:
            continue
        if text and start >= span.end and _SENTENCE_END.search(text, span.end, start):
            continue
        if not supported and not (start >= span.end and gap <= RIGHT_AFTER_CHARS):
            continue
        # "Royal Street in New Orleans": a place right after the name is usually its container.
        weight = gap * (0.5 if start >= span.end else 1.0)
        if best is None or weight < best[0]:
            best = (weight, place)
    return best[1] if best else None


def focus_place(placed: Sequence[Placed]) -> Place | None:
    """The article's main place: the most mentioned specific place, else division, else country."""
    best: tuple[int, int, float, str] | None = None
    chosen: Place | None = None
    for p in placed:
        place = p.place
        level = _FOCUS_RANK.get(place.feature_class, 2 if place.feature_code in ("ADM1", "ADM2") else 1)
        key = (level, len(p.spans), p.score, place.id)
        if best is None or key > best:
            best, chosen = key, place
    return chosen


def fallback_mention(
    span: Span, *, near: Place | None, inside: SubnameMatch | None, focus: Place | None, unknown: str
) -> ResolvedMention | None:
    """A placed mention for an unknown name, or ``None`` when nothing can place it.

    ``unknown`` says why the name itself was not placed; the reason adds
    where the mention was put instead, so a reviewer sees both.
    """
    if near is not None:
        return ResolvedMention(
            text=span.text,
            start=span.start,
            end=span.end,
            label=span.label,
            place=near,
            confidence=NEAR_CONFIDENCE,
            precision=GEO_NEAR,
            reason=f"{unknown}{GUESS_MARK}{near.name}, named next to it",
        )
    if inside is not None:
        return ResolvedMention(
            text=span.text,
            start=span.start,
            end=span.end,
            label=span.label,
            place=inside.place,
            confidence=round(min(inside.score, 1.0) * INSIDE_FACTOR, 4),
            alternatives=inside.alternatives,
            precision=GEO_NEAR,
            reason=f"{unknown}{GUESS_MARK}'{inside.query}' named inside it",
        )
    if focus is not None:
        return ResolvedMention(
            text=span.text,
            start=span.start,
            end=span.end,
            label=span.label,
            place=focus,
            confidence=FOCUS_CONFIDENCE,
            precision=GEO_REGION,
            reason=f"{unknown}{GUESS_MARK}{FOCUS_GUESS}{focus.name}",
        )
    return None


def is_specific(place: Place) -> bool:
    """Whether a place is a town, a site or a district: specific enough to place a street or a building by."""
    return place.feature_class in ("P", "S") or place.feature_code == "ADM2"
