"""Batch ingest learns each source's home regions into the store and resolves with them next time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mapapp.pipeline.ingest import ingest_paths
from mapapp.store import IncidentStore

# A local paper's stories, news-style; the last names a Springfield with nothing else to place it by.
STORIES = {
    "rockford": "The Rockford school board met on Tuesday night to discuss the new budget.",
    "joliet": "Flooding closed roads in Joliet and Aurora on Monday, police said.",
    "decatur": "A fire in Decatur damaged two homes on Sunday, officials said.",
    "peoria": "Peoria and Rockford will share a state grant for road repairs.",
    "springfield": "Springfield aldermen approved the budget on Monday after a long debate.",
}


def write_feed(folder: Path, names: list[str], *, source: str = "Central Illinois Daily") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "feed.jsonl"
    lines = [json.dumps({"id": name, "text": STORIES[name], "source": source}) for name in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def divisions_of(db: Path, article_id: str) -> list[str]:
    with IncidentStore.open(db) as store:
        rows = store._db.execute(  # a read-only peek at the stored shares
            "SELECT admin1 FROM article_regions WHERE article_id = ? AND admin1 != '' ORDER BY admin1",
            (article_id,),
        ).fetchall()
    return [row[0] for row in rows]


@pytest.fixture(scope="module")
def learnt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store after one ingest of the feed (no home known yet), and the feed."""
    folder = tmp_path_factory.mktemp("feed")
    feed = write_feed(folder, list(STORIES))
    db = folder / "store.sqlite3"
    assert ingest_paths([feed], db_path=db).stored == len(STORIES)
    return db, feed


def test_the_first_ingest_learns_the_home_and_a_forced_rerun_uses_it(learnt, tmp_path):
    db, feed = learnt
    with IncidentStore.open(db) as store:
        home = store.source_homes()["Central Illinois Daily"]
    assert home.articles == len(STORIES)
    assert home.mean(("US", "Illinois")) >= 0.75  # four of five stories are placed in Illinois
    assert divisions_of(db, "springfield") == ["Missouri"]  # the gazetteer's first Springfield
    again = tmp_path / "again.sqlite3"
    shutil.copy(db, again)
    assert ingest_paths([feed], db_path=again, force=True).replaced == len(STORIES)
    assert divisions_of(again, "springfield") == ["Illinois"]
    no_prior = tmp_path / "no_prior.sqlite3"
    shutil.copy(db, no_prior)
    ingest_paths([feed], db_path=no_prior, force=True, collection_prior=False)
    assert divisions_of(no_prior, "springfield") == ["Missouri"]


def test_a_run_resolves_the_same_whatever_the_order_of_its_articles(learnt, tmp_path):
    db, _ = learnt
    results = []
    for k, order in enumerate(
        [["springfield", "decatur", "rockford"], ["rockford", "decatur", "springfield"]]
    ):
        copy = tmp_path / f"s{k}.sqlite3"
        shutil.copy(db, copy)
        ingest_paths([write_feed(tmp_path / f"in{k}", order)], db_path=copy, force=True)
        with IncidentStore.open(copy) as store:
            results.append((store.source_homes(), [divisions_of(copy, name) for name in sorted(STORIES)]))
    assert results[0] == results[1]
    assert results[0][1][sorted(STORIES).index("springfield")] == ["Illinois"]


def test_a_user_given_collection_is_the_source_of_every_article(learnt, tmp_path):
    db, _ = learnt
    copy = tmp_path / "named.sqlite3"
    shutil.copy(db, copy)
    feed = write_feed(tmp_path / "other", ["springfield"], source="Some wire")
    ingest_paths([feed], db_path=copy, force=True, collection="Central Illinois Daily")
    assert divisions_of(copy, "springfield") == ["Illinois"]
    with IncidentStore.open(copy) as store:
        assert set(store.source_homes()) == {"Central Illinois Daily"}
