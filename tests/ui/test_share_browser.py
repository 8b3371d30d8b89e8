"""Shared links and the country filter in real headless Chromium (skips without Playwright or Chromium).

Against ``streamlit run streamlit_app.py`` with a store the operator named:
the five incidents of :func:`tests.ui.test_share.places_db` (two in Turkey).
Screenshots go to ``$MAPAPP_SCREENSHOT_DIR`` (else the test's temporary folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import running_app
from tests.ui.test_app_browser import HAS_JS, MAP_FRAME, _map_frame, _wait_map, browser  # noqa: F401
from tests.ui.test_share import places_db  # noqa: F401

pytestmark = pytest.mark.browser

VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, places_db: Path) -> Iterator[str]:  # noqa: F811
    pytest.importorskip("streamlit_folium")
    folder = tmp_path_factory.mktemp("share-app")
    with running_app(folder, env={"MAPAPP_DB": str(places_db)}) as url:
        yield url


def _shots(tmp_path: Path) -> Path:
    shots = Path(os.environ.get("MAPAPP_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def _on_map(page: Any, *, shown: list[str], hidden: list[str]) -> Any:
    """The map frame once the incident of every ``shown`` place is drawn and no ``hidden`` one's is."""
    js = f"""() => {{
      var has = function (place) {{ return ({HAS_JS})("reported in " + place + "."); }};
      return {shown!r}.every(has) && !{hidden!r}.some(has);
    }}"""
    return _wait_map(page, js, None, timeout_s=60)


def _wait_url(page: Any, pattern: str, *, timeout_s: float = 20.0) -> str:
    page.wait_for_function(
        "(p) => new RegExp(p).test(window.location.search)", arg=pattern, timeout=timeout_s * 1000
    )
    return str(page.url)


def test_a_shared_link_restores_filters_view_and_incident(app_url: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    shots = _shots(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(
            f"{app_url}/?country=Turkey&type=shootdown&map=6/39.5000/33.0000&incident=inc-2",
            wait_until="load",
        )
        frame = _on_map(page, shown=["Ankara", "Istanbul"], hidden=["London", "Latakia", "Seoul"])
        frame.wait_for_function("() => window.map.getZoom() === 6", timeout=20_000)
        zoom, lat, lon = frame.evaluate(VIEW_JS)
        assert zoom == 6 and abs(lat - 39.5) < 0.01 and abs(lon - 33.0) < 0.01
        # The selected incident's details and its permalink (absolute: the browser's own address).
        page.get_by_text("Clashes were reported in Ankara.").wait_for(timeout=20_000)
        link = page.locator("[data-testid='stCode']").first.inner_text().strip()
        assert link == f"{app_url}/?incident=inc-2"
        # The address bar spells the state the codec's way (the name became its code).
        assert re.search(r"[?&]country=TR(&|$)", page.url) and "incident=inc-2" in page.url
        assert page.locator(".st-key-country input").input_value() == "Turkey (TR)"
        page.screenshot(path=str(shots / "shared-link.png"))
        # Moving the map writes the new view into the address bar. First let the page settle
        # (the map's report of the link's view, the timeline drawn after the map): a move
        # whose report the server takes in the same rerun as the link's is asked back to the
        # link's view (see share.current_view).
        page.wait_for_timeout(4_000)
        frame = _on_map(page, shown=["Ankara", "Istanbul"], hidden=["London", "Latakia", "Seoul"])
        frame.wait_for_function("() => window.map.getZoom() === 6", timeout=20_000)
        frame.evaluate("() => window.map.setView([41.0, 29.0], 9, {animate: false})")
        url = _wait_url(page, r"map=9%2F41\.0000%2F29\.0000|map=9/41\.0000/29\.0000")
        assert "country=TR" in url and "incident=inc-2" in url
    finally:
        page.close()
    # The permalink alone opens the incident, in a fresh session.
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        other.goto(link, wait_until="load")
        frame = _on_map(other, shown=["Ankara", "London", "Seoul"], hidden=[])
        other.get_by_text("Clashes were reported in Ankara.").wait_for(timeout=20_000)
        # Without a view of its own, the link opens the map around the incident.
        frame.wait_for_function("() => window.map.getZoom() === 8", timeout=20_000)
        zoom, lat, lon = frame.evaluate(VIEW_JS)
        assert abs(lat - 39.93) < 0.01 and abs(lon - 32.86) < 0.01
        other.screenshot(path=str(shots / "permalink.png"))
    finally:
        other.close()
    assert not errors, errors


def _type_country(page: Any, text: str) -> None:
    box = page.locator(".st-key-country input")
    box.click()
    box.fill(text)
    page.wait_for_timeout(300)
    box.press("Enter")


def test_the_country_filter_finds_turkey_and_britain(app_url: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    shots = _shots(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(app_url, wait_until="load")
        _on_map(page, shown=["Ankara", "London", "Seoul"], hidden=[])
        _type_country(page, "Turkey")
        _on_map(page, shown=["Ankara", "Istanbul"], hidden=["London", "Seoul", "Latakia"])
        _wait_url(page, "country=TR")
        page.get_by_text("2 incidents shown, 0 undated, 0 place mentions hidden").wait_for(timeout=20_000)
        page.screenshot(path=str(shots / "country-turkey.png"))
        # An alias typed in the box: not an option, resolved by the gazetteer's country names.
        _type_country(page, "Britain")
        _on_map(page, shown=["London"], hidden=["Ankara", "Istanbul", "Seoul"])
        _wait_url(page, "country=GB")
        page.get_by_text("Britain: United Kingdom (GB)").wait_for(timeout=20_000)
        page.screenshot(path=str(shots / "country-britain.png"))
    finally:
        page.close()
