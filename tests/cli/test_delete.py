"""Tests of ``mapapp delete``: an article and its incidents go, fused events are re-fused."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapapp.cli import main
from mapapp.models import Article
from mapapp.store import IncidentStore
from tests.helpers import make_incident


def _article(article_id: str) -> Article:
    return Article(id=article_id, title=article_id, date=None, url="", text=f"Text of {article_id}.")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    with IncidentStore.open(path) as store:
        for article_id in ("a", "b"):  # two reports of one air strike in Latakia
            store.put_article(
                _article(article_id), [make_incident(id=f"{article_id}-0", article_id=article_id)]
            )
        store.put_article(_article("c"), [make_incident(id="c-0", article_id="c", event_type="protest")])
    return path


def test_delete_removes_the_article_and_refuses_what_it_reported(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with IncidentStore.open(db) as store:
        assert [len(inc.sources) for inc in store.query()] == [2, 0]
    assert main(["delete", "b", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "deleted b (1 incidents)\n"
    with IncidentStore.open(db) as store:
        found = store.query()
        assert [(inc.id, inc.sources) for inc in found] == [("a-0", ()), ("c-0", ())]
        assert store.get_article("b") is None and store.articles_count() == 2


def test_delete_of_an_unknown_article_exits_1_and_changes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["delete", "zz", "--db", str(db)]) == 1
    assert "no article 'zz'" in capsys.readouterr().err
    with IncidentStore.open(db) as store:
        assert store.articles_count() == 3 and len(store.query()) == 2


def test_delete_never_creates_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.sqlite3"
    assert main(["delete", "a", "--db", str(missing)]) == 2
    assert f"no incident store at {missing}" in capsys.readouterr().err
    assert not missing.exists()
