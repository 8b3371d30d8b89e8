"""Fixtures shared by the test modules (plain helpers live in ``tests/helpers.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SEED_PATH, SHARED


@pytest.fixture(scope="session")
def gazetteer() -> Iterator[object]:
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
