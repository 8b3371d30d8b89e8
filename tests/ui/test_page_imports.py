"""What the page imports on a first start: the map without pandas, the geoparser or the exports.

Each case runs in a fresh interpreter (imports are per process) the steps
the page's first run takes before the map is drawn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mapapp.gazetteer.countries import save_table
from tests.helpers import REPO_ROOT

# The page's first run up to the map: its imports, then a map of the seed
# incident rendered for the component, then the component's arguments
# checked the way Streamlit checks them (for DataFrames).
PAGE = """
import json, sys
import streamlit
from mapapp.ui import _page_imports
_page_imports()
import mapapp.ui.app
from mapapp.render import build_map
from mapapp.render.samples import sample_incident
from mapapp.ui.mapview import prepare
from streamlit.dataframe_util import is_dataframe_like
from mapapp.ui.panels import country_label
assert country_label("TR") and country_label("SY")
prepared = prepare(build_map([sample_incident()]))
arguments = (prepared.css_links, prepared.js_links, prepared.script, None, ("center", "zoom"))
assert not any(is_dataframe_like(a) for a in arguments)
print(json.dumps(sorted(m for m in sys.modules if "." not in m)))
"""


@pytest.fixture(scope="module")
def page_modules(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    cache = tmp_path_factory.mktemp("cache")
    save_table(cache_dir=cache)  # as `mapapp prepare` does
    env = dict(os.environ, MAPAPP_CACHE_DIR=str(cache))
    done = subprocess.run(
        [sys.executable, "-c", PAGE],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("pandas", "folium's DataFrame support and Streamlit's DataFrame check: 0.5 s"),
        ("spacy", "the geoparser's model serves uploads only"),
        ("geopy", "the gazetteer's geocoder interface, not its country names"),
        ("pyproj", "the exports' and the spatial stage's projections"),
        ("countryinfo", "the country names come from the cache folder's copy"),
    ],
)
def test_first_map_does_not_import(page_modules: set[str], package: str, why: str) -> None:
    assert package not in page_modules, why


def test_first_map_imports_folium_and_the_component(page_modules: set[str]) -> None:
    assert {"folium", "streamlit_folium", "mapapp"} <= page_modules


def test_import_folium_is_a_no_op_once_folium_is_imported() -> None:
    script = (
        "import folium\nfrom mapapp.render.toolkit import import_folium\n"
        "print(import_folium(), 'pandas' in __import__('sys').modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "True"]  # folium imported the ordinary way keeps its pandas
