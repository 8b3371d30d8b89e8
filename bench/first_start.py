"""Browser bench of the app's first start: seconds from ``streamlit run`` to the map.

Run::

    .venv/bin/python bench/first_start.py              # setup's preparation, then the first start
    .venv/bin/python bench/first_start.py --no-prepare # a home where nothing was built
    .venv/bin/python bench/first_start.py --runs 3     # three fresh homes, each prepared; the median

Each run uses a new, empty home (or ``--home DIR``, kept) (``XDG_CACHE_HOME``, ``XDG_DATA_HOME`` and
``XDG_CONFIG_HOME`` in a temporary folder): no gazetteer index, no land mask,
no store. With preparation (the default) ``python -m mapapp prepare`` runs
first, as ``scripts/setup.sh`` does, and its seconds are printed apart. Then
the server is started and headless Chromium (``/usr/bin/chromium``) opens the
page as soon as the server answers; "map ready" is the moment the map shows
the seed's incidents, counted from the server's start. Every distinct status
line the page showed on the way (its progress messages) is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.map_browser import CHROMIUM, FLAGS, MAP_FRAME, MARKERS_JS, _free_port  # noqa: E402

# What the page says while it works: Streamlit's spinners and status boxes.
STATUS_JS = """() => Array.from(document.querySelectorAll(
  '[data-testid="stSpinner"], [data-testid="stStatusWidget"], [data-testid="stExpanderDetails"], '
  + '[data-testid="stStatus"], [data-testid="stAlertContainer"]'
)).map(e => e.innerText.trim()).filter(t => t)"""


def fresh_env(home: Path) -> dict[str, str]:
    """This process's environment with every mapapp folder inside ``home``."""
    drop = ("MAPAPP_DB", "MAPAPP_STORES", "MAPAPP_CACHE_DIR")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return env


def prepare(env: dict[str, str]) -> float:
    """Seconds ``python -m mapapp prepare`` takes (what setup runs)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mapapp", "prepare"], cwd=REPO, env=env, check=True)
    return time.perf_counter() - started


def first_start(browser: object, env: dict[str, str], *, timeout_s: float) -> tuple[float, float, list[str]]:
    """Seconds from starting the server to its health answer and to the seed's incidents on the map,
    and the statuses the page showed."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    seen: list[str] = []
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > timeout_s:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.1)
        healthy = time.perf_counter() - started
        page = browser.new_page(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
        page.goto(url, wait_until="commit")
        while time.perf_counter() - started < timeout_s:
            for text in page.evaluate(STATUS_JS):
                if text not in seen:
                    seen.append(text)
            handle = page.query_selector(MAP_FRAME)
            frame = handle.content_frame() if handle else None
            try:
                if frame is not None and frame.evaluate(MARKERS_JS, 1):
                    return healthy, time.perf_counter() - started, seen
            except Exception:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"no map after {timeout_s:.0f} s; the page showed {seen}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the preparation's and the first start's seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-prepare", action="store_true", help="skip `python -m mapapp prepare`")
    parser.add_argument(
        "--home", type=Path, default=None, help="use (and keep) this home instead of a new one"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument(
        "--runs", type=int, default=1, help="fresh homes to measure one after another (then the median)"
    )
    args = parser.parse_args(argv)
    readies = [_one_run(args) for _ in range(max(1, args.runs))]
    if len(readies) > 1:
        print(f"map ready, median of {len(readies)}: {statistics.median(readies):.1f} s")
    return 0


def _one_run(args: argparse.Namespace) -> float:
    """One first start in its own home (prepared unless ``--no-prepare``): the map-ready seconds."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mapapp-first-") as folder, sync_playwright() as play:
        env = fresh_env(args.home or Path(folder))
        if not args.no_prepare:
            print(f"prepare: {prepare(env):.1f} s", flush=True)
        browser = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            healthy, ready, seen = first_start(browser, env, timeout_s=args.timeout)
        finally:
            browser.close()
    print(f"first start: server answers after {healthy:.1f} s, map ready after {ready:.1f} s", flush=True)
    for text in seen:
        print("  page showed:", " | ".join(text.splitlines()))
    return ready


if __name__ == "__main__":
    sys.exit(main())
