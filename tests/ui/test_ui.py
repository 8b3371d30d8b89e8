"""The app's pure helpers: date bounds, store path, markdown escaping, detail rows, uploads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mapapp.render.samples import SEED_DERIVATION, sample_incident
from mapapp.store import Filters, IncidentStore
from mapapp.ui.data import ingest_upload, safe_upload_name, seed_if_empty, store_token
from mapapp.ui.filters import FilterState, date_bounds
from mapapp.ui.views import (
    compass,
    escape_markdown,
    provenance_rows,
    snippet_markdown,
    table_rows,
)

D17, D18, D19 = dt.date(2018, 9, 17), dt.date(2018, 9, 18), dt.date(2018, 9, 19)
FULL = (D17, D19)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ((D17, D19), (None, None)),  # the default: no date filter, undated shown
        ((D18, D19), (D18, None)),
        ((D17, D18), (None, D18)),
        ((D18, D18), (D18, D18)),
        ((D18,), (D18, None)),  # mid-pick: only the start chosen so far
        ((D17,), (None, None)),
        ((), (None, None)),  # cleared
        (None, (None, None)),
        (D18, (D18, D18)),  # a single date
        ((D19, D18), (D18, None)),  # reversed ends are swapped
        ((dt.date(2010, 1, 1), dt.date(2030, 1, 1)), (None, None)),  # beyond the span
    ],
)
def test_date_bounds(value: Any, expected: tuple[Any, Any]) -> None:
    assert date_bounds(value, full=FULL) == expected


def test_date_bounds_without_dated_incidents() -> None:
    assert date_bounds((D18,), full=None) == (D18, None)


def test_filter_state_filters() -> None:
    state = FilterState(since=D18, event_types=("airstrike",), country="SY", text=" Latakia ")
    assert state.filters() == Filters(
        since=D18, country="SY", text="Latakia", event_types=("airstrike",), kind="event"
    )
    assert FilterState(text=" ", country="").filters() == Filters(kind="event")  # blank: any event
    hash(state.filters())  # a cache key
    # The switch adds the place mentions matching the other filters, whatever types are picked.
    shown = dataclasses.replace(state, show_mentions=True)
    assert shown.filters() == Filters(
        since=D18, country="SY", text="Latakia", event_types=("airstrike", "mention"), kind=None
    )
    assert FilterState(show_mentions=True).filters() == Filters()
    assert (
        state.mention_filters()
        == shown.mention_filters()
        == Filters(since=D18, country="SY", text="Latakia", event_types=None, kind="mention")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("${alert(3)}", r"\$\{alert\(3\)\}"),
        ("`code` and *bold*", r"\`code\` and \*bold\*"),
        ("[link](javascript:x)", r"\[link\]\(javascript\:x\)"),
        (":red[text] :material/home:", r"\:red\[text\] \:material\/home\:"),
        ("line\n# heading\n- item", r"line \# heading \- item"),
        ("Latakia’s coast", "Latakia’s coast"),  # non-ASCII punctuation needs nothing
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_snippet_markdown_bolds_the_place_only() -> None:
    hostile = sample_incident(snippet="**x** in Aleppo <b>", place_start=9, place_end=15)
    assert snippet_markdown(hostile) == r"\*\*x\*\* in **Aleppo** \<b\>"
    assert snippet_markdown(sample_incident(place_start=None)) == escape_markdown(sample_incident().snippet)


@pytest.mark.parametrize(
    ("bearing", "word"), [(0.0, "N"), (11.2, "N"), (11.3, "NNE"), (90.0, "E"), (250.0, "WSW"), (348.8, "N")]
)
def test_compass(bearing: float, word: str) -> None:
    assert compass(bearing) == word


def test_provenance_rows_of_the_seed_shootdown() -> None:
    seed = sample_incident(derivation=dataclasses.replace(SEED_DERIVATION, bearing_deg=261.0))
    rows = dict(provenance_rows(seed))
    assert rows == {
        "anchor": "Latakia",
        "anchor coordinates": "35.53125, 35.79088",
        "distance": "35.4 km (22.0 mi)",
        "bearing": "261° (W)",
        "method": "offshore",
        "uncertainty area": "Polygon",
    }


def test_table_rows() -> None:
    incidents = [
        sample_incident(),
        sample_incident(id="b", date=D18),
        sample_incident(id="c"),
        sample_incident(id="d", date=None),
    ]
    rows = table_rows(incidents, limit=2)
    assert [r["id"] for r in rows] == ["inc-1", "b"]
    assert rows[0] == {
        "date": "2018-09-17",
        "event type": "Aircraft shot down",
        "location": "Latakia's coast",
        "country": "SY",
        "precision": "near a place",
        "title": "Russian plane shot down",
        "id": "inc-1",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd.TXT", "passwd.txt"),
        ("C:\\Users\\me\\news item.json", "news_item.json"),
        ("<script>.txt", "script.txt"),
        ("noext", "noext"),
        (".txt", "upload.txt"),
    ],
)
def test_safe_upload_name(name: str, expected: str) -> None:
    assert safe_upload_name(name) == expected


def test_store_token_changes_on_write(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert store_token(db) == (-1, -1, -1, -1)
    with IncidentStore.open(db) as store:
        before = store_token(db)
        from mapapp.models import Article

        store.put_article(
            Article(id="a", title="t", date=None, url="", text="x"), [sample_incident(article_id="a")]
        )
        assert store_token(db) != before


def test_seed_if_empty_does_nothing_on_a_filled_store(tmp_path: Path) -> None:
    def never(article: Any) -> Any:
        raise AssertionError("must not parse")

    assert seed_if_empty(tmp_path / "s.sqlite3", articles=3, parser=never) is None
    assert (
        seed_if_empty(tmp_path / "s.sqlite3", articles=0, parser=never, seeds_dir=tmp_path / "absent") is None
    )


@pytest.fixture(scope="module")
def parser() -> Any:
    from mapapp.pipeline import ArticleProcessor

    return ArticleProcessor.default()


HOSTILE_ARTICLE = (
    "date 2018-09-20 A car bomb <img src=x onerror=alert(1)> exploded in Aleppo on Wednesday, "
    "killing five people <script>alert(2)</script> near the citadel ${alert(3)} said a `witness`."
)


def test_ingest_upload_stores_the_article_once(tmp_path: Path, parser: Any) -> None:
    db = tmp_path / "s.sqlite3"
    data = HOSTILE_ARTICLE.encode("utf-8")
    first = ingest_upload("../hostile news.txt", data, db_path=db, parser=parser)
    assert first.name == "hostile_news.txt" and first.report.ok and first.report.stored == 1
    assert len(first.article_ids) == 1
    with IncidentStore.open(db) as store:
        incidents = store.query(article_id=first.article_ids[0])
    bomb = [i for i in incidents if i.location_name == "Aleppo"]
    assert bomb and "<script>alert(2)</script>" in bomb[0].snippet
    assert bomb[0].source == "hostile_news.txt" and bomb[0].date == D19
    again = ingest_upload("copy.txt", data, db_path=db, parser=parser)
    assert again.report.unchanged == 1 and again.report.stored == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bad.json", b"{not json", "invalid JSON"),
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n ", "file is empty"),
        ("seedonly.txt", b"date 2018-09-18 ", "article text is empty"),
        ("binary.txt", b"ab\x00cd", "NUL byte"),
        ("latin.txt", "Za\u00efre".encode("latin-1"), "UTF-8"),
    ],
)
def test_ingest_upload_reports_bad_files(
    tmp_path: Path, parser: Any, name: str, data: bytes, reason: str
) -> None:
    result = ingest_upload(name, data, db_path=tmp_path / "s.sqlite3", parser=parser)
    assert result.article_ids == () and not result.report.ok
    failure = result.report.failures[0]
    assert failure.file == name and reason in str(failure), failure
    assert "mapapp-upload-" not in str(failure)  # the temporary folder is not shown
