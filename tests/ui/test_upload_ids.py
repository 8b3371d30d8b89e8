"""Red-team finding 3: an upload reusing a stored article's id never replaces that article.

Ids are in every GeoJSON download, so any visitor knows them; replacing a
stored article stays an operator's action (``mapapp ingest --force``).
"""

from __future__ import annotations

import json
from pathlib import Path

from mapapp.store import IncidentStore
from mapapp.ui.data import ingest_upload
from tests.helpers import FakeProcessor

fake_parser = FakeProcessor()  # one incident per article, named after its first word


def upload(db: Path, name: str, record: dict[str, str]) -> tuple[tuple[str, ...], list[str]]:
    result = ingest_upload(name, json.dumps(record).encode(), db_path=db, parser=fake_parser)
    assert result.report.ok, result.report.summary()
    return result.article_ids, list(result.report.warnings)


def places(db: Path, article_id: str) -> list[str]:
    with IncidentStore.open(db) as store:
        return [i.location_name for i in store.query(article_id=article_id, fused=False)]


def test_upload_with_a_stored_id_and_other_content_is_stored_as_a_new_article(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    original = {"id": "n1", "title": "Floods", "text": "Dhaka floods killed twelve people."}
    assert upload(db, "original.json", original) == (("n1",), [])
    hostile = {"id": "n1", "title": "Fake", "text": "Minsk was bombed, say fake reports."}
    ids, warnings = upload(db, "hostile.json", hostile)
    (new_id,) = ids
    assert new_id.startswith("n1-") and new_id != "n1"
    assert warnings == [
        f"hostile.json: article id 'n1' is already stored with other content: stored as {new_id!r}"
    ]
    assert places(db, "n1") == ["Dhaka"]  # the stored article's incidents are unchanged
    assert places(db, new_id) == ["Minsk"]
    with IncidentStore.open(db) as store:
        stored = store.get_article("n1")
        assert stored is not None and stored.title == "Floods"
        assert store.articles_count() == 2
    # The same hostile upload again changes nothing; the original upload again is unchanged.
    assert upload(db, "again.json", hostile)[0] == (new_id,)
    assert upload(db, "original.json", original) == (("n1",), [])
    assert places(db, "n1") == ["Dhaka"]


def test_upload_with_a_new_id_keeps_its_id(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    upload(db, "a.json", {"id": "n1", "title": "T", "text": "Dhaka floods."})
    assert upload(db, "b.json", {"id": "n2", "title": "T", "text": "Kano floods."}) == (("n2",), [])
    assert places(db, "n2") == ["Kano"]


class RecordingSidebar:
    """Stands in for ``st.sidebar``: records what the upload panel shows."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __getattr__(self, name: str):
        return lambda text="", *args, **kwargs: self.calls.append((name, str(text)))


def test_the_upload_panel_shows_the_renaming_warning(tmp_path: Path, monkeypatch) -> None:
    from mapapp.ui import cache, upload_panel

    db = tmp_path / "s.sqlite3"
    upload(db, "first.json", {"id": "n1", "text": "Floods hit Dhaka on Monday."})
    result = ingest_upload(
        "second.json",
        json.dumps({"id": "n1", "text": "Riots in Minsk."}).encode(),
        db_path=db,
        parser=fake_parser,
    )
    monkeypatch.setattr(cache, "token", lambda path: (0,))
    monkeypatch.setattr(cache, "article_incidents", lambda path, state, aid: ())
    sidebar = RecordingSidebar()
    upload_panel.show_upload(result, db_path=str(db), sidebar=sidebar)
    shown = dict(sidebar.calls)
    assert shown["warning"] == "Stored, with warnings:"
    assert "article id 'n1' is already stored with other content: stored as 'n1-" in shown["text"]
