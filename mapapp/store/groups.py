"""Keeping the ``fused`` table: which event incidents of different articles report one event.

Every event incident has one ``fused`` row: its ``component`` (connected by
:func:`mapapp.incidents.fusion.same_event`, closed: no member fuses with an
incident outside it), its ``group_id`` (the incidents that make one fused
incident, :func:`mapapp.incidents.fusion.partition`) and the group's
``members`` count. Both labels are the smallest rowid among their members.

The rows are recomputed inside the writer's transaction, for the components
an article's new incidents join (found with the date and position indexes)
and those it leaves. The groups of a component are a function of its
members alone, so they do not depend on the order articles were stored in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mapapp.incidents.fusion import MAX_TOLERANCE_KM, candidate_dates, family, key, partition, same_event
from mapapp.models import EVENT_FAMILY, Incident
from mapapp.store.backend import Backend
from mapapp.store.codec import INCIDENT_COLUMNS, IncidentRow, row_to_incident

FUSED_SQL = """
CREATE TABLE IF NOT EXISTS fused (
    incident_rowid INTEGER PRIMARY KEY REFERENCES incidents(rowid) ON DELETE CASCADE,
    component      INTEGER NOT NULL,
    group_id       INTEGER NOT NULL,
    members        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fused_component ON fused(component);
CREATE INDEX IF NOT EXISTS fused_group ON fused(group_id);
CREATE INDEX IF NOT EXISTS incidents_precision_date ON incidents(time_precision, date)
"""

_SELECT = f"SELECT rowid, {', '.join(INCIDENT_COLUMNS)} FROM incidents"
#: SQLite's smallest default limit of bound parameters is 999.
CHUNK = 900
#: SQLite's default limit of one compound SELECT's parts is 500.
_BRANCHES = 100


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """``values`` in slices small enough for one statement's parameters."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _rows(db: Backend, sql: str, params: Sequence[Any]) -> dict[int, Incident]:
    return {row[0]: row_to_incident(IncidentRow._make(row[1:])) for row in db.execute(sql, params)}


def _load(db: Backend, where: str, params: Sequence[Any]) -> dict[int, Incident]:
    return _rows(db, f"{_SELECT} WHERE {where}", params)


def _load_rowids(db: Backend, rowids: Sequence[int]) -> dict[int, Incident]:
    found: dict[int, Incident] = {}
    for part in chunks(rowids):
        marks = ", ".join("?" for _ in part)
        found.update(_load(db, f"kind = 'event' AND rowid IN ({marks})", part))
    return found


def _candidate_filter(db: Backend, incident: Incident) -> tuple[str, list[Any]] | None:
    """The WHERE clause (and its values) of the stored events that may fuse with ``incident``."""
    kind, dates = family(incident), candidate_dates(incident)
    if kind is None or not dates or incident.lat is None or incident.lon is None:
        return None
    types = [t for t, f in EVENT_FAMILY.items() if f == kind]
    # One clause for every precision's date range (one round trip to a server, not three).
    params: list[Any] = []
    ranges = []
    for precision, (low, high) in dates.items():
        ranges.append("(time_precision = ? AND date BETWEEN ? AND ?)")
        params += [precision, low.isoformat(), high.isoformat()]
    near = db.near_clause(incident.lat, incident.lon, MAX_TOLERANCE_KM, params)
    # Plain columns keep the planner on incidents_precision_date (the type index is far wider).
    where = (
        f"({' OR '.join(ranges)}) AND {db.plain('kind')} = 'event' AND {near} "
        f"AND {db.plain('event_type')} IN ({', '.join('?' for _ in types)}) AND {db.plain('article_id')} != ?"
    )
    return where, [*params, *types, incident.article_id]


def candidates_of(db: Backend, incidents: Iterable[Incident]) -> dict[int, Incident]:
    """Stored events that may fuse with any of ``incidents``: their family, date ranges and surroundings.

    Only a pre-filter the indexes answer (the provider's :meth:`~mapapp.store.backend.Backend.near_clause`
    and the date ranges of :func:`~mapapp.incidents.fusion.candidate_dates`);
    :func:`~mapapp.incidents.fusion.same_event` decides. One statement (a
    ``UNION ALL`` of each incident's filter, each served by its indexes)
    per slice of incidents when the store is a round trip away; one per
    incident in SQLite, whose planner serves a lone filter faster.
    """
    most = _BRANCHES if db.remote else 1
    found: dict[int, Incident] = {}
    branches: list[str] = []
    params: list[Any] = []

    def flush() -> None:
        if branches:
            found.update(_rows(db, " UNION ALL ".join(f"{_SELECT} WHERE {b}" for b in branches), params))
            branches.clear()
            params.clear()

    for incident in incidents:
        clause = _candidate_filter(db, incident)
        if clause is None:
            continue
        if len(params) + len(clause[1]) > CHUNK or len(branches) == most:
            flush()
        branches.append(clause[0])
        params += clause[1]
    flush()
    return found


def candidates(db: Backend, incident: Incident) -> dict[int, Incident]:
    """Stored events that may fuse with ``incident`` (see :func:`candidates_of`)."""
    return candidates_of(db, [incident])


def components_of_article(db: Backend, article_id: str) -> set[int]:
    """The components an article's incidents are in (to regroup once they are gone)."""
    rows = db.execute(
        "SELECT DISTINCT component FROM fused WHERE incident_rowid IN "
        "(SELECT rowid FROM incidents WHERE article_id = ?)",
        (article_id,),
    )
    return {row[0] for row in rows}


def _components(db: Backend, components: Sequence[int]) -> dict[int, Incident]:
    """The members of ``components``."""
    found: dict[int, Incident] = {}
    for part in chunks(components):
        marks = ", ".join("?" for _ in part)
        found.update(
            _load(db, f"rowid IN (SELECT incident_rowid FROM fused WHERE component IN ({marks}))", part)
        )
    return found


def regroup(db: Backend, new: Sequence[int], stale: Iterable[int] = ()) -> None:
    """Recompute the groups around the incidents ``new`` (rowids) and of the components ``stale``.

    ``stale`` components lost members (their article was replaced or
    deleted): what is left of them may split. Runs in the caller's
    transaction, in a fixed number of statements whatever the number of
    incidents (up to the slices of :data:`CHUNK` values).
    """
    seeds = _load_rowids(db, new)
    matched = {
        rowid: other
        for rowid, other in candidates_of(db, seeds.values()).items()
        if any(same_event(incident, other) for incident in seeds.values())
    }
    components = set(stale)
    members = dict(seeds)
    grouped: dict[int, int] = {}
    for part in chunks(list(matched)):
        marks = ", ".join("?" for _ in part)
        rows = db.execute(
            f"SELECT incident_rowid, component FROM fused WHERE incident_rowid IN ({marks})", part
        )
        grouped.update((row[0], row[1]) for row in rows)
    for rowid, other in matched.items():
        if rowid in grouped:
            components.add(grouped[rowid])
        else:  # not grouped yet (cannot happen after the migration)
            members[rowid] = other
    members.update(_components(db, sorted(components)))
    write_groups(db, members)


def write_groups(db: Backend, members: dict[int, Incident]) -> None:
    """Replace the ``fused`` rows of ``members`` (a union of whole components) by their partition."""
    rowid_of = {key(incident): rowid for rowid, incident in members.items()}
    rows: list[tuple[int, int, int, int]] = []
    for component in partition(members.values()):
        groups = [[rowid_of[key(incident)] for incident in group] for group in component]
        label = min(min(group) for group in groups)
        rows += [(rowid, label, min(group), len(group)) for group in groups for rowid in group]
    rowids = list(members)
    for part in chunks(rowids):
        db.execute(f"DELETE FROM fused WHERE incident_rowid IN ({', '.join('?' for _ in part)})", part)
    db.executemany(
        "INSERT INTO fused (incident_rowid, component, group_id, members) VALUES (?, ?, ?, ?)", rows
    )


def regroup_all(db: Backend) -> None:
    """Group every stored event from scratch (the migration that adds the table)."""
    db.execute("DELETE FROM fused")
    write_groups(db, _load(db, "kind = 'event'", ()))
