"""Fixtures shared by the test modules (plain helpers live in ``tests/helpers.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import SEED_PATH, SHARED
from tests.server import ENGINES


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


@pytest.fixture(scope="session")
def postgis_server() -> Iterator[object]:
    """A PostGIS server (see tests/server.py); skips, saying why, when there is none."""
    import os

    from tests.server import PostgisServer, why_no_server

    url = os.environ.get("MAPAPP_TEST_POSTGIS_URL", "").strip()
    if url:
        server = PostgisServer(url)
    else:
        reason = why_no_server()
        if reason is not None:
            pytest.skip(f"PostGIS tests skipped: {reason}")
        server = PostgisServer.start()
    yield server
    server.stop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def new_target(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], object]:
    """Makes a new, empty store target of ``engine`` per call: an SQLite path or a PostGIS URL."""
    import itertools

    counter = itertools.count()
    if engine == "sqlite":
        return lambda: tmp_path / f"store{next(counter)}.sqlite3"
    server = request.getfixturevalue("postgis_server")
    return lambda: server.database(f"t{next(counter)}")  # type: ignore[attr-defined]
