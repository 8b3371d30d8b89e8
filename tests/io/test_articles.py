"""Tests for mapapp.io.articles: the seed file, each input format and each bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mapapp.errors import ArticleError
from mapapp.io.articles import (
    article_from_record,
    article_from_text,
    content_id,
    guess_title,
    iter_jsonl,
    read_article,
    read_articles,
)
from mapapp.models import Article
from tests.helpers import SEEDS_DIR

SEEDS = SEEDS_DIR
SEED = SEEDS / "000_a331eced11eb70ce.txt"

RECORD = {
    "id": "n1",
    "title": "Floods hit Dhaka",
    "date": "2020-07-01",
    "url": "https://example.org/a",
    "text": "Heavy rain flooded streets in Dhaka on Tuesday.",
}


def test_seed_file_date_and_body() -> None:
    article = read_article(SEED)
    assert article.date == dt.date(2018, 9, 18)
    assert article.text.startswith("Russia and Israel risked a military confrontation")
    assert "date 2018" not in article.text
    assert article.title == ""  # the first line is a sentence, not a headline
    assert article.id == content_id(article.text)
    assert article.source_path == str(SEED)


def test_seed_directory_yields_the_seed() -> None:
    items = list(read_articles(SEEDS))
    assert [type(item) for item in items] == [Article]
    assert items[0] == read_article(SEED)


@pytest.mark.parametrize(
    ("text", "date", "body"),
    [
        (" date 2018-09-18 Russia and Israel clashed.", dt.date(2018, 9, 18), "Russia and Israel clashed."),
        ("\n\tdate 2020-1-5 Floods.", dt.date(2020, 1, 5), "Floods."),
        ("date night ideas in Paris.", None, "date night ideas in Paris."),
        ("Floods in Dhaka.\r\nMore rain.", None, "Floods in Dhaka.\nMore rain."),
    ],
)
def test_article_from_text_seed_prefix(text: str, date: dt.date | None, body: str) -> None:
    article = article_from_text(text)
    assert (article.date, article.text) == (date, body)


def test_explicit_date_wins_over_seed_prefix() -> None:
    article = article_from_text("date 2018-09-18 Body.", date=dt.date(2019, 1, 1))
    assert (article.date, article.text) == (dt.date(2019, 1, 1), "Body.")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Floods hit Dhaka\nHeavy rain flooded streets.", "Floods hit Dhaka"),
        ("Floods hit Dhaka.\nHeavy rain flooded streets.", ""),
        ("Floods hit Dhaka", ""),  # nothing follows: the line is the body
        ("x" * 201 + "\nbody", ""),
    ],
)
def test_guess_title(text: str, title: str) -> None:
    assert guess_title(text) == title


def test_content_id_is_stable_and_short() -> None:
    assert content_id("Floods in Dhaka.") == "a4e0e5acb1c45b93"
    assert content_id("Floods in Dhaka!") != content_id("Floods in Dhaka.")


def test_txt_with_bom_and_no_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfFloods hit Dhaka\nHeavy rain in Dhaka.\n")
    article = read_article(path)
    assert (article.date, article.title, article.text) == (
        None,
        "Floods hit Dhaka",
        "Floods hit Dhaka\nHeavy rain in Dhaka.",
    )


def test_json_one_object(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    article = read_article(path)
    assert article == Article(
        id="n1",
        title="Floods hit Dhaka",
        date=dt.date(2020, 7, 1),
        url="https://example.org/a",
        text=RECORD["text"],
        source_path=str(path),
    )


def test_record_without_id_gets_content_id() -> None:
    article = article_from_record({"text": "Floods in Dhaka."}, where="x")
    assert (article.id, article.date, article.url) == ("a4e0e5acb1c45b93", None, "")


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("2016-12-19", dt.date(2016, 12, 19)),
        ("7 December 2016 GMT", dt.date(2016, 12, 7)),  # TR-News style
        ("Dec 13, 2016 4:55 PM ET", dt.date(2016, 12, 13)),  # the writer's own day, not UTC's
        ("Tue, 13 Dec 2016 23:55:00 -0500", dt.date(2016, 12, 13)),  # RFC 2822, as RSS writes it
        ("2016-12-13T23:55:00-05:00", dt.date(2016, 12, 13)),
    ],
)
def test_record_dates_as_news_feeds_write_them(raw: str, date: dt.date) -> None:
    article = article_from_record({"text": "Floods in Dhaka.", "date": raw}, where="feed.jsonl:7")
    assert (article.date, article.warnings) == (date, ())


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        ("2018-13-45", "feed.jsonl:7: cannot read the date '2018-13-45': stored undated"),
        ("sometime soon", "feed.jsonl:7: cannot read the date 'sometime soon': stored undated"),
        ("1 January 10000", "feed.jsonl:7: cannot read the date '1 January 10000': stored undated"),
        ("0001-01-01", "feed.jsonl:7: cannot read the date '0001-01-01': stored undated"),
        (20180918, "feed.jsonl:7: field 'date' is a int, not a date string: stored undated"),
    ],
)
def test_unreadable_record_date_keeps_the_article_undated(raw: object, warning: str) -> None:
    article = article_from_record({"text": "Floods in Dhaka.", "date": raw}, where="feed.jsonl:7")
    assert (article.text, article.date, article.warnings) == ("Floods in Dhaka.", None, (warning,))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "no text"}, "'text' is missing"),
        ({"text": "   "}, "'text' is empty"),
        ({"text": "ok", "title": ["a"]}, "'title' must be a string"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
)
def test_bad_records(record: object, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        article_from_record(record, where="f.jsonl:7")  # type: ignore[arg-type]


def test_html_extraction(tmp_path: Path) -> None:
    paragraph = "Heavy rain flooded streets in Dhaka, Bangladesh on Tuesday. " * 4
    html = (
        "<html><head><title>Floods hit Dhaka</title>"
        '<meta property="article:published_time" content="2020-07-01">'
        '<link rel="canonical" href="https://example.org/a"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Floods hit Dhaka</h1>"
        f"<p>{paragraph}</p><p>Officials in Chittagong expect more rain.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Floods hit Dhaka"
    assert article.date == dt.date(2020, 7, 1)
    assert article.url == "https://example.org/a"
    assert "Chittagong" in article.text
    assert "Sport" not in article.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte at offset 8"),
        ("latin1.txt", "Zaïre floods".encode("latin-1"), "not valid UTF-8 at byte offset 2"),
        ("baddate.txt", b"date 2018-13-45 Floods in Dhaka.", "cannot read the date '2018-13-45'"),
        ("bad.json", b'{"text": "x",', "bad.json:1: invalid JSON"),
        ("list.json", b'["x"]', "expected a JSON object"),
        ("a.pdf", b"%PDF-1.4", "unsupported suffix '.pdf'"),
        ("many.jsonl", b'{"text": "x"}\n', "use read_articles"),
    ],
)
def test_bad_files_raise_naming_the_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as info:
        read_article(path)
    assert name in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="nothere.txt: cannot read"):
        read_article(tmp_path / "nothere.txt")


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Floods in Dhaka. " * 10, encoding="utf-8")
    with pytest.raises(ArticleError, match="big.txt: file is 170 bytes, more than the 100-byte limit"):
        read_article(path, max_bytes=100)
    assert read_article(path, max_bytes=170).text.startswith("Floods")


def test_read_articles_yields_error_for_bad_single_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    (item,) = read_articles(path)
    assert isinstance(item, ArticleError)


def test_jsonl_continues_past_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Floods in Dhaka."}),
        '{"id": "b", "text": "unterminated',
        "",
        json.dumps({"id": "c", "text": "Storm in Manila.", "date": "2018-13-45"}),
        json.dumps({"id": "d", "text": "Quake in Lima.", "date": "2021-02-03"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles(path))
    assert len(items) == 4  # the blank line 3 is skipped
    good = [item for item in items if isinstance(item, Article)]
    bad = [str(item) for item in items if isinstance(item, ArticleError)]
    assert [a.id for a in good] == ["a", "c", "d"]
    assert (good[1].date, good[1].warnings) == (
        None,
        (f"{path}:4: cannot read the date '2018-13-45': stored undated",),
    )
    assert good[2].date == dt.date(2021, 2, 3)
    assert bad == [bad[0]] and bad[0].startswith(f"{path}:2: invalid JSON")


def test_jsonl_line_cap_and_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        b'{"text": "'
        + b"x" * 500
        + b'"}\n'
        + '{"text": "Zaïre"}\n'.encode("latin-1")
        + b'{"text": "Quake in Lima."}\n'
    )
    items = list(iter_jsonl(path, max_bytes=100))
    assert "batch.jsonl:1: line is more than the 100-byte limit" in str(items[0])
    assert "batch.jsonl:2: not valid UTF-8 at byte offset 12" in str(items[1])
    assert isinstance(items[2], Article) and items[2].text == "Quake in Lima."


# -- input built to break the reader (red-team pass): each is the record's failure -----------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000, "JSON nested too deeply to read"),
        ('{"a":' * 50_000, "JSON nested too deeply to read"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "JSON value cannot be read"),
        ('{"text": "Floods \\ud800 in Dhaka."}', "field 'text': contains a lone surrogate"),
        ('{"text": "Floods in Dhaka.", "title": "a\\u0000b"}', "field 'title': contains NUL characters"),
        (
            '{"text": "Floods in Dhaka.", "url": "https://x.org/\\u0000"}',
            "field 'url': contains NUL characters",
        ),
        ('{"text": "Floods in Dhaka.", "id": "n\\u0000"}', "field 'id': contains NUL characters"),
    ],
)
def test_hostile_jsonl_lines_fail_alone_and_the_file_goes_on(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        line + "\n" + json.dumps({"id": "ok", "text": "Storm in Manila."}) + "\n", encoding="utf-8"
    )
    bad, good = list(read_articles(path))
    assert isinstance(bad, ArticleError) and str(bad).startswith(f"{path}:1: ") and reason in str(bad)
    assert isinstance(good, Article) and good.id == "ok"


def test_deeply_nested_json_file_is_its_own_failure(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    (item,) = list(read_articles(path))
    assert isinstance(item, ArticleError) and str(item) == f"{path}: JSON nested too deeply to read"
