"""Tests of the store's fused incidents: one per real event, whatever the ingest order."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article, Derivation, Incident
from mapapp.store import IncidentStore, StoreTarget, text_hash
from tests.helpers import make_incident

D = dt.date


def article(article_id: str, text: str = "") -> Article:
    return Article(
        id=article_id,
        title=f"Title {article_id}",
        date=D(2018, 9, 18),
        url=f"https://example.org/{article_id}",
        text=text or f"Text of {article_id}.",
    )


def report(article_id: str, n: int = 0, **fields: Any) -> Incident:
    return make_incident(
        id=f"{article_id}-{n}",
        article_id=article_id,
        title=f"Title {article_id}",
        snippet=f"Report {n} of {article_id}.",
        **fields,
    )


OFFSHORE = report(
    "b",
    event_type="shootdown",
    lat=35.4383,
    lon=35.3699,
    location_name="22 miles off Latakia's coast",
    geo_precision=2,
    derivation=Derivation("offshore", "Latakia", 35.53125, 35.79088, distance_m=35405.6),
)
#: Three articles reporting one shoot-down, and in ``a`` a protest the same day in the same city.
ITEMS: list[tuple[Article, list[Incident]]] = [
    (article("a"), [report("a", 0, event_type="airstrike"), report("a", 1, event_type="protest")]),
    (article("b"), [OFFSHORE]),
    (article("c"), [report("c", 0, event_type="missile_attack", date=D(2018, 9, 18), geo_precision=2)]),
    # two shootings in Tartus, 72 km south: another event
    (article("d"), [report("d", 0, event_type="assault", lat=34.889, lon=35.887, location_name="Tartus")]),
    (article("e"), [report("e", 0, event_type="crime", lat=34.890, lon=35.886, location_name="Tartus")]),
]


@pytest.fixture()
def store(new_target: Callable[[], StoreTarget]) -> Iterator[IncidentStore]:
    """An empty store of each engine (SQLite, PostGIS)."""
    with IncidentStore.open(new_target()) as s:
        yield s


def summary(incidents: list[Incident]) -> list[tuple[str, str, list[str]]]:
    return [(i.id, i.event_type, [s.incident_id for s in i.sources]) for i in incidents]


EXPECTED = [  # by date, then the (lead) article and position
    ("a-1", "protest", []),
    ("b-0", "shootdown", ["a-0", "b-0", "c-0"]),
    ("d-0", "assault", ["d-0", "e-0"]),
]


def test_one_incident_per_event_with_every_source(store: IncidentStore) -> None:
    assert store.put_many(ITEMS) == ["stored"] * 5
    found = store.query()
    assert summary(found) == EXPECTED
    shootdown = found[1]
    assert (shootdown.article_id, shootdown.location_name, shootdown.date) == (
        "b",
        "22 miles off Latakia's coast",
        D(2018, 9, 17),
    )
    assert [(s.article_id, s.title, s.snippet) for s in shootdown.sources] == [
        ("a", "Title a", "Report 0 of a."),
        ("b", "Title b", "Report 0 of b."),
        ("c", "Title c", "Report 0 of c."),
    ]
    assert found[0] == ITEMS[0][1][1]  # a single incident comes as stored
    # each article keeps its own rows
    assert store.query(fused=False, article_id="b") == [OFFSHORE]
    assert (store.incidents_count(), store.fused_count()) == (6, 3)


ORDERS = list(itertools.permutations(range(5)))


def check_order(target: StoreTarget, reference: StoreTarget, order: tuple[int, ...]) -> None:
    """Articles stored one by one in ``order`` give what storing them at once gives."""
    with IncidentStore.open(target) as s:
        for k in order:
            s.put_article(*ITEMS[k])
        assert summary(s.query()) == EXPECTED
        with IncidentStore.open(reference) as ref:
            ref.put_many(ITEMS)
            assert s.query() == ref.query()


@pytest.mark.parametrize("order", ORDERS)
def test_any_ingest_order_gives_the_same_incidents(tmp_path: Path, order: tuple[int, ...]) -> None:
    check_order(tmp_path / "s.db", tmp_path / "ref.db", order)


@pytest.mark.parametrize("order", ORDERS[::17])  # every 17th: a fresh server store costs 0.1 s
def test_any_ingest_order_gives_the_same_incidents_as_sqlite_on_every_engine(
    tmp_path: Path, new_target: Callable[[], StoreTarget], order: tuple[int, ...]
) -> None:
    check_order(new_target(), tmp_path / "ref.db", order)


def test_reput_changes_nothing(store: IncidentStore) -> None:
    store.put_many(ITEMS)
    before, rows = store.query(), fused_rows(store)
    assert store.put_many(ITEMS) == ["unchanged"] * 5
    assert (store.query(), fused_rows(store)) == (before, rows)


def fused_rows(store: IncidentStore) -> list[tuple[Any, ...]]:
    return store._db.execute("SELECT * FROM fused ORDER BY incident_rowid").fetchall()


def test_deleting_a_source_article_leaves_the_others_incident(store: IncidentStore) -> None:
    store.put_many(ITEMS)
    assert store.delete_article("b")
    found = store.query()
    assert summary(found) == [
        ("a-0", "missile_attack", ["a-0", "c-0"]),  # one each: the more specific type
        ("a-1", "protest", []),
        ("d-0", "assault", ["d-0", "e-0"]),
    ]
    assert found[0].location_name == "Latakia"  # the best place left
    assert store.delete_article("c")
    assert store.query()[0] == ITEMS[0][1][0]  # alone again: as stored
    assert store.integrity_ok()


def test_replacing_an_article_regroups(store: IncidentStore, new_target: Callable[[], StoreTarget]) -> None:
    store.put_many(ITEMS)
    moved = report("c", 0, event_type="missile_attack", lat=33.51, lon=36.29, location_name="Damascus")
    assert store.put_article(article("c", "edited"), [moved]) == "replaced"
    assert [s.incident_id for s in store.query()[1].sources] == ["a-0", "b-0"]
    assert moved in store.query()
    with IncidentStore.open(new_target()) as ref:  # as if stored like this at first
        ref.put_many([*ITEMS[:2], (article("c", "edited"), [moved]), *ITEMS[3:]])
        assert ref.query() == store.query()


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"article_id": "c"}, ["b-0"]),  # any member matches: the fused incident, once
        ({"text": "Report 0 of c"}, ["b-0"]),
        ({"place": "latakia"}, ["a-1", "b-0"]),
        ({"bbox": (35.4, 35.3, 35.45, 35.4)}, ["b-0"]),  # only the offshore point
        ({"since": D(2018, 9, 18)}, ["b-0"]),  # c's date
        ({"event_types": ["crime"]}, ["d-0"]),
        ({"event_types": ["protest", "crime"]}, ["a-1", "d-0"]),
        ({"country": "XX"}, []),
        ({"limit": 2}, ["a-1", "b-0"]),
        ({"limit": 0}, []),
    ],
)
def test_filters_apply_to_fused_incidents(
    store: IncidentStore, criteria: dict[str, Any], expected: list[str]
) -> None:
    store.put_many(ITEMS)
    assert [i.id for i in store.query(**criteria)] == expected


def test_stats_count_fused_incidents(store: IncidentStore) -> None:
    store.put_many(ITEMS)
    st = store.stats()
    assert (st.articles, st.incidents) == (5, 3)
    assert st.by_date == {"2018-09-17": 3}
    assert st.by_country == {"SY": 3}
    assert st.by_event_type == {"assault": 1, "protest": 1, "shootdown": 1}
    assert store.stats(since=D(2018, 9, 18)).by_event_type == {"shootdown": 1}


def test_an_articles_two_events_never_share_a_group(store: IncidentStore) -> None:
    two = [report("x", 0, event_type="assault"), report("x", 1, event_type="assault", lat=35.62)]  # 10 km
    vague = report("y", 0, event_type="crime", lat=35.60, geo_precision=3)  # near both
    store.put_many([(article("x"), two), (article("y"), [vague])])
    assert summary(store.query()) == [("x-0", "assault", []), ("x-1", "assault", ["x-1", "y-0"])]


def test_same_text_under_another_id_is_unchanged(store: IncidentStore) -> None:
    store.put_article(article("a", "Same words."), [report("a")])
    assert store.has_text(text_hash("Same words.")) == "a"
    assert store.has_text(text_hash("Other words.")) is None
    copy = Article(id="z", title="Another title", date=None, url="", text="Same words.")
    assert store.put_article(copy, [report("z")]) == "unchanged"
    assert store.articles_count() == 1


def test_migration_from_v2_fills_text_hashes_and_groups(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with IncidentStore.open(path) as s:
        s.put_many(ITEMS)
        expected = s.query()
    raw = sqlite3.connect(path)  # turn it back into a version-2 database
    raw.executescript(
        "DROP TABLE fused; DROP INDEX articles_text_hash; DROP INDEX incidents_precision_date;"
        "ALTER TABLE articles DROP COLUMN text_hash; PRAGMA user_version = 2;"
    )
    raw.close()
    with IncidentStore.open(path) as s:
        assert s.query() == expected
        assert s.has_text(text_hash("Text of c.")) == "c"
        assert s.integrity_ok()


@pytest.mark.parametrize("gone", ["a", "b", "c", "d"])
def test_after_a_delete_the_events_are_those_of_a_store_that_never_had_the_article(
    store: IncidentStore, tmp_path: Path, gone: str
) -> None:
    store.put_many(ITEMS)
    assert store.delete_article(gone)
    with IncidentStore.open(tmp_path / "never.db") as never:
        never.put_many([item for item in ITEMS if item[0].id != gone])
        assert store.query() == never.query()  # every field, every source, in order
    assert all(s.article_id != gone for inc in store.query() for s in inc.sources)
    assert store.integrity_ok()
