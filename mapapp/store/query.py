"""Filtering incidents and counting them, with SQL that uses the indexes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from mapapp.errors import StoreError
from mapapp.incidents.fusion import fuse
from mapapp.models import Extent, Incident
from mapapp.store.backend import Backend
from mapapp.store.codec import INCIDENT_COLUMNS, IncidentRow, name_key, row_to_incident
from mapapp.store.groups import chunks

BBox = tuple[float, float, float, float]

_WORD = re.compile(r"\w+")
#: What the date bounds do with undated incidents (see :class:`Filters`).
Undated = Literal["auto", "include", "only"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What :meth:`IncidentStore.query` filters on; ``None`` means any.

    ``since``/``until`` are inclusive; ``undated`` says what becomes of
    undated incidents: ``"auto"`` keeps them only when no date bound is
    set, ``"include"`` keeps them beside the dated ones in the bounds (an
    undated incident cannot be placed in or out of a range), ``"only"``
    matches undated incidents alone (the bounds then do not apply);
    ``bbox`` is ``(south, west, north, east)`` (west > east crosses 180°)
    and excludes incidents without coordinates; ``country`` is an ISO2
    code; ``place`` matches the location, the anchor or any place named
    in the snippet, ignoring case; ``admin1`` is the first-level division
    (exactly as stored, see :meth:`IncidentStore.admin1_names`); ``source``
    the source's name (a fused incident matches by any of its reports);
    ``text`` needs every word in the snippet, title or location name;
    ``event_types`` is a set of types (empty matches nothing);
    ``incident_id`` one incident.

    The record is hashable (a cache key): a list given for ``event_types``
    or ``bbox`` is stored as a tuple.

    >>> Filters(event_types=["airstrike"]) == Filters(event_types=("airstrike",))
    True
    >>> hash(Filters(bbox=[33.0, 35.0, 34.0, 36.0])) == hash(Filters(bbox=(33.0, 35.0, 34.0, 36.0)))
    True
    >>> Filters(undated="maybe")
    Traceback (most recent call last):
    ...
    mapapp.errors.StoreError: undated must be one of 'auto', 'include', 'only', got 'maybe'
    """

    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | Extent | None = None
    country: str | None = None
    admin1: str | None = None
    source: str | None = None
    place: str | None = None
    text: str | None = None
    event_types: tuple[str, ...] | None = None
    kind: str | None = None
    article_id: str | None = None
    incident_id: str | None = None
    undated: Undated = "auto"

    def __post_init__(self) -> None:
        if self.undated not in get_args(Undated):
            choices = ", ".join(repr(c) for c in get_args(Undated))
            raise StoreError(f"undated must be one of {choices}, got {self.undated!r}")
        if self.event_types is not None and not isinstance(self.event_types, tuple):
            object.__setattr__(self, "event_types", tuple(self.event_types))
        if isinstance(self.bbox, list):
            object.__setattr__(self, "bbox", tuple(self.bbox))


@dataclass(frozen=True, slots=True)
class Stats:
    """Incident counts; a missing date or country is counted under ``"unknown"``."""

    articles: int
    incidents: int
    by_date: Mapping[str, int] = field(default_factory=dict)
    by_country: Mapping[str, int] = field(default_factory=dict)
    by_event_type: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "articles": self.articles,
            "incidents": self.incidents,
            "by_date": dict(self.by_date),
            "by_country": dict(self.by_country),
            "by_event_type": dict(self.by_event_type),
        }


def _extent(bbox: BBox | Extent) -> Extent:
    if isinstance(bbox, Extent):
        return bbox
    try:
        south, west, north, east = (float(v) for v in bbox)
        return Extent(south=south, west=west, north=north, east=east)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"bbox must be (south, west, north, east) in degrees: {exc}") from exc


def _date_clause(filters: Filters, clauses: list[str], params: list[Any]) -> None:
    """The date bounds and what they do with undated incidents (:class:`Filters`'s ``undated``)."""
    if filters.undated == "only":
        clauses.append("date IS NULL")
        return
    bounds: list[str] = []
    if filters.since is not None:
        bounds.append("date >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        bounds.append("date <= ?")
        params.append(filters.until.isoformat())
    if not bounds:
        return
    if filters.undated == "include":
        clauses.append(f"date IS NULL OR ({' AND '.join(bounds)})")
    else:
        clauses.extend(bounds)


def where_clause(db: Backend, filters: Filters) -> tuple[str, list[Any]] | None:
    """``(sql, params)`` restricting ``incidents``; ``None`` if nothing can match."""
    clauses: list[str] = []
    params: list[Any] = []
    _date_clause(filters, clauses, params)
    if filters.bbox is not None:
        clauses.append(db.bbox_clause(_extent(filters.bbox), params))
    if filters.country is not None:
        clauses.append(db.country_clause(filters.country.strip(), params))
    if filters.admin1 is not None:
        clauses.append(f"{db.provenance_field('admin1')} = ?")
        params.append(filters.admin1)
    if filters.source is not None:
        clauses.append("source = ?")
        params.append(filters.source)
    if filters.place is not None:
        key = name_key(filters.place)
        if not key:
            return None
        clauses.append("rowid IN (SELECT incident_rowid FROM incident_names WHERE name_key = ?)")
        params.append(key)
    if filters.text is not None:
        # Words only: user text is never parsed as the engine's query syntax.
        words = _WORD.findall(filters.text)
        if not words:
            return None
        clauses.append(db.text_clause(words, params))
    if filters.event_types is not None:
        types = list(filters.event_types)
        if not types:
            return None
        clauses.append(f"event_type IN ({', '.join('?' for _ in types)})")
        params += types
    if filters.kind is not None:
        clauses.append("kind = ?")
        params.append(filters.kind)
    if filters.article_id is not None:
        clauses.append("article_id = ?")
        params.append(filters.article_id)
    if filters.incident_id is not None:
        clauses.append("id = ?")
        params.append(filters.incident_id)
    return (" AND ".join(f"({c})" for c in clauses) or "1 = 1", params)


def select_sql(db: Backend, filters: Filters, *, limit: int | None) -> tuple[str, list[Any]] | None:
    """The ``SELECT`` of :func:`select_incidents`; ``None`` if nothing can match."""
    where = where_clause(db, filters)
    if where is None:
        return None
    sql, params = where
    query = (
        f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents WHERE {sql} "
        "ORDER BY date IS NULL, date, article_id, seq"
    )
    if limit is not None:
        if limit < 0:
            raise StoreError(f"limit must be >= 0, got {limit}")
        query += " LIMIT ?"
        params.append(limit)
    return query, params


def select_incidents(db: Backend, filters: Filters, *, limit: int | None) -> list[IncidentRow]:
    """The matching rows, ordered by date, article and position."""
    statement = select_sql(db, filters, limit=limit)
    if statement is None:
        return []
    # A NamedTuple per row: named access at the cost of a plain tuple
    # (sqlite3.Row's by-name lookups measured 25% slower on 10k-row reads).
    return [IncidentRow._make(row) for row in db.execute(*statement)]


def _joined(db: Backend, filters: Filters, *, columns: str, extra: str = "") -> tuple[str, list[Any]] | None:
    """A ``SELECT`` of ``columns`` from incidents with their ``fused`` row, restricted by ``filters``."""
    where = where_clause(db, filters)
    if where is None:
        return None
    sql, params = where
    # fused's column names are its own (in SQLite it is WITHOUT ROWID): the filters' names stay unambiguous.
    return (
        f"SELECT {columns} FROM incidents LEFT JOIN fused ON incident_rowid = incidents.rowid "
        f"WHERE ({sql}){extra}",
        params,
    )


Keyed = tuple[tuple[Any, ...], Incident]


def _sort_key(date: str | None, article_id: str, seq: int) -> tuple[Any, ...]:
    return (date is None, date or "", article_id, seq)


def _fused_groups(db: Backend, group_ids: list[int]) -> list[Keyed]:
    """The fused incident of each group with its sort key (its date, its lead's article and position)."""
    members: dict[int, list[Incident]] = {}
    seqs: dict[tuple[str, str], int] = {}
    for part in chunks(group_ids):
        rows = db.execute(
            f"SELECT group_id, seq, {', '.join(INCIDENT_COLUMNS)} FROM fused "
            "JOIN incidents ON incidents.rowid = incident_rowid "
            f"WHERE group_id IN ({', '.join('?' for _ in part)})",
            part,
        )
        for row in rows:
            incident = row_to_incident(IncidentRow._make(row[2:]))
            members.setdefault(row[0], []).append(incident)
            seqs[incident.article_id, incident.id] = row[1]
    keyed = []
    for group in members.values():
        fused = fuse(group)
        date = fused.date.isoformat() if fused.date else None
        keyed.append((_sort_key(date, fused.article_id, seqs[fused.article_id, fused.id]), fused))
    return keyed


def _matched_groups(db: Backend, filters: Filters) -> list[Keyed]:
    """The fused incidents (two or more members) one of whose members matches ``filters``."""
    statement = _joined(db, filters, columns="DISTINCT group_id", extra=" AND members > 1")
    if statement is None:
        return []
    return _fused_groups(db, sorted(row[0] for row in db.execute(*statement)))


def select_fused(db: Backend, filters: Filters, *, limit: int | None) -> list[Incident]:
    """One incident per event matching ``filters`` (fused across articles), by date, article and position.

    A fused incident matches when any of its members does, and comes once.
    """
    if limit is not None and limit < 0:
        raise StoreError(f"limit must be >= 0, got {limit}")
    columns = f"{', '.join(INCIDENT_COLUMNS)}, seq"
    statement = _joined(db, filters, columns=columns, extra=" AND coalesce(members, 1) = 1")
    if statement is None:
        return []
    keyed: list[Keyed] = []
    for row in db.execute(*statement):
        incident = IncidentRow._make(row[:-1])
        keyed.append((_sort_key(incident.date, incident.article_id, row[-1]), row_to_incident(incident)))
    keyed += _matched_groups(db, filters)
    keyed.sort(key=lambda pair: pair[0])
    return [incident for _, incident in keyed[:limit]]


def stats(db: Backend, filters: Filters) -> Stats:
    """Counts of the incidents matching ``filters`` (a fused one once), by date, country and type."""
    articles = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    fused = [incident for _, incident in _matched_groups(db, filters)]

    def grouped(column: str, value: Callable[[Incident], str], *, by_key: bool) -> dict[str, int]:
        statement = _joined(
            db,
            filters,
            columns=f"{column}, count(*)",
            extra=f" AND coalesce(members, 1) = 1 GROUP BY {column}",
        )
        counted: Counter[str] = Counter()
        # NULL and '' both count as "unknown" (grouped here: a typed date column has no '').
        for found, n in db.execute(*statement).fetchall() if statement else ():
            counted[found or "unknown"] += n
        counted.update(value(incident) or "unknown" for incident in fused)
        order = sorted(counted) if by_key else sorted(counted, key=lambda k: (-counted[k], k))
        return {k: counted[k] for k in order}

    by_date = grouped("date", lambda i: i.date.isoformat() if i.date else "", by_key=True)
    return Stats(
        articles=articles,
        incidents=sum(by_date.values()),
        by_date=by_date,
        by_country=grouped("upper(country_code)", lambda i: i.country_code.upper(), by_key=False),
        by_event_type=grouped("event_type", lambda i: i.event_type, by_key=False),
    )
