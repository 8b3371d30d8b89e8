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
    chain = [own]
    joined_by_and = False
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(ordered):
            a, b = sorted((ordered[i], ordered[i + step]), key=lambda m: m.start)
            joiner = _JOINER.match(text, a.end, b.start) if a.end <= b.start else None
            if joiner is None or joiner.end() != b.start:
                break
            joined_by_and = joined_by_and or bool(re.search(r"\b(?:and|or|well)\b", joiner.group(0)))
            i += step
            chain.append(ordered[i])
    if not joined_by_and:
        return []
    picked: list[ResolvedMention] = []
    for m in chain[1:]:
        if _contains(m.place, own.place) or _contains(own.place, m.place):
            continue
        if all(
            haversine_km(m.place.lat, m.place.lon, p.place.lat, p.place.lon) > APART_KM
            for p in [own, *picked]
        ):
            picked.append(m)
    return picked


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
