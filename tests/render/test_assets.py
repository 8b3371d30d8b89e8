"""Tests for mapapp.render.assets: offline, per-instance JS/CSS."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import folium
import pytest
from folium.elements import JSCSSMixin

from mapapp.models import Provenance
from mapapp.render import build_map
from mapapp.render.assets import DEFAULT_BASE_URL, make_offline_map, vendor_dir
from mapapp.render.basemap import OSM_TILES
from mapapp.render.cluster import IncidentClusterLayer
from mapapp.render.samples import sample_incident, synthetic_incidents
from tests.helpers import REPO_ROOT

REPO = REPO_ROOT
ASSET_RE = re.compile(r'<script[^>]*\bsrc="([^"]+)"|<link[^>]*\bhref="([^"]+)"')
URL_RE = re.compile(r"https?://[^\s\"'`<>)]+")


def _asset_urls(page: str) -> list[str]:
    return [a or b for a, b in ASSET_RE.findall(page)]


def _walk(element: Any) -> Iterator[Any]:
    # The same walk streamlit-folium does to collect js_links/css_links.
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _maps() -> list[tuple[str, folium.Map]]:
    # No article URLs, so the only absolute URL left can be checked exactly.
    no_source = [sample_incident(provenance=Provenance())]
    many = [dataclasses.replace(i, provenance=Provenance()) for i in synthetic_incidents(60, seed=3)]
    return [
        ("markers", build_map(no_source)),
        ("clustered", build_map(many, cluster_threshold=10)),
    ]


@pytest.mark.parametrize("label", ["markers", "clustered"])
def test_rendered_page_loads_only_app_relative_assets(label: str) -> None:
    fmap = dict(_maps())[label]
    page = fmap.get_root().render()
    urls = _asset_urls(page)
    assert urls, "no script/stylesheet found"
    assert all(u.startswith(DEFAULT_BASE_URL + "/") for u in urls), urls
    expected = {
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet.fullscreen/Control.FullScreen.js",
        "leaflet.fullscreen/Control.FullScreen.css",
    }
    # jQuery only for folium's popups; the clustered layer builds its own with the DOM.
    expected |= {"supercluster/supercluster.min.js"} if label == "clustered" else {"jquery/jquery.min.js"}
    assert {u.removeprefix(DEFAULT_BASE_URL + "/") for u in urls} == expected
    # Every asset exists in the repo's static/vendor (Streamlit serves static/ at /app/static).
    for url in urls:
        assert (vendor_dir() / url.removeprefix(DEFAULT_BASE_URL + "/")).is_file(), url
    # The only absolute URL left is the OSM tile template, in a layer not added by default.
    assert set(URL_RE.findall(page)) == {OSM_TILES}
    tile_var = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(", page)
    assert tile_var is not None
    assert f"{tile_var.group(1)}.addTo(" not in page


@pytest.mark.parametrize("label", ["markers", "clustered"])
def test_streamlit_folium_link_lists_are_offline(label: str) -> None:
    fmap = dict(_maps())[label]
    links = [
        url
        for element in _walk(fmap)
        if isinstance(element, JSCSSMixin)
        for _, url in [*element.default_js, *element.default_css]
    ]
    assert links and all(u.startswith(DEFAULT_BASE_URL + "/") for u in links), links


def test_class_level_lists_untouched() -> None:
    before = {
        cls: (list(cls.default_js), list(cls.default_css)) for cls in (folium.Map, IncidentClusterLayer)
    }
    for _, fmap in _maps():
        fmap.get_root().render()
    for cls, (js, css) in before.items():
        assert cls.default_js == js and cls.default_css == css, cls
    fresh = folium.Map().get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in fresh
    assert DEFAULT_BASE_URL not in fresh


def test_icon_image_path_is_set_before_markers() -> None:
    page = make_offline_map(base_url="/x/vendor/").get_root().render()
    assert 'L.Icon.Default.imagePath = "/x/vendor/leaflet/images/";' in page
    assert "/x/vendor/leaflet/leaflet.js" in page


@pytest.mark.parametrize(
    ("relative", "marker"),
    [
        ("leaflet/leaflet.js", 'version="1.9.3"'),
        ("jquery/jquery.min.js", "jQuery v3.7.1"),
        ("supercluster/supercluster.min.js", "getClusterExpansionZoom"),
        ("leaflet/LICENSE", "BSD"),
        ("supercluster/LICENSE", "ISC License"),
        ("supercluster/LICENSE-kdbush", "ISC License"),
        ("jquery/LICENSE.txt", "Permission is hereby granted"),
    ],
)
def test_vendored_files_are_the_pinned_releases(relative: str, marker: str) -> None:
    path = vendor_dir() / relative
    assert marker in path.read_text(encoding="utf-8", errors="replace")


def test_leaflet_images_vendored() -> None:
    names = sorted(p.name for p in (vendor_dir() / "leaflet" / "images").glob("*.png"))
    assert names == [
        "layers-2x.png",
        "layers.png",
        "marker-icon-2x.png",
        "marker-icon.png",
        "marker-shadow.png",
    ]


def test_streamlit_config_serves_static_files() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False
