"""The Streamlit page on a PostGIS store (AppTest): the same page as on SQLite, the URL kept server-side."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mapapp.models import Article
from mapapp.store import IncidentStore
from tests.ui import test_app as page
from tests.ui.test_app import _count, _incidents, _map_script, _mentions, _run

page_app = page.app  # the page's AppTest fixture, shared


@pytest.fixture()
def server_db(postgis_server: Any) -> str:
    url = str(postgis_server.database("app"))
    with IncidentStore.open(url) as store:
        article = Article(id="a1", title="Test article", date=dt.date(2018, 9, 18), url="", text="text")
        store.put_article(article, [*_incidents(), *_mentions()])
    return url


def test_the_app_opens_a_postgis_store(
    page_app: Any, monkeypatch: pytest.MonkeyPatch, server_db: str
) -> None:
    monkeypatch.setenv("MAPAPP_DB", server_db.replace("postgres@", "postgres:pw@"))  # trust: any password
    _run(page_app)
    assert _count(page_app) == 6
    assert "Kyiv" in _map_script(page_app)
    shown = [c.value for c in page_app.sidebar.caption if str(c.value).startswith("Store:")]
    assert shown == [
        f"Store: {server_db.replace('postgres@', 'postgres:***@')}"
    ]  # the password is never sent
    page_app.sidebar.text_input(key="text").set_value("Kyiv")
    _run(page_app)
    assert _count(page_app) == 1


def test_the_browser_picks_among_the_operators_stores_and_names_none(
    page_app: Any, monkeypatch: pytest.MonkeyPatch, server_db: str, tmp_path: Any
) -> None:
    listed = tmp_path / "stores.toml"
    listed.write_text(f'[stores]\n"Team" = "{server_db}"\n"Local" = "local.sqlite3"\n', encoding="utf-8")
    monkeypatch.delenv("MAPAPP_DB", raising=False)
    monkeypatch.setenv("MAPAPP_STORES", str(listed))
    _run(page_app)
    assert page_app.sidebar.selectbox(key="store").options == ["Team", "Local"]
    assert [t.key for t in page_app.sidebar.text_input if "db" in str(t.key)] == []  # no path box
    assert _count(page_app) == 6  # the first listed store, the team's server


@pytest.mark.browser
def test_the_app_on_a_postgis_store_in_chromium(server_db: str, tmp_path: Any) -> None:
    """The running app, started on a server store, draws its incidents; the password stays server-side."""
    pytest.importorskip("streamlit_folium")
    from tests.helpers import chromium, running_app
    from tests.ui.test_app_browser import HAS_JS, _wait_map

    url_with_password = server_db.replace("postgres@", "postgres:s3cret@")  # trust auth: any password
    with running_app(tmp_path, env={"MAPAPP_DB": url_with_password}) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(url, wait_until="load")
        _wait_map(page, HAS_JS, "Kyiv", timeout_s=120)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "postgres:***@" in sidebar and "s3cret" not in page.content()
