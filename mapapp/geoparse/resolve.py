"""Stages 2 and 3 of geoparsing: candidates for each span, ranked in context.

Each distinct name in an article is resolved once (one sense per name per
article), from the gazetteer's context-free candidates re-scored with what
the article says elsewhere:

* explicit containment: "Tripoli, Lebanon", "Moscow, Idaho", "in Idlib
  province" restrict the candidates;
* countries the article names (or whose demonyms it uses) lift candidates
  in those countries, and the article's focus country lifts its own;
* spatial coherence: a candidate near the article's other places is lifted.

"None of these" is an answer: a span whose best candidate scores too low, or
that has none, becomes a mention with no place and the reason why.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple, Protocol, TypedDict, Unpack

from mapapp.gazetteer import haversine_km
from mapapp.gazetteer.names import normalize_name
from mapapp.geoparse.fallbacks import (
    Placed,
    SubnameMatch,
    fallback_mentions,
    focus_place,
    located_spans,
    unknown_reason,
)
from mapapp.geoparse.recognize import Span
from mapapp.geoparse.subnames import sub_queries
from mapapp.models import (
    GEO_EXACT,
    GEO_NEAR,
    GEO_REGION,
    Candidate,
    GeoPrecision,
    Mention,
    Place,
    ResolvedMention,
)

MIN_SCORE = 0.3
# Context weights: a candidate's prior is multiplied by 1 + COUNTRY_WEIGHT times the share of the
# article's other places in its country, ADMIN1_WEIGHT times the share in its
# province, and up to PROXIMITY_BONUS for being near one of them.
COUNTRY_WEIGHT = 0.8
ADMIN1_WEIGHT = 0.4
PROXIMITY_BONUS = 0.4
# A name found inside an unknown name must be a place of some standing
# ("Dubai" in "Dubai World Cup"), not any hamlet that shares a word with it.
MIN_SUBNAME_SCORE = 0.45
PROXIMITY_SCALE_KM = 250.0
# Below this population a place in a country the article never names, far
# from all its other places, is taken for a namesake of something local.
STRAY_MAX_POPULATION = 50_000
_CONTAINMENT = re.compile(r"[ \t]*,[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})")
_LARGE_EXTENT_DEG = 2.0


class LookupOptions(TypedDict, total=False):
    """The gazetteer look-up options the resolver uses (see :meth:`mapapp.gazetteer.Gazetteer.lookup`)."""

    feature_classes: Iterable[str] | None
    limit: int | None
    fuzzy: bool
    include_codes: bool
    include_demonyms: bool


class CandidateSource(Protocol):
    """What the resolver needs from a gazetteer: ranked candidates for a name."""

    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]: ...


class _NameKey(NamedTuple):
    """One sense per name per article: spans with the same key share a place."""

    name: str
    hint: str
    adjectival: bool


@dataclass(frozen=True, slots=True)
class _Group:
    """The spans of one name, with their candidates."""

    key: _NameKey
    spans: tuple[Span, ...]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class _Pick:
    """The best candidate of a name, its score in context and the two runners-up."""

    best: Candidate
    score: float
    alternatives: tuple[Candidate, ...]


def is_country(place: Place) -> bool:
    return place.feature_class == "A" and place.feature_code.startswith("PCL")


def precision_of(place: Place, *, hint: str = "") -> GeoPrecision:
    """ACLED-style geo precision of a resolved place.

    >>> from mapapp.models import Place
    >>> town = Place(id="gn:1", name="Latakia", lat=35.5, lon=35.8, feature_class="P", feature_code="PPL",
    ...              country_code="SY", admin1="", population=709000, extent=None, source="t")
    >>> precision_of(town), precision_of(town, hint="facility")
    (1, 2)
    """
    if place.feature_class == "A" or place.feature_code in ("OCN", "SEA"):
        return GEO_REGION
    if place.feature_class in ("P", "S"):
        # "the X air base" resolved to the town X: near the town, not at it.
        return GEO_NEAR if hint == "facility" and place.feature_class == "P" else GEO_EXACT
    extent = place.extent
    if extent is not None and (
        extent.north - extent.south > _LARGE_EXTENT_DEG or abs(extent.east - extent.west) > _LARGE_EXTENT_DEG
    ):
        return GEO_REGION
    return GEO_NEAR


class _SafeLookup:
    """The gazetteer's lookup for text cut from articles: whitespace folded,
    and a name it cannot take (too long, control characters) has no candidates."""

    def __init__(self, gazetteer: CandidateSource) -> None:
        self._gazetteer = gazetteer

    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]:
        from mapapp.errors import QueryError

        folded = " ".join(query.split())
        if not folded:
            return []
        try:
            return self._gazetteer.lookup(folded, **options)
        except QueryError:
            return []


class Resolver:
    """Resolves recognised spans to places with document-level context."""

    def __init__(self, *, gazetteer: CandidateSource, max_candidates: int = 25) -> None:
        self._gazetteer = _SafeLookup(gazetteer)
        self._max_candidates = max_candidates

    def _candidates(self, span: Span) -> tuple[Candidate, ...]:
        lookup = self._gazetteer.lookup
        limit = self._max_candidates
        code = span.query.replace(".", "")
        if code.isupper() and code.isalpha() and 2 <= len(code) <= 5:
            # "US", "U.K.", "SC", "KY", "OAS": an abbreviation names a country
            # or state by its code or short form ("KY" also matches "Ky."), or
            # a place whose own name is in capitals; never a town that happens
            # to be spelt the same ("Us", "Oas").
            return tuple(
                c
                for c in lookup(span.query, include_codes=True, fuzzy=False, limit=limit)
                if (c.match in ("code", "alias") and c.place.feature_class == "A")
                or c.matched_name.replace(".", "").isupper()
            )
        if span.adjectival:
            found = lookup(span.query, include_demonyms=True, limit=limit)
            return tuple(c for c in found if c.match == "demonym" or is_country(c.place))
        if span.hint == "admin":
            found = lookup(span.query, feature_classes=["A"], limit=limit)
            return tuple(found or lookup(span.query, limit=limit))
        if span.hint == "facility":
            name_only = span.query if span.query != span.text else span.text
            found = lookup(name_only, feature_classes=["S"], limit=limit) or lookup(
                _name_before_hint(span), feature_classes=["S", "P"], limit=limit
            )
            return tuple(found or lookup(_name_before_hint(span), limit=limit))
        return tuple(lookup(span.query, limit=limit))

    def resolve(self, text: str, spans: Sequence[Span]) -> tuple[Mention, ...]:
        """One mention per span, in text order.

        A mention the resolver places is a :class:`ResolvedMention`; one it
        cannot place ("none of these") is a plain :class:`Mention` with no
        place and the reason why.
        """
        members: dict[_NameKey, list[Span]] = {}
        for span in spans:
            members.setdefault(_NameKey(normalize_name(span.query), span.hint, span.adjectival), []).append(
                span
            )
        containers = self._containers(text, spans)
        groups = [
            _Group(
                key=key,
                spans=tuple(group_spans),
                candidates=_contained(
                    self._candidates(group_spans[0]),
                    [containers[s.start] for s in group_spans if s.start in containers],
                ),
            )
            for key, group_spans in members.items()
        ]
        picks = {g.key: _choose(g, context=None) for g in groups}
        # Two rounds: the first picks without context let the second see
        # which countries, provinces and neighbourhoods the article is about.
        for _ in range(2):
            picks = {g.key: _choose(g, context=_Context.of(groups, picks, besides=g)) for g in groups}
        strays = _strays(groups, picks)
        picks = {key: (None if key in strays else pick) for key, pick in picks.items()}
        placed = _placed(groups, picks)
        focus, located = focus_place(placed), located_spans(placed)
        mentions: list[Mention] = []
        for group in groups:
            pick = picks[group.key]
            if (pick is None or pick.score < MIN_SCORE) and not group.key.adjectival:
                subname = partial(self._inside_pick, group, groups=groups, picks=picks)
                for span, fallback in fallback_mentions(
                    group.spans,
                    located=located,
                    focus=focus,
                    subname=subname,
                    unknown=unknown_reason(strays.get(group.key)),
                ):
                    # Where no fallback applies the span keeps its "none of these" answer.
                    mentions.extend(
                        [fallback]
                        if fallback is not None
                        else _mentions_for(_Group(group.key, (span,), group.candidates), pick)
                    )
            else:
                mentions.extend(_mentions_for(group, pick))
        return tuple(sorted(mentions, key=lambda m: m.start))

    def _inside_pick(self, group: _Group, *, groups: Sequence[_Group], picks: _Picks) -> SubnameMatch | None:
        """The best known name inside an unknown one, with the sub-name that found it."""
        context = _Context.of(groups, picks, besides=group)
        for query in sub_queries(group.spans[0].query):
            codes = query.replace(".", "").isupper()
            found = tuple(
                c
                for c in self._gazetteer.lookup(
                    query, limit=self._max_candidates, include_demonyms=True, include_codes=codes
                )
                if c.score >= MIN_SUBNAME_SCORE and (c.match != "code" or c.place.feature_class == "A")
            )
            pick = _choose(_Group(key=group.key, spans=group.spans, candidates=found), context=context)
            if pick is not None:
                return SubnameMatch(
                    query=query,
                    place=pick.best.place,
                    score=pick.score,
                    alternatives=tuple(c.place for c in pick.alternatives),
                )
        return None

    def _containers(self, text: str, spans: Sequence[Span]) -> dict[int, tuple[Place, ...]]:
        """Span start -> the countries or provinces a following ", X" puts it in."""
        found: dict[int, tuple[Place, ...]] = {}
        for span in spans:
            match = _CONTAINMENT.match(text, span.end)
            if not match:
                continue
            places = tuple(
                c.place
                for c in self._gazetteer.lookup(match.group(1), feature_classes=["A"], limit=5)
                if c.score >= 0.5 and c.place.feature_code in ("PCLI", "ADM1")
            )
            if places and all(is_country(p) for p in places) and self._is_country_name(span.query):
                continue  # "in Russia, U.S. officials said": a list, not Russia inside the U.S.
            if places:
                found[span.start] = places
        return found

    def _is_country_name(self, query: str) -> bool:
        return any(
            c.match == "name" and is_country(c.place)
            for c in self._gazetteer.lookup(query, feature_classes=["A"], limit=3)
        )


_Picks = dict[_NameKey, "_Pick | None"]


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the article says about where it is."""

    country_share: dict[str, float]
    admin1_share: dict[tuple[str, str], float]
    anchors: tuple[Place, ...]
    places: tuple[Place, ...] = ()

    @classmethod
    def of(cls, groups: Sequence[_Group], picks: _Picks, *, besides: _Group) -> _Context:
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
            if place.feature_class in ("P", "S") or place.feature_code == "ADM2":
                anchors.append(place)
        if not total:
            return cls({}, {}, ())
        return cls(
            {k: v / total for k, v in countries.items()},
            {k: v / total for k, v in admin1s.items()},
            tuple(anchors),
            tuple(places),
        )


def _contained(
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


def _choose(group: _Group, *, context: _Context | None) -> _Pick | None:
    scored: list[tuple[float, Candidate]] = []
    for cand in group.candidates:
        place = cand.place
        score = cand.score
        if context is not None:
            lift = COUNTRY_WEIGHT * context.country_share.get(place.country_code, 0.0)
            if place.admin1:
                lift += ADMIN1_WEIGHT * context.admin1_share.get((place.country_code, place.admin1), 0.0)
            if context.anchors:
                lift += PROXIMITY_BONUS * _closeness(place, context.anchors)
            # Context multiplies the prior rather than adding to it: it can
            # lift London, Ontario over London, England in a Canadian story,
            # but not a hamlet called Russia over the country.
            score *= 1.0 + lift
        scored.append((score, cand))
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], -item[1].place.population, item[1].place.id))
    best_score, best = scored[0]
    return _Pick(best=best, score=best_score, alternatives=tuple(c for _, c in scored[1:3]))


def _strays(groups: Sequence[_Group], picks: _Picks) -> dict[_NameKey, Place]:
    """Name -> the namesake it was first resolved to, for names taken to be namesakes (see :func:`_stray`)."""
    strays: dict[_NameKey, Place] = {}
    for group in groups:
        pick = picks[group.key]
        if (
            not group.key.adjectival
            and pick is not None
            and _stray(pick, _Context.of(groups, picks, besides=group))
        ):
            strays[group.key] = pick.best.place
    return strays


def _placed(groups: Sequence[_Group], picks: _Picks) -> list[Placed]:
    """The names placed with enough confidence to place others by (demonyms say nothing of where)."""
    placed = []
    for group in groups:
        pick = picks.get(group.key)
        if pick is None or pick.score < MIN_SCORE or group.key.adjectival:
            continue
        placed.append(Placed(spans=group.spans, place=pick.best.place, score=pick.score))
    return placed


def _stray(pick: _Pick, context: _Context) -> bool:
    """Whether a pick is more likely a namesake: a small place in a country the
    article never mentions, far from every place it does ("Haram", Norway, in
    a story about Cairo)."""
    place = pick.best.place
    if place.feature_class not in ("P", "S") and place.feature_code != "ADM2":
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


def _name_before_hint(span: Span) -> str:
    return span.text[: len(span.query)] if span.query != span.text else span.query


def _confidence(best_score: float, alternatives: Sequence[Candidate], chosen: Candidate) -> float:
    """How sure the choice is: its score, discounted when a rival is close."""
    strength = min(best_score, 1.0)
    if not alternatives:
        return round(strength, 4)
    rival = alternatives[0].score
    margin = max(chosen.score - rival, 0.0) / max(chosen.score, 1e-9)
    return round(strength * (0.6 + 0.4 * margin), 4)


def _mentions_for(group: _Group, choice: _Pick | None) -> list[Mention]:
    """The group's mentions: placed at the choice, or unplaced with the reason when it scored too low."""
    mentions: list[Mention] = []
    for span in group.spans:
        if choice is None or choice.score < MIN_SCORE:
            reason = (
                "no gazetteer entry for this name"
                if not group.candidates
                else (
                    "no candidate fits the article's context"
                    if choice is None
                    else f"best candidate {choice.best.place.name} ({choice.best.place.country_code}) scored "
                    f"{choice.score:.2f}, below {MIN_SCORE}"
                )
            )
            mentions.append(
                Mention(
                    text=span.text,
                    start=span.start,
                    end=span.end,
                    label=span.label,
                    place=None,
                    confidence=0.0,
                    adjectival=span.adjectival,
                    reason=reason,
                )
            )
            continue
        best = choice.best
        mentions.append(
            ResolvedMention(
                text=span.text,
                start=span.start,
                end=span.end,
                label=span.label,
                place=best.place,
                confidence=_confidence(choice.score, choice.alternatives, best),
                alternatives=tuple(c.place for c in choice.alternatives),
                precision=precision_of(best.place, hint=span.hint),
                adjectival=span.adjectival,
                reason=f"{best.match} match '{best.matched_name}'",
            )
        )
    return mentions
