"""The Streamlit page through AppTest: seeding, filters, the count, the detail panel.

AppTest cannot click the map; the map is read from the st_folium element's
JSON arguments (its Leaflet script), and a click is simulated by setting
the ``selected_id`` the click handler would set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article, Incident
from mapapp.render.samples import sample_incident
from mapapp.store import IncidentStore
from tests.helpers import REPO_ROOT, st_folium_args

REPO = REPO_ROOT
HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` ![i](http://e/x.png)"

testing = pytest.importorskip("streamlit.testing.v1")
pytest.importorskip("streamlit_folium")


def _incidents() -> list[Incident]:
    """Six incidents over four days, three countries and four event types (one undated)."""
    day = dt.date(2018, 9, 17)
    base = sample_incident()
    plain = dict(uncertainty=None, derivation=None)
    return [
        base,  # inc-1: shootdown, SY, 2018-09-17, derived offshore from Latakia
        dataclasses.replace(
            base,
            id="inc-2",
            event_type="airstrike",
            lat=35.58,
            lon=35.99,
            location_name="Latakia province",
            snippet="Israeli jets struck targets in Latakia province.",
            place_start=None,
            place_end=None,
            **plain,
        ),
        dataclasses.replace(
            base,
            id="inc-3",
            event_type="airstrike",
            country_code="UA",
            date=day + dt.timedelta(days=1),
            lat=50.45,
            lon=30.52,
            location_name="Kyiv",
            snippet="A drone strike hit Kyiv overnight.",
            place_start=None,
            place_end=None,
            **plain,
        ),
        dataclasses.replace(
            base,
            id="inc-4",
            event_type="protest",
            country_code="FR",
            date=day + dt.timedelta(days=2),
            lat=48.86,
            lon=2.35,
            location_name="Paris",
            snippet="Thousands marched in Paris.",
            place_start=None,
            place_end=None,
            **plain,
        ),
        dataclasses.replace(
            base,
            id="inc-5",
            event_type="explosion",
            country_code="SY",
            date=day + dt.timedelta(days=3),
            lat=36.2,
            lon=37.16,
            location_name="Aleppo",
            title=HOSTILE,
            snippet=f"Blast in Aleppo {HOSTILE}",
            place_start=9,
            place_end=15,
            **plain,
        ),
        dataclasses.replace(
            base,
            id="inc-6",
            event_type="protest",
            country_code="FR",
            date=None,
            lat=45.76,
            lon=4.84,
            location_name="Lyon",
            snippet="A march in Lyon.",
            place_start=None,
            place_end=None,
            **plain,
        ),
    ]


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("app") / "filled.sqlite3"
    with IncidentStore.open(path) as store:
        store.put_article(
            Article(
                id="a1",
                title="Test article",
                date=dt.date(2018, 9, 18),
                url="https://example.org/a",
                text="text",
            ),
            _incidents(),
        )
    return path


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An AppTest of streamlit_app.py; the caller sets MAPAPP_DB first."""
    main = sys.modules["__main__"]
    at = testing.AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=120)
    try:
        yield at
    finally:
        # AppTest leaves its script as sys.modules["__main__"]; later
        # multiprocessing "spawn" children would re-run it.
        sys.modules["__main__"] = main


def _run(at: Any) -> Any:
    at.run()
    assert not at.exception, at.exception
    return at


def _count(at: Any) -> int:
    return int(at.metric[0].value.replace(",", ""))


def _map_script(at: Any) -> str:
    return str(_map_args(at)["script"])


def _map_args(at: Any) -> dict[str, Any]:
    return st_folium_args(at)


def _markdown(at: Any) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_first_start_ingests_the_seed(app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("MAPAPP_DB", str(db))
    _run(app)
    with IncidentStore.open(db) as store:
        stored = store.query()
    assert len(stored) >= 1 and _count(app) == len(stored)
    assert any("22 miles off Latakia" in inc.snippet for inc in stored)
    args = _map_args(app)
    assert "22 miles off Latakia" in args["script"]
    # Offline: every map asset from the app's own /app/static (no CDN).
    links = [*args["js_links"], *args["css_links"]]
    assert links and all(u.startswith("/app/static/vendor/") for u in links), links
    assert "http://" not in args["header"] and "https://" not in args["header"]
    assert app.text_input(key="db_path").value == str(db)


D = dt.date(2018, 9, 17)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 6),  # everything, the undated incident included
        ({"dates": (D, D + dt.timedelta(days=3))}, 6),  # the full span is "no filter"
        ({"dates": (D, D + dt.timedelta(days=1))}, 3),
        ({"dates": (D + dt.timedelta(days=1),)}, 3),  # half-picked: from 18 Sep on, dated only
        ({"dates": (D + dt.timedelta(days=2), D + dt.timedelta(days=2))}, 1),
        ({"event_types": ["airstrike"]}, 2),
        ({"event_types": ["airstrike", "protest"]}, 4),
        ({"country": "FR"}, 2),
        ({"country": "UA", "event_types": ["protest"]}, 0),
        ({"text": "Latakia"}, 2),
        ({"text": "onerror"}, 1),
        ({"text": "marched", "dates": (D + dt.timedelta(days=2), D + dt.timedelta(days=3))}, 1),
    ],
)
def test_filters_and_count(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path, changes: dict[str, Any], expected: int
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    if "dates" in changes:
        app.date_input[0].set_value(changes["dates"])
    if "event_types" in changes:
        app.multiselect(key="event_types").set_value(changes["event_types"])
    if "country" in changes:
        app.selectbox(key="country").set_value(changes["country"])
    if "text" in changes:
        app.text_input(key="text").input(changes["text"])
    _run(app)
    assert _count(app) == expected
    assert f"#### Filtered incidents ({expected})" in _markdown(app)
    # Every shown incident, and only those, is on the map (six ids are distinct).
    script = _map_script(app)
    assert sum(f"Incident ID: inc-{k}" in script for k in range(1, 7)) == expected


def test_date_widget_defaults_to_the_full_span(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    assert app.date_input[0].value == (D, D + dt.timedelta(days=3))
    assert app.multiselect(key="event_types").options == ["airstrike", "explosion", "protest", "shootdown"]


def test_detail_panel_shows_provenance(app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    assert "Derived location" not in _markdown(app)
    app.session_state["selected_id"] = "inc-1"  # what a click on the marker sets
    _run(app)
    text = _markdown(app)
    assert "**Derived location (provenance)**" in text
    assert "**anchor**: Latakia" in text and "**distance**: 35\\.4 km \\(22\\.0 mi\\)" in text
    assert "**method**: offshore" in text
    assert "- Latakia: 35.53125, 35.79088 (SY), confidence 0.90" in text
    assert "22 miles off **Latakia**" in text


def test_detail_panel_escapes_article_text(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    app.session_state["selected_id"] = "inc-5"
    _run(app)
    text = _markdown(app)
    # Every markup character from the article is backslash-escaped.
    shown = [str(m.value).replace("**", "") for m in app.markdown if "alert" in str(m.value)]
    assert len(shown) == 2  # title and snippet
    assert all(re.search(r"(?<!\\)[<>$`!\[\]()]", line) is None for line in shown), shown
    assert "\\<script\\>alert\\(2\\)\\<\\/script\\>" in text and "\\$\\{alert" in text
    script = _map_script(app)
    assert "<img src=x" not in script and "${alert(3)}" not in script


def test_unusable_store_path_is_an_error_not_a_crash(
    app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(tmp_path))  # a directory, not a SQLite file
    _run(app)
    assert app.error and str(tmp_path) in app.error[0].value


def test_only_the_open_tab_below_the_map_is_built(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    per_day, listed = app.tabs
    assert (per_day.label, listed.label) == ("Incidents per day", "Table")
    assert [c.type for c in per_day.children.values()] == ["image"]  # the timeline
    assert listed.children == {} and len(app.dataframe) == 0
    app.session_state["below_map"] = "Table"  # what clicking the tab sets
    _run(app)
    per_day, listed = app.tabs
    assert per_day.children == {} and len(app.dataframe) == 1
    assert sorted(app.dataframe[0].value["id"]) == [f"inc-{k}" for k in range(1, 7)]
