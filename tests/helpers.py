"""Helpers and paths shared by the test modules.

Plain functions and constants live here rather than in ``conftest.py``, so a
test imports exactly what it uses and fixtures stay fixtures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapapp.models import Incident
    from mapapp.pipeline import ArticleProcessor

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SEEDS_DIR = REPO_ROOT / "seeds"
SEED_PATH = SEEDS_DIR / "000_a331eced11eb70ce.txt"
GEODATA = REPO_ROOT / "geodata"


def st_folium_args(app_test: object) -> dict:
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


def read_events(
    process: ArticleProcessor, text: str, *, date: dt.date | None = dt.date(2016, 12, 19), title: str = ""
) -> list[Incident]:
    """The event incidents ``process`` reads in a one-article text (published on ``date``)."""
    from mapapp.models import Article

    article = Article(id="t", title=title, date=date, url="https://example.org/a", text=text)
    return [i for i in process(article).incidents if i.kind == "event"]


def near(incident: Incident, lat: float, lon: float, km: float) -> bool:
    """Whether ``incident`` is placed within ``km`` of a point."""
    from mapapp.gazetteer import haversine_km

    return incident.lat is not None and haversine_km(incident.lat, incident.lon, lat, lon) <= km


def make_incident(**overrides: object) -> Incident:
    """An event incident in Latakia on 2018-09-17 with its sentence at [0, 40); fields overridable."""
    import datetime as dt

    from mapapp.models import Incident, Provenance

    fields: dict[str, object] = dict(
        id="i1",
        article_id="a1",
        kind="event",
        event_type="airstrike",
        date=dt.date(2018, 9, 17),
        time_precision=1,
        lat=35.53,
        lon=35.79,
        location_name="Latakia",
        country_code="SY",
        geo_precision=1,
        snippet="Jets struck Latakia.",
        place_start=12,
        place_end=19,
        title="t",
        source="example.com",
        confidence=0.9,
        provenance=Provenance(sentence_start=0, sentence_end=40),
    )
    fields.update(overrides)
    return Incident(**fields)  # type: ignore[arg-type]


_GEOMETRY_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


def _check_positions(coords: object, depth: int, where: str) -> None:
    import math

    if depth == 0:
        assert isinstance(coords, list) and len(coords) in (2, 3), f"{where}: bad position {coords!r}"
        lon, lat = coords[0], coords[1]
        assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in coords), where
        assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: out of range {coords!r}"
        return
    assert isinstance(coords, list) and coords, f"{where}: empty coordinates"
    for k, child in enumerate(coords):
        _check_positions(child, depth - 1, f"{where}[{k}]")


def _check_rings(polygon: list, where: str) -> None:
    for k, ring in enumerate(polygon):
        assert len(ring) >= 4 and ring[0] == ring[-1], f"{where} ring {k}: not a closed linear ring"
        area = sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))
        assert (area > 0) == (k == 0), f"{where} ring {k}: RFC 7946 wants exteriors counterclockwise"


def assert_rfc7946(doc: dict) -> None:
    """Fail unless ``doc`` is an RFC 7946 FeatureCollection (null geometries allowed, section 3.2)."""
    import json

    json.dumps(doc, allow_nan=False)  # NaN and Infinity are not JSON
    assert doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list)
    assert "crs" not in doc, "RFC 7946 removed crs"
    for n, feature in enumerate(doc["features"]):
        where = f"feature {n}"
        assert feature.get("type") == "Feature", where
        assert "geometry" in feature and "properties" in feature, (
            f"{where}: geometry and properties are required"
        )
        assert feature["properties"] is None or isinstance(feature["properties"], dict), where
        assert isinstance(feature.get("id", ""), (str, int, float)), where
        geometry = feature["geometry"]
        if geometry is None:
            continue
        kind = geometry.get("type")
        assert kind in _GEOMETRY_DEPTH, f"{where}: geometry type {kind!r}"
        _check_positions(geometry["coordinates"], _GEOMETRY_DEPTH[kind], where)
        polygons = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}.get(
            kind, []
        )
        for polygon in polygons:
            _check_rings(polygon, where)


def run_at_once(target: object, arg_lists: list[tuple[object, ...]], *, timeout: float = 60) -> list[object]:
    """Run ``target(*args, barrier, results)`` in one spawned process per ``args``, started together.

    Each process waits on ``barrier`` before its work and puts what it returns
    on the ``results`` queue; every process must exit cleanly. The results
    come in the order they arrived.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(arg_lists)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, barrier, results)) for args in arg_lists]  # type: ignore[arg-type]
    for proc in procs:
        proc.start()
    found = [results.get(timeout=timeout) for _ in procs]
    for proc in procs:
        proc.join(timeout=timeout)
        assert proc.exitcode == 0
    return found


class FakeProcessor:
    """``article -> Processed`` without spaCy, picklable for spawned workers.

    One incident per article, named after the article's first word. The
    first word also steers it: ``sleep:N`` sleeps N seconds first, ``crash``
    ends the process, ``raise`` raises a ``ValueError``.
    """

    def __call__(self, article: object) -> object:
        import os
        import time

        from mapapp.models import ParsedArticle
        from mapapp.pipeline import Processed

        word = article.text.split()[0]  # type: ignore[attr-defined]
        if word.startswith("sleep:"):
            time.sleep(float(word.partition(":")[2]))
        elif word == "crash":
            os._exit(3)
        elif word == "raise":
            raise ValueError(f"cannot read {word!r}")
        aid = article.id  # type: ignore[attr-defined]
        incident = make_incident(id=f"{aid}:0", article_id=aid, location_name=word)
        return Processed(parsed=ParsedArticle(article=article, mentions=()), incidents=(incident,))  # type: ignore[arg-type]


class BatchFakeProcessor(FakeProcessor):
    """:class:`FakeProcessor` with a batch step, as the geoparser's NER: ``prepare(articles)``.

    Each incident's name is the article's first word and, after ``@``, the
    size of the batch it was prepared in (``@0``: not prepared). A batch
    holding an article whose first word is ``poison`` raises, as spaCy could.
    """

    def __init__(self) -> None:
        self.prepared: dict[str, int] = {}

    def prepare(self, articles: Sequence[object]) -> None:
        self.prepared = {}
        if any(a.text.split()[0] == "poison" for a in articles):  # type: ignore[attr-defined]
            raise RuntimeError("the batch cannot be read")
        self.prepared = {a.id: len(articles) for a in articles}  # type: ignore[attr-defined]

    def __call__(self, article: object) -> object:
        import dataclasses

        done = super().__call__(article)
        size = self.prepared.get(article.id, 0)  # type: ignore[attr-defined]
        (incident,) = done.incidents  # type: ignore[attr-defined]
        renamed = dataclasses.replace(incident, location_name=f"{incident.location_name}@{size}")
        return dataclasses.replace(done, incidents=(renamed,))


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_default_store(folder: Path) -> Path:
    """The default store of an app started by :func:`running_app` in ``folder``."""
    from mapapp.store import DB_FILENAME

    return folder / "data" / "mapapp" / DB_FILENAME


@contextlib.contextmanager
def running_app(
    folder: Path, *, env: dict[str, str] | None = None, args: Sequence[str] = ()
) -> Iterator[str]:
    """``streamlit run streamlit_app.py [-- args]`` on a free port; its URL.

    The app's user folders are under ``folder``, so unless ``env`` names a
    store it creates and seeds its default one there (:func:`app_default_store`).
    ``env`` adds variables to this process's environment (without its
    ``MAPAPP_DB`` and ``MAPAPP_STORES``); the server's output goes to
    ``folder/server.log``.
    """
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    import pytest

    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k not in ("MAPAPP_DB", "MAPAPP_STORES")}
    environ.update(XDG_DATA_HOME=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"))
    environ.update(env or {})
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    if args:
        command += ["--", *args]
    with (folder / "server.log").open("wb") as log:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"streamlit did not start: {(folder / 'server.log').read_text()}")
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (the test skips without either)."""
    import shutil

    import pytest

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip(f"chromium is not installed at {executable}")
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
