"""The store keeps each article's home-region shares and sums them by source (both engines)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from mapapp.models import ArticleRegions, RegionShares
from mapapp.store import IncidentStore, StoreTarget
from tests.store.test_store import make_article

OHIO = RegionShares(1, {("US", ""): 1.0, ("US", "Ohio"): 0.75, ("US", "Indiana"): 0.25})
KENTUCKY = RegionShares(1, {("US", ""): 0.5, ("CA", ""): 0.5, ("US", "Kentucky"): 1.0})
MOSCOW = RegionShares(1, {("RU", ""): 1.0, ("RU", "Moscow"): 1.0})


@pytest.fixture()
def store(new_target: Callable[[], StoreTarget]) -> Iterator[IncidentStore]:
    with IncidentStore.open(new_target()) as s:
        yield s


def _put(store: IncidentStore, article_id: str, source: str, shares: RegionShares) -> str:
    return store.put_article(make_article(article_id), [], regions=ArticleRegions(source, shares))


def test_round_trip_sums_shares_by_source(store: IncidentStore) -> None:
    _put(store, "a", "daily.example", OHIO)
    _put(store, "b", "daily.example", KENTUCKY)
    _put(store, "c", "pravda.example", MOSCOW)
    store.put_article(make_article("d"), [])  # no regions: counts for no source
    assert store.source_homes() == {
        "daily.example": RegionShares(
            2,
            {
                ("CA", ""): 0.5,
                ("US", ""): 1.5,
                ("US", "Indiana"): 0.25,
                ("US", "Kentucky"): 1.0,
                ("US", "Ohio"): 0.75,
            },
        ),
        "pravda.example": MOSCOW,
    }


def test_a_replaced_or_deleted_article_takes_its_shares_with_it(store: IncidentStore) -> None:
    _put(store, "a", "daily.example", OHIO)
    _put(store, "b", "daily.example", OHIO)
    replaced = store.put_article(
        make_article("b"), [], force=True, regions=ArticleRegions("daily.example", KENTUCKY)
    )
    assert replaced == "replaced"
    assert store.source_homes()["daily.example"] == OHIO + KENTUCKY
    assert store.delete_article("a")
    assert store.source_homes() == {"daily.example": KENTUCKY}


@pytest.mark.parametrize("order", list(itertools.permutations([0, 1, 2])))
def test_homes_do_not_depend_on_storing_order(tmp_path_factory: pytest.TempPathFactory, order: tuple) -> None:
    items = [("a", OHIO), ("b", KENTUCKY), ("c", OHIO)]
    path = tmp_path_factory.mktemp("order") / "s.db"
    with IncidentStore.open(path) as s:
        for i in order:
            _put(s, items[i][0], "daily.example", items[i][1])
        assert s.source_homes() == {"daily.example": OHIO + KENTUCKY + OHIO}


def test_a_version_3_store_migrates_to_an_empty_regions_table(tmp_path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with IncidentStore.open(path) as s:
        s.put_article(make_article("a"), [])
    raw = sqlite3.connect(path)
    raw.executescript("DROP TABLE article_regions; PRAGMA user_version = 3;")
    raw.close()
    with IncidentStore.open(path) as s:
        assert s.source_homes() == {} and s.articles_count() == 1
        _put(s, "b", "daily.example", OHIO)
        assert s.source_homes() == {"daily.example": OHIO}
