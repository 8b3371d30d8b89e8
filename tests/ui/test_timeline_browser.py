"""The timeline in real headless Chromium: brushing narrows the map, the undated switch, the steps.

The app runs on a store of 20 incidents over September 2018 (two a day on
every third day, four families) and 2 undated ones, all located. Brushing
across the chart must set the sidebar's date range to whole days and leave
on the map exactly the incidents of those days; the undated switch must
add the 2 undated ones back; "Later" and the play control move the window.
Screenshots go to ``$MAPAPP_SCREENSHOT_DIR`` (else the test's folder).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article
from mapapp.store import IncidentStore
from tests.helpers import chromium, make_incident, running_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHART = '[data-testid="stVegaLiteChart"]'
COUNT_JS = """() => {
  if (!window.map || !window.L) { return -1; }
  var n = 0;
  window.map.eachLayer(function (l) {
    if (l.incidentCount) { n += l.incidentCount(); }
    else if (l instanceof L.CircleMarker && l.getPopup && l.getPopup()) { n += 1; }
  });
  return n;
}"""
FIRST = dt.date(2018, 9, 1)
TYPES = ("airstrike", "protest", "fire", "arrest")
DATED = {f"i{k}": FIRST + dt.timedelta(days=k * 3 % 30) for k in range(20)}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("streamlit_folium")
    folder = tmp_path_factory.mktemp("timeline")
    db = folder / "timeline.sqlite3"
    incidents = [
        make_incident(
            id=key,
            date=day,
            lat=33.0 + k * 0.2,
            lon=36.0 + k * 0.1,
            event_type=TYPES[k % 4],
            snippet=f"Event {k} at Latakia.",
        )
        for k, (key, day) in enumerate(DATED.items())
    ]
    incidents += [
        make_incident(id=f"u{k}", date=None, lat=34.0 + k * 0.3, lon=38.0, snippet=f"Undated {k} at Latakia.")
        for k in range(2)
    ]
    with IncidentStore.open(db) as store:
        store.put_article(Article(id="a1", title="Timeline test", date=None, url="", text="x"), incidents)
    with running_app(folder, env={"MAPAPP_DB": str(db)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _markers(page: Any) -> int:
    """Incidents on the (current) map; the map iframe re-mounts when its data change."""
    for _ in range(60):
        try:
            handle = page.locator(MAP_FRAME).element_handle(timeout=5_000)
            count = int(handle.content_frame().evaluate(COUNT_JS))
            if count >= 0:
                return count
        except Exception:
            pass
        page.wait_for_timeout(250)
    raise AssertionError("no map")


def _dates(page: Any) -> list[str]:
    return [str(i.input_value()) for i in page.locator('[data-testid="stDateInput"] input').all()]


def _click_until(page: Any, name: str, check: Any, what: str, *, timeout_s: float = 45.0) -> None:
    """Click the button ``name`` until ``check()`` holds: a click during the page's rerun (a
    play step's) may be lost, since Streamlit redraws the button."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.get_by_role("button", name=name).click()
        for _ in range(5):
            if check():
                return
            page.wait_for_timeout(300)
    raise AssertionError(f"timed out waiting for {what}")


def _wait(page: Any, check: Any, what: str, *, timeout_s: float = 45.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        page.wait_for_timeout(300)
    raise AssertionError(f"timed out waiting for {what}")


def _settled_dates(page: Any, *, full: list[str]) -> list[str] | None:
    """The picked dates once they differ from ``full`` and stay the same for 1.5 s."""
    first = _dates(page)
    page.wait_for_timeout(1_500)
    second = _dates(page)
    return second if second == first and second != full else None


def _hover_bars(page: Any, box: dict[str, float]) -> str:
    """Move along the chart's bars until a tooltip shows; its text."""
    for step in range(5, 100, 2):
        for height in (0.55, 0.7):
            page.mouse.move(box["x"] + box["width"] * step / 100, box["y"] + box["height"] * height)
            tip = page.locator("#vg-tooltip-element.visible")
            if tip.count() and tip.inner_text().strip():
                return str(tip.inner_text())
    return ""


def _between(since: str, until: str) -> int:
    low, high = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    return sum(1 for day in DATED.values() if low <= day <= high)


def _brush(page: Any, left: float, right: float) -> None:
    """Drag across the chart from ``left`` to ``right`` (fractions of its width)."""
    box = page.locator(CHART).first.bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * left, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * right, y, steps=8)
    page.mouse.up()


def test_brushing_the_timeline_narrows_the_map(app_url: str, browser: Any, tmp_path: Path) -> None:
    shots = Path(os.environ.get("MAPAPP_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    # Tall enough to show the map and the timeline at once (mouse events need it on screen).
    page = browser.new_page(viewport={"width": 1280, "height": 1500})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(app_url, wait_until="load")
        page.locator(CHART).first.wait_for(timeout=120_000)
        assert _wait(page, lambda: _markers(page) == 22, "all 22 incidents")
        assert _dates(page) == ["2018-09-01", "2018-09-28"]
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert "2 undated incident(s) shown (every date is picked)." in sidebar.inner_text()

        # Hovering a bar shows its values.
        chart = page.locator(CHART).first
        box = chart.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)  # into the chart
        tooltip = _wait(page, lambda: _hover_bars(page, box), "a tooltip")
        assert "2018-09-" in tooltip and "incidents" in tooltip and "event types" in tooltip, tooltip
        chart.screenshot(path=str(shots / "timeline.png"))

        _brush(page, 0.3, 0.5)
        # the date inputs change one after the other: read them once they have settled
        picked = _wait(page, lambda: _settled_dates(page, full=["2018-09-01", "2018-09-28"]), "brushed dates")
        expected = _between(*picked)
        assert 0 < expected < 20, picked
        assert _wait(page, lambda: _markers(page) == expected, f"{expected} markers for {picked}")
        assert "2 undated incident(s) hidden by the date filter." in sidebar.inner_text()
        page.screenshot(path=str(shots / "timeline-brushed.png"))

        # The undated switch puts the 2 undated incidents back beside the brushed days.
        sidebar.get_by_text("Include undated incidents").click()
        assert _wait(page, lambda: _markers(page) == expected + 2, "the undated incidents back")
        assert "2 undated incident(s) shown beside the dates picked." in sidebar.inner_text()
        sidebar.get_by_text("Include undated incidents").click()
        assert _wait(page, lambda: _markers(page) == expected, "the undated incidents hidden again")

        # "Later" moves the window by one period, as long as it was.
        days = (dt.date.fromisoformat(picked[1]) - dt.date.fromisoformat(picked[0])).days
        page.get_by_role("button", name="Later ▶").click()
        moved = [(dt.date.fromisoformat(d) + dt.timedelta(days=1)).isoformat() for d in picked]
        assert _wait(page, lambda: _dates(page) == moved, f"the window moved to {moved}")
        assert _wait(page, lambda: _markers(page) == _between(*moved), "the moved window's markers")
        assert days == (dt.date.fromisoformat(moved[1]) - dt.date.fromisoformat(moved[0])).days

        # Play steps on by itself, then "All dates" stops it and shows everything.
        page.get_by_text("Play", exact=True).click()
        later = [(dt.date.fromisoformat(d) + dt.timedelta(days=1)).isoformat() for d in moved]
        assert _wait(page, lambda: _dates(page) == later, f"play to step to {later}")
        every = ["2018-09-01", "2018-09-28"]
        _click_until(page, "All dates", lambda: _dates(page) == every, "every date again")
        assert _wait(page, lambda: _markers(page) == 22, "all 22 incidents again")
        page.wait_for_timeout(4_000)  # no more steps: play was switched off
        assert _dates(page) == ["2018-09-01", "2018-09-28"]
        assert errors == []
    finally:
        page.close()
