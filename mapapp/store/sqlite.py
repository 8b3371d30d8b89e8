"""The SQLite provider of :class:`~mapapp.store.backend.Backend`: one file, WAL mode (the default store).

Writers queue on SQLite's write lock (``BEGIN IMMEDIATE``, 30 s busy
timeout); full text is FTS5 when the build has it, else ``LIKE`` on
substrings; positions are plain ``lat``/``lon`` columns with a composite
index.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from mapapp.errors import StoreError
from mapapp.models import Extent, Incident
from mapapp.store.backend import provenance_key
from mapapp.store.safety import unreadable
from mapapp.store.schema import FTS_TABLE, connect
from mapapp.store.transaction import write_transaction

_KM_PER_DEGREE = 111.0


def fts_expression(words: Sequence[str]) -> str | None:
    """An FTS5 query matching every one of ``words``, or ``None`` when there is none.

    ``words`` are runs of word characters; each is quoted as a string, so
    FTS5 operators in the input are never interpreted.

    >>> fts_expression(['shelling', 'AND', 'Latakia', 'OR'])
    '"shelling" AND "AND" AND "Latakia" AND "OR"'
    >>> fts_expression([]) is None
    True
    """
    return " AND ".join(f'"{w}"' for w in words) or None


def like_pattern(word: str) -> str:
    r"""A ``LIKE ... ESCAPE '\'`` pattern finding ``word`` as a substring.

    >>> like_pattern("50%")
    '%50\\%%'
    """
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def file_revision(path: Path) -> tuple[int, ...]:
    """Sizes and modification times of the store file and its ``-wal`` file.

    In WAL mode a commit appends to ``<db>-wal`` and a checkpoint rewrites
    the main file, so these change on every commit, by any process.
    """
    parts: list[int] = []
    for item in (path, path.with_name(path.name + "-wal")):
        try:
            stat = item.stat()
        except OSError:
            parts += [-1, -1]
            continue
        parts += [stat.st_size, stat.st_mtime_ns]
    return tuple(parts)


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether the store has its FTS5 table (the build may lack FTS5)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).fetchone()
    return row is not None


class SqliteBackend:
    """An open SQLite store file (see :class:`~mapapp.store.backend.Backend`)."""

    kind: Literal["sqlite"] = "sqlite"
    remote = False

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.location = str(path)
        self.full_text = has_fts(conn)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> SqliteBackend:
        """Open (creating and migrating unless ``read_only``) the store file at ``path``."""
        conn = connect(path, read_only=read_only)
        try:
            return cls(conn, path)
        except sqlite3.DatabaseError as exc:  # reading the schema
            conn.close()
            raise unreadable(path, exc) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def insert_rows(self, sql: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        # In-process calls: one statement per row is as fast as any batch.
        rowids = [self.conn.execute(sql, row).lastrowid for row in rows]
        assert None not in rowids
        return [int(rowid) for rowid in rowids if rowid is not None]

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return write_transaction(self.conn, store=self.path)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise unreadable(self.path, exc) from exc

    def check_open(self) -> None:
        try:
            self.conn.execute("SELECT 1")
        except sqlite3.ProgrammingError as exc:
            raise StoreError(f"store {self.path} is closed") from exc

    def close(self) -> None:
        # Lets SQLite refresh planner statistics it found stale; optimising is
        # optional, so an already closed or busy connection is fine.
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def reconnect(self) -> bool:
        return False

    def integrity_ok(self) -> bool:
        result = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        orphans = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        return result == ["ok"] and not orphans

    def revision(self) -> tuple[int, ...]:
        return file_revision(self.path)

    # -- fragments -----------------------------------------------------------

    def bbox_clause(self, box: Extent, params: list[Any]) -> str:
        params += [box.south, box.north]
        if box.west <= box.east:
            params += [box.west, box.east]
            return "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
        params += [box.west, box.east]  # the box crosses the antimeridian
        return "lat BETWEEN ? AND ? AND (lon >= ? OR lon <= ?)"

    def near_clause(self, lat: float, lon: float, km: float, params: list[Any]) -> str:
        # A box a little larger than the circle. The unary + keeps the planner
        # off the position index: the date index the caller filters on is narrower.
        dlat = km / _KM_PER_DEGREE + 0.01
        params += [lat - dlat, lat + dlat]
        sql = "+lat BETWEEN ? AND ?"
        dlon = km / (_KM_PER_DEGREE * math.cos(math.radians(min(89.0, abs(lat) + dlat)))) + 0.01
        if dlon >= 180:
            return sql
        west, east = lon - dlon, lon + dlon
        if west < -180 or east > 180:  # the box crosses the antimeridian
            params += [(west + 540) % 360 - 180, (east + 540) % 360 - 180]
            return f"{sql} AND (+lon >= ? OR +lon <= ?)"
        params += [west, east]
        return f"{sql} AND +lon BETWEEN ? AND ?"

    def country_clause(self, code: str, params: list[Any]) -> str:
        # NOCASE matches the index's collation, so "sy" finds "SY".
        params.append(code)
        return "country_code = ? COLLATE NOCASE"

    def text_clause(self, words: Sequence[str], params: list[Any]) -> str:
        if self.full_text:
            params.append(fts_expression(words))
            return f"rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
        # Without FTS5: substring match of every word (slower, no tokenising).
        haystack = "(snippet || ' ' || title || ' ' || location_name)"
        params += [like_pattern(w) for w in words]
        return " AND ".join(f"{haystack} LIKE ? ESCAPE '\\'" for _ in words)

    def provenance_field(self, key: str) -> str:
        return f"coalesce(json_extract(extra, '$.{provenance_key(key)}'), '')"

    def plain(self, column: str) -> str:
        return f"+{column}"

    def now(self) -> str:
        return "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

    def index_text(self, rowid: int, incident: Incident) -> None:
        if self.full_text:
            self.conn.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, snippet, title, location_name) VALUES (?, ?, ?, ?)",
                (rowid, incident.snippet, incident.title, incident.location_name),
            )

    def unindex_text(self, article_id: str) -> None:
        if self.full_text:
            self.conn.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT rowid FROM incidents WHERE article_id = ?)",
                (article_id,),
            )
