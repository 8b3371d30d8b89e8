"""The PostGIS provider of :class:`~mapapp.store.backend.Backend`: a store a team shares.

Opened with a ``postgresql://`` URL (libpq's syntax: ``postgresql://user@host:5432/db``,
or a Unix socket with ``?host=/run/postgresql``). Needs the optional driver
(``pip install 'mapapp[postgis]'``: psycopg 3 with libpq bundled) and a
database where PostGIS and unaccent are installed or may be created.

Writers serialise on one transaction-level advisory lock, taken first in
every write transaction: an article's check for a stored twin, its insert
and the fused groups it changes see everything earlier writers committed,
so N concurrent ingesters neither lose nor duplicate an article nor miss a
fusion (the primary keys are the backstop). Parsing, the slow part, stays
parallel. A killed client's transaction is rolled back by the server and
its lock released.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from mapapp.errors import StoreConnectionLost, StoreError
from mapapp.models import Extent, Incident
from mapapp.store.backend import provenance_key
from mapapp.store.location import redact
from mapapp.store.postgis_schema import SCHEMA, WRITE_LOCK, check_current, migrate

#: How long a writer waits for the write lock (SQLite's busy timeout is the same).
LOCK_TIMEOUT_S = 30
#: ST_DWithin measures on the spheroid, the fusion rule on a sphere: a little more, then the rule decides.
_RADIUS_SLACK = 1.01
#: Rows per multi-row INSERT: far below the protocol's 65,535 values in one statement.
_ROWS_PER_INSERT = 500
_LOCK_SQL = f"SELECT pg_advisory_xact_lock({int(WRITE_LOCK)})"


def _driver() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            "a postgresql:// store needs the PostgreSQL driver: pip install 'mapapp[postgis]'"
        ) from exc
    return psycopg


def placeholders(sql: str) -> str:
    """The store's ``?`` placeholders in psycopg's spelling (a literal ``%`` doubled).

    >>> placeholders("SELECT strftime('%Y', ?) WHERE id = ?")
    "SELECT strftime('%%Y', %s) WHERE id = %s"
    """
    return sql.replace("%", "%%").replace("?", "%s")


def _session(url: str, *, read_only: bool, migrating: bool) -> Any:
    """A connection to the store at ``url``, set up (and the store created or migrated if ``migrating``)."""
    psycopg = _driver()
    location = redact(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to store {location}: {_reason(exc)}") from exc
    try:
        # Dates come back as ISO text, as SQLite gives them to the shared code.
        conn.adapters.register_loader("date", psycopg.types.string.TextLoader)
        conn.execute(f"SET search_path TO {SCHEMA}, public")
        conn.execute("SET datestyle TO 'ISO, YMD'")
        conn.execute(f"SET lock_timeout TO '{LOCK_TIMEOUT_S}s'")
        if read_only or not migrating:
            check_current(conn, location)
        else:
            migrate(conn, location)
        if read_only:
            conn.execute("SET default_transaction_read_only TO on")
    except psycopg.Error as exc:
        conn.close()
        raise StoreError(f"cannot open store {location}: {_reason(exc)}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _reason(exc: BaseException) -> str:
    """The server's message, led by "disk full" when that is the cause (as for SQLite)."""
    text = " ".join(str(exc).split()) or type(exc).__name__  # libpq's hints come on lines of their own
    if getattr(exc, "sqlstate", None) == "53100":  # disk_full
        return f"disk full ({text})"
    return text


class PostgisBackend:
    """An open PostGIS store (see :class:`~mapapp.store.backend.Backend`)."""

    kind: Literal["postgis"] = "postgis"
    remote = True
    full_text = True

    def __init__(self, conn: Any, url: str, *, read_only: bool = False) -> None:
        self.conn = conn
        self.location = redact(url)
        self._url = url  # to reconnect; never shown (location is)
        self._read_only = read_only
        self._psycopg = _driver()

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> PostgisBackend:
        """Connect to ``url`` and create or migrate the store there (unless ``read_only``)."""
        return cls(_session(url, read_only=read_only, migrating=True), url, read_only=read_only)

    def reconnect(self) -> bool:
        """A new connection in place of a lost one (the store is checked again, not migrated)."""
        with contextlib.suppress(Exception):
            self.conn.close()
        try:
            self.conn = _session(self._url, read_only=self._read_only, migrating=False)
        except StoreError as exc:
            raise StoreConnectionLost(f"lost the connection to store {self.location}: {exc}") from exc
        return True

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(placeholders(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(placeholders(sql), rows)

    def insert_rows(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        # One multi-row INSERT per slice, not one round trip per row; RETURNING
        # promises no order, so rows are matched by their seq.
        head, _, one_row = sql.partition(" VALUES ")
        rowid_of: dict[Any, int] = {}
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            part = rows[start : start + _ROWS_PER_INSERT]
            values = ", ".join(one_row for _ in part)
            cursor = self.execute(
                f"{head} VALUES {values} RETURNING seq, rowid", [v for r in part for v in r]
            )
            rowid_of.update((seq, int(rowid)) for seq, rowid in cursor)
        return [rowid_of[row[0]] for row in rows]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        psycopg = self._psycopg
        try:
            # BEGIN, the write lock and the revision in one round trip (no parameters: one simple query).
            self.conn.execute(f"BEGIN; {_LOCK_SQL}; UPDATE store_meta SET revision = revision + 1")
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if (
                not self.conn.closed
                and self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
            ):
                with contextlib.suppress(psycopg.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, psycopg.Error):
                raise self._error("write to", exc) from exc
            raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as exc:
            raise self._error("read", exc) from exc

    def _error(self, doing: str, exc: BaseException) -> StoreError:
        """The StoreError naming the store (never its password): a lost connection is said so."""
        if self.conn.closed or self.conn.broken:
            return StoreConnectionLost(f"lost the connection to store {self.location}: {_reason(exc)}")
        return StoreError(f"cannot {doing} store {self.location}: {_reason(exc)}")

    def check_open(self) -> None:
        if self.conn.closed and not self.conn.broken:
            raise StoreError(f"store {self.location} is closed")
        if self.conn.broken:  # lost since the last call: the next statement gets a new connection
            self.reconnect()

    def close(self) -> None:
        self.conn.close()

    def integrity_ok(self) -> bool:
        # Foreign keys and types are enforced by the server: check what they cannot.
        row = self.conn.execute(
            "SELECT count(*) FROM incidents WHERE (lat IS NULL) != (geom IS NULL) "
            "OR (uncertainty IS NULL) != (area IS NULL) OR search IS NULL"
        ).fetchone()
        return int(row[0]) == 0

    def revision(self) -> tuple[int, ...]:
        return (int(self.conn.execute("SELECT revision FROM store_meta").fetchone()[0]),)

    # -- fragments -----------------------------------------------------------

    def bbox_clause(self, box: Extent, params: list[Any]) -> str:
        envelope = "geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)"
        if box.west <= box.east:
            params += [box.west, box.south, box.east, box.north]
            return envelope
        # across the antimeridian: the two halves
        params += [box.west, box.south, 180.0, box.north, -180.0, box.south, box.east, box.north]
        return f"{envelope} OR {envelope}"

    def near_clause(self, lat: float, lon: float, km: float, params: list[Any]) -> str:
        params += [lon, lat, km * 1000 * _RADIUS_SLACK]
        # The expression of the incidents_geog index, so the index serves it.
        return "ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)"

    def country_clause(self, code: str, params: list[Any]) -> str:
        params.append(code)
        return "upper(country_code) = upper(?)"

    def text_clause(self, words: Sequence[str], params: list[Any]) -> str:
        # plainto_tsquery ANDs the words and reads no operators.
        params.append(" ".join(words))
        return "search @@ plainto_tsquery('simple', unaccent(?))"

    def provenance_field(self, key: str) -> str:
        return f"coalesce(extra::jsonb ->> '{provenance_key(key)}', '')"

    def plain(self, column: str) -> str:
        return column

    def now(self) -> str:
        return "now()"

    def index_text(self, rowid: int, incident: Incident) -> None:
        """Nothing to do: a trigger keeps ``search``."""

    def unindex_text(self, article_id: str) -> None:
        """Nothing to do: ``search`` goes with its row."""
