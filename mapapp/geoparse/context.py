"""What the rest of an article says about where a name is: the resolver's context scoring.

A name's candidates are scored (:mod:`~mapapp.geoparse.ranking`) from their
gazetteer prior and how well they fit the article's other places (picked in
an earlier round):

* the share of those places in the candidate's country and province;
* closeness to the nearest of them (towns, sites and districts only);

and a small place in a country the article never names, far from all its
other places, is taken for a namesake ("Haram", Norway, in a story about Cairo).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from mapapp.gazetteer import haversine_km
from mapapp.gazetteer.names import normalize_name
from mapapp.geoparse.bias import RegionBias, prior_factor
from mapapp.geoparse.fallbacks import Placed, is_specific
from mapapp.geoparse.ranking import (
    CandidateFeatures,
    HandRanker,
    Ranker,
    candidate_features,
)
from mapapp.geoparse.recognize import Span
from mapapp.models import Candidate, Place, RegionShares

# A name whose best candidate scores below this in context is "none of these".
MIN_SCORE = 0.3
PROXIMITY_SCALE_KM = 250.0
# Below this population a place in a country the article never names, far
# from all its other places, is taken for a namesake of something local.
STRAY_MAX_POPULATION = 50_000


class NameKey(NamedTuple):
    """One sense per name per article: spans with the same key share a place."""

    name: str
    hint: str
    adjectival: bool


@dataclass(frozen=True, slots=True)
class Group:
    """The spans of one name, with their candidates."""

    key: NameKey
    spans: tuple[Span, ...]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Pick:
    """The best candidate of a name, its score in context and the two runners-up."""

    best: Candidate
    score: float
    alternatives: tuple[Candidate, ...]


Picks = dict[NameKey, "Pick | None"]


@dataclass(frozen=True, slots=True)
class Context:
    """What the rest of the article says about where it is."""

    country_share: dict[str, float]
    admin1_share: dict[tuple[str, str], float]
    anchors: tuple[Place, ...]
    places: tuple[Place, ...] = ()

    @classmethod
    def of(cls, groups: Sequence[Group], picks: Picks, *, besides: Group) -> Context:
        countries: defaultdict[str, float] = defaultdict(float)
        admin1s: defaultdict[tuple[str, str], float] = defaultdict(float)
        anchors: list[Place] = []
        places: list[Place] = []
        total = 0.0
        for group in groups:
            pick = picks.get(group.key)
            if group is besides or pick is None or pick.score < MIN_SCORE:
                continue
            place, weight = pick.best.place, min(pick.score, 1.0) * len(group.spans)
            total += weight
            places.append(place)
            if place.country_code:
                countries[place.country_code] += weight
            if place.admin1 and place.feature_code != "PCLI":
                admin1s[(place.country_code, place.admin1)] += weight
            if is_specific(place):
                anchors.append(place)
        if not total:
            return cls({}, {}, ())
        return cls(
            {k: v / total for k, v in countries.items()},
            {k: v / total for k, v in admin1s.items()},
            tuple(anchors),
            tuple(places),
        )


def contained(
    candidates: tuple[Candidate, ...], containers: list[tuple[Place, ...]]
) -> tuple[Candidate, ...]:
    """Only the candidates inside an explicit container ("Tripoli, Lebanon"), if any are."""
    if not containers:
        return candidates
    allowed = [place for group in containers for place in group]
    inside = tuple(
        c
        for c in candidates
        if any(
            c.place.country_code == box.country_code
            and (box.feature_code == "PCLI" or c.place.admin1 == box.admin1)
            for box in allowed
        )
    )
    return inside or candidates


def unshadowed(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The candidates less the towns found only through an unrelated alternate name when a town of
    that very name exists in the same country.

    GeoNames gives towns old or foreign names that are other towns' own names
    ("Franklin" for Columbus, Ohio; "Illinois" for a Riverside): a writer who
    means the big town uses its name, and "Franklin" in American news is one
    of the Franklins. An alias that shares a word with the name ("New York"
    for New York City) is a short form and stays.
    """
    own = {(c.place.country_code, c.place.feature_class) for c in candidates if c.match == "name"}
    return tuple(
        c
        for c in candidates
        if not (
            c.match == "alias"
            and c.place.feature_class == "P"
            and (c.place.country_code, "P") in own
            and not set(normalize_name(c.matched_name).split()) & set(normalize_name(c.place.name).split())
        )
    )


def features_of(
    group: Group,
    *,
    context: Context | None,
    bias: RegionBias | None = None,
    home: RegionShares | None = None,
) -> list[CandidateFeatures]:
    """The features of each of the group's candidates, in order, read in ``context`` (None: none yet).

    ``bias`` (the user's preferred country or region) and ``home`` (the source's home
    regions) multiply the prior the ranker reads (:func:`~mapapp.geoparse.bias.prior_factor`).
    """
    top = max((c.score for c in group.candidates), default=0.0)
    rows = []
    for cand in group.candidates:
        place = cand.place
        country = admin1 = closeness = 0.0
        if context is not None:
            country = context.country_share.get(place.country_code, 0.0)
            if place.admin1:
                admin1 = context.admin1_share.get((place.country_code, place.admin1), 0.0)
            if context.anchors:
                closeness = _closeness(place, context.anchors)
        rows.append(
            candidate_features(
                cand,
                top_prior=top,
                country_share=country,
                admin1_share=admin1,
                closeness=closeness,
                bias=prior_factor(place, bias=bias, home=home),
            )
        )
    return rows


def choose(
    group: Group,
    *,
    context: Context | None,
    bias: RegionBias | None = None,
    home: RegionShares | None = None,
    ranker: Ranker | None = None,
) -> Pick | None:
    """The group's best candidate, scored in ``context`` (None: by prior alone); None without candidates.

    ``bias`` lifts candidates in the user's preferred country or region, ``home`` those in
    the source's home regions; ``ranker`` scores the candidates (default: the hand-set weights).
    """
    rank = ranker if ranker is not None else HandRanker()
    rows = features_of(group, context=context, bias=bias, home=home)
    scored = [(rank.score(row), cand) for row, cand in zip(rows, group.candidates, strict=True)]
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], -item[1].place.population, item[1].place.id))
    best_score, best = scored[0]
    return Pick(best=best, score=best_score, alternatives=tuple(c for _, c in scored[1:3]))


def find_strays(
    groups: Sequence[Group], picks: Picks, *, bias: RegionBias | None = None
) -> dict[NameKey, Place]:
    """Name -> the namesake it was first resolved to, for names taken to be namesakes (see :func:`_stray`).

    A place in the user's preferred country or region is where the collection is: never a stray.
    """
    strays: dict[NameKey, Place] = {}
    for group in groups:
        pick = picks[group.key]
        if (
            not group.key.adjectival
            and pick is not None
            and (bias is None or bias.factor(pick.best.place) == 1.0)
            and _stray(pick, Context.of(groups, picks, besides=group))
        ):
            strays[group.key] = pick.best.place
    return strays


def placed_names(groups: Sequence[Group], picks: Picks) -> list[Placed]:
    """The names placed with enough confidence to place others by (demonyms say nothing of where)."""
    placed = []
    for group in groups:
        pick = picks.get(group.key)
        if pick is None or pick.score < MIN_SCORE or group.key.adjectival:
            continue
        placed.append(Placed(spans=group.spans, place=pick.best.place, score=pick.score))
    return placed


def _stray(pick: Pick, context: Context) -> bool:
    """Whether a pick is more likely a namesake: a small place in a country the
    article never mentions, far from every place it does ("Haram", Norway, in
    a story about Cairo)."""
    place = pick.best.place
    if not is_specific(place):
        return False
    if place.population >= STRAY_MAX_POPULATION or len(context.places) < 2:
        return False  # one other place is too little to call anything out of place
    if context.country_share.get(place.country_code, 0.0) > 0.0:
        return False
    return _closeness(place, context.places) == 0.0


def _closeness(place: Place, anchors: Sequence[Place]) -> float:
    """1 when the place is at (or, for a region, around) another place of the article, decaying with distance."""
    if (
        place.extent is not None
        and place.feature_class in ("A", "L")
        and any(place.extent.contains(a.lat, a.lon) for a in anchors)
    ):
        return 1.0
    nearest = min(haversine_km(place.lat, place.lon, a.lat, a.lon) for a in anchors)
    closeness = math.exp(-nearest / PROXIMITY_SCALE_KM)
    # Far is far: a continent away must not break ties between equals.
    return closeness if closeness >= 0.05 else 0.0
