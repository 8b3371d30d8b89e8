"""The rendered map in real Chromium (skips without Playwright or Chromium).

The page is served by a local HTTP server with ``static/`` at
``/app/static`` (as Streamlit serves it). Checks: only same-origin requests,
hostile article text never runs (``alert`` capture) and shows as text, and a
real mouse click on a marker opens a popup whose ``innerText`` identifies the
incident, on both the marker and the clustered path.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Provenance
from mapapp.render import build_map, incident_id_from_click
from mapapp.render.samples import sample_incident, synthetic_incidents
from tests.helpers import CHROMIUM_FLAGS, REPO_ROOT

# Real Chromium: select or leave out with -m browser / -m 'not browser'.
pytestmark = pytest.mark.browser

REPO = REPO_ROOT
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = CHROMIUM_FLAGS
HOSTILE = (
    "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` \\`${alert(4)}`"
    " \"'><img src=y onerror=alert(5)> {{ 6*7 }}"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("site")
    (root / "app").mkdir()
    (root / "app" / "static").symlink_to(REPO / "static", target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


CLICK_TARGET = """(id) => new Promise(function (resolve) {
  var map = window[Object.keys(window).filter(function (k) { return k.indexOf("map_") === 0; })[0]];
  var target = null, layer = null;
  map.eachLayer(function (l) {
    if (l.incidentCount) layer = l;
    if (l instanceof L.CircleMarker && l.getPopup() && l.getPopup().getContent().innerText.indexOf("Incident ID: " + id) >= 0) target = l;
  });
  function point() {
    var p = map.latLngToContainerPoint(target.getLatLng());
    var r = map.getContainer().getBoundingClientRect();
    resolve([p.x + r.left, p.y + r.top]);
  }
  if (layer) {
    layer.reveal(layer.rows().findIndex(function (r) { return r[3][0] === id; }))
      .then(function (marker) { target = marker; setTimeout(point, 300); });
  } else { point(); }
})"""


@pytest.mark.parametrize("n", [20, 3000])
def test_map_in_chromium(server: tuple[str, Path], browser: Any, n: int) -> None:
    base, root = server
    bad = sample_incident(
        id="bad-1",
        title=HOSTILE,
        location_name=HOSTILE,
        event_type=HOSTILE,
        snippet=HOSTILE + " near Latakia",
        place_start=len(HOSTILE) + 6,
        place_end=len(HOSTILE) + 13,
        source="javascript:alert(6)",
        provenance=Provenance(url="javascript:alert(7)", date_text=HOSTILE, admin1=HOSTILE),
    )
    others = [dataclasses.replace(i, source="") for i in synthetic_incidents(n - 1, seed=11)]
    (root / f"map{n}.html").write_text(build_map([bad, *others]).get_root().render(), encoding="utf-8")

    page = browser.new_page(viewport={"width": 900, "height": 700})
    requests: list[str] = []
    alerts: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/map{n}.html", wait_until="load")
        x, y = page.evaluate(CLICK_TARGET, "bad-1")
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        images = popup.locator("img, script").count()
        links = popup.locator("a").count()
    finally:
        page.close()
    assert errors == [] and alerts == []
    assert {u.split("/", 3)[2] for u in requests} == {base.split("/", 3)[2]}
    assert HOSTILE in text and "Latakia" in text and images == 0 and links == 0
    assert "Source: javascript:alert(6) · article a1" in text and "alert(7)" not in text
    assert incident_id_from_click({"last_object_clicked_popup": text}) == "bad-1"


LAYER_STATE = """() => {
  var map = window[Object.keys(window).filter(function (k) { return k.indexOf("map_") === 0; })[0]];
  var layer = null;
  map.eachLayer(function (l) { if (l.incidentCount) layer = l; });
  var markers = [];
  layer.eachLayer(function (m) {
    var p = map.latLngToContainerPoint(m.getLatLng());
    markers.push([layer.rows()[m.options.row][3][0], Math.round(p.x), Math.round(p.y)]);
  });
  return {zoom: map.getZoom(), maxZoom: map.getMaxZoom(), indexed: layer.incidentCount(),
          markers: markers, bubbles: document.querySelectorAll(".mapapp-bubble").length,
          legs: document.querySelectorAll("path.mapapp-bubble-leg").length};
}"""


def test_clusters_split_on_click_and_colocated_incidents_fan_out(
    server: tuple[str, Path], browser: Any
) -> None:
    base, root = server
    spot = [sample_incident(id=f"same-{k}", source="") for k in range(3)]  # one position
    others = [dataclasses.replace(i, source="") for i in synthetic_incidents(800, seed=5)]
    (root / "stack.html").write_text(build_map([*spot, *others]).get_root().render(), encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/stack.html", wait_until="load")
        page.wait_for_timeout(500)  # the initial fitBounds animation
        start = page.evaluate(LAYER_STATE)
        # A bubble click zooms to where that cluster splits.
        page.locator(".mapapp-bubble").first.click()
        page.wait_for_timeout(800)
        after_click = page.evaluate(LAYER_STATE)
        # Revealing a stacked incident goes to the deepest zoom, where the stack fans out.
        page.evaluate(CLICK_TARGET, "same-1")
        fanned = page.evaluate(LAYER_STATE)
    finally:
        page.close()
    assert errors == []
    assert start["indexed"] == 803 and start["bubbles"] > 0
    assert after_click["zoom"] > start["zoom"]
    assert fanned["zoom"] == fanned["maxZoom"] == 16
    stack = sorted(m[1:] for m in fanned["markers"] if m[0].startswith("same-"))
    assert len(stack) == 3 and len({tuple(p) for p in stack}) == 3  # three distinct spots
    assert fanned["legs"] == 3
