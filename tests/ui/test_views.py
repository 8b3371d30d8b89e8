"""The pure views of the trust items: counts line, readable types and dates, sources."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from mapapp.models import Provenance, Source
from mapapp.render.samples import sample_incident
from mapapp.ui.views import (
    counts_line,
    escape_markdown,
    source_markdown,
    source_rows,
    summary_rows,
    table_rows,
)

D17 = dt.date(2018, 9, 17)
HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` ![i](http://e/x.png) :red[x]"
# Markdown/HTML specials that must never reach st.markdown unescaped.
UNESCAPED = re.compile(r"(?<!\\)[<>$`!\[\]()]")


def _source(n: int, **fields: Any) -> Source:
    values: dict[str, Any] = dict(
        incident_id=f"inc-{n}",
        article_id=f"a{n}",
        title=f"Article {n}",
        url=f"https://www.news{n}.example/story",
        source=f"news{n}.example",
        snippet=f"Sentence {n}.",
        date=D17,
        date_precision="day",
        location_name="Latakia",
        lat=35.5,
        lon=35.8,
        geo_precision=2,
    )
    values.update(fields)
    return Source(**values)


@pytest.mark.parametrize(
    ("events", "mentions", "shown", "line"),
    [
        ([], 0, False, "0 incidents shown, 0 undated, 0 place mentions hidden"),
        ([D17], 1, False, "1 incident shown, 0 undated, 1 place mention hidden"),
        ([D17, None, None], 4, False, "3 incidents shown, 2 undated, 4 place mentions hidden"),
        ([D17, None], 4, True, "2 incidents shown, 1 undated, 4 place mentions shown"),
        ([D17] * 1234, 0, True, "1,234 incidents shown, 0 undated, 0 place mentions shown"),
    ],
)
def test_counts_line(events: list[dt.date | None], mentions: int, shown: bool, line: str) -> None:
    incidents = [sample_incident(id=f"e{k}", date=day) for k, day in enumerate(events)]
    assert counts_line(incidents, mentions=mentions, mentions_shown=shown) == line


@pytest.mark.parametrize(
    ("date", "level", "precision", "shown"),
    [
        (D17, 1, None, "2018-09-17"),
        (D17, 2, None, "week of 2018-09-17"),
        (dt.date(2018, 9, 1), 3, "month", "September 2018"),
        (dt.date(2018, 1, 1), 3, "year", "2018"),
        (None, 3, None, "undated"),
    ],
)
def test_table_and_detail_show_the_date_as_precise_as_known(
    date: dt.date | None, level: int, precision: Any, shown: str
) -> None:
    incident = sample_incident(
        date=date, time_precision=level, provenance=Provenance(date_precision=precision)
    )
    assert table_rows([incident])[0]["date"] == shown
    rows = dict(summary_rows(incident))
    assert rows["date"] == shown
    assert rows["date precision"] == (precision or ("day", "week", "month")[level - 1] if date else "undated")


def test_detail_keeps_provenance() -> None:
    fused = sample_incident(sources=(_source(1), _source(2), _source(3, source="news1.example")))
    rows = dict(summary_rows(fused))
    assert rows["country"] == "Syria (SY)" and rows["admin1"] == "Latakia"
    assert rows["date as written"] == "on Monday evening"
    assert rows["source"] == "news1.example; news2.example"
    assert (rows["article id"], rows["incident id"]) == ("a1", "inc-1")
    assert [r["article"] for r in source_rows(fused)] == ["a1", "a2", "a3"]


def test_table_and_detail_use_event_labels() -> None:
    mention = sample_incident(id="m", kind="mention", event_type="mention")
    rows = table_rows([sample_incident(), sample_incident(id="b", event_type="missile_attack"), mention])
    assert [r["event type"] for r in rows] == [
        "Aircraft shot down",
        "Missile or rocket attack",
        "Place mention",
    ]
    assert dict(summary_rows(sample_incident(event_type="armed_clash")))["event type"] == "Armed clash"


def test_source_rows_plain_text_and_safe_urls() -> None:
    incident = sample_incident(
        sources=(
            _source(1),
            _source(2, source="", date=dt.date(2018, 9, 1), date_precision="month"),
            _source(3, url="javascript:alert(1)", date=None, date_precision=None, title=""),
        )
    )
    assert source_rows(incident) == [
        {
            "title": "Article 1",
            "domain": "news1.example",
            "article": "a1",
            "date": "2018-09-17",
            "sentence": "Sentence 1.",
            "url": "https://www.news1.example/story",
            "raw_url": "https://www.news1.example/story",
        },
        {
            "title": "Article 2",
            "domain": "news2.example",  # from the URL's host when no site was recorded
            "article": "a2",
            "date": "September 2018",
            "sentence": "Sentence 2.",
            "url": "https://www.news2.example/story",
            "raw_url": "https://www.news2.example/story",
        },
        {
            "title": "Untitled article",
            "domain": "news3.example",
            "article": "a3",
            "date": "undated",
            "sentence": "Sentence 3.",
            "url": "",
            "raw_url": "javascript:alert(1)",
        },
    ]


def test_source_markdown_links_only_http_and_escapes_article_text() -> None:
    rows = source_rows(sample_incident(sources=(_source(1),)))
    assert source_markdown(rows[0], 1) == (
        "**1\\. Article 1**  \nnews1\\.example · 2018\\-09\\-17 · article a1 · "
        "[open the article](https://www.news1.example/story)  \nSentence 1\\."
    )
    bad = _source(
        2,
        title=HOSTILE,
        snippet=HOSTILE,
        source=HOSTILE,
        url="javascript:alert(1)",
        date=dt.date(2016, 1, 1),
        date_precision="year",
    )
    text = source_markdown(source_rows(sample_incident(sources=(bad,)))[0], 2)
    head, line, sentence = text.split("  \n")
    assert head.startswith("**2\\. ") and head.endswith("**")
    assert UNESCAPED.search(head.removeprefix("**2\\. ").removesuffix("**")) is None
    assert UNESCAPED.search(line) is None and UNESCAPED.search(sentence) is None
    assert line.endswith(" · 2016 · article a2 · javascript\\:alert\\(1\\)")  # shown as text, not a link
    assert "](" not in text


def test_source_markdown_link_target_cannot_break_out() -> None:
    row = {
        "title": "t",
        "domain": "e.org",
        "article": "a](javascript:x)",
        "date": "2018",
        "sentence": "s",
        "url": "https://e.org/a)[x](javascript:alert(1)",
        "raw_url": "",
    }
    line = source_markdown(row, 1).split("  \n")[1]
    assert line == (
        "e\\.org · 2018 · article a\\]\\(javascript\\:x\\) · "
        "[open the article](https://e.org/a%29%5Bx%5D%28javascript:alert%281%29)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Read more at www.evil.example today.",
        "Details: https://evil.example/x?a=1",
        "Write to press@evil.example now.",
    ],
)
def test_bare_urls_in_article_text_are_not_links(text: str) -> None:
    """GFM autolinks bare URLs and addresses even when every character is escaped."""
    escaped = escape_markdown(text)
    assert "www." not in escaped.replace("\\", "") or "www\u2060" in escaped
    assert "://" not in escaped.replace("\\", "")
    assert not re.search(r"@\w", escaped.replace("\\", ""))
    assert escaped.replace("\u2060", "").replace("\\", "") == text
