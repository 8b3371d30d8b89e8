"""The :class:`IncidentStore` facade over one SQLite file."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from mapapp.errors import StoreError
from mapapp.models import Article, Incident
from mapapp.store import query as q
from mapapp.store.codec import fetch_all, fetch_one, row_to_article, row_to_incident
from mapapp.store.safety import unreadable
from mapapp.store.schema import connect
from mapapp.store.transaction import write_transaction
from mapapp.store.write import PutOutcome, delete_article, has_fts, put_in_transaction

DB_FILENAME = "mapapp.sqlite3"


def default_db_path(*, env: Mapping[str, str] = os.environ) -> Path:
    """Where the store lives: ``$MAPAPP_DB``, else the user's data directory.

    >>> default_db_path(env={"MAPAPP_DB": "/tmp/x.sqlite3"})
    PosixPath('/tmp/x.sqlite3')
    """
    override = env.get("MAPAPP_DB", "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs  # local: only needed when no path is given

    return Path(platformdirs.user_data_dir("mapapp", appauthor=False)) / DB_FILENAME


class IncidentStore:
    """Articles and their incidents in one SQLite file (WAL mode).

    Several processes may write the same file at once: each article is one
    ``BEGIN IMMEDIATE`` transaction and writers wait up to 30 s for the lock.
    One instance may be shared between threads (calls are serialised).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, IncidentStore.open(Path(d) / "s.db") as s:
    ...     s.put_article(Article(id="a1", title="T", date=None, url="", text="x"), [])
    'stored'
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._fts = has_fts(conn)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> IncidentStore:
        """Open (creating and migrating if needed) the store at ``path``.

        ``read_only`` opens an existing, current store without writing it,
        even in a read-only folder; writes through it then fail.

        Raises
        ------
        StoreError
            If ``path`` is not a mapapp SQLite store, is damaged, has a newer
            schema, or cannot be created; with ``read_only``,
            :class:`~mapapp.store.safety.SchemaTooOldError` if it needs a migration.
        """
        path = Path(path)
        try:
            return cls(connect(path, read_only=read_only), path)
        except sqlite3.DatabaseError as exc:  # reading the schema in __init__
            raise unreadable(path, exc) from exc

    def __enter__(self) -> IncidentStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            # Lets SQLite refresh planner statistics it found stale; optimising is
            # optional, so an already closed or busy connection is fine.
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    @property
    def full_text(self) -> bool:
        """Whether free-text queries use FTS5 (else word substrings via LIKE)."""
        return self._fts

    def _conn_checked(self) -> sqlite3.Connection:
        try:
            self._conn.execute("SELECT 1")
        except sqlite3.ProgrammingError as exc:
            raise StoreError(f"store {self.path} is closed") from exc
        return self._conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The open connection, under the lock; SQLite errors (damaged pages) become StoreError."""
        with self._lock:
            conn = self._conn_checked()
            try:
                yield conn
            except sqlite3.DatabaseError as exc:
                raise unreadable(self.path, exc) from exc

    # -- writing -------------------------------------------------------------

    def put_article(
        self, article: Article, incidents: Sequence[Incident], *, force: bool = False
    ) -> PutOutcome:
        """Store an article and all its incidents in one transaction.

        Returns ``"stored"`` (new), ``"unchanged"`` (same content hash as the
        stored article with this id, or as another stored article) or
        ``"replaced"`` (the article changed: its own incidents were replaced).
        ``force`` replaces the incidents even when the text is unchanged,
        e.g. after the geoparser improved.
        """
        return self.put_many([(article, incidents)], force=force)[0]

    def put_many(
        self, items: Iterable[tuple[Article, Sequence[Incident]]], *, force: bool = False
    ) -> list[PutOutcome]:
        """:meth:`put_article` for several articles in one transaction (faster).

        All or nothing: if one article is invalid, none of the batch is written.
        """
        with self._lock:
            conn = self._conn_checked()
            with write_transaction(conn, store=self.path):
                outcomes = [
                    put_in_transaction(conn, article, incidents, force=force, fts=self._fts)
                    for article, incidents in items
                ]
            return outcomes

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its incidents; whether it was stored."""
        with self._lock:
            conn = self._conn_checked()
            with write_transaction(conn):
                found = delete_article(conn, article_id, fts=self._fts)
            return found

    # -- reading -------------------------------------------------------------

    def query(
        self,
        filters: q.Filters | None = None,
        *,
        limit: int | None = None,
        fused: bool = True,
        **criteria: Any,
    ) -> list[Incident]:
        """Incidents matching every filter, by date then article order.

        ``filters`` is a :class:`~mapapp.store.query.Filters`; ``criteria``
        are its fields as keywords (``query(country="SY", text="shelling")``),
        which override the same fields of ``filters``. Events that several
        articles report come once, fused (:func:`mapapp.incidents.fusion.fuse`,
        with every report in ``sources``), when any report matches; other
        incidents come as stored. ``fused=False`` gives every article's own
        incidents instead.

        Raises
        ------
        TypeError
            If a keyword is not a :class:`~mapapp.store.query.Filters` field.
        """
        filters = dataclasses.replace(filters or q.Filters(), **criteria)
        with self._reading() as conn:
            if fused:
                return q.select_fused(conn, filters, fts=self._fts, limit=limit)
            rows = q.select_incidents(conn, filters, fts=self._fts, limit=limit)
        return [row_to_incident(row) for row in rows]

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or ``None``."""
        with self._reading() as conn:
            row = fetch_one(
                conn,
                "SELECT id, title, date, url, text, source_path FROM articles WHERE id = ?",
                (article_id,),
            )
        return row_to_article(row) if row else None

    def content_hash_of(self, article_id: str) -> str | None:
        """The stored content hash of an article, or ``None``."""
        with self._reading() as conn:
            row = fetch_one(conn, "SELECT content_hash FROM articles WHERE id = ?", (article_id,))
        return str(row["content_hash"]) if row else None

    def has_text(self, text_hash: str) -> str | None:
        """The id of a stored article with this :func:`~mapapp.store.codec.text_hash`, or ``None``."""
        with self._reading() as conn:
            row = fetch_one(conn, "SELECT min(id) AS id FROM articles WHERE text_hash = ?", (text_hash,))
        return str(row["id"]) if row and row["id"] is not None else None

    def _values(self, sql: str) -> list[str]:
        """The ``value`` column of every row of ``sql``."""
        with self._reading() as conn:
            return [row["value"] for row in fetch_all(conn, sql)]

    def _count(self, table: str) -> int:
        with self._reading() as conn:
            row = fetch_one(conn, f"SELECT count(*) AS n FROM {table}")
        return int(row["n"]) if row else 0

    def articles_count(self) -> int:
        """How many articles are stored."""
        return self._count("articles")

    def incidents_count(self) -> int:
        """How many incidents the articles hold (each article's own, as stored).

        :meth:`fused_count` counts what :meth:`query` returns instead.
        """
        return self._count("incidents")

    def fused_count(self) -> int:
        """How many incidents :meth:`query` returns unfiltered: an event several articles report once."""
        with self._reading() as conn:
            row = fetch_one(
                conn,
                "SELECT (SELECT count(*) FROM incidents) - (SELECT count(*) FROM fused) "
                "+ (SELECT count(DISTINCT group_id) FROM fused) AS n",
            )
        return int(row["n"]) if row else 0

    def stats(self, *, since: dt.date | None = None, until: dt.date | None = None) -> q.Stats:
        """Incident counts by date, country and event type."""
        with self._reading() as conn:
            return q.stats(conn, q.Filters(since=since, until=until), fts=self._fts)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last incident dates, or ``None`` if none is dated."""
        with self._reading() as conn:
            row = fetch_one(
                conn,
                "SELECT min(date) AS low, max(date) AS high FROM incidents WHERE date IS NOT NULL",
            )
        if row is None or row["low"] is None:
            return None
        return dt.date.fromisoformat(row["low"]), dt.date.fromisoformat(row["high"])

    def event_types(self) -> list[str]:
        """The distinct event types stored, sorted."""
        return self._values("SELECT DISTINCT event_type AS value FROM incidents ORDER BY 1")

    def countries(self) -> list[str]:
        """The distinct non-empty country codes stored (upper case), sorted."""
        return self._values(
            "SELECT DISTINCT upper(country_code) AS value FROM incidents WHERE country_code != '' ORDER BY 1"
        )

    def integrity_ok(self) -> bool:
        """Whether SQLite's ``integrity_check`` and foreign keys are clean."""
        with self._reading() as conn:
            result = [row["integrity_check"] for row in fetch_all(conn, "PRAGMA integrity_check")]
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        return result == ["ok"] and not orphans
