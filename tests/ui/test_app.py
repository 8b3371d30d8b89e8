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


def _mentions() -> list[Incident]:
    """Two place mentions (not incidents): Damascus in SY on 17 Sep, Marseille in FR undated."""
    base = dataclasses.replace(
        sample_incident(), kind="mention", event_type="mention", uncertainty=None, derivation=None
    )
    return [
        dataclasses.replace(
            base,
            id="men-1",
            lat=33.51,
            lon=36.29,
            location_name="Damascus",
            snippet="Officials in Damascus said nothing.",
            place_start=13,
            place_end=21,
        ),
        dataclasses.replace(
            base,
            id="men-2",
            country_code="FR",
            date=None,
            lat=43.3,
            lon=5.37,
            location_name="Marseille",
            snippet="A ship from Marseille.",
            place_start=12,
            place_end=21,
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
            [*_incidents(), *_mentions()],
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
    # No store named by the operator: the default one is created and seeded.
    monkeypatch.delenv("MAPAPP_DB", raising=False)
    monkeypatch.delenv("MAPAPP_STORES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # A cache with the gazetteer index but no land mask or country names: the page builds them,
    # naming each step.
    from mapapp.gazetteer import Gazetteer

    with Gazetteer.open() as gazetteer:
        index = gazetteer.path
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / index.name).symlink_to(index)
    monkeypatch.setenv("MAPAPP_CACHE_DIR", str(cache))
    db = tmp_path / "data" / "mapapp" / "mapapp.sqlite3"
    _run(app)
    (status,) = app.get("status")
    assert status.label == "First start: ready"
    said = [str(m.value) for m in status.markdown]
    assert [line.split(" in ")[0] for line in said] == [
        "land mask: built",
        "country names: built",
        "seed articles: stored 1, replaced 0, unchanged 0, failed 0 (3 incidents stored)",
    ], said
    assert sorted(p.name for p in cache.iterdir() if "landmask" in p.name) == [
        "landmask-globe-v1.axes.npy",
        "landmask-globe-v1.npy",
    ]
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
    assert "Store: Default store" in [str(c.value) for c in app.sidebar.caption]
    assert not [t for t in app.text_input if "store" in str(t.label).lower()]  # no path box


def test_a_missing_store_is_an_error_and_never_created(
    app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "typo.sqlite3"
    monkeypatch.setenv("MAPAPP_DB", str(db))
    _run(app)
    assert app.error and f"no incident store at {db}" in app.error[0].value
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_the_page_picks_among_the_operators_stores_only(
    app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, filled_db: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    with IncidentStore.open(other) as store:
        store.put_article(Article(id="b1", title="B", date=None, url="", text="t"), [])
    listed = tmp_path / "stores.toml"
    listed.write_text(f'[stores]\n"Filled" = "{filled_db}"\n"Empty" = "{other}"\n', encoding="utf-8")
    monkeypatch.delenv("MAPAPP_DB", raising=False)
    monkeypatch.setenv("MAPAPP_STORES", str(listed))
    _run(app)
    picker = app.selectbox(key="store")
    assert picker.options == ["Filled", "Empty"] and _count(app) == 6
    picker.set_value("Empty")
    _run(app)
    assert _count(app) == 0


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
    # Every shown incident, and only those, is on the map (six ids are distinct); no mention.
    script = _map_script(app)
    assert sum(f"Incident ID: inc-{k}" in script for k in range(1, 7)) == expected
    assert "Incident ID: men-" not in script


def test_date_widget_defaults_to_the_full_span(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    assert app.date_input[0].value == (D, D + dt.timedelta(days=3))
    # Readable names, sorted by name; the widget's values are the codes. Mentions are no type.
    types = app.multiselect(key="event_types")
    assert types.options == ["Air strike", "Aircraft shot down", "Explosion or bombing", "Protest"]
    types.set_value(["shootdown"])
    _run(app)
    assert app.multiselect(key="event_types").value == ["shootdown"] and _count(app) == 1


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
    # A session's first page leaves the timeline for a moment: the map goes first.
    assert [str(c.value) for c in per_day.get("caption")] == ["The timeline follows in a moment..."]
    app.session_state["timeline_shown"] = True  # what the deferred rerun sets
    _run(app)
    per_day, listed = app.tabs
    assert (per_day.label, listed.label) == ("Timeline", "Table")
    assert "vega_lite_chart" in {c.type for c in per_day.children.values()}  # the timeline
    assert listed.children == {} and len(app.dataframe) == 0
    app.session_state["below_map"] = "Table"  # what clicking the tab sets
    _run(app)
    per_day, listed = app.tabs
    assert per_day.children == {} and len(app.dataframe) == 1
    assert sorted(app.dataframe[0].value["id"]) == [f"inc-{k}" for k in range(1, 7)]


def _counts_line(at: Any) -> str:
    lines = [str(c.value) for c in at.caption if " incident" in str(c.value) and " shown, " in str(c.value)]
    assert len(lines) == 1, lines
    return lines[0]


def _on_map(at: Any) -> list[str]:
    script = _map_script(at)
    return sorted(set(re.findall(r"Incident ID: ((?:inc|men)-\d)", script)))


def test_place_mentions_are_hidden_by_default_and_counted(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    switch = app.toggle(key="show_mentions")
    assert (switch.label, switch.value) == ("Show place mentions", False)
    assert _counts_line(app) == "6 incidents shown, 1 undated, 2 place mentions hidden"
    assert _count(app) == 6
    assert _on_map(app) == [f"inc-{k}" for k in range(1, 7)]
    assert "#### Filtered incidents (6)" in _markdown(app) and "place mentions (" not in _markdown(app)
    # The total under the metric counts incidents, not mentions.
    assert app.metric[0].proto.help == "of 6 in 1 articles (place mentions are not incidents)"


def test_the_switch_shows_mentions_and_changes_the_counts(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    app.toggle(key="show_mentions").set_value(True)
    _run(app)
    assert _counts_line(app) == "6 incidents shown, 1 undated, 2 place mentions shown"
    assert _count(app) == 6  # mentions are still not incidents
    assert _on_map(app) == [*(f"inc-{k}" for k in range(1, 7)), "men-1", "men-2"]
    assert "#### Filtered incidents (6) and place mentions (2)" in _markdown(app)
    app.session_state["below_map"] = "Table"
    _run(app)
    table = app.dataframe[0].value
    assert sorted(table["id"]) == [*(f"inc-{k}" for k in range(1, 7)), "men-1", "men-2"]
    kinds = dict(zip(table["id"], table["event type"], strict=True))
    assert (kinds["men-1"], kinds["men-2"], kinds["inc-1"]) == (
        "Place mention",
        "Place mention",
        "Aircraft shot down",
    )
    assert dict(zip(table["id"], table["date"], strict=True))["men-2"] == "undated"
    # Off again: back to incidents only.
    app.toggle(key="show_mentions").set_value(False)
    _run(app)
    assert _counts_line(app) == "6 incidents shown, 1 undated, 2 place mentions hidden"
    assert _on_map(app) == [f"inc-{k}" for k in range(1, 7)]


@pytest.mark.parametrize(
    ("changes", "shown", "line"),
    [
        ({"country": "FR"}, False, "2 incidents shown, 1 undated, 1 place mention hidden"),
        ({"country": "FR"}, True, "2 incidents shown, 1 undated, 1 place mention shown"),
        ({"country": "UA"}, False, "1 incident shown, 0 undated, 0 place mentions hidden"),
        ({"text": "Damascus"}, False, "0 incidents shown, 0 undated, 1 place mention hidden"),
        # The type filter is for events: picked types keep the matching mentions.
        ({"event_types": ["airstrike"]}, True, "2 incidents shown, 0 undated, 2 place mentions shown"),
        ({"dates": (D, D)}, False, "2 incidents shown, 0 undated, 1 place mention hidden"),
    ],
)
def test_counts_line_follows_the_filters(
    app: Any,
    monkeypatch: pytest.MonkeyPatch,
    filled_db: Path,
    changes: dict[str, Any],
    shown: bool,
    line: str,
) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    app.toggle(key="show_mentions").set_value(shown)
    if "country" in changes:
        app.selectbox(key="country").set_value(changes["country"])
    if "text" in changes:
        app.text_input(key="text").input(changes["text"])
    if "event_types" in changes:
        app.multiselect(key="event_types").set_value(changes["event_types"])
    if "dates" in changes:
        app.date_input[0].set_value(changes["dates"])
    _run(app)
    assert _counts_line(app) == line
    mentions_on_map = [i for i in _on_map(app) if i.startswith("men-")]
    assert len(mentions_on_map) == (int(line.split(", ")[2].split()[0]) if shown else 0)


def test_detail_panel_reads_type_and_date(app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path) -> None:
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    app.session_state["selected_id"] = "inc-2"
    _run(app)
    text = _markdown(app)
    assert "**event type**: Air strike" in text
    assert "**date**: 2018\\-09\\-17  \n**date precision**: day" in text


def test_detail_panel_lists_each_source_escaped(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path
) -> None:
    """A fused incident (the store fills ``sources``) lists every article, links only http(s)."""
    from mapapp.models import Source
    from mapapp.ui import cache

    def source(n: int, **fields: Any) -> Source:
        values: dict[str, Any] = dict(
            incident_id=f"x-{n}",
            article_id=f"b{n}",
            title=f"Report {n}",
            url=f"https://news{n}.example/a",
            source=f"news{n}.example",
            snippet=f"Jets struck Latakia province, report {n}.",
            date=D,
            date_precision="day",
            location_name="Latakia province",
            lat=35.58,
            lon=35.99,
            geo_precision=2,
        )
        values.update(fields)
        return Source(**values)

    fused = (
        source(1),
        source(2, date=dt.date(2018, 9, 1), date_precision="month"),
        source(3, title=HOSTILE, snippet=HOSTILE, url="javascript:alert(1)", source="evil.example"),
    )
    real = cache.query

    def with_sources(path: str, state: Any, filters: Any) -> tuple[Incident, ...]:
        return tuple(
            dataclasses.replace(inc, sources=fused) if inc.id == "inc-2" else inc
            for inc in real(path, state, filters)
        )

    monkeypatch.setattr(cache, "query", with_sources)
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    app.session_state["selected_id"] = "inc-2"
    _run(app)
    shown = [str(m.value) for m in app.markdown]
    start = shown.index("**Sources (3)**")
    entries = shown[start + 1 : start + 4]
    assert entries[0] == (
        "**1\\. Report 1**  \nnews1\\.example · 2018\\-09\\-17 · article b1 · [open the article](https://news1.example/a)"
        "  \nJets struck Latakia province\\, report 1\\."
    )
    assert (
        entries[1].split("  \n")[1]
        == "news2\\.example · September 2018 · article b2 · [open the article](https://news2.example/a)"
    )
    head, line, sentence = entries[2].split("  \n")
    assert (
        line == "evil\\.example · 2018\\-09\\-17 · article b3 · javascript\\:alert\\(1\\)"
    )  # text, not a link
    assert re.search(r"(?<!\\)[<>$`!\[\]()]", head.strip("*").removeprefix("3\\. ")) is None
    assert re.search(r"(?<!\\)[<>$`!\[\]()]", sentence) is None


def test_deleting_an_article_from_the_page_removes_its_incidents(
    app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "two.sqlite3"
    incidents = _incidents()
    moved = [dataclasses.replace(inc, article_id="a2", id=f"b-{inc.id}") for inc in incidents[2:4]]
    with IncidentStore.open(db) as store:
        store.put_article(Article(id="a1", title="One", date=None, url="", text="one"), incidents[:2])
        store.put_article(Article(id="a2", title="Two", date=None, url="", text="two"), moved)
    monkeypatch.setenv("MAPAPP_DB", str(db))
    _run(app)
    assert _count(app) == 4 and not app.expander  # no detail panel until an incident is selected
    app.session_state["selected_id"] = "b-inc-3"
    _run(app)
    assert app.expander[0].label == "Incident details"
    assert app.selectbox(key="delete-pick-b-inc-3").options == ["a2"]
    app.button(key="delete-b-inc-3").click()
    _run(app)
    assert _count(app) == 2
    assert "Deleted article a2 and its 2 incident(s)." in [str(s.value) for s in app.success]
    assert "Incident ID: b-inc" not in _map_script(app) and "Incident ID: inc-1" in _map_script(app)
    with IncidentStore.open(db) as store:
        assert store.get_article("a2") is None and store.articles_count() == 1


@pytest.mark.parametrize(("playing", "moved"), [(True, True), (False, False)])
def test_a_play_step_applies_only_while_playing(
    app: Any, monkeypatch: pytest.MonkeyPatch, filled_db: Path, playing: bool, moved: bool
) -> None:
    # A step the player queued just before "All dates" (which switches play off) is stale:
    # applied, it would narrow the dates again behind the user's back.
    monkeypatch.setenv("MAPAPP_DB", str(filled_db))
    _run(app)
    every = app.date_input[0].value
    app.session_state["timeline_playing"] = playing
    app.session_state["_timeline_pending"] = {"window": (D, D), "stop": False}
    _run(app)
    assert app.date_input[0].value == ((D, D) if moved else every)
