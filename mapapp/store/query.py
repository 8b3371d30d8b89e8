"""Filtering incidents and counting them, with SQL that uses the indexes."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mapapp.errors import StoreError
from mapapp.incidents.fusion import fuse
from mapapp.models import Extent, Incident
from mapapp.store.codec import INCIDENT_COLUMNS, IncidentRow, fetch_one, name_key, row_to_incident
from mapapp.store.groups import chunks
from mapapp.store.schema import FTS_TABLE

BBox = tuple[float, float, float, float]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Filters:
    """What :meth:`IncidentStore.query` filters on; ``None`` means any.

    ``since``/``until`` are inclusive and exclude undated incidents;
    ``bbox`` is ``(south, west, north, east)`` (west > east crosses 180°)
    and excludes incidents without coordinates; ``country`` is an ISO2
    code; ``place`` matches the location, the anchor or any place named
    in the snippet, ignoring case; ``text`` needs every word in the
    snippet, title or location name; ``event_types`` is a set of types
    (empty matches nothing).

    The record is hashable (a cache key): a list given for ``event_types``
    or ``bbox`` is stored as a tuple.

    >>> Filters(event_types=["airstrike"]) == Filters(event_types=("airstrike",))
    True
    >>> hash(Filters(bbox=[33.0, 35.0, 34.0, 36.0])) == hash(Filters(bbox=(33.0, 35.0, 34.0, 36.0)))
    True
    """

    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | Extent | None = None
    country: str | None = None
    place: str | None = None
    text: str | None = None
    event_types: tuple[str, ...] | None = None
    kind: str | None = None
    article_id: str | None = None

    def __post_init__(self) -> None:
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


def fts_expression(text: str) -> str | None:
    """An FTS5 query matching every word of untrusted ``text``, or ``None``.

    Each word is quoted as a string, so FTS5 operators and punctuation in the
    input are never interpreted.

    >>> fts_expression('shelling AND "Latakia" OR(')
    '"shelling" AND "AND" AND "Latakia" AND "OR"'
    >>> fts_expression("?!") is None
    True
    """
    words = _WORD.findall(text)
    return " AND ".join(f'"{w}"' for w in words) if words else None


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _extent(bbox: BBox | Extent) -> Extent:
    if isinstance(bbox, Extent):
        return bbox
    try:
        south, west, north, east = (float(v) for v in bbox)
        return Extent(south=south, west=west, north=north, east=east)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"bbox must be (south, west, north, east) in degrees: {exc}") from exc


def where_clause(filters: Filters, *, fts: bool) -> tuple[str, list[Any]] | None:
    """``(sql, params)`` restricting ``incidents``; ``None`` if nothing can match."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.since is not None:
        clauses.append("date >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("date <= ?")
        params.append(filters.until.isoformat())
    if filters.bbox is not None:
        box = _extent(filters.bbox)
        clauses.append("lat BETWEEN ? AND ?")
        params += [box.south, box.north]
        if box.west <= box.east:
            clauses.append("lon BETWEEN ? AND ?")
            params += [box.west, box.east]
        else:  # the box crosses the antimeridian
            clauses.append("(lon >= ? OR lon <= ?)")
            params += [box.west, box.east]
    if filters.country is not None:
        # NOCASE matches the index's collation, so "sy" finds "SY".
        clauses.append("country_code = ? COLLATE NOCASE")
        params.append(filters.country.strip())
    if filters.place is not None:
        key = name_key(filters.place)
        if not key:
            return None
        clauses.append("rowid IN (SELECT incident_rowid FROM incident_names WHERE name_key = ?)")
        params.append(key)
    if filters.text is not None:
        text_sql = _text_clause(filters.text, fts=fts, params=params)
        if text_sql is None:
            return None
        clauses.append(text_sql)
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
    return (" AND ".join(clauses) or "1", params)


def _text_clause(text: str, *, fts: bool, params: list[Any]) -> str | None:
    if fts:
        expression = fts_expression(text)
        if expression is None:
            return None
        params.append(expression)
        return f"rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
    words = _WORD.findall(text)
    if not words:
        return None
    # Without FTS5: substring match of every word (slower, no tokenising).
    haystack = "(snippet || ' ' || title || ' ' || location_name)"
    params += [_like_pattern(w) for w in words]
    return " AND ".join(f"{haystack} LIKE ? ESCAPE '\\'" for _ in words)


def select_sql(filters: Filters, *, fts: bool, limit: int | None) -> tuple[str, list[Any]] | None:
    """The ``SELECT`` of :func:`select_incidents`; ``None`` if nothing can match."""
    where = where_clause(filters, fts=fts)
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


def select_incidents(
    conn: sqlite3.Connection, filters: Filters, *, fts: bool, limit: int | None
) -> list[IncidentRow]:
    """The matching rows, ordered by date, article and position."""
    statement = select_sql(filters, fts=fts, limit=limit)
    if statement is None:
        return []
    # A NamedTuple per row: named access at the cost of a plain tuple
    # (sqlite3.Row's by-name lookups measured 25% slower on 10k-row reads).
    return [IncidentRow._make(row) for row in conn.execute(*statement)]


def _joined(filters: Filters, *, fts: bool, columns: str, extra: str = "") -> tuple[str, list[Any]] | None:
    """A ``SELECT`` of ``columns`` from incidents with their ``fused`` row, restricted by ``filters``."""
    where = where_clause(filters, fts=fts)
    if where is None:
        return None
    sql, params = where
    # fused is WITHOUT ROWID and its column names are its own: the filters' names stay unambiguous.
    return (
        f"SELECT {columns} FROM incidents LEFT JOIN fused ON incident_rowid = incidents.rowid "
        f"WHERE ({sql}){extra}",
        params,
    )


Keyed = tuple[tuple[Any, ...], Incident]


def _sort_key(date: str | None, article_id: str, seq: int) -> tuple[Any, ...]:
    return (date is None, date or "", article_id, seq)


def _fused_groups(conn: sqlite3.Connection, group_ids: list[int]) -> list[Keyed]:
    """The fused incident of each group with its sort key (its date, its lead's article and position)."""
    members: dict[int, list[Incident]] = {}
    seqs: dict[tuple[str, str], int] = {}
    for part in chunks(group_ids):
        rows = conn.execute(
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


def _matched_groups(conn: sqlite3.Connection, filters: Filters, *, fts: bool) -> list[Keyed]:
    """The fused incidents (two or more members) one of whose members matches ``filters``."""
    statement = _joined(filters, fts=fts, columns="DISTINCT group_id", extra=" AND members > 1")
    if statement is None:
        return []
    return _fused_groups(conn, sorted(row[0] for row in conn.execute(*statement)))


def select_fused(
    conn: sqlite3.Connection, filters: Filters, *, fts: bool, limit: int | None
) -> list[Incident]:
    """One incident per event matching ``filters`` (fused across articles), by date, article and position.

    A fused incident matches when any of its members does, and comes once.
    """
    if limit is not None and limit < 0:
        raise StoreError(f"limit must be >= 0, got {limit}")
    columns = f"{', '.join(INCIDENT_COLUMNS)}, seq"
    statement = _joined(filters, fts=fts, columns=columns, extra=" AND coalesce(members, 1) = 1")
    if statement is None:
        return []
    keyed: list[Keyed] = []
    for row in conn.execute(*statement):
        incident = IncidentRow._make(row[:-1])
        keyed.append((_sort_key(incident.date, incident.article_id, row[-1]), row_to_incident(incident)))
    keyed += _matched_groups(conn, filters, fts=fts)
    keyed.sort(key=lambda pair: pair[0])
    return [incident for _, incident in keyed[:limit]]


def stats(conn: sqlite3.Connection, filters: Filters, *, fts: bool) -> Stats:
    """Counts of the incidents matching ``filters`` (a fused one once), by date, country and type."""
    count = fetch_one(conn, "SELECT count(*) AS n FROM articles")
    articles = int(count["n"]) if count is not None else 0
    fused = [incident for _, incident in _matched_groups(conn, filters, fts=fts)]

    def grouped(column: str, value: Callable[[Incident], str], *, by_key: bool) -> dict[str, int]:
        expression = f"coalesce(nullif({column}, ''), 'unknown')"
        statement = _joined(
            filters,
            fts=fts,
            columns=f"{expression}, count(*)",
            extra=f" AND coalesce(members, 1) = 1 GROUP BY {expression}",
        )
        counted = Counter(dict(conn.execute(*statement).fetchall()) if statement else {})
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
