"""What the words around a capitalised name say about whether it is a place.

The scanner accepts a name the gazetteer knows only when the place is
important enough (:data:`~mapapp.geoparse.recognize.MIN_SCAN_WEIGHT`):
GeoNames has villages called "Police" and "Mobile". Local news, though,
names small towns and counties, and the words next to such a name often
say it is a place whatever its size:

* "X County", "X Parish": the kind word is part of a county's name;
* "X Police Department", "X County Sheriff's Office", "X Public Schools":
  a local government's or service's name starts with the place it serves
  (the organisation is kept as the span's context);
* "in X", "near X", "outside X": a preposition of place before the name.

A name that names a disease ("West Nile virus", "Lyme disease") is no place
however it is spelt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from mapapp.gazetteer.names import normalize_name
from mapapp.geoparse.subnames import GENERIC_WORDS
from mapapp.geoparse.words import NOT_PLACES
from mapapp.text.datelines import is_dateline

#: The floor for a known name with one of the cues above (a town of some 2,000 people, any county).
MIN_CUED_WEIGHT = 0.45

# Last words of a county's own name.
_COUNTY_WORDS = ("County", "Parish", "Borough")
# Words that, right after a place's name, make it the name of that place's own government or service.
_INSTITUTION = re.compile(
    r"\s+(?:County\s+|City\s+|Town\s+|Township\s+|Village\s+)?"
    r"(?:Sheriff['\u2019]?s?|Police|Fire|Public\s+Schools|Public\s+Library|School\s+District|Schools"
    r"|Unified|Community\s+Schools|City\s+Council|County\s+Council|Council|Board\s+of|Commissioners?"
    r"|Department\s+of|Dept\.?\s+of|Health\s+Department|Emergency|EMS|Transit|Municipal|Township|Court)\b"
)
_PLACE_PREPOSITION = re.compile(
    r"(?:(?:^|[^\w'])(?:in|near|outside|outskirts\s+of)|\b\d{1,3},\s+(?:of|from))\s+$"
)
# "Heze city", "Esperance residents", "the Dadaab camps": a word after the name says it names a place.
_KIND_AFTER = re.compile(
    r"[ \t]+(?:city|town|village|villages|township|province|state|district|suburb|residents?|camps)\b(?![-\u2019'])"
)
# "the village of X", "a town called X": the text says what kind of place the name is.
_KIND_OF_PLACE = re.compile(
    r"\b(?:village|villages|town|towns|city|cities|township|hamlet|community|district|suburb|municipality"
    r"|province|county|region|neighbou?rhood)\s+(?:of|called|named)\s+$",
    re.IGNORECASE,
)
# Words a cue does not make places: times of the year ("in October", "in Spring") and generic words
# ("State Police", "City Council", "County Commissioner").
_NOT_CUED = frozenset(
    """
january february march april may june july august september october november december spring summer autumn
fall winter monday tuesday wednesday thursday friday saturday sunday new old olympic regional royal
""".split()
)
# "said Noma", "Noma told": a verb of saying next to a name makes it a person's.
_SAYING_BEFORE = re.compile(r"\b(?:said|says|told|asked|added)[ \t]+$")
_SAYING_AFTER = re.compile(r"[ \t]+(?:said|says|told|asked|added)\b")
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sen|Rep|Gov|Prof|Sgt|Capt|Lt|Judge|Senator|Governor|Mayor|Sir|Dame)\.?[ \t]+$"
)
# Weather patterns named in Spanish that gazetteers know as villages.
_PHENOMENA = frozenset({"el nino", "la nina"})
# "A/California/7/2009": a virus strain's name, the place it was isolated between slashes before a number.
_STRAIN_BEFORE = re.compile(r"\b[A-D]\([A-Z]\d?N?\d?\)/$|\b[A-D]/$")
_STRAIN_AFTER = re.compile(r"/\d")
_DISEASE = re.compile(
    r"[\s-]+(?:ha?emorrhagic\s+)?(?:virus|viruses|fever|disease)(?!\s+season)\b", re.IGNORECASE
)


def county_name(name: str) -> bool:
    """Whether a name ends with the word that makes it a county's.

    >>> county_name("Polk County"), county_name("County"), county_name("Polk")
    (True, False, False)
    """
    first, _, last = name.rpartition(" ")
    return bool(first) and last in _COUNTY_WORDS


def institution_after(text: str, end: int) -> bool:
    """Whether the words after ``end`` make the name before them a local institution's.

    >>> s = "the Slidell Police Department said"
    >>> institution_after(s, 11), institution_after("Slidell police said", 7)
    (True, False)
    >>> institution_after("Walker County Sheriff's Office", 6)
    True
    """
    return _INSTITUTION.match(text, end) is not None


def place_preposition_before(text: str, start: int) -> bool:
    """Whether a preposition of place comes right before ``start``.

    >>> place_preposition_before("a fire in Slidell", 10), place_preposition_before("said Slidell", 5)
    (True, False)
    """
    return _PLACE_PREPOSITION.search(text, max(0, start - 16), start) is not None


def place_kind_after(text: str, end: int) -> bool:
    """Whether a word right after ``end`` says the name before it is a place's ("Heze city").

    >>> place_kind_after("in Heze city alone", 7), place_kind_after("Esperance residents said", 9)
    (True, True)
    >>> place_kind_after("Heze City Council", 4), place_kind_after("Smith said", 5)
    (False, False)
    """
    return _KIND_AFTER.match(text, end) is not None


def place_cue_before(text: str, start: int) -> bool:
    """Whether the words before ``start`` say a place's name follows ("in", "the village of").

    >>> place_cue_before("the village of Kampungu", 15), place_cue_before("said Kampungu", 5)
    (True, False)
    """
    return (
        place_preposition_before(text, start)
        or _KIND_OF_PLACE.search(text, max(0, start - 30), start) is not None
    )


_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)?"
# "Polk, Story and Dallas counties": bare names in a list that the plural kind word ends.
_COUNTY_LIST = re.compile(rf"\b({_NAME}(?:,\s+{_NAME})*,?\s+(?:and|or)\s+{_NAME})\s+(counties|parishes)\b")
_LIST_ITEM = re.compile(_NAME)


def county_list(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, county's name)`` of each bare name a plural "counties" or "parishes" ends.

    >>> s = "Rain flooded Polk, Story and Dallas counties on Monday."
    >>> [(s[a:b], q) for a, b, q in county_list(s)]
    [('Polk', 'Polk County'), ('Story', 'Story County'), ('Dallas', 'Dallas County')]
    >>> county_list("Orleans and Jefferson parishes")[1]
    (12, 21, 'Jefferson Parish')
    """
    found = []
    for match in _COUNTY_LIST.finditer(text):
        word = "County" if match.group(2) == "counties" else "Parish"
        for item in _LIST_ITEM.finditer(text, match.start(1), match.end(1)):
            name = item.group().rstrip(",.")
            found.append((item.start(), item.start() + len(name), f"{name} {word}"))
    return found


def no_place(text: str, start: int, end: int) -> bool:
    """Whether a name, whatever the gazetteer says, names no place here: a disease named after one
    ("West Nile virus"), a weather pattern ("El Niño"), a single letter ("R&D"), a person's name
    after a title ("Mr Paterson").

    >>> no_place("a strong El Niño", 9, 16), no_place("in R&D", 5, 6), no_place("in Niño", 3, 7)
    (True, True, False)
    """
    return (
        end - start < 2
        or names_a_disease(text, end)
        or names_a_strain(text, start, end)
        or after_honorific(text, start)
        # (normalising costs more than the rest: only names of two short words can be these)
        or (end - start <= 8 and normalize_name(text[start:end]) in _PHENOMENA)
    )


def after_honorific(text: str, start: int) -> bool:
    """Whether a title of a person comes right before ``start``: "Mr Paterson", "Sen. Warren".

    >>> after_honorific("said Mr Paterson", 8), after_honorific("Gov. Austin", 5), after_honorific("in Austin", 3)
    (True, True, False)
    """
    return _HONORIFIC.search(text, max(0, start - 12), start) is not None


def speaker(text: str, start: int, end: int) -> bool:
    """Whether a verb of saying right before or after the name makes it a person's ("said Noma").

    >>> speaker("as said Noma today", 8, 12), speaker("Noma told us", 0, 4), speaker("in Noma today", 3, 7)
    (True, True, False)
    """
    return (
        _SAYING_BEFORE.search(text, max(0, start - 8), start) is not None
        or _SAYING_AFTER.match(text, end) is not None
    )


def names_a_strain(text: str, start: int, end: int) -> bool:
    """Whether the name is the place part of a virus strain's name ("A/California/7/2009").

    >>> s = "a virus like A/California/7/2009 (H1N1)"
    >>> names_a_strain(s, 15, 25), names_a_strain("flights to California/Nevada", 11, 21)
    (True, False)
    """
    return _STRAIN_AFTER.match(text, end) is not None and (
        _STRAIN_BEFORE.search(text, max(0, start - 8), start) is not None
    )


def names_a_disease(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a disease's ("West Nile virus", "Lyme disease").

    >>> names_a_disease("cases of West Nile virus", 18), names_a_disease("West Nile flooding", 9)
    (True, False)
    >>> names_a_disease("Marburg haemorrhagic fever", 7)
    True
    """
    return _DISEASE.match(text, end) is not None


def cued_floor(text: str, start: int, end: int, *, floor: float) -> float:
    """The importance a known name at ``text[start:end]`` needs here: lower with a cue of place.

    >>> cued_floor("a fire in Slidell", 10, 17, floor=0.6), cued_floor("said Slidell", 5, 12, floor=0.6)
    (0.45, 0.6)
    >>> cued_floor("the village of Pulawy", 15, 21, floor=0.6), cued_floor("in October", 3, 10, floor=0.6)
    (0.0, 0.6)
    """
    name = text[start:end]
    if is_dateline(text, start, end):
        return min(floor, MIN_CUED_WEIGHT)
    if name.isupper() or _generic(name):
        return floor
    if _KIND_OF_PLACE.search(text, max(0, start - 30), start):
        return 0.0
    if (
        county_name(name)
        or institution_after(text, end)
        or place_preposition_before(text, start)
        or place_kind_after(text, end)
    ):
        return min(floor, MIN_CUED_WEIGHT)
    return floor


def _generic(name: str) -> bool:
    """Whether a name starts with a word no cue makes a place ("State Police", "in October").

    >>> _generic("State Police"), _generic("October"), _generic("Slidell")
    (True, True, False)
    """
    first = name.split()[0].lower()
    return first in _NOT_CUED or first in GENERIC_WORDS or first in NOT_PLACES


# "Neo-natal Intensive Care Unit (NICU)", "Department of Health (DOH)": a phrase, then its abbreviation.
_SPELT_OUT = re.compile(
    r"((?:[A-Z][\w'\u2019-]*\s+(?:(?:of|and|for|the|on)\s+)?)*[A-Z][\w'\u2019-]*)\s*\(([A-Z]{2,6})\)"
)


def spelt_out_abbreviations(text: str) -> dict[str, str]:
    """Abbreviation -> the phrase the text spells it out as ("Bureau of Animal Industry (BAI)").

    The phrase is the run of last words before the parenthesis whose initials,
    with or without those of "of", "and" and the like, spell the abbreviation.

    >>> spelt_out_abbreviations("the Neo-natal Intensive Care Unit (NICU) and the Department of Health (DOH)")
    {'NICU': 'Neo-natal Intensive Care Unit', 'DOH': 'Department of Health'}
    >>> spelt_out_abbreviations("the Bureau of Animal Industry (BAI) said; Asia (UN)")
    {'BAI': 'Bureau of Animal Industry'}
    """
    found: dict[str, str] = {}
    for match in _SPELT_OUT.finditer(text):
        words, abbreviation = match.group(1).split(), match.group(2)
        for first in range(len(words)):
            tail = words[first:]
            every = "".join(w[0] for w in tail).upper()
            capitals = "".join(w[0] for w in tail if w[0].isupper())
            if abbreviation in (every, capitals) and tail[0][0].isupper():
                found.setdefault(abbreviation, " ".join(tail))
                break
    return found


def abbreviations_of_no_place(text: str, *, known: Callable[[str], Mapping[str, float]]) -> frozenset[str]:
    """The abbreviations the text spells out as a phrase that is no place's name or alias (``known``
    gives a name's gazetteer weights): "NICU" once "Neo-natal Intensive Care Unit (NICU)" is read, but
    never "DRC" after "Democratic Republic of Congo (DRC)".

    >>> abbreviations_of_no_place("the Intensive Care Unit (ICU) of Gaza (G)", known=lambda name: {})
    frozenset({'ICU'})
    """
    return frozenset(
        short
        for short, phrase in spelt_out_abbreviations(text).items()
        if not {"name", "alias"} & known(phrase).keys()
    )
