"""What the store needs from a database engine: one small protocol, two providers.

:mod:`mapapp.store.write`, :mod:`mapapp.store.query` and
:mod:`mapapp.store.groups` hold every rule of the store (what is stored,
what a query returns, which incidents are fused) and run on any
:class:`Backend`. A provider only connects, runs SQL written with ``?``
placeholders, serialises writers and supplies the few fragments where the
engines differ: spatial filters, full-text search and the country index.

* :class:`mapapp.store.sqlite.SqliteBackend`: one SQLite file (the default).
* :class:`mapapp.store.postgis.PostgisBackend`: a PostgreSQL database with
  PostGIS, for a team (imported only when a ``postgresql://`` URL is opened).

A new operation on the store (e.g. deleting an article) is written once in
the shared modules against this protocol; a provider changes only if the
operation needs a fragment the engines spell differently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol

from mapapp.models import Extent, Incident, Provenance

BackendKind = Literal["sqlite", "postgis"]


def provenance_key(key: str) -> str:
    """``key`` if it names a :class:`~mapapp.models.Provenance` field (it is spliced into SQL).

    >>> provenance_key("admin1")
    'admin1'
    >>> provenance_key("x'); DROP TABLE incidents; --")
    Traceback (most recent call last):
    ...
    ValueError: not a provenance field: "x'); DROP TABLE incidents; --"
    """
    if key not in {field.name for field in dataclasses.fields(Provenance)}:
        raise ValueError(f"not a provenance field: {key!r}")
    return key


class Rows(Protocol):
    """A cursor over the result of one statement (rows are tuples)."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Backend(Protocol):
    """One open database holding a mapapp store, migrated to the current schema.

    Methods that add to ``params`` append the values their SQL fragment's
    ``?`` placeholders take, in order.
    """

    @property
    def kind(self) -> BackendKind:
        """Which engine."""
        ...

    @property
    def location(self) -> str:
        """The store for people: a file path, or a URL without its password."""
        ...

    @property
    def remote(self) -> bool:
        """Whether every statement is a round trip to a server (then the shared code batches them)."""
        ...

    @property
    def full_text(self) -> bool:
        """Whether free text is matched by words (else by substrings)."""
        ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run one statement with ``?`` placeholders."""
        ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""
        ...

    def insert_rows(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        """Run one row's ``INSERT INTO incidents (seq, ...) VALUES (?, ...)`` for every row.

        Each row's first value is its ``seq``, unique among ``rows``; returns
        the new rows' ``rowid`` in the order of ``rows``.
        """
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction, committed at the end or rolled back on any error.

        Writers of one store are serialised (every provider takes the store's
        write lock first), so each sees what earlier writers committed; a
        failure to lock or write is a :class:`~mapapp.errors.StoreError`
        naming the store (:class:`~mapapp.errors.StoreConnectionLost` when
        the connection to a server was lost).
        """
        ...

    def reading(self) -> AbstractContextManager[None]:
        """Around reads: a damaged or unreachable store becomes a StoreError naming it."""
        ...

    def check_open(self) -> None:
        """Raise :class:`~mapapp.errors.StoreError` if the connection was closed."""
        ...

    def close(self) -> None:
        """Close the connection (idempotent)."""
        ...

    def reconnect(self) -> bool:
        """Replace a lost connection by a new one; whether the engine can (an SQLite file cannot lose it).

        Raises :class:`~mapapp.errors.StoreConnectionLost` naming the store
        when the server cannot be reached again.
        """
        ...

    def integrity_ok(self) -> bool:
        """Whether the engine's own checks and the store's references are clean."""
        ...

    def revision(self) -> tuple[int, ...]:
        """A cheap value that changes whenever any process commits a write."""
        ...

    # -- the fragments where the engines differ ---------------------------------

    def bbox_clause(self, box: Extent, params: list[Any]) -> str:
        """Incidents whose point lies in ``box`` (which may cross the antimeridian)."""
        ...

    def near_clause(self, lat: float, lon: float, km: float, params: list[Any]) -> str:
        """Incidents within ``km`` of a point (a little more is fine: the rule decides later)."""
        ...

    def country_clause(self, code: str, params: list[Any]) -> str:
        """Incidents of an ISO2 country code, ignoring case."""
        ...

    def text_clause(self, words: Sequence[str], params: list[Any]) -> str:
        """Incidents whose snippet, title or location name hold every word."""
        ...

    def provenance_field(self, key: str) -> str:
        """The SQL for one text field of the provenance (the ``extra`` JSON column); ``''`` when absent.

        ``key`` is a field name of :class:`~mapapp.models.Provenance` (never user text).
        """
        ...

    def plain(self, column: str) -> str:
        """``column`` spelt so the planner does not pick its index (where that matters)."""
        ...

    def now(self) -> str:
        """The SQL for the current time as stored in ``stored_at``."""
        ...

    def index_text(self, rowid: int, incident: Incident) -> None:
        """Add a new incident to the full-text index, if the engine keeps it apart."""
        ...

    def unindex_text(self, article_id: str) -> None:
        """Drop an article's incidents from the full-text index (before they are deleted)."""
        ...
