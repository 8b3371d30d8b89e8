"""Tests for mapapp.render.cluster: the browser-built clustered layer.

The layer's script is run in Node with a minimal fake ``L`` and ``document``
(skipped when ``node`` is absent): it must be valid JS, make a styled marker
for every incident, and build popups with ``textContent`` only. Clustering
itself is checked in Chromium (``test_render_browser.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from mapapp.models import IncidentPlace, Provenance, Source
from mapapp.render.clicks import incident_id_from_click
from mapapp.render.map import _cluster_layer
from mapapp.render.samples import SEED_DERIVATION, SEED_SNIPPET, sample_incident

HOSTILE = (
    "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` \\` \"q\" 'q'"
    " {{ 7*7 }} {% if true %}XX{% endif %} {# c #}"
)

HARNESS = r"""
function El(tag) { this.tagName = tag; this.children = []; this.attrs = {}; this.style = {}; this.own = ""; }
El.prototype.appendChild = function (c) { this.children.push(c); return c; };
El.prototype.setAttribute = function (k, v) { this.attrs[k] = String(v); };
Object.defineProperty(El.prototype, "textContent", {
  set(v) { this.own = String(v); this.children = []; },
  get() { return this.own + this.children.map(function (c) { return c.textContent; }).join(""); },
});
Object.defineProperty(El.prototype, "innerHTML", { set(v) { throw new Error("innerHTML used"); } });
function tree(el) {
  return el.tagName === "#text" ? ["#text", el.textContent]
    : [el.tagName, el.own, el.href || null, el.children.map(tree)];
}
global.document = {
  createElement: function (t) { return new El(t); },
  createTextNode: function (t) { return { tagName: "#text", textContent: String(t) }; },
};
function Group() {}
Group.prototype.initialize = function () {};
Group.prototype.bindPopup = function (fn, o) { this.popup = fn; this.popupOptions = o; };
global.L = {
  FeatureGroup: {
    prototype: Group.prototype,
    extend: function (proto) {
      function Layer(o) { this.initialize(o); }
      Layer.prototype = Object.assign(Object.create(Group.prototype), proto);
      return Layer;
    },
  },
  layerGroup: function () { return {}; },
  divIcon: function (o) { return o; },
  marker: function (ll, o) { return { latlng: ll, options: o }; },
};
const script = require("fs").readFileSync(0, "utf8");
const layer = eval(script + "; " + process.argv[1]);
console.log(JSON.stringify(layer.rows().map(function (_, row) {
  const m = layer.markerFor(row);
  const root = layer.popup(m);
  return { latlng: m.latlng, size: m.options.icon.iconSize, className: m.options.icon.className,
           text: root.textContent, id: root.attrs["data-incident-id"], tree: tree(root) };
})));
"""


def _run(incidents: list[Any]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    layer = _cluster_layer(incidents, base_url="/app/static/vendor")
    script = layer._template.module.script(layer)
    done = subprocess.run(
        [node, "-e", HARNESS, layer.get_name()],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _find(tree: list[Any], tag: str) -> list[list[Any]]:
    found = [tree] if tree[0] == tag else []
    for child in tree[3] if tree[0] != "#text" else []:
        found += _find(child, tag)
    return found


def test_seed_popup_built_in_browser() -> None:
    (marker,) = _run([sample_incident()])
    assert marker["latlng"] == [35.525, 35.338]
    assert marker["size"] == [18, 18]  # near a place: radius 9
    assert re.fullmatch(r"mapapp-dot-[0-9a-f]{8}-0", marker["className"])
    assert marker["id"] == "inc-1"
    assert SEED_SNIPPET in marker["text"]
    assert [m[1] for m in _find(marker["tree"], "mark")] == ["Latakia"]
    assert [(a[1], a[2]) for a in _find(marker["tree"], "a")] == [("example.org", "https://example.org/a")]
    assert (
        "Latakia, Syria" in marker["text"] and 'Date as written: "on Monday evening" (day)' in marker["text"]
    )
    assert "Source: example.org · article a1" in marker["text"]
    assert marker["text"].endswith("Incident ID: inc-1")
    assert incident_id_from_click({"last_object_clicked_popup": marker["text"]}) == "inc-1"


@pytest.mark.parametrize("url", [HOSTILE, "javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:alert(1)"])
def test_hostile_text_stays_text(url: str) -> None:
    bad = sample_incident(
        id="bad-1",
        title=HOSTILE,
        snippet=HOSTILE,
        place_start=0,
        place_end=4,
        location_name=HOSTILE,
        event_type=HOSTILE,
        source=HOSTILE,
        derivation=dataclasses.replace(SEED_DERIVATION, anchor_name=HOSTILE),
        places=(IncidentPlace(HOSTILE, 1.0, 2.0, "SY", 0.5, 0, 4),),
        provenance=Provenance(url=url, date_text=HOSTILE, admin1=HOSTILE),
    )
    (marker,) = _run([bad])
    assert _find(marker["tree"], "a") == []  # no link for non-http URLs
    assert [m[1] for m in _find(marker["tree"], "mark")] == ["<img"]
    assert HOSTILE in marker["text"]  # shown verbatim, as text
    assert f"Source: {HOSTILE} · article a1" in marker["text"]
    assert "javascript" not in marker["text"].lower()
    assert incident_id_from_click({"last_object_clicked_popup": marker["text"]}) == "bad-1"


def test_many_markers_and_shared_styles() -> None:
    incidents = [
        sample_incident(id=f"i{k}", geo_precision=1 + k % 3, lat=float(k % 80), lon=float(k))
        for k in range(300)
    ]
    markers = _run(incidents)
    assert [m["id"] for m in markers] == [f"i{k}" for k in range(300)]
    assert sorted({m["size"][0] for m in markers}) == [16, 18, 22]
    layer = _cluster_layer(incidents, base_url="/v")
    assert len(layer.styles) == 3
    assert layer.css.count("border-radius:50%") == 3
    # conflict red, near-a-place opacity and border; the conflict glyph in every dot
    assert "rgba(192,57,43,0.55);border:1.5px dashed rgba(192,57,43,1.00)" in layer.css
    assert layer.css.count('content:"\\2716 "') == 3


def test_browser_popup_shows_label_date_precision_and_sources() -> None:
    source = Source(
        incident_id="inc-2",
        article_id="a2",
        title=HOSTILE,
        url="https://other.example/a",
        source="other.example",
        snippet=HOSTILE,
        date=dt.date(2018, 9, 1),
        date_precision="month",
        location_name="Latakia",
        lat=35.5,
        lon=35.8,
        geo_precision=2,
    )
    fused = sample_incident(
        date=dt.date(2018, 9, 1),
        time_precision=3,
        sources=(source, dataclasses.replace(source, article_id="a3")),
    )
    (marker,) = _run([fused])
    lines = [node[1] for node in marker["tree"][3] if node[0] == "div"]
    assert lines[0] == "September 2018 · Aircraft shot down"
    assert lines[-2:] == ["2 sources:", "Incident ID: inc-1"]
    links = _find(marker["tree"], "a")
    assert [(a[1], a[2]) for a in links] == [("other.example", "https://other.example/a")] * 2
    assert f"other.example: {HOSTILE} · article a3" in marker["text"]  # a title, as text


def test_rows_hook_gives_back_every_row() -> None:
    """``layer.rows()`` (a test hook) rebuilds ``[lat, lon, style, payload]`` from the columns."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    incidents = [sample_incident(), *[sample_incident(id=f"i{k}", geo_precision=1 + k % 3) for k in range(5)]]
    layer = _cluster_layer(incidents, base_url="/app/static/vendor")
    harness = HARNESS.split("console.log(JSON.stringify(layer.rows().map(", 1)[0]
    done = subprocess.run(
        [node, "-e", harness + "console.log(JSON.stringify(layer.rows()));", layer.get_name()],
        input=layer._template.module.script(layer),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(layer.rows))
