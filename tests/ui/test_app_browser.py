"""The Streamlit app in real headless Chromium (skips without Playwright or Chromium).

One flow against ``streamlit run streamlit_app.py`` on a free port with a
fresh store (seeded from ``seeds/`` at start): open the seed's shoot-down
popup and detail panel, narrow the dates to drop it, upload a hostile
article and check nothing runs and the text shows literally. Every request
must go to the app's own host. Screenshots go to ``$MAPAPP_SCREENSHOT_DIR``
(else the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, chromium, running_app

# Real Chromium: select or leave out with -m browser / -m 'not browser'.
pytestmark = pytest.mark.browser

REPO = REPO_ROOT
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
HOSTILE_BITS = ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "${alert(3)}", "`witness`")
HOSTILE_ARTICLE = (
    "date 2018-09-20 A car bomb <img src=x onerror=alert(1)> exploded in Aleppo on Wednesday, "
    "killing five people <script>alert(2)</script> near the citadel ${alert(3)} said a "
    "`witness`.\n\nOfficials in Damascus said the attack was under investigation.\n"
)

# Screen position (page coordinates) of the incident whose popup text holds
# `needle`; a clustered incident is first revealed (zoomed to its own marker).
TARGET_JS = """([needle, left, top]) => new Promise(function (resolve) {
  var map = window.map, target = null, layer = null;
  function text(l) {
    var c = l.getPopup && l.getPopup() && l.getPopup().getContent();
    if (typeof c === "function") { c = c(l); }
    return c ? (c.textContent || String(c)) : "";
  }
  map.eachLayer(function (l) {
    if (l.incidentCount) { layer = l; }
    else if (l instanceof L.CircleMarker && text(l).indexOf(needle) >= 0) { target = l; }
  });
  function done() {
    var p = map.latLngToContainerPoint(target.getLatLng());
    resolve([p.x + left, p.y + top]);
  }
  if (!target && layer) {
    var row = layer.rows().findIndex(function (r) { return JSON.stringify(r[3]).indexOf(needle) >= 0; });
    if (row >= 0) {
      layer.reveal(row).then(function (marker) { target = marker; setTimeout(done, 300); });
      return;
    }
  }
  if (!target) { resolve(null); return; }
  map.setView(target.getLatLng(), Math.max(map.getZoom(), 7), {animate: false});
  setTimeout(done, 300);
})"""

HAS_JS = """(needle) => {
  var found = false;
  window.map.eachLayer(function (l) {
    var c = l.getPopup && l.getPopup() && l.getPopup().getContent();
    if (typeof c === "function") { c = null; }
    if (c && (c.textContent || String(c)).indexOf(needle) >= 0) { found = true; }
    if (l.incidentCount && JSON.stringify(l.rows()).indexOf(needle) >= 0) { found = true; }
  });
  return found;
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("streamlit")
    pytest.importorskip("streamlit_folium")
    folder = tmp_path_factory.mktemp("app")
    # No store named: the app creates its default store (here under the test's folder) and seeds it.
    with running_app(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _map_frame(page: Any, *, timeout_ms: int = 60_000) -> Any:
    """The (current) map iframe once Leaflet has drawn it; data changes re-mount it."""
    page.locator(MAP_FRAME).wait_for(timeout=timeout_ms)
    handle = page.locator(MAP_FRAME).element_handle(timeout=timeout_ms)
    frame = handle.content_frame()
    frame.wait_for_function("() => window.map && window.map.getContainer()", timeout=timeout_ms)
    return frame


def _wait_map(page: Any, predicate: str, arg: Any, *, timeout_s: float = 30.0) -> Any:
    """Poll (across iframe re-mounts) until ``predicate(arg)`` is true in the map frame."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            frame = _map_frame(page, timeout_ms=5_000)
            if frame.evaluate(predicate, arg):
                return frame
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"map condition not met: {predicate[:60]} {arg!r}")
        page.wait_for_timeout(300)


def _open_popup(page: Any, frame: Any, needle: str) -> str:
    # The map still moves just after it is drawn (it reports its first view, then the fitted
    # one): a click aimed before a move misses, so aim again, a few times.
    popup = frame.locator(".leaflet-popup-content")
    for _ in range(3):
        box = page.locator(MAP_FRAME).bounding_box()
        point = frame.evaluate(TARGET_JS, [needle, box["x"], box["y"]])
        assert point is not None, f"no incident on the map mentions {needle!r}"
        page.mouse.click(point[0], point[1])
        try:
            popup.wait_for(timeout=5_000)
            break
        except Exception:
            continue
    popup.wait_for(timeout=5_000)
    return str(popup.inner_text())


def test_app_in_chromium(app_url: str, browser: Any, tmp_path: Path) -> None:
    shots = Path(os.environ.get("MAPAPP_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    hosts: set[str] = set()
    alerts: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(r.url.split("/", 3)[2]))
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(app_url, wait_until="load")
        frame = _wait_map(page, HAS_JS, "22 miles off Latakia", timeout_s=180)  # first start seeds the store

        # 1. The seed's shoot-down: popup, then the detail panel beside the map.
        frame.evaluate("() => { window.__probe = 1; }")
        text = _open_popup(page, frame, "22 miles off Latakia")
        assert "22 miles off Latakia" in text and "Aircraft shot down" in text
        assert "2018-09-17 · Aircraft shot down" in text and "2018-09-17 (day)" not in text
        assert "Syria" in text and "Date as written: " in text  # provenance in the popup
        page.get_by_text("Derived location (provenance)").wait_for(timeout=15_000)
        detail = page.locator('[data-testid="stMain"]').inner_text()
        assert "offshore" in detail and "Latakia" in detail
        # The click re-ran the script but the map was not reloaded: same window, popup open.
        assert frame.evaluate("() => window.__probe") == 1
        assert frame.locator(".leaflet-popup-content").count() == 1
        page.screenshot(path=str(shots / "app_seed_popup.png"))

        # The table tab is built when opened; that rerun does not reload the map either.
        page.get_by_role("tab", name="Table").click()
        page.locator('[data-testid="stDataFrame"]').wait_for(timeout=15_000)
        assert frame.evaluate("() => window.__probe") == 1
        assert frame.locator(".leaflet-popup-content").count() == 1

        # The filtered set downloads as GeoJSON (built on click).
        with page.expect_download(timeout=15_000) as download:
            page.get_by_role("button", name="GeoJSON").click()
        collection = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        snippets = [f["properties"].get("notes", "") for f in collection["features"]]
        assert collection["type"] == "FeatureCollection"
        assert any("22 miles off Latakia" in s for s in snippets), snippets

        # 2. Start the dates a day later, on 2018-09-18 (typed in the field, then
        # the calendar is closed and the field left); the 2018-09-17 shoot-down goes.
        page.get_by_role("spinbutton", name="day, Dates start date").click()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Escape")
        page.get_by_role("heading", name="Incident map").click()
        page.get_by_text("Filtered incidents (1)").wait_for(timeout=15_000)
        _wait_map(page, "(n) => !(" + HAS_JS + ")(n)", "22 miles off Latakia")
        page.wait_for_function("() => window.location.search.indexOf('from=2018-09-18') >= 0", timeout=15_000)
        page.screenshot(path=str(shots / "app_dates_narrowed.png"))

        # 3. Upload a hostile article (fresh session without the narrowed dates of the
        # address bar, which a reload would restore: dates back to the full span).
        page.goto(app_url, wait_until="load")
        _wait_map(page, HAS_JS, "22 miles off Latakia", timeout_s=30)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            files=[
                {"name": "hostile.txt", "mimeType": "text/plain", "buffer": HOSTILE_ARTICLE.encode("utf-8")}
            ]
        )
        page.get_by_text("Ingested hostile.txt").wait_for(timeout=30_000)
        frame = _wait_map(page, HAS_JS, "car bomb")
        text = _open_popup(page, frame, "car bomb")
        for bit in HOSTILE_BITS:
            assert bit in text, (bit, text)
        assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
        page.get_by_text("Derived location (provenance)").wait_for(state="detached", timeout=15_000)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("<script>alert(2)</script>", exact=False).first.wait_for(timeout=15_000)
        detail = main.inner_text()
        for bit in HOSTILE_BITS[:3]:
            assert bit in detail, (bit, detail[:2000])
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "app_hostile_upload.png"), full_page=True)
    finally:
        page.close()
    assert alerts == [], alerts
    assert errors == [], errors
    assert hosts == {app_url.split("/", 3)[2]}, hosts
