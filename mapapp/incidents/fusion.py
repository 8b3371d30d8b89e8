"""One incident per real event: when two articles report the same event, and the record they make.

:func:`same_event` is the rule, pure and symmetric: two *event* incidents of
*different* articles report the same event when their types are of one
family (:data:`~mapapp.models.EVENT_FAMILY`), their dates' windows overlap
(:func:`date_window`: the day +-1, a week-precision date +-7 days, the month,
the year) and their points are within :func:`tolerance_km` of each other
(the larger of the two reports' tolerances: 25 km exact, 50 km near, 150 km
region). An undated or unlocated incident never fuses: nothing says which
event it is.

:func:`partition` groups any set of incidents the same way whatever their
order: connected components of the rule's graph, split so that a group holds
at most one incident per article (an article's own incidents are different
events, its retellings are already merged), joining the closest pairs first.
:func:`fuse` makes a group's record and :func:`disagreements` says, for
people, where its sources differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import get_args

from mapapp.gazetteer import haversine_km
from mapapp.models import EVENT_FAMILY, GEO_EXACT, GEO_NEAR, GEO_REGION, EventType, Incident, Source

#: How far apart two reports of one event may be, by geo precision (the larger applies).
TOLERANCE_KM: Mapping[int, float] = {GEO_EXACT: 25.0, GEO_NEAR: 50.0, GEO_REGION: 150.0}
#: The largest tolerance: how far the store looks for candidates.
MAX_TOLERANCE_KM = max(TOLERANCE_KM.values())
#: Half the window of a week-precision date.
WEEK_DAYS = 7
#: Days two windows may be apart and still overlap (a day-precision date is +-1 day).
SLACK_DAYS = 1

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_TYPE_RANK = {name: rank for rank, name in enumerate(get_args(EventType))}

Key = tuple[str, str]


def key(incident: Incident) -> Key:
    """The incident's identity in the store: ``(article_id, id)``."""
    return incident.article_id, incident.id


def family(incident: Incident) -> str | None:
    """The event family of an event incident (``None`` for a mention or an unknown type).

    >>> family(_example(event_type="shelling")), family(_example(kind="mention"))
    ('conflict', None)
    """
    if incident.kind != "event":
        return None
    return EVENT_FAMILY.get(incident.event_type)


def date_window(incident: Incident) -> tuple[dt.date, dt.date] | None:
    """The days an incident's date stands for at its precision (inclusive), or ``None`` if undated.

    >>> from mapapp.models import Provenance
    >>> [d.isoformat() for d in date_window(_example())]
    ['2018-09-17', '2018-09-17']
    >>> [d.isoformat() for d in date_window(_example(time_precision=2))]
    ['2018-09-10', '2018-09-24']
    >>> month = _example(date=dt.date(2018, 2, 1), time_precision=3)
    >>> [d.isoformat() for d in date_window(month)]
    ['2018-02-01', '2018-02-28']
    >>> year = _example(date=dt.date(2018, 1, 1), time_precision=3,
    ...                      provenance=Provenance(date_precision="year"))
    >>> [d.isoformat() for d in date_window(year)]
    ['2018-01-01', '2018-12-31']
    """
    day = incident.date
    if day is None:
        return None
    day = dt.date(day.year, day.month, day.day)
    precision = incident.date_precision
    if precision == "day":
        return day, day
    if precision == "week":
        return day - dt.timedelta(days=WEEK_DAYS), day + dt.timedelta(days=WEEK_DAYS)
    if precision == "month":
        first = day.replace(day=1)
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    slack = dt.timedelta(days=SLACK_DAYS)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def dates_agree(a: Incident, b: Incident) -> bool:
    """Whether two dated incidents' windows overlap (within :data:`SLACK_DAYS`).

    >>> dates_agree(_example(), _example(date=dt.date(2018, 9, 18)))
    True
    >>> dates_agree(_example(), _example(date=dt.date(2018, 9, 19)))
    False
    >>> dates_agree(_example(), _example(date=None))
    False
    """
    wa, wb = date_window(a), date_window(b)
    return wa is not None and wb is not None and _overlap(wa, wb)


def candidate_dates(incident: Incident) -> dict[int, tuple[dt.date, dt.date]]:
    """The stored dates another incident may have to fuse with this one, by its ``time_precision``.

    A day is +-1 day, a week +-:data:`WEEK_DAYS`, and a month or a year is
    stored as its first day: the store searches these ranges with its date
    index. Empty if undated.

    >>> {p: [d.isoformat() for d in days] for p, days in candidate_dates(_example()).items()}
    {1: ['2018-09-16', '2018-09-18'], 2: ['2018-09-09', '2018-09-25'], 3: ['2017-09-15', '2018-09-18']}
    """
    window = date_window(incident)
    if window is None:
        return {}
    low, high = window

    def days(n: int) -> dt.timedelta:
        return dt.timedelta(days=n)

    return {
        1: (low - days(SLACK_DAYS), high + days(SLACK_DAYS)),
        2: (low - days(WEEK_DAYS + SLACK_DAYS), high + days(WEEK_DAYS + SLACK_DAYS)),
        3: (low - days(366 + SLACK_DAYS), high + days(SLACK_DAYS)),
    }


def tolerance_km(a: Incident, b: Incident) -> float:
    """How far apart two reports of one event may be: the larger of their precisions' tolerances.

    >>> tolerance_km(_example(geo_precision=1), _example(geo_precision=2))
    50.0
    """
    default = MAX_TOLERANCE_KM
    return max(TOLERANCE_KM.get(a.geo_precision, default), TOLERANCE_KM.get(b.geo_precision, default))


def distance_km(a: Incident, b: Incident) -> float | None:
    """The great-circle distance between two incidents' points, ``None`` if either is unlocated."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def same_event(a: Incident, b: Incident) -> bool:
    """Whether two incidents of different articles report the same event (symmetric).

    Examples
    --------
    >>> a = _example(id="x", article_id="a1")
    >>> same_event(a, _example(id="y", article_id="a2", event_type="shelling", lat=35.6))
    True
    >>> same_event(a, _example(id="y", article_id="a2", event_type="protest"))
    False
    >>> same_event(a, _example(id="y", article_id="a1"))  # one article's incidents differ
    False
    >>> same_event(a, _example(id="y", article_id="a2", lat=36.0))  # 52 km at exact precision
    False
    >>> same_event(a, _example(id="y", article_id="a2", lat=None, lon=None))
    False
    """
    if a.article_id == b.article_id:
        return False
    kind = family(a)
    if kind is None or kind != family(b) or not dates_agree(a, b):
        return False
    distance = distance_km(a, b)
    return distance is not None and distance <= tolerance_km(a, b)


def _edges(items: Sequence[Incident]) -> list[tuple[float, int, int, int]]:
    """``(distance, days apart, i, j)`` for every pair of ``items`` that :func:`same_event` joins."""
    by_family: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
    for index, incident in enumerate(items):
        kind, window = family(incident), date_window(incident)
        if kind is not None and window is not None and incident.lat is not None:
            by_family.setdefault(kind, []).append((*window, index))
    slack = dt.timedelta(days=SLACK_DAYS)
    edges = []
    for entries in by_family.values():
        entries.sort()
        for pos, (_, high, i) in enumerate(entries):
            for low_j, _, j in entries[pos + 1 :]:
                if low_j - slack > high:
                    break
                a, b = items[min(i, j)], items[max(i, j)]
                if same_event(a, b):
                    days = abs((a.date - b.date).days) if a.date and b.date else 0
                    edges.append((distance_km(a, b) or 0.0, days, min(i, j), max(i, j)))
    edges.sort()
    return edges


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def partition(incidents: Iterable[Incident]) -> list[list[list[Incident]]]:
    """The connected components of :func:`same_event` and each one's groups, whatever the input order.

    Within a component, pairs are joined closest first (distance, then days
    apart, then ``(article_id, id)``) unless the two groups share an
    article. Groups and components are sorted by their first member's
    ``(article_id, id)``, members likewise. Keys must be unique.

    Examples
    --------
    >>> near = _example(id="n", article_id="b", lat=35.6)
    >>> far = _example(id="f", article_id="b", lat=35.8)  # 30 km from i1: not its event
    >>> [[[i.id for i in group] for group in component] for component in partition([far, _example(), near])]
    [[['i1', 'n']], [['f']]]
    >>> vague = _example(id="v", article_id="c", lat=35.66, geo_precision=3)  # near all three
    >>> parts = partition([far, _example(), near, vague])
    >>> [[[i.id for i in group] for group in component] for component in parts]
    [[['i1', 'n', 'v'], ['f']]]
    >>> parts == partition([vague, near, far, _example()])
    True
    """
    items = sorted(incidents, key=key)
    n = len(items)
    component, group = list(range(n)), list(range(n))
    articles = [{item.article_id} for item in items]
    for _, _, i, j in _edges(items):
        ci, cj = _find(component, i), _find(component, j)
        if ci != cj:
            component[max(ci, cj)] = min(ci, cj)
        gi, gj = _find(group, i), _find(group, j)
        if gi != gj and not articles[gi] & articles[gj]:
            low, high = min(gi, gj), max(gi, gj)
            group[high] = low
            articles[low] |= articles[high]
    members: dict[int, dict[int, list[Incident]]] = {}
    for index, item in enumerate(items):  # ascending, so every list comes out sorted
        members.setdefault(_find(component, index), {}).setdefault(_find(group, index), []).append(item)
    return [list(groups.values()) for groups in members.values()]


def _place_rank(incident: Incident) -> tuple[object, ...]:
    # A derived point ("22 miles off Latakia's coast") refines the place it is
    # measured from, so it counts one level more precise than its precision;
    # among equals, one with a distance beats one without ("near Latakia").
    how = incident.derivation
    derived = how is not None
    measured = how is not None and how.distance_m is not None
    return (incident.lat is None, incident.geo_precision - derived, not derived, not measured, *key(incident))


def _date_choice(members: Sequence[Incident]) -> Incident | None:
    """The member whose date agrees with most others, then the most precise, then the most repeated."""
    dated = [m for m in members if m.date is not None]
    repeats = Counter((m.date, m.date_precision) for m in dated)

    def rank(m: Incident) -> tuple[object, ...]:
        agreeing = sum(1 for o in dated if o is not m and dates_agree(m, o))
        return (-agreeing, _PRECISION_RANK[m.date_precision], -repeats[(m.date, m.date_precision)],
                m.date, *key(m))  # fmt: skip

    return min(dated, key=rank, default=None)


def source_of(incident: Incident) -> Source:
    """What a fused incident keeps of one member: its article's sentence, title, URL, date and place."""
    return Source(
        incident_id=incident.id,
        article_id=incident.article_id,
        title=incident.title,
        url=incident.provenance.url,
        source=incident.source,
        snippet=incident.snippet,
        date=incident.date,
        date_precision=incident.date_precision if incident.date is not None else None,
        location_name=incident.location_name,
        lat=incident.lat,
        lon=incident.lon,
        geo_precision=incident.geo_precision,
    )


def reports(incident: Incident) -> tuple[Source, ...]:
    """Every article's report of an incident: a fused incident's sources, else its own.

    >>> [s.article_id for s in reports(_example(article_id="a7"))]
    ['a7']"""
    return incident.sources or (source_of(incident),)


def fuse(incidents: Iterable[Incident]) -> Incident:
    """One record for the reports of one event, the same whatever their order.

    The *lead* is the member with the most precise place (a derived point
    counts one level more precise, and first among equals, then one with a
    distance, then the smallest ``(article_id, id)``): the record
    has its id, article, sentence, title and place. The date is the member's
    whose window agrees with most others, the most precise among those; the
    event type the members' most common (the most specific among equals);
    the confidence the highest. ``sources`` lists every member by article
    id. A single incident is returned as it is (no sources).

    Examples
    --------
    >>> from mapapp.models import Derivation
    >>> city = _example(id="c", article_id="a2", time_precision=2)
    >>> off = _example(id="o", article_id="a1", lat=35.5, lon=35.4, geo_precision=2,
    ...                     location_name="22 miles off Latakia's coast", date=dt.date(2018, 9, 18),
    ...                     derivation=Derivation("offshore", "Latakia", 35.53, 35.79, 35405.0))
    >>> day = _example(id="d", article_id="a3", date=dt.date(2018, 9, 17))
    >>> fused = fuse([city, off, day])
    >>> fused.id, fused.location_name, fused.date.isoformat(), fused.date_precision
    ('o', "22 miles off Latakia's coast", '2018-09-17', 'day')
    >>> [s.article_id for s in fused.sources], fused == fuse([day, off, city])
    (['a1', 'a2', 'a3'], True)
    """
    members = sorted(incidents, key=key)
    if not members:
        raise ValueError("fuse() needs at least one incident")
    if len(members) == 1:
        return members[0]
    lead = min(members, key=_place_rank)
    dater = _date_choice(members) or lead
    types = Counter(m.event_type for m in members)
    event_type = min(types, key=lambda t: (-types[t], _TYPE_RANK.get(t, len(_TYPE_RANK)), t))
    provenance = dataclasses.replace(
        lead.provenance,
        date_text=dater.provenance.date_text,
        date_rule=dater.provenance.date_rule,
        date_from=dater.provenance.date_from,
        date_precision=dater.date_precision if dater.date is not None else None,
    )
    return dataclasses.replace(
        lead,
        event_type=event_type,
        date=dater.date,
        time_precision=dater.time_precision,
        confidence=max(m.confidence for m in members),
        provenance=provenance,
        sources=tuple(source_of(m) for m in members),
    )


def _who(sources: Iterable[Source]) -> str:
    return ", ".join(s.source or s.article_id for s in sources)


def disagreements(incident: Incident) -> list[str]:
    """Where a fused incident's sources differ, one line each for people (dates, places).

    >>> one = _example(id="x", article_id="a1", source="bbc.co.uk")
    >>> two = _example(id="y", article_id="a2", source="dw.com", date=dt.date(2018, 9, 18),
    ...                     lat=35.6, location_name="near Latakia")
    >>> for line in disagreements(fuse([one, two])):
    ...     print(line)
    dates differ: 2018-09-17 (day: bbc.co.uk); 2018-09-18 (day: dw.com)
    places differ (up to 8 km apart): Latakia (bbc.co.uk); near Latakia (dw.com)
    >>> disagreements(one)
    []
    """
    lines: list[str] = []
    sources = incident.sources
    dates: dict[tuple[str, str], list[Source]] = {}
    for s in sources:
        label = (s.date.isoformat(), f"{s.date_precision}: ") if s.date else ("undated", "")
        dates.setdefault(label, []).append(s)
    if len(dates) > 1:
        told = (f"{day} ({how}{_who(g)})" for (day, how), g in sorted(dates.items()))
        lines.append("dates differ: " + "; ".join(told))
    places: dict[str, list[Source]] = {}
    for s in sources:
        places.setdefault(s.location_name or "unlocated", []).append(s)
    if len(places) > 1:
        points = [(s.lat, s.lon) for s in sources if s.lat is not None and s.lon is not None]
        spread = max((haversine_km(*p, *q) for p in points for q in points), default=0.0)
        lines.append(
            f"places differ (up to {spread:.0f} km apart): "
            + "; ".join(f"{name} ({_who(g)})" for name, g in places.items())
        )
    return lines


def _example(**changes: object) -> Incident:
    """The examples' report: an air strike in Latakia on 2018-09-17 (article ``a1``); fields overridable."""
    base = Incident(
        id="i1", article_id="a1", kind="event", event_type="airstrike", date=dt.date(2018, 9, 17),
        time_precision=1, lat=35.53, lon=35.79, location_name="Latakia", country_code="SY",
        geo_precision=1, snippet="Jets struck Latakia.", place_start=12, place_end=19, title="t",
        source="example.com", confidence=0.9,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]
