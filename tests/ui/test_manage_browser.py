"""The map's legend, popup links and deleting an article, in real headless Chromium.

Against ``streamlit run streamlit_app.py`` with a store the operator named
(two articles). The article link is answered by a Playwright route, so no
request leaves the machine. A screenshot of the map with its legend goes to
``$MAPAPP_SCREENSHOT_DIR`` (else the test's temporary folder).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article, Provenance
from mapapp.render.samples import sample_incident
from mapapp.store import IncidentStore
from tests.helpers import running_app
from tests.ui.test_app_browser import HAS_JS, MAP_FRAME, _open_popup, _wait_map, browser  # noqa: F401

pytestmark = pytest.mark.browser

OVERLAPS_JS = """() => {
  var r = Array.prototype.map.call(document.querySelectorAll(".mapapp-label"), function (e) { return e.getBoundingClientRect(); });
  var n = 0;
  for (var i = 0; i < r.length; i++) for (var j = i + 1; j < r.length; j++)
    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
  return n;
}"""
# Give the marker whose popup holds the text an element id (a CircleMarker is an SVG path).
MARK_JS = """(needle) => {
  var found = null;
  window.map.eachLayer(function (l) {
    var c = l.getPopup && l.getPopup() && l.getPopup().getContent();
    if (l instanceof L.CircleMarker && c && (c.textContent || String(c)).indexOf(needle) >= 0) { found = l; }
  });
  window.map.setView(found.getLatLng(), 7, {animate: false});
  found._path.id = "mapapp-target";
}"""
ARTICLE_URL = "https://news.example.org/2018/09/18/jet-downed"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("streamlit_folium")
    folder = tmp_path_factory.mktemp("manage")
    db = folder / "two.sqlite3"
    shot = sample_incident(
        provenance=Provenance(url=ARTICLE_URL, date_text="on Monday evening", admin1="Latakia")
    )
    kyiv = dataclasses.replace(
        sample_incident(),
        id="kyiv-1",
        article_id="a2",
        event_type="protest",
        lat=50.45,
        lon=30.52,
        location_name="Kyiv",
        country_code="UA",
        geo_precision=1,
        snippet="Thousands marched in Kyiv.",
        place_start=20,
        place_end=24,
        places=(),
        title="March in Kyiv",
        uncertainty=None,
        derivation=None,
        provenance=Provenance(),
    )
    with IncidentStore.open(db) as store:
        store.put_article(
            Article(id="a1", title="Jet", date=dt.date(2018, 9, 18), url=ARTICLE_URL, text="a"), [shot]
        )
        store.put_article(Article(id="a2", title="March", date=None, url="", text="b"), [kyiv])
    with running_app(folder, env={"MAPAPP_DB": str(db)}) as url:
        yield url


def test_legend_popup_link_and_delete(app_url: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    shots = Path(os.environ.get("MAPAPP_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    opened: list[str] = []
    context.route(
        "https://news.example.org/**", lambda r: (opened.append(r.request.url), r.fulfill(body="ok"))
    )
    page = context.new_page()
    try:
        page.goto(app_url, wait_until="load")
        frame = _wait_map(page, HAS_JS, "Thousands marched in Kyiv", timeout_s=120)

        # The legend is on the map: every family and the precision styles.
        legend = frame.locator(".mapapp-legend")
        legend.wait_for(timeout=10_000)
        assert legend.get_attribute("open") is None  # folded on a 560 px map
        legend.locator("summary").click()
        text = legend.inner_text()
        for label in ("Conflict", "Crime", "Disaster", "Accident", "Protest", "exact place (solid)"):
            assert label in text
        assert frame.locator(".leaflet-control-zoom-fullscreen").count() == 1
        # The map takes the page's width beside the sidebar.
        assert page.locator(MAP_FRAME).bounding_box()["width"] > 800

        page.screenshot(path=str(shots / "map_legend.png"))
        legend.locator("summary").click()

        # Offline labels: countries and seas at world zoom, the city at city zoom, none overlapping.
        frame.wait_for_function("() => window.map.mapappLabels", timeout=30_000)
        for lat, lon, zoom, wanted in (
            (20, 10, 2, ["Turkey", "North Atlantic Ocean"]),
            (35.52, 35.79, 10, ["Al Ladhiqiyah"]),
        ):
            frame.evaluate(f"() => window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
            page.wait_for_timeout(800)
            shown = frame.evaluate("() => window.map.mapappLabels()")
            assert all(name in shown for name in wanted), shown
            boxes = frame.evaluate(OVERLAPS_JS)
            assert boxes == 0, f"{boxes} overlapping labels at zoom {zoom}"
            page.screenshot(path=str(shots / f"map_labels_z{zoom}.png"))

        # The popup's source link opens the article (in a new tab).
        popup = _open_popup(page, frame, "22 miles off Latakia")
        assert "Source: example.org · article a1" in popup and "Latakia, Syria" in popup
        page.screenshot(path=str(shots / "map_legend_popup.png"))
        link = frame.locator(f'.leaflet-popup-content a[href="{ARTICLE_URL}"]')
        assert link.get_attribute("target") == "_blank"
        with context.expect_page(timeout=15_000) as tab:
            link.click()
        tab.value.wait_for_load_state()
        assert tab.value.url == ARTICLE_URL and opened == [ARTICLE_URL]
        tab.value.close()

        # Deleting the Kyiv article removes its marker.
        for attempt in range(3):  # the rerun of the first click may still be redrawing the page
            try:
                frame = _wait_map(page, HAS_JS, "Thousands marched in Kyiv", timeout_s=30)
                frame.evaluate("() => window.map.closePopup()")
                # Clicked through its element: the page scrolls as the detail panel opens.
                frame.evaluate(MARK_JS, "Thousands marched in Kyiv")
                frame.locator("#mapapp-target").click()
                frame.locator(".leaflet-popup-content").wait_for(timeout=10_000)
                break
            except Exception:
                if attempt == 2:
                    raise
                page.wait_for_timeout(1000)
        page.get_by_text("Incident details").wait_for(timeout=15_000)
        confirm = page.get_by_role("button", name="Delete", exact=True)
        for _ in range(5):  # a rerun still drawing the panel may swallow the first click
            page.wait_for_timeout(1000)
            page.get_by_role("button", name="Delete an article...").click()
            try:
                confirm.wait_for(timeout=3_000)
                break
            except Exception:
                continue
        confirm.click()
        page.get_by_text("Deleted article a2 and its 1 incident(s).").wait_for(timeout=30_000)
        frame = _wait_map(page, "(n) => !(" + HAS_JS + ")(n)", "Thousands marched in Kyiv", timeout_s=30)
        assert frame.evaluate(HAS_JS, "22 miles off Latakia")
    finally:
        context.close()
