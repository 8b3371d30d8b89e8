"""Names listed together are places of one kind: the resolver's list rule.

"Texas, Ohio, Oregon and New York" lists four states, so its "New York" is
the state, not the city; "Georgia, Armenia and Azerbaijan" lists countries,
so its "Georgia" is the country. A name takes the kind of the list it is in
when at least two other names of that list are of one kind (first-level
divisions of one country, or countries) and it has a candidate of that kind.
One sense per name per article: a name also written outside such a list
keeps its own pick.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from mapapp.geoparse.context import Group, NameKey, Picks
from mapapp.models import Candidate, Place

#: Between two listed names: a comma, "and" or "or" ("Ohio, Oregon and New York").
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)\Z")
#: A list names its kind once at least this many other names of it are of that kind.
MIN_SAME_KIND = 2


def _kind(place: Place) -> tuple[str, str] | None:
    """The kind a list may share: a country, or a first-level division of one country."""
    if place.is_country:
        return ("country", "")
    if place.is_division:
        return ("division", place.country_code)
    return None


def _chains(text: str, groups: Sequence[Group]) -> list[list[NameKey]]:
    """The names of each run of spans joined by commas and "and" (text order), three or more."""
    spans = sorted(((s.start, s.end, g.key) for g in groups for s in g.spans), key=lambda t: t[0])
    chains: list[list[NameKey]] = []
    run: list[NameKey] = []
    for i, (start, _, key) in enumerate(spans):
        joined = i > 0 and spans[i - 1][1] <= start and _LIST_JOINER.match(text, spans[i - 1][1], start)
        if not joined:
            if len(run) >= 3:
                chains.append(run)
            run = []
        run.append(key)
    if len(run) >= 3:
        chains.append(run)
    return chains


Kind = tuple[str, str]


def listed_kinds(text: str, groups: Sequence[Group], picks: Picks) -> dict[NameKey, Kind]:
    """Name -> the kind of place its list names, for the names every span of which is in a
    list of places of one kind that it does not share yet."""
    wanted: dict[NameKey, set[Kind]] = {}
    listed: dict[NameKey, int] = {}
    for chain in _chains(text, groups):
        kinds = [_kind(p.best.place) if (p := picks.get(k)) is not None else None for k in chain]
        for key, own in zip(chain, kinds, strict=True):
            listed[key] = listed.get(key, 0) + 1
            others = [other for k, other in zip(chain, kinds, strict=True) if other is not None and k != key]
            for kind in set(others):
                if kind != own and others.count(kind) >= MIN_SAME_KIND:
                    wanted.setdefault(key, set()).add(kind)
    spans_of = {g.key: len(g.spans) for g in groups}
    return {
        key: next(iter(kinds))
        for key, kinds in wanted.items()
        if len(kinds) == 1 and listed.get(key, 0) == spans_of.get(key, 0)
    }


def of_listed_kind(text: str, groups: Sequence[Group], picks: Picks) -> Picks:
    """``picks`` with each listed name's pick moved to its best candidate of its list's kind."""
    kinds = listed_kinds(text, groups, picks)
    if not kinds:
        return picks
    out = dict(picks)
    for group in groups:
        kind, pick = kinds.get(group.key), picks.get(group.key)
        if kind is None or pick is None:
            continue
        fits: list[Candidate] = [c for c in group.candidates if _kind(c.place) == kind]
        if fits:
            best = max(fits, key=lambda c: c.score)
            rest = tuple(c for c in (pick.best, *pick.alternatives) if c is not best)[:2]
            out[group.key] = replace(pick, best=best, alternatives=rest)
    return out
