"""Red-team finding 2 in a real browser: one session's big upload never blocks another's small one.

Two Chromium sessions against ``streamlit run streamlit_app.py`` with a
per-article budget of 40 s: the first uploads a 3 MB article (built here;
it takes minutes to parse); while it is being parsed the second uploads
three small files at once (.txt, .jsonl with a bad line, .html). They must
be stored and shown, each with its result, within 10 s; the big one then
fails at its budget with a clear line, and the store keeps the seed
articles and the small uploads. Screenshots go to
``$MAPAPP_SCREENSHOT_DIR`` (else the test's temporary folder).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.ingest import synthetic_text
from mapapp.store import IncidentStore
from tests.helpers import SEEDS_DIR, app_default_store, chromium, running_app

pytestmark = pytest.mark.browser

BUDGET_S = 40
SMALL_FILES = {
    "small.txt": "date 2018-09-20 Floods hit Dhaka on Monday, killing 12 people, officials said.\n",
    "two.jsonl": '{"id": "j1", "date": "2018-09-18", "text": "Floods hit Lagos on Tuesday, killing 3 people."}\n'
    '{"id": "j2", "text": \n',
    "page.html": "<html><head><title>Nairobi fire</title></head><body><article><h1>Nairobi fire</h1>"
    "<p>A fire destroyed a market in Nairobi on Monday, officials said. Nobody was hurt.</p>"
    "</article></body></html>",
}
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    pytest.importorskip("streamlit")
    pytest.importorskip("streamlit_folium")
    folder = tmp_path_factory.mktemp("app")
    with running_app(folder, env={"MAPAPP_ARTICLE_BUDGET": str(BUDGET_S)}) as url:
        yield url, app_default_store(folder)


def _open(browser: Any, url: str) -> Any:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url, wait_until="load")
    page.locator(SIDEBAR).get_by_text("Incidents shown", exact=True).wait_for(timeout=180_000)
    return page


def _upload(page: Any, files: dict[str, str]) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": n, "mimeType": "text/plain", "buffer": t.encode("utf-8")} for n, t in files.items()]
    )


def _shown(page: Any) -> int:
    return int(page.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def _shot(page: Any, path: Path) -> None:
    """A screenshot with the sidebar scrolled to the upload panel's last line."""
    page.locator(SIDEBAR).locator('[data-testid="stElementContainer"]').last.scroll_into_view_if_needed()
    page.wait_for_timeout(1_500)  # the map re-mounts after a data change
    page.screenshot(path=str(path))


def test_a_second_session_s_small_upload_finishes_while_a_large_one_is_parsed(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    url, db = served
    shots = Path(os.environ.get("MAPAPP_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    seeds = len(list(SEEDS_DIR.glob("*.txt")))
    with chromium() as browser:
        first = _open(browser, url)  # seeds the store at first start
        second = _open(browser, url)
        large = synthetic_text(3_000_000)
        _upload(first, {"big.txt": large})
        sidebar = first.locator(SIDEBAR)
        sidebar.get_by_text("big.txt: parsing article 1 of 1").first.wait_for(timeout=120_000)

        before = _shown(second)
        t0 = time.monotonic()
        _upload(second, SMALL_FILES)
        panel = second.locator(SIDEBAR)
        for line in (
            "Ingested small.txt",
            "Ingested two.jsonl: 1 article(s); 1 could not be:",
            "Ingested page.html",
        ):
            panel.get_by_text(line).first.wait_for(
                timeout=10_000
            )  # .first: a rerun may show it twice a moment
        # Stored and on the page: the count (and map) of the same rerun include them.
        second.wait_for_function(
            "(n) => Number(document.querySelector('[data-testid=stMetricValue]').innerText) > n",
            arg=before,
            timeout=max(1, 10_000 - int(1000 * (time.monotonic() - t0))),
        )
        elapsed = time.monotonic() - t0
        print(f"3 small uploads stored and counted on the page after {elapsed:.1f} s")
        assert elapsed < 10, elapsed
        text = panel.inner_text()
        assert "two.jsonl:2: invalid JSON" in text  # the bad line, named, the rest stored
        assert "small.txt: 1 incident(s) and 0 place mention(s) in 1 article(s)" in text
        # The big one was still being parsed all along, with its progress shown.
        progress = sidebar.inner_text()
        assert (
            "big.txt: parsing article 1 of 1" in progress and f"at most {BUDGET_S} s per article" in progress
        )
        _shot(second, shots / "upload_small_while_large.png")
        _shot(first, shots / "upload_large_in_progress.png")

        # The big article meets its budget: that file's failure, said plainly; the page goes on.
        first.bring_to_front()  # a hidden tab's timers (the panel's polling) are throttled
        sidebar.get_by_text("Could not ingest big.txt").first.wait_for(timeout=(BUDGET_S + 60) * 1000)
        assert f"longer than the {BUDGET_S}-second budget for one article" in sidebar.inner_text()
        _shot(first, shots / "upload_large_over_budget.png")
    with IncidentStore.open(db, read_only=True) as store:
        assert store.articles_count() == seeds + 3  # small.txt, j1, page.html
        assert any(i.location_name == "Dhaka" for i in store.query(fused=False))
