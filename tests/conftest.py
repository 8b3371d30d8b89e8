"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_PATH = REPO_ROOT / "seeds" / "000_a331eced11eb70ce.txt"


@pytest.fixture(scope="session")
def gazetteer() -> Iterator["object"]:
    """The real gazetteer (built once per machine into the user cache)."""
    from mapapp.gazetteer import Gazetteer

    with Gazetteer.open() as gaz:
        yield gaz


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    return SHARED


@pytest.fixture(autouse=True)
def _restore_main_module() -> Iterator[None]:
    """Streamlit's AppTest installs its script as ``sys.modules["__main__"]``;
    later multiprocessing "spawn" children would re-run that script and die."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


def st_folium_args(app_test: "object") -> dict:
    """The arguments the app sent to its one st_folium component (AppTest cannot click a map)."""
    import json

    found: list = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if getattr(proto, "component_name", "") == "streamlit_folium.st_folium":
            found.append(proto)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(app_test._tree)  # type: ignore[attr-defined]
    assert len(found) == 1, f"expected one st_folium component, found {len(found)}"
    return dict(json.loads(found[0].json_args))
