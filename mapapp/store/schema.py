"""Opening an incident database and migrating its schema.

The schema version lives in SQLite's ``user_version`` pragma; each entry of
:data:`MIGRATIONS` moves the database one version forward and runs inside
the same ``BEGIN IMMEDIATE`` transaction that bumps the version, so a
migration is applied completely or not at all, even when several processes
open a fresh database at once.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapapp.errors import StoreError
from mapapp.store.codec import text_hash
from mapapp.store.groups import FUSED_SQL, regroup_all
from mapapp.store.safety import SchemaTooOldError, connect_read_only, unreadable
from mapapp.store.transaction import write_transaction

#: ``PRAGMA application_id`` of a mapapp store ("MAPA" in ASCII), so a
#: SQLite file that belongs to another program is refused, not altered.
APPLICATION_ID = 0x4D415041

BUSY_TIMEOUT_MS = 30_000

_V1_SQL = """
CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    date         TEXT,
    url          TEXT NOT NULL,
    text         TEXT NOT NULL,
    source_path  TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    stored_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_content_hash ON articles(content_hash);

-- An explicit INTEGER PRIMARY KEY keeps rowids stable through VACUUM;
-- incident_names and the FTS table refer to them.
CREATE TABLE incidents (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    date           TEXT,
    time_precision INTEGER NOT NULL,
    lat            REAL,
    lon            REAL,
    location_name  TEXT NOT NULL,
    country_code   TEXT NOT NULL,
    geo_precision  INTEGER NOT NULL,
    snippet        TEXT NOT NULL,
    place_start    INTEGER,
    place_end      INTEGER,
    title          TEXT NOT NULL,
    source         TEXT NOT NULL,
    confidence     REAL NOT NULL,
    places         TEXT NOT NULL,
    uncertainty    TEXT,
    anchor_name    TEXT NOT NULL,
    anchor_lat     REAL,
    anchor_lon     REAL,
    distance_m     REAL,
    bearing_deg    REAL,
    method         TEXT NOT NULL,
    extra          TEXT NOT NULL,
    UNIQUE (article_id, id)
);
CREATE INDEX incidents_date ON incidents(date);
CREATE INDEX incidents_lat_lon ON incidents(lat, lon);
CREATE INDEX incidents_country_date ON incidents(country_code COLLATE NOCASE, date);
CREATE INDEX incidents_event_type ON incidents(event_type);
CREATE INDEX incidents_id ON incidents(id);

-- Every name an incident can be found by (its location, its anchor and the
-- places in its snippet), case-folded in Python so non-ASCII names match.
CREATE TABLE incident_names (
    incident_rowid INTEGER NOT NULL REFERENCES incidents(rowid) ON DELETE CASCADE,
    name_key       TEXT NOT NULL,
    PRIMARY KEY (name_key, incident_rowid)
) WITHOUT ROWID;
CREATE INDEX incident_names_rowid ON incident_names(incident_rowid);
"""

# A standalone (not external-content) FTS table: rows are deleted by rowid
# from Python, so no triggers are needed and a build without FTS5 simply
# skips this step and falls back to LIKE.
_V2_FTS_SQL = """
CREATE VIRTUAL TABLE incident_text USING fts5(
    snippet, title, location_name,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

FTS_TABLE = "incident_text"


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite build has the FTS5 extension."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._mapapp_fts_probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp._mapapp_fts_probe")
    return True


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema step; ``apply`` runs inside the caller's transaction.

    ``apply`` takes the engine's connection (SQLite's here, PostgreSQL's in
    :mod:`mapapp.store.postgis_schema`).
    """

    version: int
    description: str
    apply: Callable[[Any], None]


def _run_statements(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction; run each statement
    # on its own so the step and the version bump stay atomic.
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            conn.execute(statement)


def _create_v1(conn: sqlite3.Connection) -> None:
    _run_statements(conn, _V1_SQL)


def _create_fts(conn: sqlite3.Connection) -> None:
    if not fts5_available(conn):
        return
    _run_statements(conn, _V2_FTS_SQL)
    conn.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, snippet, title, location_name) "
        "SELECT rowid, snippet, title, location_name FROM incidents"
    )


def _create_fusion(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    if "text_hash" not in columns:
        conn.execute("ALTER TABLE articles ADD COLUMN text_hash TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX IF NOT EXISTS articles_text_hash ON articles(text_hash)")
    rows = conn.execute("SELECT id, text FROM articles WHERE text_hash = ''").fetchall()
    conn.executemany("UPDATE articles SET text_hash = ? WHERE id = ?", [(text_hash(t), i) for i, t in rows])
    _run_statements(conn, FUSED_SQL)
    from mapapp.store.sqlite import SqliteBackend  # local: that module opens stores through this one

    regroup_all(SqliteBackend(conn, Path(conn.execute("PRAGMA database_list").fetchone()[2])))


def _create_regions(conn: sqlite3.Connection) -> None:
    from mapapp.store.regions import REGIONS_SQL

    _run_statements(conn, REGIONS_SQL)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, incidents, incident names and their indexes", _create_v1),
    Migration(2, "FTS5 index of incident snippet, title and location", _create_fts),
    Migration(3, "text hash of articles; events fused across articles", _create_fusion),
    Migration(
        4, "each article's shares of countries and divisions, by source (collection prior)", _create_regions
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """Open ``path`` as a mapapp store, migrated to :data:`SCHEMA_VERSION`.

    The file is checked to be a mapapp store (or new and empty) before
    anything is changed, so another program's database is left as it was.
    ``read_only`` opens an existing store without ever writing it (a
    read-only folder works too) and raises :class:`SchemaTooOldError`
    when it would need a migration.

    Raises
    ------
    StoreError
        If the file is not SQLite, belongs to another application, is
        damaged, has a newer schema than this code knows, or cannot be created.
    """
    conn = connect_read_only(path, timeout=BUSY_TIMEOUT_MS / 1000) if read_only else _open_writable(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        check_owner(conn, path)
        if read_only:
            _check_current(conn, path)
        else:
            _enable_wal(conn)
            # NORMAL in WAL mode survives a killed process; only an OS crash or
            # power loss may drop the last commits.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise unreadable(path, exc) from exc
    except StoreError:
        conn.close()
        raise
    return conn


def _open_writable(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory of store {path}: {exc}") from exc
    if path.is_dir():
        raise StoreError(f"store path {path} is a directory, not a database file")
    try:
        # Autocommit mode: transactions are opened explicitly with BEGIN
        # IMMEDIATE so writers queue on the lock instead of failing later.
        return sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc


def _check_current(conn: sqlite3.Connection, path: Path) -> None:
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    if version < SCHEMA_VERSION or _application_id(conn) != APPLICATION_ID:
        raise SchemaTooOldError(
            f"store {path} has schema version {version}, older than {SCHEMA_VERSION}: "
            "open it writable (e.g. `mapapp ingest`) to upgrade it"
        )


def _enable_wal(conn: sqlite3.Connection) -> None:
    # WAL is a property of the file, so usually there is nothing to do.
    # Switching needs an exclusive lock and SQLite reports SQLITE_BUSY at
    # once (no busy handler) when another process opens the fresh file
    # at the same moment, hence the retry loop.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    if version == SCHEMA_VERSION and _application_id(conn) == APPLICATION_ID:
        return
    with write_transaction(conn):
        # Check under the write lock, in one snapshot: another process may
        # be migrating the same file right now.
        version = _check_locked(conn, path)
        if version == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for step in MIGRATIONS:
            if step.version > version:
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {step.version}")


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _application_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


def _newer(path: Path, version: int) -> StoreError:
    return StoreError(
        f"store {path} has schema version {version}, newer than the "
        f"{SCHEMA_VERSION} this mapapp supports; upgrade mapapp"
    )


def _check_locked(conn: sqlite3.Connection, path: Path) -> int:
    check_owner(conn, path)
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    return version


def check_owner(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database of another application (read only: changes nothing)."""
    version = _user_version(conn)
    app_id = _application_id(conn)
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path} is an SQLite database of another application "
            f"(application_id {app_id:#x}), not a mapapp store"
        )
    if version == 0 and app_id == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[
            0
        ]
        if tables:
            raise StoreError(f"{path} is an SQLite database with foreign tables, not a mapapp store")
