"""Places one phrase lists: where the same event also happened, each its own incident.

"Shelling in Idlib and Hama", "cases in Illinois (22), Indiana (10) and Iowa (8)", "three in
Texas, two in Kansas, and one case in Ohio": the words between the names say they are a list,
which the dependency parse often splits over several heads. Used by
:mod:`mapapp.incidents.locate`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mapapp.gazetteer import haversine_km
from mapapp.incidents import cues
from mapapp.models import Mention, Place, ResolvedMention, resolved_mentions

_COUNT = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|dozens|hundreds)"
)
# between two listed places: a count in brackets ("Illinois (22 cases), Indiana"), a comma or
# "and", a repeated preposition ("in Ohio and in Utah"), with a count of its own ("three in
# Texas, two in Kansas, and one case in Ohio")
_JOINER = re.compile(
    r"(?:\s*\([^()]{1,40}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)"
    r"(?:(?:" + _COUNT + r"\s+(?:(?:new\s+)?(?:cases?|deaths?|people|patients|infections?)\s+)?"
    r"(?:apiece\s+|each\s+)?)?(?:in|at)\s+)?(?:the\s+)?\Z",
    re.IGNORECASE,
)
#: Places of one phrase this far apart are separate events ("strikes on Idlib and Hama").
APART_KM = 50.0


def conjoined(text: str, own: ResolvedMention, mentions: Sequence[Mention]) -> list[ResolvedMention]:
    """The places coordinated with ``own`` in one phrase ("in Khartoum and Al Jazirah"),
    each far from the others: where the same event also happened, as a separate incident.

    A list joined only by commas ("Springfield, Illinois") is a place and its region,
    never a coordination; so is a place's own division or country.
    """
    ordered = sorted((m for m in resolved_mentions(mentions) if not m.adjectival), key=lambda m: m.start)
    if own not in ordered:
        return []
    at = ordered.index(own)
    steps = [*_walk(text, ordered, at, step=-1), *_walk(text, ordered, at, step=1)]
    if not any(re.search(r"\b(?:and|or|well)\b", joiner) for _, joiner in steps):
        return []
    return _apart([m for m, _ in steps], taken=[own])


def _walk(
    text: str, ordered: Sequence[ResolvedMention], at: int, *, step: int
) -> list[tuple[ResolvedMention, str]]:
    """The places listed before (``step`` -1) or after (1) ``ordered[at]``, each with the words
    joining it to the list."""
    out: list[tuple[ResolvedMention, str]] = []
    i = at
    while 0 <= i + step < len(ordered):
        a, b = sorted((ordered[i], ordered[i + step]), key=lambda m: m.start)
        joiner = _JOINER.match(text, a.end, b.start) if a.end <= b.start else None
        if joiner is None or joiner.end() != b.start:
            break
        i += step
        out.append((ordered[i], joiner.group(0)))
    return out


def _apart(places: Sequence[ResolvedMention], *, taken: Sequence[ResolvedMention]) -> list[ResolvedMention]:
    """``places`` in order, without those in the region of one taken or kept before them."""
    kept: list[ResolvedMention] = []
    for m in places:
        if not any(same_region(m.place, p.place) for p in [*taken, *kept]):
            kept.append(m)
    return kept


def same_region(a: Place, b: Place) -> bool:
    """Whether two listed places are one event's place: one contains the other (its country or
    division), or they lie within :data:`APART_KM`."""
    if _contains(a, b) or _contains(b, a):
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= APART_KM


# A clause opening on its subject: the sentence's start, or a comma, semicolon, "and", "while"
# or "whereas" before it, with an adverbial of its own ("Thus far,", "and on January 23,").
_CLAUSE_OPENER = re.compile(
    r"(?:\A|[,;]\s*(?:and\s+|but\s+|while\s+|whereas\s+)?|\b(?:while|whereas)\s+)"
    r"(?:(?:on|in|by|since|as\s+of|thus\s+far|so\s+far|meanwhile|earlier|later|also)\b[^,;]{0,30},\s*)?"
    r"(?:the\s+)?\Z",
    re.IGNORECASE,
)
# "... has confirmed at least thirteen cases", "... have each reported two confirmed cases",
# "... announced its fourth case": the subject reports cases of its own.
_REPORTS_CASES = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:(?:also|now|each|today|recently|so\s+far|since|\w+ly)\s+)*"
    r"(?:announced|confirmed|reported|recorded|registered|detected|identified)\b[^.;:]{0,60}?"
    r"\b(?:cases?|deaths?|outbreaks?|infections?|incidents?)\b",
    re.IGNORECASE,
)


def reporting_places(
    text: str, sentence: tuple[int, int], mentions: Sequence[Mention]
) -> list[ResolvedMention]:
    """The places a sentence names as the subjects of their own reports of cases: "California
    has confirmed at least thirteen cases, three in Texas ...", "..., while Kansas and Texas
    have each reported two confirmed cases". Each is where a disease's cases are, beside the
    places the trigger's own phrase names.

    >>> from mapapp.models import Place, ResolvedMention
    >>> def at(name, start, lat):
    ...     return ResolvedMention(name, start, start + len(name), "GPE",
    ...                            Place("gn:" + name, name, lat, 0.0, "A", "ADM1", "US", name[:2], 0, None, ""), 1.0)
    >>> text = "Ohio has 7 cases, while Kansas and Texas have each reported two confirmed cases."
    >>> [m.text for m in reporting_places(text, (0, len(text)), [at("Ohio", 0, 40.0),
    ...     at("Kansas", 24, 38.5), at("Texas", 35, 31.0)])]
    ['Kansas', 'Texas']
    """
    start, end = sentence
    inside = sorted(
        (m for m in resolved_mentions(mentions) if start <= m.start and m.end <= end and not m.adjectival),
        key=lambda m: m.start,
    )
    found: list[ResolvedMention] = []
    for m in inside:
        if m in found or not _CLAUSE_OPENER.search(text[start : m.start]):
            continue
        chain = [m, *(listed for listed, _ in _walk(text, inside, inside.index(m), step=1))]
        last = max(chain, key=lambda x: x.end)
        if _REPORTS_CASES.match(text, last.end, end):
            found.extend(x for x in chain if x not in found)
    return found


def other_reporters(
    text: str, sentence: tuple[int, int], mentions: Sequence[Mention], *, taken: Sequence[ResolvedMention]
) -> list[ResolvedMention]:
    """The sentence's places reporting cases of their own (:func:`reporting_places`) that are
    not the region of a place already ``taken``: a state's health department reports its towns'
    cases."""
    return _apart(reporting_places(text, sentence, mentions), taken=taken)


def _contains(outer: Place, inner: Place) -> bool:
    """Whether ``outer`` is ``inner``'s country or first-level division."""
    if outer.country_code != inner.country_code:
        return False
    if outer.is_country or outer.feature_code == "CONT":
        return True
    return outer.feature_code == "ADM1" and outer.admin1 != "" and outer.admin1 == inner.admin1


_NEXT_WORD = re.compile(r"\s+([a-z]+)")


def before_party(text: str, mention: Mention) -> bool:
    """Whether a name modifies the people after it ("and Chicago police were told"): a party
    of another clause, not an item of the list before it.

    >>> from mapapp.models import Mention
    >>> before_party("and Chicago police were told", Mention("Chicago", 4, 11, "GPE", None, 1.0))
    True
    >>> before_party("and Chicago on Monday", Mention("Chicago", 4, 11, "GPE", None, 1.0))
    False
    """
    word = _NEXT_WORD.match(text, mention.end)
    return word is not None and (word.group(1) in cues.PERSON_NOUNS or word.group(1) in cues.AUTHORITIES)
