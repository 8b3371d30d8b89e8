"""Turn spatial phrases around resolved mentions into DerivedLocations.

Every relation yields a point and an honest uncertainty area (lon/lat
shapely geometry built in a local AEQD plane). Bad input (negative or
absurd distances, phrases with no resolved anchor) yields nothing; odd but
possible input (an offset of 800 km, "off" an inland city) yields a result
with lowered confidence. Nothing here raises on article text.

This module binds triggers to their anchors (:mod:`~mapapp.spatial.anchors`)
and hands each phrase to its relation's builder
(:mod:`~mapapp.spatial.builders`, :mod:`~mapapp.spatial.borders`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pyproj.exceptions import ProjError
from shapely.errors import ShapelyError

from mapapp.errors import SpatialError
from mapapp.models import DerivedLocation, Mention, ResolvedMention, resolved_mentions
from mapapp.spatial.anchors import AnchorDoc, sentence_bounds
from mapapp.spatial.borders import MAX_BETWEEN_M, between_location, border_location
from mapapp.spatial.builders import (
    DEFAULT_OFFSHORE_M,
    MAX_OFFSET_M,
    ODD_OFFSET_M,
    direction_location,
    near_location,
    offset_location,
    offshore_location,
    outskirts_location,
    part_location,
    ring_location,
)
from mapapp.spatial.phrases import (
    AND_GAP,
    COAST_SUFFIX,
    SpatialPhrase,
    Trigger,
    best_per_anchor,
    find_triggers,
    phrase_from,
)

__all__ = [
    "DEFAULT_OFFSHORE_M",
    "MAX_BETWEEN_M",
    "MAX_OFFSET_M",
    "ODD_OFFSET_M",
    "derive_locations",
    "sentence_bounds",
]


def _bind(
    doc: AnchorDoc, trig: Trigger
) -> tuple[SpatialPhrase, ResolvedMention, ResolvedMention | None] | None:
    anchor = doc.mention_at(trig.end, relation=trig.relation)
    if anchor is None:
        return None
    # A demonym modifies the next noun ("close to Russian bases"); it anchors
    # only "off the Syrian coast".
    if anchor.adjectival and not (trig.relation == "offshore" and COAST_SUFFIX.match(doc.text, anchor.end)):
        return None
    second = None
    if trig.relation in ("between", "border"):
        gap = AND_GAP.match(doc.text, anchor.end)
        if gap:
            second = doc.mention_at(gap.end())
    phrase = phrase_from(
        doc.text, trig, (anchor.start, anchor.end), (second.start, second.end) if second else None
    )
    if phrase is None:
        return None
    return phrase, anchor, second


def _usable(mention: ResolvedMention) -> bool:
    """Whether a mention's place has coordinates geometry can start from (gazetteer rows can be broken)."""
    p = mention.place
    return (
        math.isfinite(p.lat) and math.isfinite(p.lon) and -90.0 <= p.lat <= 90.0 and -180.0 <= p.lon <= 180.0
    )


def _build(
    doc: AnchorDoc, phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention | None
) -> DerivedLocation | None:
    """The location a bound phrase states, from its relation's builder; None when it states none."""
    if phrase.problem or not all(_usable(m) for m in (anchor, second) if m is not None):
        return None
    rel = phrase.relation
    if rel == "offset":
        return offset_location(phrase, anchor)
    if rel == "direction":
        return direction_location(phrase, anchor)
    if rel == "distance":
        return ring_location(phrase, anchor)
    if rel == "offshore":
        return offshore_location(doc, phrase, anchor)
    if rel == "near":
        return near_location(phrase, anchor)
    if rel == "outskirts":
        return outskirts_location(phrase, anchor)
    if rel == "part-of-region":
        return part_location(phrase, anchor)
    if rel == "between":
        return between_location(phrase, anchor, second) if second is not None else None
    if rel == "border":
        return border_location(doc, phrase, anchor, second)
    return None


def derive_locations(text: str, mentions: Sequence[Mention]) -> tuple[DerivedLocation, ...]:
    """Locations stated relative to resolved mentions ("22 miles off Latakia's coast").

    Parameters
    ----------
    text : str
        The article text the mentions' offsets refer to.
    mentions : sequence of Mention
        Resolved and unresolved mentions; only resolved ones anchor phrases
        (they are picked out here, once, so the builders can rely on a place).
        Seas (feature class ``H``) in the same sentence steer offshore points.

    Returns
    -------
    tuple of DerivedLocation
        In text order; at most one per anchor mention (the longest phrase).
    """
    anchors = resolved_mentions(mentions)
    if not text or not anchors:
        return ()
    doc = AnchorDoc.build(text, anchors)
    bound: dict[int, tuple[ResolvedMention, ResolvedMention | None]] = {}
    phrases: list[SpatialPhrase] = []
    for trig in find_triggers(text):
        hit = _bind(doc, trig)
        if hit is None:
            continue
        phrase, anchor, second = hit
        phrases.append(phrase)
        bound[id(phrase)] = (anchor, second)
    out: list[DerivedLocation] = []
    for phrase in best_per_anchor(phrases):
        anchor, second = bound[id(phrase)]
        try:
            loc = _build(doc, phrase, anchor, second)
        except (SpatialError, ValueError, ShapelyError, ProjError):
            # Text is untrusted; a phrase that cannot become geometry is dropped.
            loc = None
        if loc is not None:
            out.append(loc)
    return tuple(out)
