"""Tests of mapapp.ui.stores: the operator's stores, never a path from the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapapp.errors import StoreError
from mapapp.ui.stores import StoreChoice, configured_stores, read_store_list


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["--db", "/tmp/x.db"], {}, [("x", "/tmp/x.db")]),
        (["--db=/tmp/y.db"], {"MAPAPP_DB": "/tmp/z.db"}, [("y", "/tmp/y.db"), ("z", "/tmp/z.db")]),
        ([], {"MAPAPP_DB": "/tmp/z.db"}, [("z", "/tmp/z.db")]),
        (["--db"], {"MAPAPP_DB": "/tmp/z.db"}, [("z", "/tmp/z.db")]),  # no value: ignored
        (["-x", "tests/test_app.py"], {"MAPAPP_DB": "/tmp/z.db"}, [("z", "/tmp/z.db")]),
        (["--db", "/tmp/z.db"], {"MAPAPP_DB": "/tmp/z.db"}, [("z", "/tmp/z.db")]),  # once
    ],
)
def test_stores_from_args_and_environment(
    argv: list[str],
    env: dict[str, str],
    expected: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no user store list
    found = configured_stores(argv, env=env)
    assert [(c.name, str(c.path)) for c in found] == expected
    assert not any(c.default for c in found)


def test_store_list_names_stores_relative_to_its_folder(tmp_path: Path) -> None:
    listed = tmp_path / "stores.toml"
    listed.write_text(
        '[stores]\n"Syria 2018" = "syria.sqlite3"\nSeeds = "/data/seeds.sqlite3"\n', encoding="utf-8"
    )
    found = configured_stores(["--stores", str(listed), "--db", "/tmp/a.sqlite3"], env={})
    assert [(c.name, c.path) for c in found] == [
        ("a", Path("/tmp/a.sqlite3")),
        ("Syria 2018", tmp_path / "syria.sqlite3"),
        ("Seeds", Path("/data/seeds.sqlite3")),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[stores", "cannot read the store list"),
        ("title = 'x'", "no [stores] table"),
        ("[stores]\n", "no [stores] table"),
        ("[stores]\na = 3", "store 'a' must be a name and a file path"),
        ('[stores]\na = "  "', "store 'a' must be a name and a file path"),
    ],
)
def test_a_bad_store_list_is_an_error_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    listed = tmp_path / "stores.toml"
    listed.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match="^" + re.escape(f"{listed}: ") + ".*" + re.escape(message)):
        read_store_list(listed)


def test_without_any_store_named_the_default_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (found,) = configured_stores([], env={})
    assert found.default and found.problem() is None  # created on first start


@pytest.mark.parametrize("kind", ["missing", "folder", "file"])
def test_a_named_store_must_exist_and_is_never_created(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "store.sqlite3"
    if kind == "folder":
        path.mkdir()
    if kind == "file":
        path.write_bytes(b"")
    problem = StoreChoice("s", path).problem()
    if kind == "file":
        assert problem is None
    else:
        assert problem is not None and str(path) in problem
        assert ("folder" in problem) == (kind == "folder")
    assert path.exists() == (kind != "missing")
