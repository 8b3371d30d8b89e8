"""The country names table and its copy in the cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapapp.gazetteer import countries


def test_the_saved_table_reads_back_as_built(tmp_path: Path) -> None:
    assert not countries.table_ready(cache_dir=tmp_path)
    saved = countries.save_table(cache_dir=tmp_path)
    assert countries.table_ready(cache_dir=tmp_path) and saved.parent == tmp_path
    assert countries._cached_table(saved) == countries._build_table()


@pytest.mark.parametrize("content", ["", "{not json", '{"TR": 1}', "[[1, 2]]"])
def test_an_unreadable_copy_is_rebuilt(tmp_path: Path, content: str) -> None:
    path = countries.table_path(cache_dir=tmp_path)
    path.write_text(content, encoding="utf-8")
    table = countries._cached_table(path)
    assert table["TR"].name == "Turkey" and "Britain" in table["GB"].aliases
    assert countries._cached_table(path) == table  # the rebuilt copy was saved


def test_the_file_name_follows_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = countries.table_path(cache_dir=tmp_path)
    monkeypatch.setattr(countries, "_SOURCES", (*countries._SOURCES, "mapapp.gazetteer.names"))
    assert countries.table_path(cache_dir=tmp_path) != before
