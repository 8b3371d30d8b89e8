"""Tests for mapapp.render.basemap and the committed outlines file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import folium
import pytest
from shapely.geometry import Point, shape

from mapapp.errors import MapappError
from mapapp.render.basemap import OSM_TILES, add_basemap, countries_path, load_countries
from tests.helpers import REPO_ROOT

REPO = REPO_ROOT


@pytest.fixture(scope="module")
def countries() -> dict[str, object]:
    return load_countries()


def test_outlines_file_is_small_and_complete(countries: dict) -> None:
    assert countries_path().stat().st_size < 1_500_000
    assert len(countries["features"]) == 173
    ids = {f["id"] for f in countries["features"]}
    assert {"SYR", "ISR", "LBN", "TUR", "RUS", "USA", "FRA", "ATA"} <= ids
    assert (countries_path().parent / "README.md").is_file()


@pytest.mark.parametrize(
    ("lat", "lon", "country"),
    [
        (33.5138, 36.2765, "SYR"),  # Damascus
        (35.6892, 51.3890, "IRN"),  # Tehran
        (48.8566, 2.3522, "FRA"),  # Paris
        (-33.8688, 151.2093, "AUS"),  # Sydney (coastal)
        (35.525, 35.338, None),  # the seed's shoot-down, 22 miles off Latakia: at sea
        (0.0, -30.0, None),  # mid-Atlantic
    ],
)
def test_outlines_locate_land_and_sea(countries: dict, lat: float, lon: float, country: str | None) -> None:
    hits = [f["id"] for f in countries["features"] if shape(f["geometry"]).contains(Point(lon, lat))]
    assert hits == ([country] if country else [])


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(MapappError, match="nope.geojson"):
        load_countries(path=tmp_path / "nope.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(MapappError, match="bad.geojson: not a GeoJSON FeatureCollection"):
        load_countries(path=bad)


@pytest.mark.parametrize("with_osm", [True, False])
def test_osm_tiles_optional_and_hidden(with_osm: bool) -> None:
    fmap = folium.Map(tiles=None)
    add_basemap(fmap, with_osm=with_osm)
    page = fmap.get_root().render()
    assert (OSM_TILES in page) is with_osm
    assert page.count(".addTo(") == 2  # the outlines GeoJson into its group, the group onto the map
    assert '"interactive": false' in page


def test_build_script_reproduces_committed_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_basemap", REPO / "scripts" / "build_basemap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "countries.geojson"
    assert module.main(["--out", str(out)]) == 0
    assert out.read_bytes() == countries_path().read_bytes()
