"""Choosing an event's location: the order of evidence, from the sentence's syntax outwards.

Used by :mod:`mapapp.incidents.build`; :mod:`mapapp.incidents.places` turns a
chosen mention or derived point into a :class:`~mapapp.incidents.places.Location`.
The order of preference is in :mod:`mapapp.incidents.places`' docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from mapapp.incidents.lists import before_party, conjoined, other_reporters
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
    Entity,
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


# "three hurricanes struck: Harvey, Irma and Maria": a list of the storms' names.
_HAZARD_LIST = re.compile(
    r"\b(?:hurricanes|typhoons|cyclones|storms)\b[^.;:]{0,60}:\s*(?:[A-Z][\w'’-]*,?\s+(?:and\s+)?){0,4}$"
)


#: Recogniser labels that say the NER itself read the name as a place.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def person_words(entities: Sequence[Entity]) -> frozenset[str]:
    """The words of the article's person names: "Tyler" once "James Tyler Williams" is named
    is the man, and counts as a place only where the syntax says so ("in Tyler").

    >>> sorted(person_words([Entity(0, 20, "PERSON", "James Tyler Williams")]))
    ['James', 'Tyler', 'Williams']
    """
    return frozenset(w for e in entities if e.label == "PERSON" for w in e.text.split() if w[:1].isupper())


# "West Nile virus", "Reston ebolavirus", "Rift Valley fever": a disease named after a place.
_DISEASE_AFTER = re.compile(
    r"[\s-]+(?:[A-Z]\w+\s+)?(?:virus|ebolavirus|fever|flu|influenza|disease|encephalitis|strain)\b"
)


def named_places(text: str, mentions: Sequence[Mention], *, persons: frozenset[str]) -> list[Mention]:
    """The mentions that may stand for where an article's events are: not a word of a
    person's name, not a storm's or a disease's name (the article's fallback place and its
    dateline are chosen among these)."""
    return [m for m in mentions if m.text not in persons and not _storm_name(text, m)]


def _storm_name(text: str, mention: Mention) -> bool:
    """Whether the name is a storm's or a disease's, not where the event is."""
    lo = max(0, mention.start - 120)
    return bool(
        _HAZARD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
        or _HAZARD_LIST.search(text[lo : mention.start])
        or _DISEASE_AFTER.match(text, mention.end)
    )


def _read_as_place(mention: Mention, persons: frozenset[str]) -> bool:
    """Whether the NER read the name as a place and it is not a word of a person's name."""
    return mention.label in _PLACE_LABELS and mention.text not in persons


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
    persons: frozenset[str] = frozenset()
    #: The event is a disease's cases, which are where the body reporting them speaks for ("the
    #: health ministry of Brazil announced ... two new cases"): its place outranks the sentence before.
    reported: bool = False


def _inside(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in spans)


def _strictly_inside(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(
        a <= mention.start and mention.end <= b and (b - a) > (mention.end - mention.start) for a, b in spans
    )


class EventPlaces(NamedTuple):
    """The sentence's mentions that may be the event's place, in four tiers (best first), and
    those a list of places may take in."""

    tied: list[Mention]
    clause: list[Mention]
    outer: list[Mention]
    elsewhere: list[Mention]
    listable: list[Mention]


def event_places(
    text: str,
    mentions: Sequence[Mention],
    reading: Reading | None,
    *,
    persons: frozenset[str] = frozenset(),
    reported: bool = False,
) -> EventPlaces:
    """The sentence's mentions that may be the event's place, best first, in four tiers.

    ``tied``: in a locative phrase of the trigger's clause; ``clause``: other
    names in that clause the NER itself read as places (GPE, LOC, FAC);
    ``outer``: in a locative of the main clause a subordinate trigger clause
    hangs on; ``elsewhere``: NER place names elsewhere in the sentence. A participant's
    origin or role ("of Austin, Texas", "ambassador to Turkey"), a place word
    inside another name ("the Mental Health Act", "the Harrow Boys"), a
    storm's name ("hurricane Harvey") and a name placed only at the article's main place
    never are; a word with a person or
    common reading ("Milton", "Holland", "ACT", "MEA"), or that is a word of a
    person's name in the article (``persons``), counts only in a locative phrase.
    With ``reported`` (a disease's cases) a reporting body's place is no origin.
    ``listable``: the names an item of a list of places may be, whatever the NER read them
    as (the list itself says they are places), but not a place naming a party of another
    clause ("..., and Chicago police were told").
    """
    usable = [m for m in mentions if not _storm_name(text, m) and not m.placed_at_focus]
    if reading is None:
        return EventPlaces(usable, [], [], [], usable)
    origins = [o for o in reading.origins if o not in reading.reporters] if reported else reading.origins
    usable = [m for m in usable if not _inside(m, origins) and not _strictly_inside(m, reading.names)]
    tied = [m for m in usable if _inside(m, reading.locatives)]
    named = [m for m in usable if m not in tied and _read_as_place(m, persons)]
    clause = [m for m in named if _inside(m, [reading.clause])]
    outer = [m for m in usable if m not in tied and m not in clause and _inside(m, reading.outer)]
    near = {id(m) for m in (*tied, *clause, *outer)}
    listable = [m for m in usable if id(m) in near or (m.text not in persons and not before_party(text, m))]
    return EventPlaces(
        tied, clause, outer, [m for m in named if m not in clause and m not in outer], listable
    )


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


_APPOSED = re.compile(r"[\s,(]*(?:(?:which|that)\s+is\s+|(?:some|about|around|roughly)\s+|in\s+(?:the\s+)?)?")


def _described_by(text: str, derived: DerivedLocation, mentions: Sequence[Mention]) -> ResolvedMention | None:
    """The place a derived phrase only describes: "a farm near Västerås, some 80 kilometres
    west of Stockholm" happened at Västerås, which the distance merely situates."""
    for m in resolved_mentions(mentions):
        if (
            m.end <= derived.start
            and not m.adjectival
            and m.place.feature_class in ("P", "S")
            and m.place.id != derived.anchor.place.id
            and _APPOSED.fullmatch(text, m.end, derived.start)
        ):
            return m
    return None


#: A list of this many places far apart, beside the event's own place, is where it spread.
SPREAD_LIST = 3


def spread_list(text: str, own: ResolvedMention, tiers: EventPlaces) -> list[ResolvedMention]:
    """A list of places elsewhere in the trigger's clause, far from its own place: "the outbreak,
    which started in Mexico, has spread, with cases reported in the United States, Canada and
    Spain" (one trigger, told again at each listed place)."""
    near = {id(m) for m in (*tiers.tied, *tiers.clause)}
    for head in sorted(resolved_mentions(tiers.listable), key=lambda m: m.start):
        if id(head) not in near or head.place.id == own.place.id or head.adjectival:
            continue
        chain = [head, *conjoined(text, head, tiers.listable)]
        if len(chain) >= SPREAD_LIST:
            return [m for m in chain if m.place.id != own.place.id]
    return []


def _own_place(text: str, where: SentencePlaces, tiers: EventPlaces) -> Location | None:
    """The best place the sentence ties to the event, with the places its phrase coordinates."""
    for group in (tiers.tied, tiers.clause, tiers.outer):
        own = best_mention(text, group, sentence_start=where.start, trigger=where.trigger)
        if own is None:
            continue
        found = _sentence_location(text, own, where)
        # "Michigan, Oregon ... and Utah all report cases": the places the phrase lists, read
        # from the words (a parse often hangs a long list's items on other heads)
        listed = conjoined(text, own, tiers.listable) or spread_list(text, own, tiers)
        if where.reported:  # "..., while Kansas and Texas have each reported two cases"
            listed = [
                *listed,
                *other_reporters(text, (where.start, where.end), where.mentions, taken=[own, *listed]),
            ]
        return replace(found, also=tuple(_sentence_location(text, m, where) for m in listed))
    return None


def _sentence_location(text: str, mention: ResolvedMention, where: SentencePlaces) -> Location:
    return _mention_location(text, mention, where, source="sentence", factor=1.0, in_sentence=True)


def _derived_location(text: str, where: SentencePlaces) -> Location | None:
    """The sentence's best derived location ("22 miles off Latakia"), if it has one of its own."""
    # A derived point anchored on a demonym ("close to Russian bases") is not a place.
    derived = [d for d in where.derived if not d.anchor.adjectival]
    if where.reading is not None:
        derived = [
            d
            for d in derived
            if _inside(d.anchor, where.reading.locatives) or not _inside(d.anchor, where.reading.origins)
        ]
    if not derived:
        return None
    best = max(derived, key=lambda d: (d.confidence, -d.start))
    named = _described_by(text, best, where.mentions)
    if named is not None:
        return _sentence_location(text, named, where)
    return from_derived(best, sentence_start=where.start)


def _town_inside(text: str, where: SentencePlaces, derived: Location) -> Location:
    """A part of a region ("northern Japan") gives way to a place of that country the sentence
    ties to the event ("in the city of Kitaakita ... of northern Japan", "in central China's
    Hunan and Hubei provinces")."""
    if not derived.part_of_region:
        return derived
    tiers = event_places(text, where.mentions, where.reading, persons=where.persons, reported=where.reported)
    own = _own_place(text, where, tiers)
    # a part's outline is rough ("central China" is drawn around its anchor's point): the
    # country decides, as it does for a retelling's town (merge._refines)
    if own is None or not own.specific or own.country_code != derived.country_code:
        return derived
    return own


def choose_location(text: str, where: SentencePlaces) -> Location:
    """The location of an event sentence (see the module docstring for the order)."""
    derived = _derived_location(text, where)
    if derived is not None:
        return _town_inside(text, where, derived)
    tiers = event_places(text, where.mentions, where.reading, persons=where.persons, reported=where.reported)
    own_place = _own_place(text, where, tiers)
    if own_place is not None:
        return own_place
    other = best_mention(text, tiers.elsewhere, sentence_start=where.start, trigger=where.trigger)
    beside = (
        None
        if other is None
        else _mention_location(
            text, other, where, source="sentence", factor=ELSEWHERE_FACTOR, in_sentence=True
        )
    )
    if where.reported and beside is not None and other is not None:
        # a disease's cases are where the body reporting them speaks for
        others = other_reporters(text, (where.start, where.end), where.mentions, taken=[other])
        return replace(beside, also=tuple(_sentence_location(text, m, where) for m in others))
    previous = [
        m
        for m in where.previous
        if _read_as_place(m, where.persons)
        and not _storm_name(text, m)
        and not is_actor(text, m, sentence_start=0)
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
    if beside is not None:
        return beside
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
