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

A second table splits the warm loads into phases, timed by the page itself:
the sidebar drawn, the map's message received, the map's frame created (the
page's render of that message done), Leaflet loaded in the frame, and ready.
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


# In-page timestamps (epoch ms) of a load's phases, kept on the top window: when the sidebar
# and the map's frame appear (a MutationObserver runs only when the main thread is free, so
# "frame" is also when the page's render of the map message ended), when Leaflet has loaded in
# the frame, and when every incident is in the map.
PHASES_INIT = """(function (n) {
  var now = function () { return performance.timeOrigin + performance.now(); };
  function mark(k) {
    var marks = window.top.__phases = window.top.__phases || {};
    if (!(k in marks)) { marks[k] = now(); }
  }
  if (window === window.top) {
    new MutationObserver(function () {
      if (document.querySelector('[data-testid=stSidebar]')) { mark('sidebar'); }
      if (document.querySelector('iframe[title="streamlit_folium.st_folium"]')) { mark('frame'); }
    }).observe(document, {subtree: true, childList: true});
    return;
  }
  var poll = setInterval(function () {
    if (window.L) { mark('leaflet'); }
    if (window.map && (%s)(n)) { mark('ready'); clearInterval(poll); }
  }, 5);
})(%d);"""
PHASES = ("sidebar", "map message", "frame", "leaflet", "ready")


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


def load_once(browser: Any, url: str, n: int) -> tuple[float, int, dict[str, float]]:
    """Seconds from navigation to all ``n`` markers on the map, websocket bytes received, and
    the seconds from navigation to each of :data:`PHASES` (in-page clocks)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PHASES_INIT % (MARKERS_JS, n))
    page = context.new_page()
    received = [0]
    big_message: list[float] = []

    def on_frame(payload: Any) -> None:
        size = len(payload if isinstance(payload, bytes) else payload.encode())
        received[0] += size
        if size > 100_000 and not big_message:
            big_message.append(time.time() * 1000)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        handle = page.wait_for_selector(MAP_FRAME, timeout=600_000)
        frame = handle.content_frame()
        frame.wait_for_function(MARKERS_JS, arg=n, timeout=600_000, polling=50)
        ready = time.perf_counter() - started
        page.wait_for_timeout(300)  # let the last websocket frames (table, chart) land
        marks = dict(page.evaluate("() => window.__phases || {}"))
        origin = float(page.evaluate("() => performance.timeOrigin"))
        if big_message:
            marks["map message"] = big_message[0]
        return ready, received[0], {k: (v - origin) / 1000 for k, v in marks.items()}
    finally:
        context.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Print one table row per store size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5, help="warm loads per size (after the cold one)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print("| incidents | cold ready s | warm ready s, median (best) | WS MB per load |")
    print("|---|---|---|---|")
    phases: dict[int, list[dict[str, float]]] = {}
    with sync_playwright() as play, tempfile.TemporaryDirectory() as folder:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for n in args.sizes:
                db = Path(folder) / f"bench{n}.sqlite3"
                shown = fill_store(db, n)
                proc, url = start_app(db)
                try:
                    cold, size, _ = load_once(browser, url, shown)
                    loads = [load_once(browser, url, shown) for _ in range(max(1, args.runs))]
                    warm, phases[n] = [load[0] for load in loads], [load[2] for load in loads]
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
    print_phases(phases)
    return 0


def print_phases(phases: dict[int, list[dict[str, float]]]) -> None:
    """The warm loads' median seconds from navigation to each phase, per store size."""
    print("\nWarm loads, median seconds from navigation (in-page clocks):\n")
    print("| incidents | " + " | ".join(PHASES) + " |")
    print("|---|" + "---|" * len(PHASES))
    for n, loads in phases.items():
        cells = []
        for phase in PHASES:
            seen = [load[phase] for load in loads if phase in load]
            cells.append(f"{statistics.median(seen):.2f}" if seen else "-")
        print(f"| {n:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
