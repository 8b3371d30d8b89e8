"""Numbers, units, hedges and compass points as they appear in news text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from mapapp.text.lexicon import COMPASS_POINTS, SMALL_NUMBERS

_ONES = MappingProxyType(SMALL_NUMBERS)
_TENS = MappingProxyType(
    {
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    }
)
_SCALES = MappingProxyType({"hundred": 100, "thousand": 1000})

_NUM_WORD = "|".join(sorted([*_ONES, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
# "twenty-two", "one hundred and fifty", "a dozen", "half a". The repeat is
# bounded so that a long run of number words cannot make matching quadratic.
WORD_NUMBER = (
    rf"(?:an?\s+(?:dozen|hundred|thousand)|half\s+an?|(?:{_NUM_WORD}))"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_NUM_WORD})\b){{0,6}}"
)
DIGIT_NUMBER = (
    r"\d+\s*/\s*[1-9]\d*|\d*[\u00bd\u00bc\u00be]|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
)
# Vague counts: value and the honest range around it.
VAGUE_COUNTS = MappingProxyType(
    {
        "a few": (3.0, 2.0, 5.0),
        "several": (5.0, 3.0, 9.0),
        "a couple of": (2.0, 1.5, 3.0),
    }
)
VAGUE = r"(?:a\s+few|several|a\s+couple\s+of)(?:\s+(?:hundred|thousand))?"
NUMBER = rf"(?:{DIGIT_NUMBER}|\b(?:{WORD_NUMBER})\b|\ban?\b)"

# Metres per unit; the regex lists longer names first so "nautical miles"
# is not read as "miles".
UNIT_METRES = MappingProxyType(
    {
        "km": 1000.0,
        "m": 1.0,
        "nmi": 1852.0,
        "mi": 1609.344,
        "yd": 0.9144,
        "ft": 0.3048,
    }
)
UNIT = (
    r"(?P<unit>nautical[\s-]+miles?|(?-i:nmi|NM|nm)|kilomet(?:re|er)s?|klicks?|"
    r"kms?|metres?|meters?|(?-i:m)|miles?|(?-i:mi)|yards?|feet|foot|ft)\b"
)

# Factors on the stated distance for (low, high) and a confidence factor.
HEDGES: Mapping[str, tuple[float, float, float]] = MappingProxyType(
    {
        "": (0.9, 1.1, 1.0),
        "about": (0.8, 1.2, 0.9),
        "around": (0.8, 1.2, 0.9),
        "some": (0.8, 1.2, 0.9),
        "roughly": (0.8, 1.2, 0.9),
        "approximately": (0.8, 1.2, 0.9),
        "approx": (0.8, 1.2, 0.9),
        "an estimated": (0.8, 1.2, 0.9),
        "nearly": (0.85, 1.0, 0.9),
        "almost": (0.85, 1.0, 0.9),
        "just under": (0.85, 1.0, 0.9),
        "barely": (0.85, 1.0, 0.9),
        "up to": (0.0, 1.0, 0.75),
        "within": (0.0, 1.0, 0.75),
        "less than": (0.0, 1.0, 0.75),
        "under": (0.0, 1.0, 0.75),
        "more than": (1.0, 1.3, 0.8),
        "over": (1.0, 1.3, 0.8),
        "at least": (1.0, 1.3, 0.8),
        "just over": (1.0, 1.15, 0.85),
    }
)
HEDGE = (
    r"(?P<hedge>about|around|some|roughly|approximately|approx\.?|an\s+estimated|"
    r"nearly|almost|just\s+under|barely|up\s+to|within|less\s+than|under|"
    r"more\s+than|over|at\s+least|just\s+over)"
)

#: The cardinal direction words; compass words in text are made of them ("north-east", "southwestern").
CARDINAL_WORDS: tuple[str, ...] = ("north", "south", "east", "west")
#: The lexicon's 16 compass points, lower case, to their bearings in degrees.
COMPASS = MappingProxyType({name.lower(): i * 22.5 for i, name in enumerate(COMPASS_POINTS)})
_DIR_PART = rf"(?:{'|'.join(CARDINAL_WORDS)})"
DIR_WORD = rf"{_DIR_PART}(?:[\s-]?{_DIR_PART}){{0,2}}"
# Upper case only ("N" is a letter, "n" is not a direction); two- and three-letter
# points are tried before the single letters they start with.
DIR_ABBR = (
    "(?-i:"
    + "|".join([p for p in COMPASS_POINTS if len(p) > 1] + [p for p in COMPASS_POINTS if len(p) == 1])
    + ")"
)


def compass_bearing(word: str) -> tuple[float, float] | None:
    """Bearing and half-width in degrees for a compass word or abbreviation.

    Cardinal and intercardinal points get +-22.5 degrees (journalists round
    to them); the 3-letter points get +-11.25.

    Examples
    --------
    >>> compass_bearing("north-east"), compass_bearing("NNW"), compass_bearing("northwestern")
    ((45.0, 22.5), (337.5, 11.25), (315.0, 22.5))
    >>> compass_bearing("northsouth") is None
    True
    """
    w = word.lower().strip()
    for suffix in ("wards", "ward", "erly", "ern"):
        if w.endswith(suffix) and len(w) > len(suffix) + 3:
            w = w[: -len(suffix)]
            break
    w = re.sub(r"[\s-]+", "", w)
    for full in CARDINAL_WORDS:
        w = w.replace(full, full[0])
    if w not in COMPASS:
        return None
    return COMPASS[w], (11.25 if len(w) == 3 else 22.5)


def words_to_number(text: str) -> float | None:
    """The value of a number written in digits or English words.

    Examples
    --------
    >>> words_to_number("twenty-two"), words_to_number("a dozen"), words_to_number("1,500")
    (22.0, 12.0, 1500.0)
    >>> words_to_number("one hundred and fifty"), words_to_number("half a"), words_to_number("a")
    (150.0, 0.5, 1.0)
    >>> words_to_number("1/2"), words_to_number("2\u00bd")
    (0.5, 2.5)
    """
    t = text.lower().strip()
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if m := re.fullmatch(r"(\d+)\s*/\s*(\d+)", t):
        return int(m.group(1)) / int(m.group(2)) if int(m.group(2)) else None
    if m := re.fullmatch(r"(\d*)([\u00bd\u00bc\u00be])", t):
        return float(m.group(1) or 0) + {"\u00bd": 0.5, "\u00bc": 0.25, "\u00be": 0.75}[m.group(2)]
    if re.fullmatch(r"half\s+an?", t):
        return 0.5
    if t in ("a", "an"):
        return 1.0
    total, current, seen = 0.0, 0.0, False
    for tok in re.split(r"[\s-]+", t):
        if tok in ("and", "a", "an"):
            continue
        if tok in _ONES:
            current += _ONES[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "dozen":
            current = max(current, 1.0) * 12
        elif tok == "hundred":
            current = max(current, 1.0) * 100
        elif tok == "thousand":
            total += max(current, 1.0) * 1000
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def unit_metres(unit: str) -> float:
    """Metres in one ``unit`` as matched by :data:`UNIT`.

    >>> unit_metres("nautical miles"), unit_metres("Kilometres"), unit_metres("mile")
    (1852.0, 1000.0, 1609.344)
    """
    u = unit.strip()
    low = u.lower()
    if low.startswith("nautical") or u in ("nmi", "NM", "nm"):
        return UNIT_METRES["nmi"]
    if low.startswith(("kilomet", "klick", "km")):
        return UNIT_METRES["km"]
    if low.startswith(("metre", "meter")) or u == "m":
        return UNIT_METRES["m"]
    if low.startswith("mile") or u == "mi":
        return UNIT_METRES["mi"]
    if low.startswith("yard"):
        return UNIT_METRES["yd"]
    return UNIT_METRES["ft"]


def normalise_hedge(hedge: str | None) -> str:
    """The key of :data:`HEDGES` for a matched hedge (whitespace folded).

    >>> normalise_hedge("Up  to"), normalise_hedge("approx."), normalise_hedge(None)
    ('up to', 'approx', '')
    """
    if not hedge:
        return ""
    return re.sub(r"\s+", " ", hedge.lower()).rstrip(".")
