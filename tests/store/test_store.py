"""Tests of mapapp.store: round-trip, idempotence, concurrency, queries."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.errors import StoreError
from mapapp.models import Article, Derivation, Incident, IncidentPlace, Provenance, Retelling
from mapapp.store import SCHEMA_VERSION, IncidentStore, StoreTarget, content_hash, default_db_path
from mapapp.store.query import Filters, select_sql
from tests.helpers import run_at_once
from tests.server import ENGINES

D = dt.date


def make_article(article_id: str, *, text: str = "", day: dt.date | None = D(2024, 1, 5)) -> Article:
    return Article(
        id=article_id,
        title=f"Title {article_id}",
        date=day,
        url=f"https://example.org/{article_id}",
        text=text or f"Body of {article_id}.",
        source_path=f"/corpus/{article_id}.txt",
    )


def make_incident(article_id: str, n: int, **fields: Any) -> Incident:
    values: dict[str, Any] = dict(
        id=f"{article_id}-{n}",
        article_id=article_id,
        kind="event",
        event_type="attack",
        date=D(2024, 1, 5),
        time_precision=1,
        lat=35.5,
        lon=35.75,
        location_name="Latakia",
        country_code="SY",
        geo_precision=1,
        snippet=f"Snippet {n} of {article_id}",
        place_start=0,
        place_end=7,
        title=f"Title {article_id}",
        source="example.org",
        confidence=0.9,
    )
    values.update(fields)
    return Incident(**values)


def batch(article_id: str, count: int, **fields: Any) -> list[Incident]:
    return [make_incident(article_id, n, **fields) for n in range(count)]


@pytest.fixture()
def store(new_target: Callable[[], StoreTarget]) -> Iterator[IncidentStore]:
    """An empty store of each engine (SQLite, PostGIS)."""
    with IncidentStore.open(new_target()) as s:
        yield s


# -- opening, schema ----------------------------------------------------------


def test_open_creates_wal_store_at_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "s.db"
    IncidentStore.open(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    raw.close()
    IncidentStore.open(path).close()  # reopening an up-to-date store is a no-op


def test_not_sqlite_file_raises_store_error_naming_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a plain text file, not SQLite\n" * 50)
    with pytest.raises(StoreError, match="notes.sqlite3"):
        IncidentStore.open(path)


def test_other_applications_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="not a mapapp store"):
        IncidentStore.open(path)


def test_newer_schema_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    IncidentStore.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 1}, newer"):
        IncidentStore.open(path)


def test_directory_path_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        IncidentStore.open(tmp_path)


def test_migration_from_v1_backfills_full_text(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with IncidentStore.open(path) as s:
        s.put_article(make_article("a"), [make_incident("a", 0, snippet="Shelling near Jableh")])
    raw = sqlite3.connect(path)  # turn it back into a version-1 database
    raw.execute("DROP TABLE incident_text")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with IncidentStore.open(path) as s:
        assert s.full_text
        assert [i.id for i in s.query(text="jableh")] == ["a-0"]


@pytest.mark.parametrize(
    ("env", "expected_name"),
    [({"MAPAPP_DB": "/data/x.sqlite3"}, "/data/x.sqlite3"), ({"MAPAPP_DB": "  "}, None), ({}, None)],
)
def test_default_db_path(env: dict[str, str], expected_name: str | None) -> None:
    import platformdirs

    path = default_db_path(env=env)
    if expected_name:
        assert path == Path(expected_name)
    else:
        assert path == Path(platformdirs.user_data_dir("mapapp", appauthor=False)) / "mapapp.sqlite3"


def test_closed_store_raises(new_target: Callable[[], StoreTarget]) -> None:
    s = IncidentStore.open(new_target())
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.articles_count()


# -- writing ------------------------------------------------------------------

FULL = make_incident(
    "full",
    0,
    kind="event",
    event_type="missile strike",
    date=D(2018, 9, 17),
    time_precision=2,
    lat=35.512345678901234,
    lon=35.0000001,
    location_name="off Latakia's coast",
    country_code="SY",
    geo_precision=2,
    snippet="hit 22 miles off Latakia’s coast — «test»",
    place_start=13,
    place_end=20,
    confidence=0.8765432109876,
    places=(
        IncidentPlace("Latakia", 35.5167, 35.7833, "SY", 0.97, 13, 20),
        IncidentPlace("Mediterranean", 35.0, 18.0, "", 0.5, 40, 53),
    ),
    uncertainty={
        "type": "Polygon",
        "coordinates": (((35.0, 35.4), (35.2, 35.4), (35.2, 35.6), (35.0, 35.4)),),
    },
    derivation=Derivation(
        method="offshore",
        anchor_name="Latakia",
        anchor_lat=35.5167,
        anchor_lon=35.7833,
        distance_m=35405.6,
        bearing_deg=270.0,
    ),
    provenance=Provenance(
        url="https://example.org/full",
        source_path="/corpus/full.txt",
        place_id="gn:173576",
        sentence_start=0,
        sentence_end=42,
        trigger="hit",
        trigger_start=0,
        date_text="Monday evening",
        date_rule="weekday",
        date_from="context",
        location_from="derived",
        unresolved=("Xqzvbl", "Ünï"),
        also_reported=(Retelling(start=43, end=60, text="It was “downed”."), Retelling(0, 0, "")),
        mentions=3,
    ),
)
#: FULL's ``extra`` column: the key names stores written before Provenance existed use.
FULL_EXTRA = {
    "url": "https://example.org/full",
    "source_path": "/corpus/full.txt",
    "place_id": "gn:173576",
    "sentence_start": 0,
    "sentence_end": 42,
    "trigger": "hit",
    "trigger_start": 0,
    "date_text": "Monday evening",
    "date_rule": "weekday",
    "date_from": "context",
    "location_from": "derived",
    "unresolved": ["Xqzvbl", "Ünï"],
    "also_reported": [
        {"start": 43, "end": 60, "text": "It was “downed”."},
        {"start": 0, "end": 0, "text": ""},
    ],
    "mentions": 3,
}
MINIMAL = make_incident(
    "full",
    1,
    kind="mention",
    event_type="",
    date=None,
    time_precision=3,
    lat=None,
    lon=None,
    location_name="",
    country_code="",
    geo_precision=3,
    snippet="",
    place_start=None,
    place_end=None,
    confidence=0.0,
)


def test_round_trip_every_field(store: IncidentStore) -> None:
    article = make_article("full", text="Ünïcode text\nwith lines", day=None)
    assert store.put_article(article, [FULL, MINIMAL]) == "stored"
    assert store.query(article_id="full") == [FULL, MINIMAL]
    assert store.get_article("full") == article
    assert store.get_article("missing") is None
    assert store.content_hash_of("full") == content_hash(article)


_DERIVATION_COLUMNS = (
    "anchor_name",
    "anchor_lat",
    "anchor_lon",
    "distance_m",
    "bearing_deg",
    "method",
    "extra",
)


def _raw_row(store: IncidentStore, incident_id: str) -> dict[str, Any]:
    row = store._db.execute(
        f"SELECT {', '.join(_DERIVATION_COLUMNS)} FROM incidents WHERE id = ?", (incident_id,)
    ).fetchone()
    return dict(zip(_DERIVATION_COLUMNS, row, strict=True))


def test_derivation_and_provenance_use_the_version_1_columns(store: IncidentStore) -> None:
    store.put_article(make_article("full"), [FULL, MINIMAL])
    full, minimal = _raw_row(store, "full-0"), _raw_row(store, "full-1")
    assert (
        full["anchor_name"],
        full["anchor_lat"],
        full["anchor_lon"],
        full["distance_m"],
        full["bearing_deg"],
        full["method"],
    ) == ("Latakia", 35.5167, 35.7833, 35405.6, 270.0, "offshore")
    assert json.loads(full["extra"]) == FULL_EXTRA
    # no derivation: NULL or empty columns; default provenance: an empty object
    assert (
        minimal["anchor_name"],
        minimal["anchor_lat"],
        minimal["anchor_lon"],
        minimal["distance_m"],
        minimal["bearing_deg"],
        minimal["method"],
        minimal["extra"],
    ) == ("", None, None, None, None, "", "{}")


def test_rows_written_by_the_previous_version_read_back(store: IncidentStore) -> None:
    # Earlier versions wrote every event key, defaults included, and sparse mention objects.
    store.put_article(make_article("old"), [make_incident("old", 0), make_incident("old", 1)])
    dense = {
        **FULL_EXTRA,
        "date_text": "",
        "date_rule": "",
        "date_from": "none",
        "unresolved": [],
        "also_reported": [],
    }
    store._db.execute("UPDATE incidents SET extra = ? WHERE id = 'old-0'", (json.dumps(dense),))
    store._db.execute(
        "UPDATE incidents SET extra = ? WHERE id = 'old-1'",
        (json.dumps({"place_id": "gn:1", "mentions": 2, "url": "u", "future": [1]}),),
    )
    first, second = store.query(article_id="old")
    assert first.provenance == Provenance(
        url="https://example.org/full",
        source_path="/corpus/full.txt",
        place_id="gn:173576",
        sentence_start=0,
        sentence_end=42,
        trigger="hit",
        trigger_start=0,
        location_from="derived",
        mentions=3,
    )
    assert second.provenance == Provenance(url="u", place_id="gn:1", mentions=2)  # unknown keys ignored
    assert first.derivation is None and second.derivation is None


def test_same_article_twice_is_unchanged_and_not_duplicated(store: IncidentStore) -> None:
    article = make_article("a")
    assert store.put_article(article, batch("a", 3)) == "stored"
    assert store.put_article(article, batch("a", 3)) == "unchanged"
    # the same content under another id (e.g. a copied file) is a duplicate
    copy = Article(**{**{f: getattr(article, f) for f in article.__slots__}, "id": "copy"})
    assert store.put_article(copy, batch("copy", 3)) == "unchanged"
    assert (store.articles_count(), store.incidents_count()) == (1, 3)
    assert store.put_article(article, batch("a", 1), force=True) == "replaced"
    assert store.incidents_count() == 1


def test_changed_article_replaces_only_its_own_incidents(store: IncidentStore) -> None:
    store.put_article(make_article("a"), batch("a", 3, snippet="old shelling in Latakia"))
    store.put_article(make_article("b"), batch("b", 2, location_name="Homs", lat=34.73, lon=36.71))
    b_before = store.query(article_id="b")
    new = [make_incident("a", 9, snippet="new report from Tartus", location_name="Tartus")]
    assert store.put_article(make_article("a", text="edited"), new) == "replaced"
    assert store.query(article_id="a") == new
    assert store.query(article_id="b") == b_before
    assert store.get_article("a").text == "edited"  # type: ignore[union-attr]
    # the replaced incidents are gone from the text and place indexes too
    assert store.query(text="old shelling") == []
    assert [i.id for i in store.query(place="latakia")] == []
    assert [i.id for i in store.query(place="tartus")] == ["a-9"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (make_incident("other", 2), "names article 'other'"),
        (make_incident("a", 2, lat=float("nan")), "out of range"),
        (make_incident("a", 2, lat=91.0), "out of range"),
        (make_incident("a", 2, lon=None), "both be set"),
        (
            make_incident("a", 2, uncertainty={"type": "Point", "coordinates": (float("nan"), 1.0)}),
            "not JSON-serialisable",
        ),
        (make_incident("a", 2, derivation=Derivation("near", "X", float("nan"), 1.0)), "anchor: coordinates"),
        (make_incident("a", 2, derivation=Derivation("near", "X", 1.0, 1.0, float("inf"))), "must be finite"),
        (make_incident("a", 0), "is not unique"),
    ],
)
def test_bad_incident_rolls_back_whole_article(store: IncidentStore, bad: Incident, message: str) -> None:
    old = batch("a", 1)
    store.put_article(make_article("a"), old)
    with pytest.raises(StoreError, match=message):
        store.put_article(make_article("a", text="changed"), [*batch("a", 2), bad])
    assert store.query(article_id="a") == old
    assert store.get_article("a") == make_article("a")


# -- concurrency and crashes --------------------------------------------------


def spread(i: int, per_article: int) -> list[Incident]:
    """Article ``i``'s incidents, three days after article ``i - 1``'s: no two articles' fuse."""
    aid = f"art{i:05d}"
    return batch(aid, per_article, date=D(2000, 1, 1) + dt.timedelta(days=3 * i))


def _write_articles(target: StoreTarget, ids: list[int], per_article: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    with IncidentStore.open(target) as s:
        for i in ids:
            outcomes[s.put_article(make_article(f"art{i:05d}"), spread(i, per_article))] += 1
    return outcomes


def _racing_writer(target: StoreTarget, ids: list[int], barrier: Any, results: Any) -> None:
    barrier.wait()  # start together so the writes really overlap
    start = time.monotonic()
    outcomes = _write_articles(target, ids, 3)
    results.put((dict(outcomes), start, time.monotonic()))


def test_four_processes_writing_overlapping_articles(new_target: Callable[[], StoreTarget]) -> None:
    path = new_target()
    IncidentStore.open(path).close()  # created once: this test is about writes
    n = 400
    # each id is written by two processes, half of them in opposite orders
    plans = [[(k * n // 4 + j) % n for j in range(n // 2)] for k in range(4)]
    plans[1].reverse()
    plans[3].reverse()
    reports: list[Any] = run_at_once(_racing_writer, [(path, plan) for plan in plans])
    total = sum((Counter(r[0]) for r in reports), Counter())
    assert total == Counter(stored=n, unchanged=n)
    assert max(r[1] for r in reports) < min(r[2] for r in reports)  # all four ran at once
    with IncidentStore.open(path) as s:
        assert s.integrity_ok()
        ids = [i.id for i in s.query()]
        assert len(ids) == len(set(ids)) == 3 * n
        assert {i.split("-")[0] for i in ids} == {f"art{i:05d}" for i in range(n)}


def test_kill_during_writes_leaves_store_consistent(
    engine: str, new_target: Callable[[], StoreTarget]
) -> None:
    path = new_target()
    IncidentStore.open(path).close()
    # a server round trip per statement: fewer articles keep the PostGIS run short
    ids, per_article = list(range(3000 if engine == "sqlite" else 600)), 8
    proc = multiprocessing.get_context("spawn").Process(target=_write_articles, args=(path, ids, per_article))
    proc.start()
    deadline = time.monotonic() + 60
    with IncidentStore.open(path) as watcher:
        while watcher.articles_count() < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
    proc.kill()  # SIGKILL in the middle of the batch
    proc.join()
    with IncidentStore.open(path) as s:
        assert s.integrity_ok()
        stored = s.articles_count()
        assert 50 <= stored < len(ids)
        per = Counter(i.article_id for i in s.query())
        assert set(per.values()) == {per_article} and len(per) == stored  # all or none
        outcomes = s.put_many((make_article(f"art{i:05d}"), spread(i, per_article)) for i in ids)
        assert Counter(outcomes) == Counter(stored=len(ids) - stored, unchanged=stored)
        assert (s.articles_count(), s.incidents_count()) == (len(ids), len(ids) * per_article)
        assert s.integrity_ok()


# -- queries ------------------------------------------------------------------


def _corpus() -> list[tuple[Article, list[Incident]]]:
    a, b, c, e = (make_article(x) for x in "abce")
    return [
        (
            a,
            [
                make_incident(
                    "a",
                    1,
                    date=D(2024, 1, 5),
                    lat=35.5167,
                    lon=35.7833,
                    location_name="Latakia",
                    snippet="Shelling hit the port of Latakia",
                    places=(IncidentPlace("Latakia", 35.5167, 35.7833, "SY", 0.9, 25, 32),),
                    provenance=Provenance(admin1="Latakia Governorate"),
                ),
                make_incident(
                    "a",
                    2,
                    date=D(2024, 1, 20),
                    lat=34.7308,
                    lon=36.7094,
                    location_name="Homs",
                    event_type="protest",
                    snippet="Protesters gathered in Homs",
                ),
            ],
        ),
        (
            b,
            [
                make_incident(
                    "b",
                    1,
                    date=D(2024, 2, 10),
                    lat=33.8209,
                    lon=35.4884,
                    location_name="near Beirut",
                    country_code="lb",
                    event_type="airstrike",
                    derivation=Derivation("near", "Beirut", 33.89, 35.5, distance_m=8000.0),
                    provenance=Provenance(admin1="Mount Lebanon"),
                    snippet="An airstrike near Beirut airport",
                    places=(
                        IncidentPlace("Beirut", 33.89, 35.5, "LB", 0.9, 15, 21),
                        IncidentPlace("Dahieh", 33.85, 35.51, "LB", 0.6, 0, 0),
                    ),
                ),
                make_incident(
                    "b",
                    2,
                    date=None,
                    lat=33.2705,
                    lon=35.2038,
                    location_name="Tyre",
                    country_code="LB",
                    kind="mention",
                    event_type="",
                    snippet="Tyre is a city in Lebanon",
                ),
            ],
        ),
        (
            c,
            [
                make_incident(
                    "c",
                    1,
                    date=D(2024, 3, 1),
                    lat=-18.1416,
                    lon=178.4419,
                    location_name="Suva",
                    country_code="FJ",
                    event_type="storm",
                    snippet="Cyclone damage in Suva",
                    source="fijitimes.com",
                ),
                make_incident(
                    "c",
                    2,
                    date=D(2024, 3, 2),
                    lat=-16.85,
                    lon=-179.97,
                    location_name="Taveuni",
                    country_code="FJ",
                    event_type="storm",
                    snippet="Flooding on Taveuni island",
                ),
                make_incident(
                    "c",
                    3,
                    date=D(2024, 1, 5),
                    lat=None,
                    lon=None,
                    location_name="",
                    country_code="",
                    geo_precision=3,
                    snippet="Somewhere, an attack",
                ),
            ],
        ),
        (
            e,
            [
                make_incident(
                    "e",
                    1,
                    date=D(2023, 12, 31),
                    lat=-23.55,
                    lon=-46.63,
                    location_name="São Paulo",
                    country_code="BR",
                    event_type="flood",
                    snippet="Flooding in São Paulo's east zone",
                ),
            ],
        ),
    ]


QUERY_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["e-1", "a-1", "c-3", "a-2", "b-1", "c-1", "c-2", "b-2"]),
    ({"since": D(2024, 1, 5), "until": D(2024, 1, 31)}, ["a-1", "c-3", "a-2"]),
    ({"since": D(2024, 2, 1)}, ["b-1", "c-1", "c-2"]),
    ({"until": D(2023, 12, 31)}, ["e-1"]),
    ({"since": D(2024, 2, 1), "undated": "include"}, ["b-1", "c-1", "c-2", "b-2"]),  # b-2 is undated
    ({"since": D(2024, 1, 5), "until": D(2024, 1, 31), "undated": "include"}, ["a-1", "c-3", "a-2", "b-2"]),
    ({"undated": "include"}, ["e-1", "a-1", "c-3", "a-2", "b-1", "c-1", "c-2", "b-2"]),
    ({"undated": "only"}, ["b-2"]),
    ({"since": D(2024, 2, 1), "undated": "only"}, ["b-2"]),  # the bounds do not apply
    ({"kind": "event", "undated": "only"}, []),
    ({"bbox": (33.0, 35.0, 36.0, 37.0)}, ["a-1", "a-2", "b-1", "b-2"]),
    ({"bbox": (33.5, 35.4, 34.0, 35.6)}, ["b-1"]),
    ({"bbox": (-20.0, 178.0, -15.0, -179.0)}, ["c-1", "c-2"]),  # across the antimeridian
    ({"bbox": (-20.0, 179.0, -15.0, 179.5)}, []),
    ({"country": "LB"}, ["b-1", "b-2"]),  # b-1 is stored as "lb"
    ({"country": " sy"}, ["a-1", "a-2"]),
    ({"country": "XX"}, []),
    ({"place": "beirut"}, ["b-1"]),  # the anchor
    ({"place": "Dahieh"}, ["b-1"]),  # a place in the snippet
    ({"place": "  LATAKIA "}, ["a-1"]),
    ({"place": "SÃO PAULO"}, ["e-1"]),
    ({"place": "Lat"}, []),
    ({"text": "flooding"}, ["e-1", "c-2"]),
    ({"text": "sao paulo"}, ["e-1"]),  # diacritics folded by FTS5
    ({"text": "airstrike beirut"}, ["b-1"]),
    ({"text": 'airstrike OR "homs'}, []),  # operators are words, never syntax
    ({"text": "NEAR(x y)"}, []),
    ({"text": "?!"}, []),
    ({"event_types": ["storm", "protest"]}, ["a-2", "c-1", "c-2"]),
    ({"event_types": []}, []),
    ({"kind": "mention"}, ["b-2"]),
    ({"country": "FJ", "since": D(2024, 3, 2)}, ["c-2"]),
    ({"limit": 2}, ["e-1", "a-1"]),
    ({"admin1": "Latakia Governorate"}, ["a-1"]),
    ({"admin1": "Mount Lebanon", "country": "LB"}, ["b-1"]),
    ({"admin1": "latakia governorate"}, []),  # exactly as stored (the app offers the stored names)
    ({"admin1": "x') OR 1=1 --"}, []),  # a parameter, never SQL
    ({"source": "fijitimes.com"}, ["c-1"]),
    ({"source": "example.org", "country": "FJ"}, ["c-2"]),
    ({"incident_id": "b-2"}, ["b-2"]),
    ({"incident_id": "zz"}, []),
]


@pytest.fixture(scope="module", params=ENGINES)
def query_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IncidentStore]:
    if request.param == "sqlite":
        target: StoreTarget = tmp_path_factory.mktemp("q") / "q.db"
    else:
        target = request.getfixturevalue("postgis_server").database("query")
    s = IncidentStore.open(target)
    s.put_many(_corpus())
    yield s
    s.close()


@pytest.mark.parametrize(("kwargs", "expected"), QUERY_CASES)
def test_query(query_store: IncidentStore, kwargs: dict[str, Any], expected: list[str]) -> None:
    assert [i.id for i in query_store.query(**kwargs)] == expected


def test_admin1_names_and_sources(query_store: IncidentStore) -> None:
    assert query_store.admin1_names() == [("LB", "Mount Lebanon"), ("SY", "Latakia Governorate")]
    assert query_store.sources() == ["example.org", "fijitimes.com"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("flooding", ["e-1", "c-2"]), ("airstrike beirut", ["b-1"]), ("50%", []), ("hom", ["a-2"])],
)
def test_text_query_without_fts5_uses_like(tmp_path: Path, text: str, expected: list[str]) -> None:
    with IncidentStore.open(tmp_path / "s.db") as s:
        s.put_many(_corpus())
        s._db.full_text = False  # as on an SQLite build without FTS5
        assert [i.id for i in s.query(text=text)] == expected


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (Filters(since=D(2024, 1, 1), until=D(2024, 1, 31)), "incidents_date"),
        (Filters(bbox=(33.0, 35.0, 34.0, 36.0)), "incidents_lat_lon"),
        (Filters(country="SY"), "incidents_country_date"),
        (Filters(place="Homs"), "incident_names"),
        (Filters(text="shelling"), "incident_text"),
    ],
)
def test_sqlite_queries_use_indexes(tmp_path: Path, filters: Filters, index: str) -> None:
    with IncidentStore.open(tmp_path / "q.db") as s:
        s.put_many(_corpus())
        sql, params = select_sql(s._db, filters, limit=None)  # type: ignore[misc]
        plan = " ".join(r[-1] for r in s._db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert index in plan and "SCAN incidents" not in plan


def test_stats_and_summaries(query_store: IncidentStore) -> None:
    st = query_store.stats()
    assert (st.articles, st.incidents) == (4, 8)
    assert st.by_date == {
        "2023-12-31": 1,
        "2024-01-05": 2,
        "2024-01-20": 1,
        "2024-02-10": 1,
        "2024-03-01": 1,
        "2024-03-02": 1,
        "unknown": 1,
    }
    assert st.by_country == {"FJ": 2, "LB": 2, "SY": 2, "BR": 1, "unknown": 1}
    assert st.by_event_type == {
        "attack": 2,
        "storm": 2,
        "airstrike": 1,
        "flood": 1,
        "protest": 1,
        "unknown": 1,
    }
    assert query_store.stats(since=D(2024, 3, 1)).to_dict()["by_event_type"] == {"storm": 2}
    assert query_store.date_range() == (D(2023, 12, 31), D(2024, 3, 2))
    assert query_store.event_types() == ["", "airstrike", "attack", "flood", "protest", "storm"]
    assert query_store.countries() == ["BR", "FJ", "LB", "SY"]


def test_empty_store_summaries(store: IncidentStore) -> None:
    assert store.integrity_ok()
    assert store.date_range() is None
    assert store.query() == []
    assert store.stats().to_dict() == {
        "articles": 0,
        "incidents": 0,
        "by_date": {},
        "by_country": {},
        "by_event_type": {},
    }


def test_delete_article(store: IncidentStore) -> None:
    store.put_article(make_article("a"), batch("a", 2))
    assert store.delete_article("a") is True
    assert store.delete_article("a") is False
    assert (store.articles_count(), store.incidents_count(), store.query(text="snippet")) == (0, 0, [])
