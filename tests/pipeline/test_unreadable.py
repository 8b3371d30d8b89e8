"""Red-team finding 7: unreadable folders and files are reported failures, never silent losses.

Root ignores ``chmod`` when reading, and this machine and CI run as root, so
each test also makes the chosen path fail by monkeypatching the call the walk
makes (``os.scandir`` for a folder, ``os.stat`` for a named path) to raise
:class:`PermissionError` for that path only.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article, ParsedArticle
from mapapp.pipeline import Processed
from mapapp.pipeline.ingest import Failure, IngestReport, ingest_paths
from mapapp.store import IncidentStore

DENIED = "cannot read folder: Permission denied"


def no_incidents(article: Article) -> Processed:
    """A processor that finds no incident (the walk is what is tested)."""
    return Processed(parsed=ParsedArticle(article=article, mentions=()), incidents=())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def denied(path: Path) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to ``chmod 0o000`` (restored afterwards so tmp_path can be removed)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755)


def lock(path: Path, locked: list[Path]) -> None:
    path.chmod(0o000)
    locked.append(path)


def deny_scandir(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise denied(folder)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def deny_stat(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    real = os.stat

    def fake_stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, (str, os.PathLike)) and Path(path) == target:
            raise denied(target)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", fake_stat)


def ingest(tmp_path: Path, paths: list[Path]) -> IngestReport:
    return ingest_paths(paths, db_path=tmp_path / "s.sqlite3", processor=no_incidents)


def stored_ids(tmp_path: Path) -> list[str]:
    with IncidentStore.open(tmp_path / "s.sqlite3") as store:
        return sorted(a.id for a in (store.get_article(i) for i in ("a", "b", "c", "d")) if a is not None)


def article(path: Path, article_id: str) -> Path:
    return write(
        path, f'{{"id": "{article_id}", "title": "T", "text": "Floods hit Dhaka, report {article_id}."}}'
    )


def test_unreadable_subfolder_is_a_failure_and_the_rest_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: list[Path]
) -> None:
    root = tmp_path / "in"
    article(root / "a.json", "a")
    article(root / "locked" / "b.json", "b")
    article(root / "z" / "c.json", "c")
    lock(root / "locked", locked)
    deny_scandir(monkeypatch, root / "locked")
    report = ingest(tmp_path, [root])
    assert report.failures == (Failure(str(root / "locked"), None, DENIED),)
    assert report.stored == 2 and not report.ok
    assert f"failed: {root / 'locked'}: {DENIED}" in report.summary().splitlines()
    assert stored_ids(tmp_path) == ["a", "c"]


def test_unreadable_folder_named_explicitly_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: list[Path]
) -> None:
    folder = tmp_path / "locked"
    article(folder / "b.json", "b")
    other = article(tmp_path / "a.json", "a")
    lock(folder, locked)
    deny_scandir(monkeypatch, folder)
    report = ingest(tmp_path, [folder, other])
    assert report.failures == (Failure(str(folder), None, DENIED),)
    assert report.summary().splitlines() == [
        "stored 1, replaced 0, unchanged 0, failed 1 (0 incidents stored)",
        "note: 1 stored article(s) named no place that resolved",
        f"failed: {folder}: {DENIED}",
    ]
    assert stored_ids(tmp_path) == ["a"]


def test_file_in_unsearchable_folder_is_a_failure_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: list[Path]
) -> None:
    hidden = article(tmp_path / "locked" / "b.json", "b")
    first = article(tmp_path / "a.json", "a")
    last = article(tmp_path / "c.json", "c")
    lock(tmp_path / "locked", locked)
    deny_stat(monkeypatch, hidden)
    report = ingest(tmp_path, [first, hidden, last])
    assert report.failures == (Failure(str(hidden), None, "cannot read: Permission denied"),)
    assert report.stored == 2 and not report.ok
    assert stored_ids(tmp_path) == ["a", "c"]


def test_missing_path_is_still_reported_as_missing(tmp_path: Path) -> None:
    report = ingest(tmp_path, [tmp_path / "absent"])
    assert report.failures == (Failure(str(tmp_path / "absent"), None, "no such file or directory"),)
