"""Known-looking shorter names inside a name the gazetteer lacks.

"Dubai World Cup" is in Dubai and "University of California" in
California: the resolver's fallback looks these up when the whole name is
unknown. Generic words (street, university, stade), direction words and a
saint's name ("St. Michael's Hospital") are never such a name on their own, nor are
words for a kind of natural feature ("River", "Lake").
"""

from __future__ import annotations

from mapapp.geoparse.words import NOT_PLACES
from mapapp.text.lexicon import DIRECTION_WORDS

GENERIC_WORDS = frozenset(
    """
county city province state university college school street road avenue hospital church cathedral mosque temple
airport museum park center centre institute square bridge station stadium hall district region valley camp base
estate village town international memorial market port harbour harbor beach mall hotel club prison palace world cup
bank embassy consulate ministry library
the of and for at in on de la le du des area metro metropolitan national st ste saint mt mount ft fort
stade estadio stadio
""".split()
)
# Words for a kind of natural feature: a part of a name ("Mississippi River", "Lake Louise"), never a
# name alone, though the gazetteer knows them as some town's alternate name ("River", "Lake").
_FEATURE_WORDS = frozenset(
    """
river rivers lake lakes creek brook stream canal falls spring springs mountain mountains hill hills peak
canyon gorge island islands isle bay sea gulf ocean strait channel coast cape point peninsula desert forest
glacier reservoir dam pond delta
""".split()
)
_SAINT_WORDS = frozenset({"st", "st.", "ste", "ste.", "saint", "sainte", "san", "santa", "sao", "são"})


def sub_queries(name: str) -> list[str]:
    """Known-looking shorter names inside an unknown one, longest first.

    >>> sub_queries("University of California")
    ['California']
    >>> sub_queries("Southern California")
    ['California']
    >>> sub_queries("Dubai World Cup")
    ['Dubai']
    >>> sub_queries("St. Michael's Hospital")
    []
    """
    words = name.replace("’", "'").split()
    queries: list[str] = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            piece = words[start : start + size]
            lowered = [w.lower().strip(".,'") for w in piece]
            if any(w in GENERIC_WORDS or w in DIRECTION_WORDS for w in (lowered[0], lowered[-1])):
                continue
            if all(w in _FEATURE_WORDS for w in lowered):
                continue
            if size == 1 and (lowered[0] in NOT_PLACES or lowered[0] in _SAINT_WORDS):
                continue
            if not piece[0][:1].isupper():
                continue
            if start > 0 and words[start - 1].lower() in _SAINT_WORDS:
                continue  # "St. Michael's": a saint's name, not a place named Michael
            queries.append(" ".join(piece))
    return queries
