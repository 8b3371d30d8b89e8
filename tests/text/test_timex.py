"""Tests for mapapp.text.timex: every time expression, hand-checked."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from mapapp.models import TIME_DAY, TIME_MONTH_OR_MORE, TIME_WEEK
from mapapp.text.sentences import split_sentences
from mapapp.text.timex import ResolvedDate, default_date, find_dates, iter_rule_names, resolve_date
from tests.helpers import SEED_PATH

TUE = dt.date(2018, 9, 18)  # the seed article's date, a Tuesday
WED_NEW_YEAR = dt.date(2019, 1, 2)  # a Wednesday, just after a year boundary
SUN_LEAP = dt.date(2020, 3, 1)  # a Sunday, the day after 29 February
SEED = SEED_PATH

D, W, M = TIME_DAY, TIME_WEEK, TIME_MONTH_OR_MORE

# (sentence, article date, expected ISO date, precision, matched text, rule)
CASES = [
    # weekdays: most recent on or before the article date
    (
        "The aircraft was hit on Monday evening as it returned.",
        TUE,
        "2018-09-17",
        D,
        "Monday evening",
        "weekday",
    ),
    ("Russia and Israel risked a confrontation on Tuesday.", TUE, "2018-09-18", D, "Tuesday", "weekday"),
    ("Rebels attacked the town on Friday.", TUE, "2018-09-14", D, "Friday", "weekday"),
    ("A bomb exploded late Sunday night in Kabul.", TUE, "2018-09-16", D, "late Sunday night", "weekday"),
    ("Protesters gathered on Wednesday morning.", TUE, "2018-09-12", D, "Wednesday morning", "weekday"),
    ("Police raided the house last Tuesday.", TUE, "2018-09-11", D, "last Tuesday", "weekday"),
    # the day before would be "yesterday": "last Monday" in a Tuesday article is a week earlier
    ("Police raided the house last Monday.", TUE, "2018-09-10", D, "last Monday", "weekday"),
    ("Police raided the house last Sunday.", TUE, "2018-09-16", D, "last Sunday", "weekday"),
    ("Monday's attack killed four.", TUE, "2018-09-17", D, "Monday's", "weekday"),
    ("Gunmen struck on Friday.", WED_NEW_YEAR, "2018-12-28", D, "Friday", "weekday"),
    ("The flood hit the town on Sunday.", SUN_LEAP, "2020-03-01", D, "Sunday", "weekday"),
    ("The flood hit the town on Monday.", SUN_LEAP, "2020-02-24", D, "Monday", "weekday"),
    # same day / previous day
    ("Clashes broke out today in Gaza.", TUE, "2018-09-18", D, "today", "today"),
    ("Troops will stay there tonight.", TUE, "2018-09-18", D, "tonight", "today"),
    ("A blast shook the city this morning.", TUE, "2018-09-18", D, "this morning", "today"),
    ("Two people were killed yesterday.", TUE, "2018-09-17", D, "yesterday", "yesterday"),
    ("Two people were killed yesterday.", SUN_LEAP, "2020-02-29", D, "yesterday", "yesterday"),
    ("Shelling resumed yesterday afternoon.", TUE, "2018-09-17", D, "yesterday afternoon", "yesterday"),
    ("Jets struck the port last night.", TUE, "2018-09-17", D, "last night", "last_night"),
    ("Heavy rain fell overnight.", TUE, "2018-09-17", D, "overnight", "overnight"),
    # weeks: midpoint conventions (see module docstring)
    ("Officials met earlier this week.", TUE, "2018-09-17", W, "earlier this week", "this_week"),
    ("Officials met earlier this week.", SUN_LEAP, "2020-02-26", W, "earlier this week", "this_week"),
    ("Five were arrested last week.", TUE, "2018-09-13", W, "last week", "last_week"),
    ("Five were arrested last week.", WED_NEW_YEAR, "2018-12-27", W, "last week", "last_week"),
    ("Riots broke out over the weekend.", TUE, "2018-09-15", W, "over the weekend", "weekend"),
    ("It was seized two days ago.", TUE, "2018-09-16", D, "two days ago", "ago"),
    ("It was seized a few days ago.", TUE, "2018-09-15", W, "a few days ago", "ago"),
    ("The base was hit three weeks ago.", TUE, "2018-08-28", W, "three weeks ago", "ago"),
    ("The dam burst two months ago.", TUE, "2018-07-18", M, "two months ago", "ago"),
    # months
    ("Floods hit the region last month.", TUE, "2018-08-15", M, "last month", "last_month"),
    ("Floods hit the region last month.", WED_NEW_YEAR, "2018-12-15", M, "last month", "last_month"),
    ("The town fell in March.", TUE, "2018-03-15", M, "in March", "month_name"),
    ("The town fell in October.", TUE, "2017-10-15", M, "in October", "month_name"),
    ("The town fell in September.", TUE, "2018-09-15", M, "in September", "month_name"),
    ("The town fell in December.", WED_NEW_YEAR, "2018-12-15", M, "in December", "month_name"),
    ("Fighting resumed in May.", TUE, "2018-05-15", M, "in May", "month_name"),
    ("A cyclone struck in mid-August.", TUE, "2018-08-15", M, "in mid-August", "month_name"),
    ("The strike began in March 2017.", TUE, "2017-03-15", M, "March 2017", "month_year"),
    ("Talks failed in September of 2016.", TUE, "2016-09-15", M, "September of 2016", "month_year"),
    ("Several were hurt early this month.", TUE, "2018-09-09", M, "early this month", "this_month"),
    ("The drought began earlier this year.", TUE, "2018-05-11", M, "earlier this year", "this_year"),
    # years: July 1, clamped to the article date
    ("Moscow intervened in the conflict in 2015.", TUE, "2015-07-01", M, "in 2015", "year"),
    ("The war has raged since 2015.", TUE, "2015-07-01", M, "since 2015", "year"),
    ("The camp opened in early 2015.", TUE, "2015-07-01", M, "in early 2015", "year"),
    ("Prices rose sharply in 2018.", dt.date(2018, 3, 5), "2018-03-05", M, "in 2018", "year"),
    ("The port was bombed last year.", TUE, "2017-07-01", M, "last year", "last_year"),
    ("The port was bombed two years ago.", TUE, "2016-09-18", M, "two years ago", "ago"),
    # explicit dates
    ("The attack happened on September 17.", TUE, "2018-09-17", D, "September 17", "month_day"),
    ("The attack happened on September 25.", TUE, "2017-09-25", D, "September 25", "month_day"),
    ("It was reported on 17 September 2018.", TUE, "2018-09-17", D, "17 September 2018", "day_month"),
    ("It was reported on 3rd of September.", TUE, "2018-09-03", D, "3rd of September", "day_month"),
    ("It was reported on Sept. 17, 2018 by AP.", TUE, "2018-09-17", D, "Sept. 17, 2018", "month_day"),
    ("It was reported on Jan. 5.", WED_NEW_YEAR, "2018-01-05", D, "Jan. 5", "month_day"),
    ("Filed 2018-09-17 by the bureau.", TUE, "2018-09-17", D, "2018-09-17", "iso_date"),
    ("Filed 17/09/2018 by the bureau.", TUE, "2018-09-17", D, "17/09/2018", "numeric_date"),
    ("Filed 05.04.2018 by the bureau.", TUE, "2018-04-05", D, "05.04.2018", "numeric_date"),
    ("The convoy was ambushed on the 17th.", TUE, "2018-09-17", D, "on the 17th", "ordinal_day"),
    ("The convoy was ambushed on the 20th.", TUE, "2018-08-20", D, "on the 20th", "ordinal_day"),
    ("The convoy was ambushed on the 29th.", SUN_LEAP, "2020-02-29", D, "on the 29th", "ordinal_day"),
    (
        "The convoy was ambushed on the 31st.",
        dt.date(2018, 3, 5),
        "2018-01-31",
        D,
        "on the 31st",
        "ordinal_day",
    ),
    # several expressions: the most precise wins, then the first
    ("Clashes since 2015 flared again on Monday.", TUE, "2018-09-17", D, "Monday", "weekday"),
    ("Last week's raid and Friday's blast were linked.", TUE, "2018-09-14", D, "Friday's", "weekday"),
    # absolute dates resolve without an article date
    ("It was reported on 17 September 2018.", None, "2018-09-17", D, "17 September 2018", "day_month"),
    ("Moscow intervened in the conflict in 2015.", None, "2015-07-01", M, "in 2015", "year"),
]


@pytest.mark.parametrize(("sentence", "article_date", "expected", "precision", "text", "rule"), CASES)
def test_resolve_date(
    sentence: str, article_date: dt.date | None, expected: str, precision: int, text: str, rule: str
) -> None:
    got = resolve_date(sentence, article_date=article_date)
    assert got is not None
    assert (got.date.isoformat(), got.precision, got.text, got.rule) == (expected, precision, text, rule)
    assert sentence[got.start : got.end] == got.text


NONE_CASES = [
    ("It happened recently.", TUE),
    ("Israel has carried out 200 attacks in the last few years.", TUE),
    ("The cost has risen over the last few years.", TUE),
    ("Talks resume tomorrow.", TUE),
    ("Talks resume next Monday.", TUE),
    ("The plant will close by 2030.", TUE),
    ("The town was founded in the 1990s.", TUE),
    ("It was signed on 31 February 2018.", TUE),
    ("Officials said they may march to parliament.", TUE),
    ("Shops were packed on Black Friday.", TUE),
    ("The Sunday Times reported the raid.", TUE),
    ("The aircraft with 15 people onboard was hit 22 miles off the coast.", TUE),
    ("No time is given in this sentence.", TUE),
    # relative expressions need an article date
    ("The aircraft was hit on Monday evening.", None),
    ("Two people were killed yesterday.", None),
    ("The attack happened on September 17.", None),
    ("Five were arrested last week.", None),
    ("The town fell in March.", None),
]


@pytest.mark.parametrize(("sentence", "article_date"), NONE_CASES)
def test_no_date(sentence: str, article_date: dt.date | None) -> None:
    assert resolve_date(sentence, article_date=article_date) is None


def test_every_rule_is_tested() -> None:
    tested = {case[-1] for case in CASES} | {"article_date"}
    assert tested == set(iter_rule_names())


RELATIVE = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last Sunday",
    "earlier this week",
    "last week",
    "over the weekend",
    "last month",
    "in January",
    "in September",
    "in December",
    "on the 31st",
    "on the 1st",
    "September 30",
    "yesterday",
    "early this month",
    "earlier this year",
    "in 2017",
]


@pytest.mark.parametrize("expression", RELATIVE)
def test_relative_never_after_article_date(expression: str) -> None:
    for offset in range(0, 400, 3):
        article_date = dt.date(2017, 12, 1) + dt.timedelta(days=offset)
        got = resolve_date(f"It happened {expression}.", article_date=article_date)
        assert got is not None, (expression, article_date)
        assert got.date <= article_date, (expression, article_date, got)


def test_find_dates_keeps_text_order_and_no_overlap() -> None:
    got = find_dates(
        "On Sept. 17, 2018, a day after clashes in 2015-style riots, on Monday", article_date=TUE
    )
    assert [r.text for r in got] == ["Sept. 17, 2018", "Monday"]


def test_default_date() -> None:
    assert default_date(TUE) == ResolvedDate(
        date=TUE, precision=TIME_WEEK, text="", start=0, end=0, rule="article_date"
    )
    assert default_date(None) is None


def _seed_sentences() -> tuple[dt.date, list[str]]:
    raw = SEED.read_text(encoding="utf-8")
    header = re.match(r"\s*date\s+(\d{4}-\d\d-\d\d)\s+", raw)
    assert header is not None
    return dt.date.fromisoformat(header.group(1)), [s.text for s in split_sentences(raw[header.end() :])]


@pytest.mark.parametrize(
    ("prefix", "expected", "precision"),
    [
        ("The aircraft was hit 22 miles", "2018-09-17", D),
        ("Russia and Israel risked a military confrontation", "2018-09-18", D),
        ("However, the latest incident marks", "2015-07-01", M),
        ("A general view shows Russian fighter jets", "2016-07-01", M),
    ],
)
def test_seed_article_dates(prefix: str, expected: str, precision: int) -> None:
    article_date, sentences = _seed_sentences()
    assert article_date == TUE
    (sentence,) = [s for s in sentences if s.startswith(prefix)]
    got = resolve_date(sentence, article_date=article_date)
    assert got is not None
    assert (got.date.isoformat(), got.precision) == (expected, precision)


@pytest.mark.parametrize(
    "prefix",
    [
        "Israel has carried out more than 200 attacks",
        "Russian troops were recently sent",
        "Russia's defence ministry said that Israeli F-16 pilots",
    ],
)
def test_seed_sentences_without_dates(prefix: str) -> None:
    article_date, sentences = _seed_sentences()
    (sentence,) = [s for s in sentences if s.startswith(prefix)]
    assert resolve_date(sentence, article_date=article_date) is None


@pytest.mark.parametrize("text", ["1/1/" * 5000, "on the " * 3000, "September " * 2000, "a " * 10000])
def test_hostile_text_is_fast(text: str) -> None:
    started = time.perf_counter()
    find_dates(text, article_date=TUE)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("text", ["On 1 January 10000 the dam broke.", "On January 1 10000 the dam broke."])
def test_a_year_out_of_range_gives_no_date_not_a_wrong_exact_day(text: str) -> None:
    assert find_dates(text, article_date=dt.date(2020, 5, 5)) == ()


@pytest.mark.parametrize(
    ("sentence", "article_date"),
    [
        ("Two people were killed yesterday.", dt.date(1, 1, 1)),
        ("Fighting began last week.", dt.date(1, 1, 3)),
        ("Floods hit the town last month.", dt.date(1, 1, 20)),
    ],
)
def test_finding10_a_relative_date_before_year_1_is_unknown_not_a_crash(
    sentence: str, article_date: dt.date
) -> None:
    assert find_dates(sentence, article_date=article_date) == ()
    assert resolve_date(sentence, article_date=article_date) is None
