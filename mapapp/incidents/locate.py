"""Choosing an event's location: the order of evidence, from the sentence's syntax outwards.

Used by :mod:`mapapp.incidents.build`; :mod:`mapapp.incidents.places` turns a
chosen mention or derived point into a :class:`~mapapp.incidents.places.Location`.
The order of preference is in :mod:`mapapp.incidents.places`' docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mapapp.incidents.places import (
    ARTICLE_FACTOR,
    DEMONYM_FACTOR,
    NO_PLACE_CONFIDENCE,
    Location,
    best_mention,
    from_derived,
    from_mention,
    is_actor,
)
from mapapp.incidents.reading import Reading
from mapapp.models import (
    GEO_REGION,
    DerivedLocation,
    GeoPrecision,
    LocationSource,
    Mention,
    ResolvedMention,
    resolved_mentions,
)

PREVIOUS_FACTOR = 0.8


DATELINE_FACTOR = 0.75


ELSEWHERE_FACTOR = 0.7


# "hurricane Harvey", "Tropical Storm Maria": the storm's name, not a place.
_HAZARD_BEFORE = re.compile(
    r"\b(?:hurricanes?|typhoons?|cyclones?|storms?|tropical\s+storms?)\s+(?:named\s+|called\s+)?$",
    re.IGNORECASE,
)


#: Recogniser labels that say the NER itself read the name as a place.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class SentencePlaces:
    """What is known about the places of one event sentence (article offsets).

    ``reading`` is the parse of the trigger's sentence (``None`` when no parser
    ran); ``previous`` the mentions of the sentence before it in the same
    paragraph; ``dateline`` the place the article is filed from
    ("COLUMBUS, Ohio (AP) -"); ``fallback`` the article's main place.
    """

    start: int
    end: int
    trigger: int
    mentions: Sequence[Mention]
    derived: Sequence[DerivedLocation] = ()
    previous: Sequence[Mention] = ()
    reading: Reading | None = None
    dateline: ResolvedMention | None = None
    fallback: ResolvedMention | None = None


def _inside(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in spans)


def _strictly_inside(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(
        a <= mention.start and mention.end <= b and (b - a) > (mention.end - mention.start) for a, b in spans
    )


def event_places(
    text: str, mentions: Sequence[Mention], reading: Reading | None
) -> tuple[list[Mention], list[Mention], list[Mention], list[Mention]]:
    """The sentence's mentions that may be the event's place, best first, in four tiers.

    ``tied``: in a locative phrase of the trigger's clause; ``clause``: other
    names in that clause the NER itself read as places (GPE, LOC, FAC);
    ``outer``: in a locative of the main clause a subordinate trigger clause
    hangs on; ``elsewhere``: NER place names elsewhere in the sentence. A participant's
    origin or role ("of Austin, Texas", "ambassador to Turkey"), a place word
    inside another name ("the Mental Health Act", "the Harrow Boys") and a
    storm's name ("hurricane Harvey") never are; a word with a person or
    common reading ("Milton", "Holland", "ACT", "MEA") counts only in a
    locative phrase.
    """
    usable = [m for m in mentions if not _HAZARD_BEFORE.search(text, max(0, m.start - 30), m.start)]
    if reading is None:
        return usable, [], [], []
    usable = [m for m in usable if not _inside(m, reading.origins) and not _strictly_inside(m, reading.names)]
    tied = [m for m in usable if _inside(m, reading.locatives)]
    named = [m for m in usable if m not in tied and m.label in _PLACE_LABELS]
    clause = [m for m in named if _inside(m, [reading.clause])]
    outer = [m for m in usable if m not in tied and m not in clause and _inside(m, reading.outer)]
    return tied, clause, outer, [m for m in named if m not in clause and m not in outer]


def _mention_location(
    text: str,
    mention: ResolvedMention,
    where: SentencePlaces,
    *,
    source: LocationSource,
    factor: float,
    in_sentence: bool,
) -> Location:
    return from_mention(
        text,
        mention,
        sentence_start=where.start,
        sentence_end=where.end,
        source=source,
        factor=factor,
        in_sentence=in_sentence,
    )


def _place_fallback(
    mention: ResolvedMention, *, source: LocationSource, factor: float, precision: GeoPrecision
) -> Location:
    place = mention.place
    return Location(
        lat=place.lat,
        lon=place.lon,
        name=place.name,
        country_code=place.country_code,
        geo_precision=precision,
        start=mention.start,
        end=mention.end,
        confidence=factor * mention.confidence,
        source=source,
        specific=False,
        in_sentence=False,
        place_id=place.id,
        admin1=place.division,
    )


def choose_location(text: str, where: SentencePlaces) -> Location:
    """The location of an event sentence (see the module docstring for the order)."""
    # A derived point anchored on a demonym ("close to Russian bases") is not a place.
    derived = [d for d in where.derived if not d.anchor.adjectival]
    if where.reading is not None:
        derived = [
            d
            for d in derived
            if _inside(d.anchor, where.reading.locatives) or not _inside(d.anchor, where.reading.origins)
        ]
    if derived:
        return from_derived(max(derived, key=lambda d: (d.confidence, -d.start)), sentence_start=where.start)
    tied, clause, outer, elsewhere = event_places(text, where.mentions, where.reading)
    for group in (tied, clause, outer):
        own = best_mention(text, group, sentence_start=where.start, trigger=where.trigger)
        if own is not None:
            return _mention_location(text, own, where, source="sentence", factor=1.0, in_sentence=True)
    previous = [
        m for m in where.previous if m.label in _PLACE_LABELS and not is_actor(text, m, sentence_start=0)
    ]
    before = best_mention(text, previous, sentence_start=0, trigger=where.trigger)
    if before is not None:
        return _mention_location(
            text, before, where, source="previous", factor=PREVIOUS_FACTOR, in_sentence=False
        )
    if where.dateline is not None:
        return _mention_location(
            text, where.dateline, where, source="dateline", factor=DATELINE_FACTOR, in_sentence=False
        )
    other = best_mention(text, elsewhere, sentence_start=where.start, trigger=where.trigger)
    if other is not None:
        return _mention_location(
            text, other, where, source="sentence", factor=ELSEWHERE_FACTOR, in_sentence=True
        )
    demonyms = [m for m in resolved_mentions(where.mentions) if m.adjectival]
    if demonyms:
        nearest = min(demonyms, key=lambda m: abs(m.start - where.trigger))
        return _mention_location(
            text, nearest, where, source="demonym", factor=DEMONYM_FACTOR, in_sentence=True
        )
    if where.fallback is not None:
        return _place_fallback(where.fallback, source="article", factor=ARTICLE_FACTOR, precision=GEO_REGION)
    return Location(
        lat=None,
        lon=None,
        name="",
        country_code="",
        geo_precision=GEO_REGION,
        start=where.start,
        end=where.start,
        confidence=NO_PLACE_CONFIDENCE,
        source="none",
        specific=False,
        in_sentence=False,
    )


_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{2,}\b")


def dateline_place(text: str, mentions: Sequence[Mention]) -> ResolvedMention | None:
    """The place an article is filed from: a capitalised name opening it ("COLUMBUS, Ohio (AP) -").

    >>> from mapapp.models import Place, ResolvedMention
    >>> ohio = Place("gn:1", "Columbus", 39.96, -83.0, "P", "PPL", "US", "OH", 900000, None, "t")
    >>> m = ResolvedMention("COLUMBUS", 0, 8, "GPE", ohio, 0.9)
    >>> dateline_place("COLUMBUS, Ohio (AP) - Fans cheered.", [m]).place.name
    'Columbus'
    >>> dateline_place("Fans in COLUMBUS cheered.", [m]) is None
    True
    """
    match = _DATELINE.match(text)
    if match is None:
        return None
    return next(
        (
            m
            for m in resolved_mentions(mentions)
            if m.start == 0 and m.end <= match.end() + 1 and not m.adjectival
        ),
        None,
    )
