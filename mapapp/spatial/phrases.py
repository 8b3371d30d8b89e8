"""Find spatial phrases ("22 miles off X's coast", "near X") with offsets.

Parsing is split in two. :func:`find_triggers` finds the words that come
*before* an anchor ("20 km north of ", "on the outskirts of ") and where the
anchor must start. The anchor itself is then either a resolved mention (in
:mod:`mapapp.spatial.derive`) or, for the mention-free
:func:`parse_spatial_phrases`, a run of capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

from mapapp.spatial.numbers import (
    CARDINAL_WORDS,
    DIR_ABBR,
    DIR_WORD,
    HEDGE,
    HEDGES,
    NUMBER,
    UNIT,
    VAGUE,
    VAGUE_COUNTS,
    compass_bearing,
    normalise_hedge,
    unit_metres,
    words_to_number,
)

#: What a spatial phrase says about its anchor; see :class:`SpatialPhrase`.
SpatialRelation: TypeAlias = Literal[
    "offset",
    "direction",
    "distance",
    "offshore",
    "near",
    "outskirts",
    "border",
    "between",
    "part-of-region",
]

_NEG = r"(?P<neg>(?<![\w.,])[-\u2212\u2013]\s?(?=\d)|minus\s+)?"
_QTY = (
    rf"(?:{HEDGE}\s+)?{_NEG}(?:(?P<vague>{VAGUE})|(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|\u2013|to|or)\s*(?P<num2>{NUMBER}))?)\s*(?:-\s*)?{UNIT}"
    r"(?:\s*\([^()]{0,40}\))?"
    r"(?:\s+(?:stretch|zone|radius|area|strip)(?:\s+of\s+(?:sea|water|coast(?:line)?))?)?"
    r"(?:\s+(?:away|further|farther|out))?,?"
)
_OFFSET = rf"{_QTY}\s+(?:to\s+the\s+)?(?:due\s+)?(?P<dir>{DIR_WORD}|{DIR_ABBR})(?:wards?)?\s+(?:of|from)\s+"
_OFFSHORE_N = (
    rf"{_QTY}\s+off(?:shore)?(?:\s+from)?\s+(?:the\s+)?"
    r"(?P<coastof>(?:coast(?:line)?|shores?)\s+(?:of|off)\s+)?"
)
_DISTANCE = rf"{_QTY}\s+from\s+"
_OFFSHORE = (
    r"\b(?:(?:in\s+)?(?:the\s+)?(?P<waters>waters)\s+)?off(?:shore\s+from)?\s+(?:the\s+)?"
    r"(?P<coastof>(?:coast(?:line)?|shores?)\s+(?:of|off)\s+)?"
)
_DIRECTION = rf"(?<![\w-])(?<!the\s)(?P<dir>{DIR_WORD})\s+of\s+"
# The adjective must be lower case: "Eastern Cape", "Northern Ireland" and
# "Western Australia" are names, "northern Syria" is a part of Syria.
_PART = (
    rf"(?<![\w-])(?:the\s+)?(?:far\s+)?(?-i:(?=[a-z]))(?:(?P<dir>{DIR_WORD})ern|(?P<central>central))\s+"
    r"(?:(?:part|parts|region|area)\s+of\s+)?"
    rf"|(?<![\w-])the\s+(?:far\s+)?(?P<dir2>{DIR_WORD}|centre|center)\s+(?:part\s+|region\s+)?of\s+"
)
_OUTSKIRTS = (
    rf"(?<![\w-])(?:the\s+)?(?:(?P<dir>{DIR_WORD})(?:ern)?\s+)?"
    r"(?:outskirts|suburbs|edges?|fringes?|periphery|outside)\s+of\s+"
    r"|\b(?:just\s+)?outside\s+(?:of\s+)?"
)
# Not "nearby X" (that is X itself: "in nearby Idlib province") nor "Near East".
_NEAR = (
    r"\b(?:near|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|"
    rf"in\s+the\s+area\s+of|around)\s+(?!(?-i:{'|'.join(w.capitalize() for w in CARDINAL_WORDS)})\b)"
)
_BORDER = (
    r"\b(?:on|along|at|near|close\s+to|by|across|over)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:border|frontier)\s+(?P<with>with|of|between)\s+"
)
_BETWEEN = r"\bbetween\s+(?:the\s+(?:cities|towns|villages)\s+of\s+)?"

# Order matters only for ties; longer matches win in derive.
_TRIGGERS: tuple[tuple[SpatialRelation, str], ...] = (
    ("offset", _OFFSET),
    ("offshore", _OFFSHORE_N),
    ("offshore", _OFFSHORE),
    ("distance", _DISTANCE),
    ("direction", _DIRECTION),
    ("part-of-region", _PART),
    ("outskirts", _OUTSKIRTS),
    ("near", _NEAR),
    ("border", _BORDER),
    ("between", _BETWEEN),
)

# What may sit between a trigger and its anchor.
ANCHOR_GAP = re.compile(
    r"\s*(?:the\s+)?(?:(?:city|town|village|port|province|governorate|region|"
    r"district|island|coastal\s+city|coastal\s+town)\s+of\s+)?(?:the\s+)?",
    re.I,
)
# "the northern city of Irbid" names Irbid itself, so a part-of-region
# trigger takes its anchor right away.
PART_GAP = re.compile(r"\s*", re.I)
# After an anchor: "'s coast", " coast", "'s shores".
COAST_SUFFIX = re.compile(r"(?:['\u2019]s?)?\s+(?:coast(?:line)?|shores?|coastal\s+waters)\b", re.I)
AND_GAP = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?", re.I)
_NAME = re.compile(
    r"(?:(?:al|el|ad|as|ar|an|ash|at|az)-)?[A-Z][\w\u2019'-]*"
    r"(?:\s+(?:(?:al|el|de|del|of|la|le|bin|ibn)[\s-]+)?(?:(?:al|el)-)?[A-Z][\w-]*){0,5}"
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """The words before an anchor and what they say about the location."""

    start: int
    end: int
    relation: SpatialRelation
    distance_m: float | None
    distance_range: tuple[float, float] | None
    bearing_deg: float | None
    bearing_half_width: float | None
    hedge: str
    problem: str
    coast_word: bool
    confidence: float


@dataclass(frozen=True, slots=True)
class SpatialPhrase:
    """A spatial phrase: where it is, what relation it states, and its anchor.

    ``distance_range`` is ``(low, high)`` in metres; ``relation`` is one of
    ``offset``, ``direction``, ``distance`` (no bearing), ``offshore``, ``near``, ``outskirts``,
    ``border``, ``between``, ``part-of-region``. ``problem`` is non-empty for
    input that must not be turned into geometry ("negative distance").
    """

    start: int
    end: int
    text: str
    relation: SpatialRelation
    distance_m: float | None
    distance_range: tuple[float, float] | None
    bearing_deg: float | None
    bearing_half_width: float | None
    hedge: str
    anchor_start: int | None
    anchor_end: int | None
    anchor2_start: int | None = None
    anchor2_end: int | None = None
    problem: str = ""
    confidence: float = 1.0


def _compiled() -> tuple[tuple[SpatialRelation, re.Pattern[str]], ...]:
    return tuple((rel, re.compile(pat, re.I)) for rel, pat in _TRIGGERS)


def _quantity(m: re.Match[str]) -> tuple[float | None, tuple[float, float] | None, str, str, float]:
    """Distance, range, hedge, problem and confidence factor of a match."""
    hedge = normalise_hedge(m.group("hedge"))
    lo_f, hi_f, conf = HEDGES.get(hedge, (0.8, 1.2, 0.9))
    per = unit_metres(m.group("unit"))
    if m.group("vague"):
        words = re.sub(r"\s+", " ", m.group("vague").lower())
        count, _, scale = words.rpartition(" ")
        # "several hundred metres": the count words, then an optional scale word.
        count, scale = (count, scale) if scale in ("hundred", "thousand") else (words, "")
        factor = per * {"hundred": 100.0, "thousand": 1000.0}.get(scale, 1.0)
        value, lo, hi = VAGUE_COUNTS[count]
        return value * factor, (lo * factor, hi * factor), words, "", 0.7 * conf
    first = words_to_number(m.group("num"))
    if first is None:
        return None, None, hedge, "unreadable number", 0.0
    problem = "negative distance" if m.group("neg") else ""
    if m.group("num2"):
        second = words_to_number(m.group("num2"))
        if second is None or second < first:
            return None, None, hedge, "unreadable range", 0.0
        lo, hi = first * per * 0.95, second * per * 1.05
        return (first + second) / 2.0 * per, (lo, hi), hedge, problem, 0.9 * conf
    dist = first * per
    if dist <= 0:
        problem = problem or "zero distance"
    lo, hi = dist * lo_f, dist * hi_f
    if lo_f == 0.0:
        # "up to N": the honest point is the middle of what is allowed.
        dist = dist / 2.0
    return dist, (lo, hi), hedge, problem, conf


def find_triggers(text: str) -> tuple[Trigger, ...]:
    """All spatial triggers in ``text``; each ends where its anchor must start.

    Examples
    --------
    >>> [t.relation for t in find_triggers("hit 22 miles off Latakia's coast")]
    ['offshore', 'offshore']
    >>> t = find_triggers("some 40 km north-east of Aleppo")[0]
    >>> t.relation, t.distance_m, t.bearing_deg, t.hedge, t.distance_range
    ('offset', 40000.0, 45.0, 'some', (32000.0, 48000.0))
    """
    found: list[Trigger] = []
    for relation, pattern in _compiled():
        for m in pattern.finditer(text):
            groups = m.groupdict()
            dist = rng = None
            hedge, problem, conf = "", "", 1.0
            if "unit" in groups and groups.get("unit"):
                dist, rng, hedge, problem, conf = _quantity(m)
            bearing = half = None
            dir_text = groups.get("dir") or groups.get("dir2")
            if dir_text:
                if dir_text.lower() in ("centre", "center"):
                    groups["central"] = dir_text
                else:
                    cb = compass_bearing(dir_text)
                    if cb is None:
                        continue
                    bearing, half = cb
            if relation == "part-of-region" and groups.get("central"):
                bearing, half = None, None
            found.append(
                Trigger(
                    start=m.start(),
                    end=m.end(),
                    relation=relation,
                    distance_m=dist,
                    distance_range=rng,
                    bearing_deg=bearing,
                    bearing_half_width=half,
                    hedge=hedge,
                    problem=problem,
                    coast_word=bool(groups.get("coastof") or groups.get("waters")),
                    confidence=conf,
                )
            )
    return tuple(found)


def anchor_gap(relation: SpatialRelation | None) -> re.Pattern[str]:
    """What may separate a trigger of ``relation`` from its anchor."""
    return PART_GAP if relation == "part-of-region" else ANCHOR_GAP


def _heuristic_anchor(text: str, pos: int, relation: SpatialRelation) -> tuple[int, int] | None:
    gap = anchor_gap(relation).match(text, pos)
    start = gap.end() if gap else pos
    m = _NAME.match(text, start)
    if not m:
        return None
    end = m.end()
    # "Latakia's" -> "Latakia"
    name = text[start:end]
    for poss in ("'s", "\u2019s"):
        if name.endswith(poss):
            end -= len(poss)
    return start, end


def phrase_from(
    text: str, trig: Trigger, anchor: tuple[int, int], anchor2: tuple[int, int] | None = None
) -> SpatialPhrase | None:
    """Join a trigger and its anchor(s) into a phrase, or None if they do not fit."""
    end = anchor2[1] if anchor2 else anchor[1]
    relation = trig.relation
    if relation == "offshore":
        suffix = COAST_SUFFIX.match(text, anchor[1])
        if suffix:
            end = suffix.end()
        elif not trig.coast_word and trig.distance_m is None:
            # Bare "off X" is too often not about the sea ("took off Gaza").
            return None
    if relation == "between" and anchor2 is None:
        return None
    if (
        relation == "border"
        and anchor2 is None
        and text[trig.start : trig.end].lower().rstrip().endswith("between")
    ):
        return None
    return SpatialPhrase(
        start=trig.start,
        end=end,
        text=text[trig.start : end],
        relation=relation,
        distance_m=trig.distance_m,
        distance_range=trig.distance_range,
        bearing_deg=trig.bearing_deg,
        bearing_half_width=trig.bearing_half_width,
        hedge=trig.hedge,
        anchor_start=anchor[0],
        anchor_end=anchor[1],
        anchor2_start=anchor2[0] if anchor2 else None,
        anchor2_end=anchor2[1] if anchor2 else None,
        problem=trig.problem,
        confidence=trig.confidence,
    )


def best_per_anchor(phrases: list[SpatialPhrase]) -> tuple[SpatialPhrase, ...]:
    """Keep, for each anchor, the longest phrase (the most specific)."""
    best: dict[int, SpatialPhrase] = {}
    for p in phrases:
        key = p.anchor_start if p.anchor_start is not None else -1 - p.start
        cur = best.get(key)
        if cur is None or (p.end - p.start) > (cur.end - cur.start):
            best[key] = p
    return tuple(sorted(best.values(), key=lambda p: p.start))


def parse_spatial_phrases(text: str) -> tuple[SpatialPhrase, ...]:
    """Spatial phrases in ``text``, anchors found as capitalised names.

    A trigger with no capitalised name after it ("20 km north of the
    city") yields a phrase with ``anchor_start`` None.

    Examples
    --------
    >>> p = parse_spatial_phrases("The aircraft was hit 22 miles off Latakia's coast.")[0]
    >>> p.text, p.relation, round(p.distance_m), p.anchor_start
    ("22 miles off Latakia's coast", 'offshore', 35406, 34)
    >>> parse_spatial_phrases("fighting 20 km north of the city")[0].anchor_start is None
    True
    """
    out: list[SpatialPhrase] = []
    for trig in find_triggers(text):
        anchor = _heuristic_anchor(text, trig.end, trig.relation)
        if anchor is None:
            if trig.distance_m is not None or trig.problem:
                out.append(
                    SpatialPhrase(
                        start=trig.start,
                        end=trig.end,
                        text=text[trig.start : trig.end].rstrip(),
                        relation=trig.relation,
                        distance_m=trig.distance_m,
                        distance_range=trig.distance_range,
                        bearing_deg=trig.bearing_deg,
                        bearing_half_width=trig.bearing_half_width,
                        hedge=trig.hedge,
                        anchor_start=None,
                        anchor_end=None,
                        problem=trig.problem or "no anchor",
                        confidence=0.0,
                    )
                )
            continue
        anchor2 = None
        if trig.relation == "between" or text[trig.start : trig.end].lower().rstrip().endswith("between"):
            gap = AND_GAP.match(text, anchor[1])
            anchor2 = _heuristic_anchor(text, gap.end(), "between") if gap else None
        phrase = phrase_from(text, trig, anchor, anchor2)
        if phrase is not None:
            out.append(phrase)
    return best_per_anchor(out)
