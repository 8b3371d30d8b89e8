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

from mapapp.errors import StoreError
from mapapp.models import Extent, Incident
from mapapp.store.backend import provenance_key
from mapapp.store.location import redact
from mapapp.store.postgis_schema import SCHEMA, WRITE_LOCK, check_current, migrate

#: How long a writer waits for the write lock (SQLite's busy timeout is the same).
LOCK_TIMEOUT_S = 30
#: ST_DWithin measures on the spheroid, the fusion rule on a sphere: a little more, then the rule decides.
_RADIUS_SLACK = 1.01


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


def _reason(exc: BaseException) -> str:
    """The server's message, led by "disk full" when that is the cause (as for SQLite)."""
    text = " ".join(str(exc).split()) or type(exc).__name__  # libpq's hints come on lines of their own
    if getattr(exc, "sqlstate", None) == "53100":  # disk_full
        return f"disk full ({text})"
    return text


class PostgisBackend:
    """An open PostGIS store (see :class:`~mapapp.store.backend.Backend`)."""

    kind: Literal["postgis"] = "postgis"
    full_text = True

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.location = redact(url)
        self._psycopg = _driver()

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> PostgisBackend:
        """Connect to ``url`` and create or migrate the store there (unless ``read_only``)."""
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
            if read_only:
                check_current(conn, location)
                conn.execute("SET default_transaction_read_only TO on")
            else:
                migrate(conn, location)
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot open store {location}: {_reason(exc)}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, url)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(placeholders(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(placeholders(sql), rows)

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        return int(self.execute(f"{sql} RETURNING rowid", params).fetchone()[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                self.conn.execute("UPDATE store_meta SET revision = revision + 1")
                yield
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot write to store {self.location}: {_reason(exc)}") from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot read store {self.location}: {_reason(exc)}") from exc

    def check_open(self) -> None:
        if self.conn.closed:
            raise StoreError(f"store {self.location} is closed")

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
