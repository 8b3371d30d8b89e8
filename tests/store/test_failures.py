"""Red-team findings on the store file: foreign databases, full disk, damaged pages, read-only folders.

Every bad file is built inside its test.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.errors import StoreError
from mapapp.models import Article
from mapapp.store import IncidentStore
from mapapp.store.safety import SchemaTooOldError, is_disk_full, read_only_uri
from mapapp.store.transaction import write_transaction
from tests.helpers import make_incident

DISK_FULL = "database or disk is full"


def article(article_id: str) -> Article:
    return Article(
        id=article_id,
        title=f"Title {article_id}",
        date=dt.date(2018, 9, 17),
        url=f"https://example.org/{article_id}",
        text=f"Jets struck Latakia. Report {article_id} " + "words " * 200,
    )


def build_store(path: Path, articles: int = 30) -> Path:
    """A closed store of ``articles`` articles, one incident each (several pages)."""
    with IncidentStore.open(path) as store:
        store.put_many(
            (article(f"a{n}"), [make_incident(id=f"a{n}-1", article_id=f"a{n}", snippet=f"Strike {n}.")])
            for n in range(articles)
        )
    return path


def foreign_database(path: Path) -> Path:
    """Another program's SQLite file: its own table, rollback journal."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.executemany("INSERT INTO contacts VALUES (?, ?)", [("Ann", "1"), ("Bob", "2")])
    conn.commit()
    conn.close()
    return path


def garble(path: Path, *, start: int, end: int | None = None) -> None:
    """Overwrite bytes ``start`` to ``end`` (default: the end) with fixed random bytes."""
    size = path.stat().st_size
    end = size if end is None else end
    assert 100 <= start < end <= size  # the 100-byte header stays intact
    with path.open("r+b") as fp:
        fp.seek(start)
        fp.write(random.Random(6).randbytes(end - start))


def garble_middle(path: Path) -> None:
    """Damage the data pages in the middle of the file; the schema (first and last pages) stays readable."""
    size = path.stat().st_size
    garble(path, start=size // 4, end=size * 3 // 4)


# -- finding 4: a foreign SQLite file is refused before anything changes -------------


def test_finding4_foreign_sqlite_file_is_byte_identical_after_open_refuses_it(tmp_path: Path) -> None:
    db = foreign_database(tmp_path / "contacts.db")
    before = db.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a mapapp store"):
            IncidentStore.open(db, read_only=read_only)
        assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.db"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_finding4_other_application_id_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        IncidentStore.open(db)
    assert db.read_bytes() == before


# -- finding 5: a full disk says so ------------------------------------------------------


class FullDisk:
    """A connection whose writes fail as on a full disk; SQLite has rolled back by itself."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _full(self, sql: str) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")  # what SQLite does on SQLITE_FULL
            raise sqlite3.OperationalError(DISK_FULL)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._full(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._full(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_finding5_full_disk_in_write_transaction_is_a_store_error_saying_disk_full() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    fake: Any = FullDisk(conn)
    for store in (Path("s.db"), None):
        with pytest.raises(StoreError) as info, write_transaction(fake, store=store):
            fake.execute("INSERT INTO t VALUES (2)")
        message = str(info.value)
        assert "disk full" in message and "cannot rollback" not in message
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)
        assert not conn.in_transaction
    assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_finding5_full_disk_fails_the_article_and_keeps_earlier_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with IncidentStore.open(tmp_path / "s.db") as store:
        store.put_article(article("old"), [make_incident(id="old-1", article_id="old")])
        real = store._db.conn
        monkeypatch.setattr(store._db, "conn", FullDisk(real))
        for n in range(3):
            with pytest.raises(StoreError, match="disk full") as info:
                store.put_article(article(f"new{n}"), [make_incident(id=f"new{n}-1", article_id=f"new{n}")])
            assert "cannot rollback" not in str(info.value)
        monkeypatch.setattr(store._db, "conn", real)
        assert store.get_article("old") is not None and store.get_article("new0") is None
        assert store.incidents_count() == 1 and store.integrity_ok()


def test_finding5_disk_full_detection() -> None:
    full = sqlite3.OperationalError("whatever")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]  # SQLITE_FULL
    assert is_disk_full(full)
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))
    assert not is_disk_full(OSError(28 + 1, "other"))


# -- finding 6: damaged data pages give the clear "cannot open" error ----------------


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("method", ["stats", "query", "articles_count"])
def test_finding6_garbled_data_pages_are_a_store_error_naming_the_file(
    tmp_path: Path, read_only: bool, method: str
) -> None:
    # Enough articles that the middle of the file is data: the schema's own pages
    # (page 1 and its overflow pages, written when the store is created) stay clear.
    db = build_store(tmp_path / "s.db", articles=150)
    garble_middle(db)
    with (
        IncidentStore.open(db, read_only=read_only) as store,  # the schema is intact
        pytest.raises(StoreError, match="cannot open the store") as info,
    ):
        getattr(store, method)()
    assert str(db) in str(info.value)
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)


def test_finding6_garbled_schema_pages_are_the_same_store_error(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db")
    garble(db, start=100)
    for read_only in (True, False):
        with pytest.raises(StoreError, match="cannot open the store") as info:
            IncidentStore.open(db, read_only=read_only)
        assert str(db) in str(info.value)


# -- finding 8: a read-only store in a read-only folder can be read --------------------


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = build_store(folder / "s.db", articles=3)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(stat.S_IRWXU)
        db.chmod(0o644)


def test_finding8_store_in_read_only_folder_opens_read_only(read_only_folder: Path) -> None:
    with IncidentStore.open(read_only_folder, read_only=True) as store:
        assert store.articles_count() == 3
        assert store.stats().articles == 3
        assert len(store.query()) >= 1
        # The connection itself is read-only, also where chmod cannot stop root.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._db.conn.execute("DELETE FROM articles")
        with pytest.raises(StoreError):
            store.put_article(article("x"), [])
    if not os.access(read_only_folder.parent, os.W_OK):
        assert sorted(p.name for p in read_only_folder.parent.iterdir()) == ["s.db"]


def test_finding8_unwritable_folder_uses_an_immutable_read_only_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build_store(tmp_path / "s.db", articles=2)
    assert read_only_uri(db).endswith("?mode=ro")
    # What os.access says of a chmod 0o555 folder to anyone but root.
    monkeypatch.setattr("mapapp.store.safety.os.access", lambda *_: False)
    assert read_only_uri(db).endswith("?mode=ro&immutable=1")
    with IncidentStore.open(db, read_only=True) as store:
        assert store.articles_count() == 2
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._db.conn.execute("DELETE FROM articles")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]


def test_finding8_read_only_open_refuses_an_old_schema_without_migrating(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db", articles=1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooOldError, match="older than"):
        IncidentStore.open(db, read_only=True)
    with IncidentStore.open(db) as store:  # the writable open migrates it
        assert store.articles_count() == 1
    IncidentStore.open(db, read_only=True).close()


def test_finding8_read_only_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no incident store"):
        IncidentStore.open(tmp_path / "none.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_finding5_ingest_on_a_full_disk_stops_with_the_cause_and_keeps_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapapp.models import ParsedArticle
    from mapapp.pipeline import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Floods hit Dhaka, report {n}.", encoding="utf-8")
    db = tmp_path / "s.db"
    ingest_paths([folder / "0.txt"], db_path=db, parser=lambda a: ParsedArticle(article=a, mentions=()))
    real_open = IncidentStore.open

    def full_disk_open(path: Path, **kw: Any) -> IncidentStore:
        store = real_open(path, **kw)
        store._db.conn = FullDisk(store._db.conn)  # type: ignore[assignment]
        return store

    monkeypatch.setattr(IncidentStore, "open", staticmethod(full_disk_open))
    with pytest.raises(StoreError, match="disk full"):
        ingest_paths([folder], db_path=db, parser=lambda a: ParsedArticle(article=a, mentions=()))
    monkeypatch.setattr(IncidentStore, "open", real_open)
    with IncidentStore.open(db) as store:
        assert store.articles_count() == 1 and store.integrity_ok()
