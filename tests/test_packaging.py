"""The package builds into a wheel that carries its data and works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def code_packages() -> list[str]:
    """Every folder of mapapp with an ``__init__.py``, as dotted names."""
    return sorted(
        ".".join(path.parent.relative_to(REPO_ROOT).parts)
        for path in (REPO_ROOT / "mapapp").rglob("__init__.py")
    )


def test_pyproject_lists_every_package() -> None:
    listed = PYPROJECT["tool"]["setuptools"]["packages"]
    data = set(PYPROJECT["tool"]["setuptools"]["package-dir"])
    assert sorted(set(listed) - data) == code_packages()


def test_console_command_is_the_cli() -> None:
    assert PYPROJECT["project"]["scripts"] == {"mapapp": "mapapp.cli:main"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the checkout, offline (the venv's own setuptools)."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO_ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (found,) = out.glob("mapapp-*.whl")
    return found


def test_wheel_carries_the_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "mapapp/geodata/curated.csv",
        "mapapp/geodata/README.md",
        "mapapp/static/vendor/leaflet/leaflet.js",
        "mapapp/static/basemap/countries.geojson",
        "mapapp/seeds/000_a331eced11eb70ce.txt",
        "mapapp/py.typed",
        "mapapp/geoparse/ranker.json",
    ):
        assert expected in names, expected
    shipped = {n for n in names if n.startswith("mapapp/geodata/")}
    committed = {f"mapapp/geodata/{p.name}" for p in (REPO_ROOT / "geodata").iterdir()}
    assert shipped == committed


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = [sys.executable, "-m", "mapapp"]
    where = subprocess.run(
        [sys.executable, "-c", "import mapapp.paths as p; print(p.geodata_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(target / "mapapp" / "geodata")
    found = subprocess.run(
        [*run, "geocode", "Latakia", "--limit", "1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("1. Latakia (")
    stored = subprocess.run(
        [*run, "ingest", str(target / "mapapp" / "seeds"), "--db", "x.db"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert stored.returncode == 0, stored.stderr
    assert (tmp_path / "x.db").is_file()
