"""The page's state in the URL through AppTest: a link restores filters and selection, bad values are noticed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from mapapp.models import Article, Provenance
from mapapp.render.samples import sample_incident
from mapapp.store import IncidentStore
from tests.ui.test_app import _count, _map_script, _markdown, _run, app  # noqa: F401

pytest.importorskip("streamlit.testing.v1")
pytest.importorskip("streamlit_folium")

D = dt.date(2018, 9, 17)


def _place(
    n: int, *, country: str, admin1: str, source: str, name: str, lat: float, lon: float, **more: Any
) -> Any:
    return dataclasses.replace(
        sample_incident(),
        id=f"inc-{n}",
        country_code=country,
        location_name=name,
        lat=lat,
        lon=lon,
        source=source,
        snippet=f"Clashes were reported in {name}.",
        place_start=None,
        place_end=None,
        places=(),
        uncertainty=None,
        derivation=None,
        provenance=Provenance(admin1=admin1),
        **more,
    )


@pytest.fixture(scope="module")
def places_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five incidents: two in Turkey (two provinces), Syria, the United Kingdom, South Korea."""
    path = tmp_path_factory.mktemp("share") / "places.sqlite3"
    incidents = [
        _place(1, country="TR", admin1="Istanbul", source="hurriyet.com.tr", name="Istanbul", lat=41.01, lon=28.98),
        _place(2, country="TR", admin1="Ankara", source="bbc.co.uk", name="Ankara", lat=39.93, lon=32.86,
               date=D + dt.timedelta(days=2)),
        _place(3, country="SY", admin1="Latakia", source="example.org", name="Latakia", lat=35.52, lon=35.78),
        _place(4, country="GB", admin1="England", source="bbc.co.uk", name="London", lat=51.51, lon=-0.13,
               event_type="protest", date=D + dt.timedelta(days=3)),
        _place(5, country="KR", admin1="Seoul", source="example.org", name="Seoul", lat=37.57, lon=126.98,
               event_type="protest", date=None),
    ]  # fmt: skip
    with IncidentStore.open(path) as store:
        store.put_article(
            Article(id="a1", title="Round-up", date=D, url="https://example.org/r", text="t"), incidents
        )
    return path


def _open(app: Any, monkeypatch: pytest.MonkeyPatch, db: Path, **query: str) -> Any:  # noqa: F811
    monkeypatch.setenv("MAPAPP_DB", str(db))
    app.query_params.update(query)
    return _run(app)


def _warnings(app: Any) -> str:  # noqa: F811
    return "\n".join(str(w.value) for w in app.sidebar.warning)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 5),
        ({"country": "TR"}, 2),
        ({"country": "Turkey"}, 2),
        ({"country": "Britain"}, 1),
        ({"country": "South Korea"}, 1),
        ({"country": "TR", "admin1": "Ankara"}, 1),
        ({"source": "bbc.co.uk"}, 2),
        ({"type": "protest"}, 2),
        ({"q": "London"}, 1),
        ({"from": "2018-09-19"}, 2),  # from 19 Sep on: dated only
        ({"from": "2018-09-18", "to": "2018-09-19"}, 1),
    ],
)
def test_a_link_restores_the_filters(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    places_db: Path,
    query: dict[str, str],
    expected: int,
) -> None:
    _open(app, monkeypatch, places_db, **query)
    assert _count(app) == expected
    assert not _warnings(app)
    script = _map_script(app)
    assert sum(f"Incident ID: inc-{k}" in script for k in range(1, 6)) == expected
    # The address bar keeps the link's state, in the codec's own spelling (codes for names).
    spelt = {"Turkey": "TR", "Britain": "GB", "South Korea": "KR"}
    assert app.query_params == {k: spelt.get(v, v) for k, v in query.items()}


def test_the_widgets_show_what_the_link_asked_for(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    places_db: Path,
) -> None:
    _open(app, monkeypatch, places_db, country="TR", admin1="Istanbul", type="shootdown", q="Clashes")
    assert app.selectbox(key="country").value == "TR"
    assert app.selectbox(key="admin1").value == "Istanbul"
    assert app.multiselect(key="event_types").value == ["shootdown"]
    assert app.text_input(key="text").value == "Clashes"
    assert _count(app) == 1


def test_changing_a_filter_changes_the_url(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    places_db: Path,
) -> None:
    _open(app, monkeypatch, places_db, country="TR")
    app.selectbox(key="country").set_value("GB")
    _run(app)
    assert app.query_params == {"country": "GB"} and _count(app) == 1
    app.selectbox(key="country").set_value(None)
    app.multiselect(key="event_types").set_value(["protest"])
    _run(app)
    assert app.query_params == {"type": "protest"} and _count(app) == 2


def test_bad_values_are_dropped_with_a_notice(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    places_db: Path,
) -> None:
    _open(
        app,
        monkeypatch,
        places_db,
        country="TR",
        admin1="[x](javascript:alert(1))",
        source="../../etc/passwd",
        map="99/1/1",
        incident="nope-123",
        other="kept",
    )
    assert not app.exception and _count(app) == 2  # the good value (country) stays
    raw = _warnings(app)
    assert "](" not in raw.replace("\\](", "")  # the link's text is escaped: no markdown link
    notes = re.sub(r"\\(.)", r"\1", raw)
    assert "Some of the link's settings were ignored" in notes
    assert "admin1='[x](javascript:alert(1))': not in this store; ignored" in notes
    assert "source='../../etc/passwd': not in this store; ignored" in notes
    assert "map=99/1/1: zoom 99 is not between 0 and 19; ignored" in notes
    assert "incident='nope-123': no such incident in this store; ignored" in notes
    # Dropped values leave the URL; keys that are not the app's stay.
    assert app.query_params == {"country": "TR", "other": "kept"}


def test_a_link_to_an_incident_opens_its_details(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    places_db: Path,
) -> None:
    _open(app, monkeypatch, places_db, incident="inc-4")
    assert "Clashes were reported in London\\." in _markdown(app)
    # Without a view of its own, the link opens the map around the incident.
    assert app.query_params == {"incident": "inc-4", "map": "8/51.5100/-0.1300"}
    links = [str(c.value) for c in app.code]
    assert links == ["?incident=inc-4"]  # AppTest has no browser URL: the link is relative
    # Filters that leave it out say so, and the URL no longer names it.
    app.selectbox(key="country").set_value("TR")
    _run(app)
    assert "The selected incident is not among those the filters show." in [str(c.value) for c in app.caption]
    assert app.query_params == {"country": "TR", "map": "8/51.5100/-0.1300"}


def test_a_link_to_a_place_mention_switches_mentions_on(
    app: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db = tmp_path / "m.sqlite3"
    mention = dataclasses.replace(
        sample_incident(), id="men-1", kind="mention", event_type="mention", uncertainty=None, derivation=None
    )
    with IncidentStore.open(db) as store:
        store.put_article(Article(id="a1", title="T", date=D, url="", text="t"), [sample_incident(), mention])
    _open(app, monkeypatch, db, incident="men-1")
    assert app.toggle(key="show_mentions").value is True
    assert app.query_params == {"mentions": "1", "map": "8/35.5250/35.3380", "incident": "men-1"}
