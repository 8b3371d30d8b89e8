"""Stages 2 and 3 of geoparsing: candidates for each span, ranked in context.

Each distinct name in an article is resolved once (one sense per name per
article), from the gazetteer's context-free candidates re-scored with what
the article says elsewhere:

* explicit containment: "Tripoli, Lebanon", "Moscow, Idaho", "in Idlib
  province" restrict the candidates;
* countries the article names (or whose demonyms it uses) lift candidates
  in those countries, and the article's focus country lifts its own;
* spatial coherence: a candidate near the article's other places is lifted;
* a user-given region bias and the source's home regions (the collection
  prior, :mod:`~mapapp.geoparse.bias`) lift candidates in the preferred or
  usual country and region, never past explicit containment.

"None of these" is an answer: a span whose best candidate scores too low, or
that has none, becomes a mention with no place and the reason why. The
scoring in context is :mod:`~mapapp.geoparse.context`; where an unknown name
goes instead is :mod:`~mapapp.geoparse.fallbacks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Protocol, TypedDict, Unpack

from mapapp.gazetteer.names import normalize_name
from mapapp.gazetteer.variants import spelt_out
from mapapp.geoparse.bias import RegionBias
from mapapp.geoparse.containment import containers_of
from mapapp.geoparse.context import (
    MIN_SCORE,
    PROXIMITY_SCALE_KM,
    STRAY_MAX_POPULATION,
    Context,
    Group,
    NameKey,
    Pick,
    Picks,
    choose,
    contained,
    find_strays,
    placed_names,
    unshadowed,
)
from mapapp.geoparse.fallbacks import (
    SubnameMatch,
    fallback_mentions,
    focus_place,
    located_spans,
    unknown_reason,
)
from mapapp.geoparse.lists import of_listed_kind
from mapapp.geoparse.ranking import ADMIN1_WEIGHT, COUNTRY_WEIGHT, PROXIMITY_BONUS, Ranker
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
    RegionShares,
    ResolvedMention,
)
from mapapp.text.datelines import is_dateline

__all__ = [
    "ADMIN1_WEIGHT",
    "COUNTRY_WEIGHT",
    "MIN_SCORE",
    "MIN_SUBNAME_SCORE",
    "PROXIMITY_BONUS",
    "PROXIMITY_SCALE_KM",
    "STRAY_MAX_POPULATION",
    "CandidateSource",
    "LookupOptions",
    "Resolver",
    "precision_of",
]

# A name found inside an unknown name must be a place of some standing
# ("Dubai" in "Dubai World Cup"), not any hamlet that shares a word with it.
MIN_SUBNAME_SCORE = 0.45
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

    def __init__(
        self,
        *,
        gazetteer: CandidateSource,
        max_candidates: int = 25,
        bias: RegionBias | None = None,
        ranker: Ranker | None = None,
    ) -> None:
        self._gazetteer = _SafeLookup(gazetteer)
        self._max_candidates = max_candidates
        self._bias = bias
        self._ranker = ranker

    def _candidates(self, span: Span, *, spelt_as_name: bool = False) -> tuple[Candidate, ...]:
        lookup = self._gazetteer.lookup
        limit = self._max_candidates
        if is_abbreviation(span.query) and not spelt_as_name:
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
            return tuple(c for c in found if c.match == "demonym" or c.place.is_country)
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

    def _name_candidates(self, text: str, spans: Sequence[Span]) -> tuple[Candidate, ...]:
        """Candidates of one name, looked up in the spelling that says best how.

        One name is one place in an article, so "GAZA" in a dateline and
        "Gaza" in the story are looked up as "Gaza" (and "PLYMOUTH CO." as
        "Plymouth County"); a name written only in capitals is still a name,
        not an abbreviation, in a dateline ("OSLO (AP) -").
        """
        written = next((s for s in spans if not s.query.isupper()), None) or next(
            (s for s in spans if not is_abbreviation(s.query)), None
        )
        if written is not None:
            return self._candidates(written)
        dateline = any(is_dateline(text, s.start, s.end) for s in spans)
        return self._candidates(spans[0], spelt_as_name=dateline)

    def rank(
        self, text: str, spans: Sequence[Span], *, home: RegionShares | None = None
    ) -> tuple[list[Group], Picks]:
        """The article's names with their candidates, and each name's pick in the article's context
        (``home``: the home regions of the article's source, a prior)."""
        members: dict[NameKey, list[Span]] = {}
        for span in spans:
            # "PLYMOUTH CO." and "Plymouth County" are one name, so one place.
            key = NameKey(spelt_out(normalize_name(span.query)), span.hint, span.adjectival)
            members.setdefault(key, []).append(span)
        containers = containers_of(text, spans, lookup=self._gazetteer.lookup)
        groups = [
            Group(
                key=key,
                spans=tuple(group_spans),
                candidates=contained(
                    unshadowed(self._name_candidates(text, group_spans)),
                    [containers[s.start] for s in group_spans if s.start in containers],
                ),
            )
            for key, group_spans in members.items()
        ]
        choice = partial(choose, bias=self._bias, home=home, ranker=self._ranker)
        picks: Picks = {g.key: choice(g, context=None) for g in groups}
        # Two rounds: the first picks without context let the second see
        # which countries, provinces and neighbourhoods the article is about.
        for _ in range(2):
            picks = {g.key: choice(g, context=Context.of(groups, picks, besides=g)) for g in groups}
        return groups, of_listed_kind(text, groups, picks)

    def resolve(
        self, text: str, spans: Sequence[Span], *, home: RegionShares | None = None
    ) -> tuple[Mention, ...]:
        """One mention per span, in text order.

        A mention the resolver places is a :class:`ResolvedMention`; one it
        cannot place ("none of these") is a plain :class:`Mention` with no
        place and the reason why. ``home`` is the home regions of the
        article's source (:mod:`~mapapp.geoparse.collection`), a prior.
        """
        groups, picks = self.rank(text, spans, home=home)
        strays = find_strays(groups, picks, bias=self._bias)
        picks = {key: (None if key in strays else pick) for key, pick in picks.items()}
        placed = placed_names(groups, picks)
        focus, located = focus_place(placed), located_spans(placed)
        mentions: list[Mention] = []
        for group in groups:
            pick = picks[group.key]
            if (pick is None or pick.score < MIN_SCORE) and not group.key.adjectival:
                subname = partial(self._inside_pick, group, groups=groups, picks=picks, home=home)
                for span, fallback in fallback_mentions(
                    group.spans,
                    text=text,
                    located=located,
                    focus=focus,
                    subname=subname,
                    unknown=unknown_reason(strays.get(group.key)),
                ):
                    # Where no fallback applies the span keeps its "none of these" answer.
                    mentions.extend(
                        [fallback]
                        if fallback is not None
                        else _mentions_for(Group(group.key, (span,), group.candidates), pick)
                    )
            else:
                mentions.extend(_mentions_for(group, pick))
        return tuple(sorted(mentions, key=lambda m: m.start))

    def _inside_pick(
        self, group: Group, *, groups: Sequence[Group], picks: Picks, home: RegionShares | None
    ) -> SubnameMatch | None:
        """The best known name inside an unknown one, with the sub-name that found it."""
        context = Context.of(groups, picks, besides=group)
        # A place's own name inside the name before a demonym ("British Embassy Tokyo" is in Tokyo).
        queries = sub_queries(group.spans[0].query)
        for query, demonyms in [(q, False) for q in queries] + [(q, True) for q in queries]:
            codes = query.replace(".", "").isupper()
            found = tuple(
                c
                for c in self._gazetteer.lookup(
                    query, limit=self._max_candidates, include_demonyms=demonyms, include_codes=codes
                )
                if c.score >= MIN_SUBNAME_SCORE
                and (c.match != "code" or c.place.feature_class == "A")
                and (c.match == "demonym") == demonyms
            )
            pick = choose(
                Group(key=group.key, spans=group.spans, candidates=found),
                context=context,
                bias=self._bias,
                home=home,
                ranker=self._ranker,
            )
            if pick is not None:
                return SubnameMatch(
                    query=query,
                    place=pick.best.place,
                    score=pick.score,
                    alternatives=tuple(c.place for c in pick.alternatives),
                )
        return None


def is_abbreviation(query: str) -> bool:
    """Whether a name is spelt like an abbreviation: two to five capitals, dots aside.

    >>> is_abbreviation("U.K."), is_abbreviation("OAS"), is_abbreviation("Oslo"), is_abbreviation("JERUSALEM")
    (True, True, False, False)
    """
    code = query.replace(".", "")
    return code.isupper() and code.isalpha() and 2 <= len(code) <= 5


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


def _mentions_for(group: Group, choice: Pick | None) -> list[Mention]:
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
