"""What the first start needs built: the steps see the cache, ``mapapp prepare`` builds and seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapapp import paths
from mapapp.cli import main
from mapapp.pipeline.prepare import cache_steps, pending_steps
from mapapp.store import DB_FILENAME, IncidentStore


@pytest.fixture(scope="module")
def built_cache() -> Path:
    """The user cache with every step built (what every parsing test uses anyway)."""
    for step in cache_steps():
        step.run()
    return paths.cache_dir()


def test_an_empty_cache_needs_every_step(tmp_path: Path) -> None:
    assert [s.name for s in pending_steps(cache_dir=tmp_path)] == [
        "gazetteer index",
        "land mask",
        "country names",
    ]
    assert list(tmp_path.iterdir()) == []  # checking builds nothing


def test_the_land_mask_step_builds_into_its_cache(tmp_path: Path) -> None:
    (_, mask, _) = cache_steps(cache_dir=tmp_path)
    mask.run()
    pending = [s.name for s in pending_steps(cache_dir=tmp_path)]
    assert mask.ready() and pending == ["gazetteer index", "country names"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "landmask-globe-v1.axes.npy",
        "landmask-globe-v1.npy",
    ]


def test_a_built_cache_needs_nothing(built_cache: Path) -> None:
    assert pending_steps(cache_dir=built_cache) == ()


def test_prepare_seeds_the_apps_default_store_once(
    built_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("MAPAPP_DB", str(tmp_path / "other.sqlite3"))  # not the app's default store
    assert main(["prepare"]) == 0
    err = capsys.readouterr().err
    assert "gazetteer index: ready" in err and "land mask: ready" in err
    db = tmp_path / "data" / "mapapp" / DB_FILENAME
    with IncidentStore.open(db) as store:
        assert store.articles_count() == len(list(paths.seeds_dir().iterdir()))
        assert any("22 miles off Latakia" in inc.snippet for inc in store.query())
    assert not (tmp_path / "other.sqlite3").exists()
    assert main(["prepare"]) == 0
    assert "already in" in capsys.readouterr().err


def test_prepare_without_seeding_creates_no_store(
    built_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["prepare", "--no-seed"]) == 0
    assert not (tmp_path / "data").exists()
