"""Where an incident happened: choosing one place among those a sentence names.

Used by :mod:`mapapp.incidents.build`. Order of preference:

1. a derived location ("22 miles off Latakia's coast") inside the sentence;
2. the most specific resolved, non-adjectival mention tied to the event by the
   sentence's syntax (a locative of the trigger's clause, see
   :mod:`mapapp.incidents.reading`); then the other mentions the NER read as
   places. Never a participant's origin ("of Austin, Texas"), a place word
   inside another name ("the Mental Health Act"), or an actor ("Moscow said").
   Exact places (GeoNames classes P and S) beat regions, seas and provinces,
   which beat countries; among equals one after "in/at/near/off/on", then the
   one nearest the trigger. "Latakia province" is the province;
3. the same choice in the previous sentence of the same paragraph;
4. the article's dateline ("COLUMBUS, Ohio (AP) -");
5. a demonym of the sentence ("Syrian targets"), at country precision;
6. the article's most mentioned specific place, at region precision;
7. nothing: no coordinates.

Each step lowers the location's confidence factor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mapapp.models import (
    GEO_NEAR,
    GEO_REGION,
    DerivedLocation,
    GeoPrecision,
    IncidentPlace,
    LocationSource,
    Mention,
    Place,
    ResolvedMention,
    resolved_mentions,
)

RANK_EXACT, RANK_REGION, RANK_COUNTRY = 0, 1, 2
DEMONYM_FACTOR = 0.6
ARTICLE_FACTOR = 0.5
NO_PLACE_CONFIDENCE = 0.3

_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|near|off|on|outside|around|into|inside|across|towards?|over)\s+"
    r"(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A place name acting as a subject ("Moscow would look into ...", "Kyiv said")
# stands for its government: an actor, not where the event happened.
_ACTOR_AFTER = re.compile(
    r"(?:'s)?\s+(?:(?:has|have|had|is|was|also|later|then|never|quickly|since|not)\s+){0,2}"
    r"(?:said|says|say|would|will|could|may|might|must|should|denied|denies|deny|claimed|claims"
    r"|announced|announces|accused|accuses|warned|warns|insisted|insists|blamed|blames|responded"
    r"|intervened|interfered|demanded|demands|rejected|rejects|condemned|condemns|vowed|vows"
    r"|threatened|threatens|confirmed|confirms|urged|urges|called|calls|wants|believes)\b",
    re.IGNORECASE,
)
_AGENT_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_REGION_WORDS = (
    r"(?:province|governorate|region|district|county|oblast|prefecture|department"
    r"|municipality)"
)
_REGION_AFTER = re.compile(r"\s+" + _REGION_WORDS + r"\b", re.IGNORECASE)
# "state" only inside a recognised name ("Borno State"): after a name it is
# usually "state media", "state television".
_REGION_AT_END = re.compile(r"\s(?:" + _REGION_WORDS + r"|state)\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Location:
    """The chosen location of an incident; ``start``/``end`` are article offsets.

    ``source`` says which rule chose it ("derived", "sentence", "previous",
    "demonym", "article", "none"); ``specific`` whether it is more precise
    than a whole country; ``confidence`` the factor applied to the event's
    confidence; ``in_sentence`` whether the span lies in the snippet.
    """

    lat: float | None
    lon: float | None
    name: str
    country_code: str
    geo_precision: GeoPrecision
    start: int
    end: int
    confidence: float
    source: LocationSource
    specific: bool
    in_sentence: bool
    place_id: str = ""
    derived: DerivedLocation | None = None
    #: Places far apart coordinated with this one ("in Khartoum and Al Jazirah"): the same
    #: event happened there too, each its own incident.
    also: tuple[Location, ...] = ()
    admin1: str = ""
    #: A whole first-level division or a part of one ("a Southern California park", "in
    #: southern Indiana"): the town the story names right after it may be where it happened.
    division: bool = False

    @property
    def part_of_region(self) -> bool:
        """Whether the location is a part of a region ("northern Japan", "central China"): cut
        from its anchor's rough outline, so vaguer than a town the text names inside it."""
        return self.derived is not None and self.derived.method == "part-of-region"


def place_rank(place: Place) -> int:
    """0 for an exact place, 1 for a region (or sea, area), 2 for a country or continent.

    >>> from mapapp.models import Place
    >>> place_rank(Place("cc:SY", "Syria", 35.0, 38.0, "A", "PCLI", "SY", "", 0, None, "t"))
    2
    >>> place_rank(Place("gn:1", "Latakia", 35.5, 35.8, "P", "PPL", "SY", "", 0, None, "t"))
    0
    """
    if place.is_country or place.feature_code == "CONT":
        return RANK_COUNTRY
    if place.feature_class in ("P", "S"):
        return RANK_EXACT
    return RANK_REGION


def _after_preposition(text: str, sentence_start: int, mention: Mention) -> bool:
    return bool(_PREPOSITION_BEFORE.search(text[max(sentence_start, mention.start - 40) : mention.start]))


def is_actor(text: str, mention: Mention, *, sentence_start: int) -> bool:
    """Whether a place name is used for its government ("Moscow would ...").

    >>> from mapapp.models import Mention
    >>> t = "Moscow would look into it."
    >>> is_actor(t, Mention("Moscow", 0, 6, "GPE", None, 1.0), sentence_start=0)
    True
    >>> t = "Shells hit Moscow on Monday."
    >>> is_actor(t, Mention("Moscow", 11, 17, "GPE", None, 1.0), sentence_start=0)
    False
    """
    if _AGENT_BEFORE.search(text, max(sentence_start, mention.start - 30), mention.start):
        return True
    if _after_preposition(text, sentence_start, mention):
        return False
    return bool(_ACTOR_AFTER.match(text, mention.end, mention.end + 40))


def _region_of(text: str, mention: ResolvedMention, sentence_end: int) -> tuple[Place, int] | None:
    """The division a "<name> province" phrase means, and where the phrase ends."""
    suffix = _REGION_AFTER.match(text, mention.end, sentence_end)
    if suffix is None or place_rank(mention.place) == RANK_COUNTRY:
        return None
    if mention.place.feature_class == "A" and mention.place.feature_code.startswith("ADM"):
        return mention.place, suffix.end()
    for alt in mention.alternatives:
        if alt.feature_class == "A" and alt.feature_code.startswith("ADM"):
            return alt, suffix.end()
    return mention.place, suffix.end()  # the named place stands for its region


def from_mention(
    text: str,
    mention: ResolvedMention,
    *,
    sentence_start: int,
    sentence_end: int,
    source: LocationSource,
    factor: float,
    in_sentence: bool,
) -> Location:
    place = mention.place
    rank = place_rank(place)
    actor = in_sentence and is_actor(text, mention, sentence_start=sentence_start)
    name, end, precision = place.name, mention.end, mention.precision
    region = _region_of(text, mention, sentence_end) if in_sentence else None
    # "a Southern California park" may be narrowed to the town named next; "Latakia province"
    # says the writer meant the whole division
    division = place.is_division and not mention.adjectival
    if region is not None:
        place, end = region
        name, precision, rank, division = text[mention.start : end], GEO_REGION, RANK_REGION, False
    elif place.feature_class == "A" and rank == RANK_REGION and _REGION_AT_END.search(mention.text):
        # the recogniser took "Latakia province" whole: the reader's words beat
        # the gazetteer's transliteration ("Al Lādhiqīyah")
        name, precision, division = mention.text, GEO_REGION, False
    if rank == RANK_COUNTRY or mention.adjectival:
        precision = GEO_REGION
    return Location(
        lat=place.lat,
        lon=place.lon,
        name=name,
        country_code=place.country_code,
        geo_precision=precision,
        start=mention.start,
        end=end,
        confidence=factor * mention.confidence,
        source=source,
        specific=rank < RANK_COUNTRY and not mention.adjectival and not actor,
        in_sentence=in_sentence,
        place_id=place.id,
        admin1=place.division,
        division=division and not actor,
    )


def _rank_as_named(mention: ResolvedMention) -> tuple[int, bool]:
    """:func:`place_rank` of a mention, and whether it is a guess: a name the gazetteer does not
    know, placed at a town named next to it ("States" beside "New York"), is only as precise
    as a region, and less sure than a region named."""
    rank = place_rank(mention.place)
    return (max(rank, RANK_REGION) if mention.guessed else rank), mention.guessed


def best_mention(
    text: str, mentions: Sequence[Mention], *, sentence_start: int, trigger: int
) -> ResolvedMention | None:
    """The resolved, non-adjectival mention most likely to be where the event happened."""
    usable = [m for m in resolved_mentions(mentions) if not m.adjectival]
    if not usable:
        return None
    return min(
        usable,
        key=lambda m: (
            is_actor(text, m, sentence_start=sentence_start),
            *_rank_as_named(m),
            not _after_preposition(text, sentence_start, m),
            abs(m.start - trigger),
        ),
    )


def article_fallback(mentions: Sequence[Mention]) -> ResolvedMention | None:
    """The article's most mentioned specific (non-country) place, first among ties."""
    usable = [
        m for m in resolved_mentions(mentions) if not m.adjectival and place_rank(m.place) < RANK_COUNTRY
    ]
    if not usable:
        return None
    counts = Counter(m.place.id for m in usable)
    top = max(counts.values())
    return next(m for m in usable if counts[m.place.id] == top)


#: How far after its report a place may be that tells where a country-wide event was.
NEXT_PLACE_CHARS = 200


# An event the report spreads over its country: no one place of it is where it was.
WIDESPREAD = re.compile(
    r"\b(?:across|throughout|nationwide|countrywide|portions?\s+of|parts\s+of|much\s+of|all\s+over)\b",
    re.IGNORECASE,
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


def within_country(
    text: str, location: Location, mentions: Sequence[Mention], *, report: tuple[int, int] | None = None
) -> Location:
    """A country-wide location narrowed to the one exact place the article names in that
    country ("killed by a buried bomb in Syria" in a story that names only Manbij there),
    at "near" precision, or to the one it names most (twice at least), or to the one named
    right after the ``report`` (its sentence's span); unchanged when the article names none,
    or several as often far from the report, or when the report spreads the event over the
    country ("across", "parts of").

    A first-level division (:attr:`Location.division`) is narrowed only to the place named
    right after the report ("a Southern California park ... at Whittier's Penn Park"): a
    state's story names its capital and its officials' towns as often as the event's.

    A place named for its government ("Damascus said") does not count.
    """
    if (location.specific and not location.division) or not location.country_code or location.lat is None:
        return location
    named = [
        m
        for m in resolved_mentions(mentions)
        if not m.adjectival
        and place_rank(m.place) == RANK_EXACT
        and m.place.country_code == location.country_code
        and (not location.admin1 or m.place.division == location.admin1)
        and not is_actor(text, m, sentence_start=max(0, m.start - 200))
    ]
    counts = Counter(m.place.id for m in named).most_common(2)
    # the one place named there, the one named right after the report ("reported in the UK.
    # The case involves a farm near Ipswich"), or the one the story keeps coming back to
    if report is not None and WIDESPREAD.search(text, *report):
        return location
    end = report[1] if report is not None else None
    after = [m for m in named if end is not None and 0 <= m.start - end < NEXT_PLACE_CHARS]
    if (len(counts) == 2 or location.division) and after:
        mention = after[0]
    elif location.division:
        return location
    elif len(counts) == 1 or (counts and counts[0][1] >= 2 and counts[0][1] > counts[1][1]):
        mention = next(m for m in named if m.place.id == counts[0][0])
    else:
        return location
    return Location(
        lat=mention.place.lat,
        lon=mention.place.lon,
        name=mention.place.name,
        country_code=mention.place.country_code,
        geo_precision=GEO_NEAR,
        start=mention.start,
        end=mention.end,
        confidence=location.confidence * ARTICLE_FACTOR / DEMONYM_FACTOR * mention.confidence,
        source="article",
        specific=True,
        in_sentence=False,
        place_id=mention.place.id,
        admin1=mention.place.division,
    )


def from_derived(derived: DerivedLocation, *, sentence_start: int) -> Location:
    place = derived.anchor.place
    return Location(
        lat=derived.lat,
        lon=derived.lon,
        name=derived.text,
        country_code=place.country_code,
        geo_precision=derived.precision,
        start=derived.start,
        end=derived.end,
        confidence=derived.confidence,
        source="derived",
        specific=True,
        in_sentence=True,
        place_id=place.id,
        derived=derived,
        admin1=place.division,
        division=derived.method == "part-of-region" and place.is_division,
    )


def snippet_places(mentions: Sequence[Mention], *, offset: int) -> tuple[IncidentPlace, ...]:
    """The resolved mentions of a snippet, with spans relative to it (unplaced ones are skipped)."""
    return tuple(
        IncidentPlace(
            name=m.place.name,
            lat=m.place.lat,
            lon=m.place.lon,
            country_code=m.place.country_code,
            confidence=round(m.confidence, 4),
            start=m.start - offset,
            end=m.end - offset,
        )
        for m in resolved_mentions(mentions)
    )


__all__ = [
    "Location",
    "article_fallback",
    "best_mention",
    "is_actor",
    "place_rank",
    "snippet_places",
]
