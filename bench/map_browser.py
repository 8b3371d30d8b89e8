"""Browser bench of the Streamlit app: time to map ready and bytes sent, per store size.

Run::

    .venv/bin/python bench/map_browser.py              # 1k, 10k, 50k incidents
    .venv/bin/python bench/map_browser.py 2000 --runs 9

For each size, a temporary store is filled with synthetic incidents, then
``streamlit run streamlit_app.py`` is started on a free port and headless
Chromium (``/usr/bin/chromium``) loads the page. "Map ready" is the moment
every incident is in the map (the clustered layer has indexed all of them
and drawn the view, or all circle markers are drawn), counted from
navigation start. The first load runs the query and builds the map in
Python ("cold"); later loads are new sessions on the same server ("warm":
the query and the rendered map are cached). "WS MB" is what the server sent
over the websocket for one load (map script, sidebar, timeline).
"""

from __future__ import annotations

import argparse
import collections
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mapapp.models import Article  # noqa: E402
from mapapp.render.samples import synthetic_incidents  # noqa: E402
from mapapp.store import IncidentStore  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS_JS = """(n) => {
  if (!window.map || !window.L) { return false; }
  var count = 0;
  window.map.eachLayer(function (l) {
    if (l.incidentCount) { count += l.incidentCount(); }
    else if (l instanceof L.CircleMarker && l.getPopup && l.getPopup()) { count += 1; }
  });
  return count >= n;
}"""


def fill_store(path: Path, n: int) -> int:
    """``n`` synthetic incidents (3 per article) in a new store at ``path``; how many the map shows.

    The map shows events only (place mentions are behind a switch), fused.
    """
    by_article: dict[str, list[Any]] = collections.defaultdict(list)
    for inc in synthetic_incidents(n, seed=n):
        by_article[inc.article_id].append(inc)
    items = [
        (Article(id=aid, title=f"Synthetic {aid}", date=None, url="", text=f"text {aid}"), incs)
        for aid, incs in by_article.items()
    ]
    with IncidentStore.open(path) as store:
        store.put_many(items)
        return len(store.query(kind="event"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A Streamlit server of the app on a free port, once healthy."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env=dict(os.environ, MAPAPP_DB=str(db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("streamlit did not start") from None
            time.sleep(0.2)


def load_once(browser: Any, url: str, n: int) -> tuple[float, int]:
    """Seconds from navigation to all ``n`` markers on the map, and websocket bytes received."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    received = [0]

    def on_ws(ws: Any) -> None:
        ws.on(
            "framereceived",
            lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, bytes) else payload.encode())
            ),
        )

    page.on("websocket", on_ws)
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        handle = page.wait_for_selector(MAP_FRAME, timeout=600_000)
        frame = handle.content_frame()
        frame.wait_for_function(MARKERS_JS, arg=n, timeout=600_000, polling=50)
        ready = time.perf_counter() - started
        page.wait_for_timeout(300)  # let the last websocket frames (table, chart) land
        return ready, received[0]
    finally:
        page.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Print one table row per store size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5, help="warm loads per size (after the cold one)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print("| incidents | cold ready s | warm ready s, median (best) | WS MB per load |")
    print("|---|---|---|---|")
    with sync_playwright() as play, tempfile.TemporaryDirectory() as folder:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for n in args.sizes:
                db = Path(folder) / f"bench{n}.sqlite3"
                shown = fill_store(db, n)
                proc, url = start_app(db)
                try:
                    cold, size = load_once(browser, url, shown)
                    warm = [load_once(browser, url, shown)[0] for _ in range(max(1, args.runs))]
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
                print(
                    f"| {n:,} | {cold:.2f} | {statistics.median(warm):.2f} ({min(warm):.2f}) "
                    f"| {size / 1e6:.2f} |",
                    flush=True,
                )
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
