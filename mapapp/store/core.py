"""The :class:`IncidentStore` facade over one store, whichever engine holds it."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from mapapp.errors import StoreConnectionLost
from mapapp.models import Article, ArticleRegions, Incident, RegionShares
from mapapp.store import query as q
from mapapp.store.backend import Backend, BackendKind
from mapapp.store.codec import ARTICLE_READ, row_to_article, row_to_incident
from mapapp.store.location import StoreTarget, is_url, parse_target
from mapapp.store.regions import source_homes
from mapapp.store.write import PutOutcome, delete_article, put_in_transaction

T = TypeVar("T")


def open_backend(target: StoreTarget, *, read_only: bool = False) -> Backend:
    """The provider for ``target``: PostGIS for a ``postgresql://`` URL, else an SQLite file."""
    if is_url(target):
        from mapapp.store.postgis import PostgisBackend  # local: psycopg is an optional extra

        return PostgisBackend.open(str(parse_target(str(target))), read_only=read_only)
    from mapapp.store.sqlite import SqliteBackend

    return SqliteBackend.open(Path(target), read_only=read_only)


#: Counts of rows breaking what the store keeps true whatever the engine (each must be 0).
_INVARIANTS = (
    "SELECT count(*) FROM incidents WHERE kind = 'event' AND rowid NOT IN (SELECT incident_rowid FROM fused)",
    "SELECT count(*) FROM (SELECT count(*) AS n, min(members) AS low, max(members) AS high "
    "FROM fused GROUP BY group_id) AS g WHERE n != low OR n != high",
)


class IncidentStore:
    """Articles and their incidents in one SQLite file (WAL mode) or one PostGIS database.

    Several processes may write the same store at once: each article is one
    transaction and writers queue on the store's write lock (SQLite's
    ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock). One instance may be
    shared between threads (calls are serialised).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, IncidentStore.open(Path(d) / "s.db") as s:
    ...     s.put_article(Article(id="a1", title="T", date=None, url="", text="x"), [])
    'stored'
    """

    def __init__(self, backend: Backend) -> None:
        self._db = backend
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: StoreTarget, *, read_only: bool = False) -> IncidentStore:
        """Open (creating and migrating if needed) the store at ``path``.

        ``path`` is an SQLite file, or a ``postgresql://`` URL of a database
        with PostGIS (needs the ``mapapp[postgis]`` extra). ``read_only``
        opens an existing, current store without writing it (for SQLite, even
        in a read-only folder); writes through it then fail.

        Raises
        ------
        StoreError
            If ``path`` is not a mapapp store, is damaged or unreachable, has a
            newer schema, cannot be created, or is a URL of another kind; with
            ``read_only``, :class:`~mapapp.store.safety.SchemaTooOldError` if
            it needs a migration.
        """
        return cls(open_backend(path, read_only=read_only))

    @property
    def kind(self) -> BackendKind:
        """The engine: ``"sqlite"`` or ``"postgis"``."""
        return self._db.kind

    @property
    def location(self) -> str:
        """The store for people: its file path, or its URL without the password."""
        return self._db.location

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` for a server store."""
        path = getattr(self._db, "path", None)
        return path if isinstance(path, Path) else None

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
            self._db.close()

    @property
    def full_text(self) -> bool:
        """Whether free-text queries match words (FTS5, tsvector), else word substrings (LIKE)."""
        return self._db.full_text

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Backend]:
        """The open backend, under the lock; engine errors (damage, a lost server) become StoreError."""
        with self._lock:
            self._db.check_open()
            with self._db.reading():
                yield self._db

    # -- writing -------------------------------------------------------------

    def put_article(
        self,
        article: Article,
        incidents: Sequence[Incident],
        *,
        force: bool = False,
        regions: ArticleRegions | None = None,
    ) -> PutOutcome:
        """Store an article and all its incidents in one transaction.

        Returns ``"stored"`` (new), ``"unchanged"`` (same content hash as the
        stored article with this id, or as another stored article) or
        ``"replaced"`` (the article changed: its own incidents were replaced).
        ``force`` replaces the incidents even when the text is unchanged,
        e.g. after the geoparser improved. ``regions`` are the article's
        source and the shares of its resolved places, summed by
        :meth:`source_homes`.
        """
        return self.put_many([(article, incidents)], force=force, regions={article.id: regions})[0]

    def put_many(
        self,
        items: Iterable[tuple[Article, Sequence[Incident]]],
        *,
        force: bool = False,
        regions: dict[str, ArticleRegions | None] | None = None,
    ) -> list[PutOutcome]:
        """:meth:`put_article` for several articles in one transaction (faster); ``regions`` by article id.

        All or nothing: if one article is invalid, none of the batch is written.
        """
        batch = list(items)
        found = regions or {}
        return self._write(
            lambda: [
                put_in_transaction(self._db, article, incidents, force=force, regions=found.get(article.id))
                for article, incidents in batch
            ]
        )

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its incidents; whether it was stored."""
        return self._write(lambda: delete_article(self._db, article_id))

    def _write(self, body: Callable[[], T]) -> T:
        """``body()`` in one write transaction, run once more on a new connection if the old one was lost.

        Safe to repeat: a lost transaction was rolled back by the server, and
        one whose commit was lost in transit is found by its content hashes
        (its articles then count as unchanged).
        """
        with self._lock:
            self._db.check_open()
            try:
                with self._db.transaction():
                    return body()
            except StoreConnectionLost:
                if not self._db.reconnect():
                    raise
            with self._db.transaction():
                return body()

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
        with self._reading() as db:
            if fused:
                return q.select_fused(db, filters, limit=limit)
            rows = q.select_incidents(db, filters, limit=limit)
        return [row_to_incident(row) for row in rows]

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or ``None``."""
        with self._reading() as db:
            row = db.execute(f"SELECT {ARTICLE_READ} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row_to_article(row) if row else None

    def content_hash_of(self, article_id: str) -> str | None:
        """The stored content hash of an article, or ``None``."""
        return self._one("SELECT content_hash FROM articles WHERE id = ?", (article_id,))

    def has_text(self, text_hash: str) -> str | None:
        """The id of a stored article with this :func:`~mapapp.store.codec.text_hash`, or ``None``."""
        return self._one("SELECT min(id) FROM articles WHERE text_hash = ?", (text_hash,))

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row of ``sql``, or ``None``."""
        with self._reading() as db:
            row = db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _count(self, sql: str) -> int:
        return int(self._one(sql) or 0)

    def articles_count(self) -> int:
        """How many articles are stored."""
        return self._count("SELECT count(*) FROM articles")

    def incidents_count(self) -> int:
        """How many incidents the articles hold (each article's own, as stored).

        :meth:`fused_count` counts what :meth:`query` returns instead.
        """
        return self._count("SELECT count(*) FROM incidents")

    def fused_count(self) -> int:
        """How many incidents :meth:`query` returns unfiltered: an event several articles report once."""
        return self._count(
            "SELECT (SELECT count(*) FROM incidents) - (SELECT count(*) FROM fused) "
            "+ (SELECT count(DISTINCT group_id) FROM fused)"
        )

    def stats(self, *, since: dt.date | None = None, until: dt.date | None = None) -> q.Stats:
        """Incident counts by date, country and event type."""
        with self._reading() as db:
            return q.stats(db, q.Filters(since=since, until=until))

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last incident dates, or ``None`` if none is dated."""
        with self._reading() as db:
            row = db.execute("SELECT min(date), max(date) FROM incidents WHERE date IS NOT NULL").fetchone()
        if row is None or row[0] is None:
            return None
        return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])

    def _values(self, sql: str) -> list[str]:
        """The first column of every row of ``sql``, sorted by code point (as in any engine's collation)."""
        with self._reading() as db:
            return sorted(row[0] for row in db.execute(sql))

    def event_types(self) -> list[str]:
        """The distinct event types stored, sorted."""
        return self._values("SELECT DISTINCT event_type FROM incidents")

    def countries(self) -> list[str]:
        """The distinct non-empty country codes stored (upper case), sorted."""
        return self._values("SELECT DISTINCT upper(country_code) FROM incidents WHERE country_code != ''")

    def admin1_names(self) -> list[tuple[str, str]]:
        """The distinct ``(country code, admin1)`` pairs stored with a first-level division, sorted."""
        with self._reading() as db:
            field = db.provenance_field("admin1")
            sql = f"SELECT DISTINCT upper(country_code), {field} FROM incidents WHERE {field} != ''"
            return sorted((str(code), str(name)) for code, name in db.execute(sql))

    def sources(self) -> list[str]:
        """The distinct non-empty source names stored, sorted."""
        return self._values("SELECT DISTINCT source FROM incidents WHERE source != ''")

    def source_homes(self) -> dict[str, RegionShares]:
        """Every source's home regions: its stored articles' shares of countries and divisions, summed.

        The sums do not depend on the order the articles were stored in.
        """
        with self._reading() as db:
            return source_homes(db)

    def integrity_ok(self) -> bool:
        """Whether the engine's integrity checks pass and every event has its one, right-sized group."""
        with self._reading() as db:
            return db.integrity_ok() and not any(db.execute(sql).fetchone()[0] for sql in _INVARIANTS)

    def revision(self) -> tuple[int, ...]:
        """A cheap value that changes whenever any process writes the store (a cache key)."""
        with self._reading() as db:
            return db.revision()
