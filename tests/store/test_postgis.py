"""What only the PostGIS store has: its schema, geometry, indexes, versioning and refusals.

The behaviour both engines share is tested on both in test_store.py and
test_fusion.py (the ``engine`` fixture); these need a server (tests/server.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from mapapp.errors import StoreConnectionLost, StoreError
from mapapp.store import IncidentStore, postgis_schema
from mapapp.store.groups import candidates
from mapapp.store.location import redact
from mapapp.store.postgis_schema import SCHEMA_VERSION
from mapapp.store.query import Filters, select_sql
from mapapp.store.safety import SchemaTooOldError
from mapapp.store.schema import Migration
from tests.helpers import run_at_once
from tests.store.test_store import FULL, MINIMAL, _corpus, batch, make_article, make_incident

pytestmark = pytest.mark.usefixtures("postgis_server")


@pytest.fixture()
def url(postgis_server: Any) -> str:
    return str(postgis_server.database("pg"))


@pytest.fixture()
def store(url: str) -> Iterator[IncidentStore]:
    with IncidentStore.open(url) as s:
        yield s


def raw(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def test_schema_has_point_area_date_and_text_columns_with_their_indexes(
    store: IncidentStore, url: str
) -> None:
    with raw(url) as conn:
        types = dict(
            conn.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'mapapp.incidents'::regclass AND attnum > 0"
            ).fetchall()
        )
        indexes = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'mapapp'"))
        version = conn.execute("SELECT application, version FROM mapapp.store_meta").fetchone()
    assert (types["geom"], types["area"], types["date"], types["search"]) == (
        "geometry(Point,4326)",
        "geometry(Geometry,4326)",
        "date",
        "tsvector",
    )
    assert "USING gist (geom)" in indexes["incidents_geom"]
    assert "USING gist (((geom)::geography))" in indexes["incidents_geog"]
    assert "USING gist (area)" in indexes["incidents_area"]
    assert "USING btree (date)" in indexes["incidents_date"]
    assert "USING gin (search)" in indexes["incidents_search"]
    assert version == ("mapapp", SCHEMA_VERSION)


def test_point_and_uncertainty_polygon_are_geometries(store: IncidentStore, url: str) -> None:
    store.put_article(make_article("full"), [FULL, MINIMAL])
    with raw(url) as conn:
        rows = conn.execute(
            "SELECT id, ST_AsText(geom), GeometryType(area), ST_NPoints(area) FROM mapapp.incidents ORDER BY id"
        ).fetchall()
    assert rows == [
        ("full-0", "POINT(35.0000001 35.512345678901234)", "POLYGON", 4),
        ("full-1", None, None, None),
    ]


QUERIES = [
    (Filters(since=dt.date(2024, 1, 1)), "incidents_date"),
    (Filters(bbox=(33.0, 35.0, 34.0, 36.0)), "incidents_geom"),
    (Filters(country="sy"), "incidents_country_date"),
    (Filters(text="shelling latakia"), "incidents_search"),
    (Filters(place="Homs"), "incident_names"),
]


@pytest.mark.parametrize(("filters", "index"), QUERIES)
def test_queries_can_use_their_index(store: IncidentStore, filters: Filters, index: str) -> None:
    store.put_many(_corpus())
    sql, params = select_sql(store._db, filters, limit=None)  # type: ignore[misc]
    # Eight rows are scanned faster than read through an index: forbid the scan to see the index serves.
    store._db.execute("SET enable_seqscan TO off")
    plan = " ".join(row[0] for row in store._db.execute(f"EXPLAIN {sql}", params))
    assert index in plan, plan


def test_fusion_candidates_are_found_by_st_dwithin_on_the_geography_index(store: IncidentStore) -> None:
    store.put_many(_corpus())
    incident = _corpus()[0][1][0]
    captured: list[str] = []
    real = store._db.execute

    def spy(sql: str, params: Any = ()) -> Any:
        captured.append(sql)
        return real(sql, params)

    store._db.execute = spy  # type: ignore[method-assign]
    candidates(store._db, incident)
    assert captured and all("ST_DWithin(geom::geography" in sql for sql in captured)


def test_a_foreign_mapapp_schema_is_refused_and_left_alone(url: str) -> None:
    with raw(url) as conn:
        conn.execute("CREATE SCHEMA mapapp; CREATE TABLE mapapp.contacts (name text)")
    with pytest.raises(StoreError, match="holds tables of another application, not a mapapp store"):
        IncidentStore.open(url)
    with raw(url) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'mapapp'").fetchall()
    assert tables == [("contacts",)]


def test_a_newer_schema_is_refused(store: IncidentStore, url: str) -> None:
    store.close()
    with raw(url) as conn:
        conn.execute("UPDATE mapapp.store_meta SET version = version + 1")
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 1}, newer"):
        IncidentStore.open(url)


def test_read_only_opening(url: str) -> None:
    with pytest.raises(StoreError, match="no incident store at .*run `mapapp ingest"):
        IncidentStore.open(url, read_only=True)
    with raw(url) as conn:  # nothing was created
        assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'mapapp'").fetchone() is None
    with IncidentStore.open(url) as s:
        s.put_article(make_article("a"), [])
    with IncidentStore.open(url, read_only=True) as s:
        assert s.articles_count() == 1
        with pytest.raises(StoreError, match="read-only transaction"):
            s.put_article(make_article("b"), [])


def test_a_new_migration_is_applied_once_and_read_only_openings_wait_for_it(
    store: IncidentStore, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put_article(make_article("a"), [])
    store.close()
    step = Migration(
        SCHEMA_VERSION + 1, "an index", lambda conn: conn.execute("CREATE INDEX extra ON incidents (kind)")
    )
    monkeypatch.setattr(postgis_schema, "MIGRATIONS", (*postgis_schema.MIGRATIONS, step))
    monkeypatch.setattr(postgis_schema, "SCHEMA_VERSION", step.version)
    with pytest.raises(SchemaTooOldError, match=f"older than {step.version}"):
        IncidentStore.open(url, read_only=True)
    for _ in range(2):
        with IncidentStore.open(url) as s:
            assert s.articles_count() == 1
    with raw(url) as conn:
        assert conn.execute("SELECT version FROM mapapp.store_meta").fetchone() == (step.version,)
        assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'extra'").fetchone() == (1,)


def _open_and_count(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()  # all four open the fresh database at once
    with IncidentStore.open(url) as s:
        results.put(s.articles_count())


def test_four_processes_opening_a_fresh_database_migrate_it_once(url: str) -> None:
    assert run_at_once(_open_and_count, [(url,)] * 4) == [0, 0, 0, 0]
    with raw(url) as conn:
        assert conn.execute("SELECT count(*), min(version) FROM mapapp.store_meta").fetchone() == (
            1,
            SCHEMA_VERSION,
        )


def test_the_password_never_appears_in_messages(url: str) -> None:
    with pytest.raises(StoreError) as info:
        IncidentStore.open(url.replace("postgres@", "postgres:s3cret@").replace("port=", "port=1"))
    assert "s3cret" not in str(info.value) and "postgres:***@" in str(info.value)


def test_without_the_driver_the_error_says_which_extra_to_install(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(StoreError, match=r"pip install 'mapapp\[postgis\]'"):
        IncidentStore.open(url)


def test_revision_changes_with_every_write_by_anyone(store: IncidentStore, url: str) -> None:
    before = store.revision()
    with IncidentStore.open(url) as other:
        other.put_article(make_article("a"), [])
    assert store.revision() != before


def _statements(store: IncidentStore) -> list[str]:
    """Records every statement the store's backend sends from now on (``executemany`` as one)."""
    sent: list[str] = []
    db: Any = store._db
    execute, executemany = db.execute, db.executemany

    def spy(sql: str, params: Any = ()) -> Any:
        sent.append(sql)
        return execute(sql, params)

    def spy_many(sql: str, rows: Any) -> None:
        sent.append(sql)
        executemany(sql, rows)

    db.execute, db.executemany = spy, spy_many
    return sent


@pytest.mark.parametrize("count", [1, 4, 30])
def test_an_article_costs_the_same_statements_whatever_its_incidents(
    store: IncidentStore, count: int
) -> None:
    # Stored events the new ones fuse with, so the candidates and components are read too.
    store.put_article(make_article("old"), batch("old", 3))
    sent = _statements(store)
    places = [make_incident("new", n, lat=35.5 + n / 1000) for n in range(count)]
    assert store.put_article(make_article("new"), places) == "stored"
    # The twin check, the article, its region shares (the collection prior's), its incidents, their
    # names, the new events, the candidates, the components they are in, those components' members,
    # and the fused rows (deleted, inserted); the transaction's own BEGIN (with the lock) and COMMIT
    # are not counted.
    assert len(sent) == 11, sent
    assert store.fused_count() < store.incidents_count() == 3 + count


def test_a_dropped_connection_is_opened_again_and_the_article_written_once(
    store: IncidentStore, url: str
) -> None:
    store.put_article(make_article("a"), batch("a", 2))
    with raw(url) as conn:  # as a server restart or a network cut would
        conn.execute("SELECT pg_terminate_backend(%s)", (store._db.conn.info.backend_pid,))  # type: ignore[attr-defined]
    assert store.put_article(make_article("b"), batch("b", 2)) == "stored"
    assert (store.articles_count(), store.incidents_count(), store.integrity_ok()) == (2, 4, True)


def test_a_server_gone_for_good_is_one_clear_error_without_the_password(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    with_password = url.replace("postgres@", "postgres:s3cret@", 1)  # trust: any password is accepted
    assert with_password != url
    store = IncidentStore.open(with_password)
    store.put_article(make_article("a"), batch("a", 2))
    with raw(url) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (store._db.conn.info.backend_pid,))  # type: ignore[attr-defined]

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(psycopg, "connect", refused)
    with pytest.raises(StoreConnectionLost) as info:
        store.put_article(make_article("b"), batch("b", 2))
    message = str(info.value)
    assert message.startswith(f"lost the connection to store {redact(with_password)}: ")
    assert "connection refused" in message and "s3cret" not in message and "***" in message
    monkeypatch.undo()
    store.close()
    with IncidentStore.open(url) as again:  # what was committed is there, the lost article is not half there
        assert (again.articles_count(), again.incidents_count(), again.integrity_ok()) == (1, 2, True)
