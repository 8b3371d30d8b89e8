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
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

from mapapp.gazetteer import haversine_km
from mapapp.gazetteer.names import normalize_name
from mapapp.models import GEO_EXACT, GEO_NEAR, GEO_REGION, Candidate, Mention, Place
from mapapp.geoparse.recognize import Span
from mapapp.geoparse.subnames import sub_queries

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


class CandidateSource(Protocol):
    def lookup(self, query: str, **options: object) -> list[Candidate]: ...


@dataclass(frozen=True, slots=True)
class _Group:
    """The spans of one name, with their candidates."""

    key: tuple[str, str, bool]
    spans: tuple[Span, ...]
    candidates: tuple[Candidate, ...]


def is_country(place: Place) -> bool:
    return place.feature_class == "A" and place.feature_code.startswith("PCL")


def precision_of(place: Place, *, hint: str = "") -> int:
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
    if extent is not None and (extent.north - extent.south > _LARGE_EXTENT_DEG
                               or abs(extent.east - extent.west) > _LARGE_EXTENT_DEG):
        return GEO_REGION
    return GEO_NEAR


class _SafeLookup:
    """The gazetteer's lookup for text cut from articles: whitespace folded,
    and a name it cannot take (too long, control characters) has no candidates."""

    def __init__(self, gazetteer: CandidateSource) -> None:
        self._gazetteer = gazetteer

    def lookup(self, query: str, **options: object) -> list[Candidate]:
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
            return tuple(c for c in lookup(span.query, include_codes=True, fuzzy=False, limit=limit)
                         if (c.match in ("code", "alias") and c.place.feature_class == "A")
                         or c.matched_name.replace(".", "").isupper())
        if span.adjectival:
            found = lookup(span.query, include_demonyms=True, limit=limit)
            return tuple(c for c in found if c.match == "demonym" or is_country(c.place))
        if span.hint == "admin":
            found = lookup(span.query, feature_classes=["A"], limit=limit)
            return tuple(found or lookup(span.query, limit=limit))
        if span.hint == "facility":
            name_only = span.query if span.query != span.text else span.text
            found = lookup(name_only, feature_classes=["S"], limit=limit) or lookup(
                _name_before_hint(span), feature_classes=["S", "P"], limit=limit)
            return tuple(found or lookup(_name_before_hint(span), limit=limit))
        return tuple(lookup(span.query, limit=limit))

    def resolve(self, text: str, spans: Sequence[Span]) -> tuple[Mention, ...]:
        """One mention per span, in text order."""
        members: dict[tuple[str, str, bool], list[Span]] = {}
        for span in spans:
            members.setdefault((normalize_name(span.query), span.hint, span.adjectival), []).append(span)
        containers = self._containers(text, spans)
        groups = [
            _Group(key=key, spans=tuple(group_spans), candidates=_contained(
                self._candidates(group_spans[0]), [containers[s.start] for s in group_spans if s.start in containers]))
            for key, group_spans in members.items()
        ]
        picks = {g.key: _choose(g, context=None) for g in groups}
        # Two rounds: the first picks without context let the second see
        # which countries, provinces and neighbourhoods the article is about.
        for _ in range(2):
            picks = {g.key: _choose(g, context=_Context.of(groups, picks, besides=g)) for g in groups}
        strays = {g.key: picks[g.key][0].place for g in groups  # type: ignore[index]
                  if not g.key[2] and picks[g.key] is not None
                  and _stray(picks[g.key], _Context.of(groups, picks, besides=g))}  # type: ignore[arg-type]
        picks = {key: (None if key in strays else pick) for key, pick in picks.items()}
        focus = _focus_place(groups, picks)
        located = _located_spans(groups, picks)
        mentions: list[Mention] = []
        for group in groups:
            pick = picks[group.key]
            if (pick is None or pick[1] < MIN_SCORE) and not group.key[2]:
                stray = strays.get(group.key)
                unknown = (f"only a distant namesake is known ({stray.name}, {stray.country_code})"
                           if stray is not None else "not in the gazetteer")
                mentions.extend(self._fallback(group, groups, picks, focus, located, unknown=unknown))
            else:
                mentions.extend(_mentions_for(group, pick))
        return tuple(sorted(mentions, key=lambda m: m.start))

    def _fallback(self, group: _Group, groups: Sequence[_Group], picks: dict[tuple[str, str, bool], _Pick | None],
                  focus: Place | None, located: Sequence[tuple[int, Place]], *,
                  unknown: str = "not in the gazetteer") -> list[Mention]:
        """Places for a name the gazetteer does not know.

        First the specific place named closest to it in the text ("Royal
        Street in New Orleans"): streets, buildings and venues are almost
        always in a place the article names next to them. Else a known name
        inside it ("Dubai World Cup" -> Dubai), near that place; it comes
        second because that name is often an eponym ("Hampton Avenue") or a
        whole region ("California State University"). Else the article's
        main place. Each is marked as an approximation, with its reason.
        """
        nears = [(span, _nearest_located(span, located)) for span in group.spans]
        inside = (self._inside_pick(group, _Context.of(groups, picks, besides=group))
                  if any(near is None for _, near in nears) else None)
        mentions = []
        for span, near in nears:
            if near is not None:
                mentions.append(Mention(text=span.text, start=span.start, end=span.end, label=span.label, place=near,
                                        confidence=0.2, precision=GEO_NEAR,
                                        reason=f"{unknown}; placed at {near.name}, named next to it"))
            elif inside is not None:
                query, (best, score, alternatives) = inside
                mentions.append(Mention(text=span.text, start=span.start, end=span.end, label=span.label,
                                        place=best.place, confidence=round(min(score, 1.0) * 0.6, 4),
                                        alternatives=tuple(c.place for c in alternatives), precision=GEO_NEAR,
                                        reason=f"{unknown}; placed at '{query}' named inside it"))
            elif focus is not None:
                mentions.append(Mention(text=span.text, start=span.start, end=span.end, label=span.label,
                                        place=focus, confidence=0.15, precision=GEO_REGION,
                                        reason=f"{unknown}; placed at the article's main place "
                                               f"{focus.name}"))
            else:
                mentions.extend(_mentions_for(_Group(group.key, (span,), group.candidates), picks[group.key]))
        return mentions

    def _inside_pick(self, group: _Group, context: _Context) -> tuple[str, _Pick] | None:
        """The best known name inside an unknown one, with the sub-name that found it."""
        for query in sub_queries(group.spans[0].query):
            codes = query.replace(".", "").isupper()
            found = tuple(c for c in self._gazetteer.lookup(query, limit=self._max_candidates, include_demonyms=True,
                                                            include_codes=codes)
                          if c.score >= MIN_SUBNAME_SCORE and (c.match != "code" or c.place.feature_class == "A"))
            pick = _choose(_Group(key=group.key, spans=group.spans, candidates=found), context=context)
            if pick is not None:
                return query, pick
        return None

    def _containers(self, text: str, spans: Sequence[Span]) -> dict[int, tuple[Place, ...]]:
        """Span start -> the countries or provinces a following ", X" puts it in."""
        found: dict[int, tuple[Place, ...]] = {}
        for span in spans:
            match = _CONTAINMENT.match(text, span.end)
            if not match:
                continue
            places = tuple(c.place for c in self._gazetteer.lookup(match.group(1), feature_classes=["A"], limit=5)
                           if c.score >= 0.5 and c.place.feature_code in ("PCLI", "ADM1"))
            if places and all(is_country(p) for p in places) and self._is_country_name(span.query):
                continue  # "in Russia, U.S. officials said": a list, not Russia inside the U.S.
            if places:
                found[span.start] = places
        return found

    def _is_country_name(self, query: str) -> bool:
        return any(c.match == "name" and is_country(c.place)
                   for c in self._gazetteer.lookup(query, feature_classes=["A"], limit=3))


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the article says about where it is."""

    country_share: dict[str, float]
    admin1_share: dict[tuple[str, str], float]
    anchors: tuple[Place, ...]
    places: tuple[Place, ...] = ()

    @classmethod
    def of(cls, groups: Sequence[_Group], picks: dict[tuple[str, str, bool], "_Pick | None"],
           *, besides: _Group) -> "_Context":
        countries: Counter[str] = Counter()
        admin1s: Counter[tuple[str, str]] = Counter()
        anchors: list[Place] = []
        places: list[Place] = []
        total = 0.0
        for group in groups:
            pick = picks.get(group.key)
            if group is besides or pick is None or pick[1] < MIN_SCORE:
                continue
            place, weight = pick[0].place, min(pick[1], 1.0) * len(group.spans)
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
        return cls({k: v / total for k, v in countries.items()}, {k: v / total for k, v in admin1s.items()},
                   tuple(anchors), tuple(places))


_Pick = tuple[Candidate, float, list[Candidate]]


def _contained(candidates: tuple[Candidate, ...], containers: list[tuple[Place, ...]]) -> tuple[Candidate, ...]:
    """Only the candidates inside an explicit container ("Tripoli, Lebanon"), if any are."""
    if not containers:
        return candidates
    allowed = [place for group in containers for place in group]
    inside = tuple(c for c in candidates if any(
        c.place.country_code == box.country_code and (box.feature_code == "PCLI" or c.place.admin1 == box.admin1)
        for box in allowed))
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
    return best, best_score, [c for _, c in scored[1:3]]


NEARBY_CHARS = 150


def _located_spans(groups: Sequence[_Group], picks: dict[tuple[str, str, bool], "_Pick | None"]) -> list[tuple[int, Place]]:
    """(start, place) of every mention resolved to a town, site or small division, in text order."""
    located = []
    for group in groups:
        pick = picks.get(group.key)
        if pick is None or pick[1] < MIN_SCORE or group.key[2]:
            continue
        place = pick[0].place
        if place.feature_class in ("P", "S") or place.feature_code == "ADM2":
            located.extend((span.start, place) for span in group.spans)
    return sorted(located, key=lambda item: item[0])


def _nearest_located(span: Span, located: Sequence[tuple[int, Place]]) -> Place | None:
    """The specific place named closest to a span (within :data:`NEARBY_CHARS`), preferring one after it."""
    best: tuple[float, Place] | None = None
    for start, place in located:
        gap = start - span.end if start >= span.end else span.start - start
        if gap < 0 or gap > NEARBY_CHARS:
            continue
        # "Royal Street in New Orleans": a place right after the name is usually its container.
        weight = gap * (0.5 if start >= span.end else 1.0)
        if best is None or weight < best[0]:
            best = (weight, place)
    return best[1] if best else None


def _focus_place(groups: Sequence[_Group], picks: dict[tuple[str, str, bool], "_Pick | None"]) -> Place | None:
    """The article's main place: the most mentioned specific place, else division, else country."""
    best: tuple[int, int, float, str] | None = None
    chosen: Place | None = None
    rank = {"P": 3, "S": 3}
    for group in groups:
        pick = picks.get(group.key)
        if pick is None or pick[1] < MIN_SCORE or group.key[2]:
            continue
        place = pick[0].place
        level = rank.get(place.feature_class, 2 if place.feature_code in ("ADM1", "ADM2") else 1)
        key = (level, len(group.spans), pick[1], place.id)
        if best is None or key > best:
            best, chosen = key, place
    return chosen


def _stray(pick: _Pick, context: _Context) -> bool:
    """Whether a pick is more likely a namesake: a small place in a country the
    article never mentions, far from every place it does ("Haram", Norway, in
    a story about Cairo)."""
    place = pick[0].place
    if place.feature_class not in ("P", "S") and place.feature_code != "ADM2":
        return False
    if place.population >= STRAY_MAX_POPULATION or len(context.places) < 2:
        return False  # one other place is too little to call anything out of place
    if context.country_share.get(place.country_code, 0.0) > 0.0:
        return False
    return _closeness(place, context.places) == 0.0


def _closeness(place: Place, anchors: Sequence[Place]) -> float:
    """1 when the place is at (or, for a region, around) another place of the article, decaying with distance."""
    if place.extent is not None and place.feature_class in ("A", "L") and any(
            place.extent.contains(a.lat, a.lon) for a in anchors):
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
    mentions = []
    for span in group.spans:
        if choice is None or choice[1] < MIN_SCORE:
            reason = "no gazetteer entry for this name" if not group.candidates else (
                "no candidate fits the article's context" if choice is None
                else f"best candidate {choice[0].place.name} ({choice[0].place.country_code}) scored "
                     f"{choice[1]:.2f}, below {MIN_SCORE}")
            mentions.append(Mention(text=span.text, start=span.start, end=span.end, label=span.label, place=None,
                                    confidence=0.0, adjectival=span.adjectival, reason=reason))
            continue
        best, score, alternatives = choice
        mentions.append(Mention(
            text=span.text, start=span.start, end=span.end, label=span.label, place=best.place,
            confidence=_confidence(score, alternatives, best),
            alternatives=tuple(c.place for c in alternatives),
            precision=precision_of(best.place, hint=span.hint),
            adjectival=span.adjectival,
            reason=f"{best.match} match '{best.matched_name}'",
        ))
    return mentions
