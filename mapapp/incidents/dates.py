"""When an incident happened: the date of its own clause, at the precision the text gives.

A sentence's time expressions (:mod:`mapapp.text.timex`) are resolved against
the article's date; the one in the trigger's clause dates the event, one cut
off from it by "after", "before" ... only bounds it, and a bare year outside
it never dates it. Months and years are kept as such (their first day, with
their precision word), never turned into a made-up day; an event dated well
before its article is history (background), not news.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import get_args

from mapapp.models import TIME_DAY, TIME_MONTH_OR_MORE, TIME_WEEK, DatePrecision, TimePrecision
from mapapp.text.sentences import Sentence
from mapapp.text.timex import ResolvedDate, default_date, find_dates

#: An event that ended this many days before its article is history, not news.
BACKGROUND_DAYS = 30


_OTHER_CLAUSE = re.compile(r"\b(?:after|before|following|since|until|ahead\s+of)\b", re.IGNORECASE)


# The date stage reports precision as a plain int; this turns it into the
# model's Literal type (a value outside it is a bug upstream).
_TIME_PRECISIONS: Mapping[int, TimePrecision] = {p: p for p in get_args(TimePrecision)}


def sentence_date(
    sentence: str,
    *,
    trigger_start: int,
    article_date: dt.date | None,
    clause: tuple[int, int] | None = None,
    filed: int = 0,
) -> tuple[ResolvedDate | None, bool]:
    """The event date of a sentence and whether the sentence states it.

    The most precise expression (first among equals) whose clause holds the
    trigger wins; an expression cut off from the trigger by "after",
    "before" ... only bounds the event and falls back to week precision.
    With the trigger's parsed ``clause`` (sentence offsets), expressions
    outside it only bound the event, and a bare year outside it ("the 1968
    pandemic" told beside a 2010 outbreak) is ignored. Before ``filed``
    (the end of the article's dateline in the sentence) a date says when the
    story was filed, not when its event happened. A sentence with no
    expression is undated (``None``), unless it says the event was recent
    ("recently"): then the article's week.

    Examples
    --------
    >>> import datetime as dt
    >>> r, explicit = sentence_date("It was hit on Monday evening.", trigger_start=7,
    ...                             article_date=dt.date(2018, 9, 18))
    >>> r.date.isoformat(), r.precision, explicit
    ('2018-09-17', 1, True)
    >>> r, explicit = sentence_date("Tension rose on Tuesday after a jet was shot down.",
    ...                             trigger_start=37, article_date=dt.date(2018, 9, 18))
    >>> r.date.isoformat(), r.precision, explicit
    ('2018-09-18', 2, False)
    """
    found = [
        r
        for r in find_dates(sentence, article_date=article_date)
        if r.start >= filed and not _in_utc_aside(sentence, r)
    ]
    applies: list[ResolvedDate] = []
    bounds: list[ResolvedDate] = []
    for r in found:
        outside = clause is not None and not (clause[0] <= r.start and r.end <= clause[1])
        if outside and r.rule == "year":
            continue
        lo, hi = (r.end, trigger_start) if r.end <= trigger_start else (trigger_start, r.start)
        (bounds if outside or _OTHER_CLAUSE.search(sentence, lo, hi) else applies).append(r)
    if applies:
        return min(applies, key=lambda r: (r.precision, r.start)), True
    if bounds:
        bound = min(bounds, key=lambda r: (r.precision, r.start))
        return replace(bound, precision=max(bound.precision, 2), rule=f"{bound.rule}_bound"), False
    if _RECENTLY.search(sentence):
        # "troops were recently sent": the days before the article, as its week
        return default_date(article_date), False
    # no sentence of the story dates it: the publication date says when it was reported,
    # not when it happened
    return None, False


# "at around 6 am (2200 GMT Friday)": the time converted to UTC, not the local day
_UTC_ASIDE = re.compile(r"\([^()]{0,40}\b(?:GMT|UTC)\b[^()]{0,40}\)")


def _in_utc_aside(sentence: str, found: ResolvedDate) -> bool:
    return any(m.start() <= found.start and found.end <= m.end() for m in _UTC_ASIDE.finditer(sentence))


_YEARS_BEFORE = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|several|many)"
    r"\s+(?:years|decades)\s+(?:after|since)\b",
    re.IGNORECASE,
)


def years_before(sentence: str, trigger_start: int) -> bool:
    """Whether the sentence tells its event as the start of a span of years: history.

    >>> years_before("Five years after the earthquake, survivors still live in tents.", 20)
    True
    >>> years_before("Two days after the attack, police arrested a man.", 15)
    False
    """
    return any(m.end() <= trigger_start for m in _YEARS_BEFORE.finditer(sentence, 0, trigger_start))


def event_date(
    sentence: Sentence,
    trigger_start: int,
    *,
    clause: tuple[int, int] | None,
    article_date: dt.date | None,
    filed: int = 0,
) -> tuple[ResolvedDate | None, bool]:
    """:func:`sentence_date` of an article's sentence, given the trigger's ``clause`` and
    the end of the article's dateline (``filed``) as article offsets."""
    start = sentence.start
    return sentence_date(
        sentence.text,
        trigger_start=trigger_start,
        article_date=article_date,
        clause=(clause[0] - start, clause[1] - start) if clause else None,
        filed=filed - start,
    )


_RECENTLY = re.compile(r"\b(?:recently|lately|in\s+recent\s+days)\b", re.IGNORECASE)
_YEAR_RULES = frozenset({"year", "this_year", "last_year"})


def date_fields(resolved: ResolvedDate | None) -> tuple[dt.date | None, TimePrecision, DatePrecision | None]:
    """An incident's date, ACLED time precision and precision word, from its time expression.

    A month or a year is stored as its first day, never as a made-up day
    inside it, and its precision word says which it is.

    >>> import datetime as dt
    >>> from mapapp.text.timex import ResolvedDate
    >>> date_fields(ResolvedDate(dt.date(2015, 7, 1), 3, "in 2015", 0, 7, "year"))
    (datetime.date(2015, 1, 1), 3, 'year')
    >>> date_fields(ResolvedDate(dt.date(2015, 11, 15), 3, "November 2015", 0, 13, "month_year"))
    (datetime.date(2015, 11, 1), 3, 'month')
    >>> date_fields(None)
    (None, 3, None)
    """
    if resolved is None:
        return None, TIME_MONTH_OR_MORE, None
    precision = _TIME_PRECISIONS[resolved.precision]
    if precision == TIME_DAY:
        return resolved.date, precision, "day"
    if precision == TIME_WEEK:
        return resolved.date, precision, "week"
    rule = resolved.rule.removesuffix("_bound")
    if rule in _YEAR_RULES or (rule == "ago" and "year" in resolved.text.lower()):
        return resolved.date.replace(month=1, day=1), precision, "year"
    return resolved.date.replace(day=1), precision, "month"


def latest_named_day(sentences: Sequence[str]) -> dt.date | None:
    """The latest full date (day, month and year) an undated article names: the news it tells is
    no older, so an event dated well before it is history ("The first case turned up in December
    of 2003" in a story that names "Friday, March 10, 2006").

    >>> latest_named_day(["Tests on March 10, 2006 were positive.", "A case in 2003."])
    datetime.date(2006, 3, 10)
    """
    days = [r.date for s in sentences for r in find_dates(s, article_date=None) if r.precision == TIME_DAY]
    return max(days, default=None)


def is_background(date: ResolvedDate | None, article_date: dt.date | None) -> bool:
    """Whether an event's own date puts it well before the article: history, not news.

    A month or a year counts from its last day: "last month" in an article of
    18 September is recent, "in 2015" is not.

    >>> import datetime as dt
    >>> from mapapp.text.timex import ResolvedDate
    >>> old = ResolvedDate(dt.date(2003, 7, 1), 3, "in 2003", 0, 7, "year")
    >>> last_month = ResolvedDate(dt.date(2018, 8, 15), 3, "last month", 0, 10, "last_month")
    >>> is_background(old, dt.date(2016, 5, 1)), is_background(old, None)
    (True, False)
    >>> is_background(last_month, dt.date(2018, 9, 18))
    False
    """
    if date is None or article_date is None:
        return False
    day, _, precision = date_fields(date)
    assert day is not None
    if precision == "year":
        day = day.replace(month=12, day=31)
    elif precision == "month":
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    elif precision == "week":
        day += dt.timedelta(days=6)
    return (article_date - day).days > BACKGROUND_DAYS


def day_in_year(sentence: str, year: int) -> ResolvedDate | None:
    """A month and day the sentence names without a year ("on July 7"), in ``year``.

    An undated article's "on July 7" is a day once a neighbouring sentence of
    the same story gives the year; never another day of that year.

    >>> day_in_year("It was there on July 7 that they were arrested.", 1999).date
    datetime.date(1999, 7, 7)
    >>> day_in_year("They were arrested on Monday.", 1999) is None
    True
    """
    found = find_dates(sentence, article_date=dt.date(year, 12, 31))
    return next((r for r in found if r.rule in ("month_day", "day_month") and r.date.year == year), None)


#: How many sentences after an undated event its story may give the day.
FOLLOW_SENTENCES = 2


def following_day(
    sentences: Sequence[Sentence],
    index: int,
    *,
    events: Collection[int],
    article_date: dt.date | None,
) -> ResolvedDate | None:
    """The day the next sentences give an undated event, when they
    report no event of their own: "One man is dead after a hunting accident. Wildlife
    officers got the call just after eight Sunday morning."

    Only a day counts, and only in a dated article: a bare "last year" further on tells the
    story's background, not this event's day.

    >>> import datetime as dt
    >>> from mapapp.text.sentences import split_sentences
    >>> s = split_sentences("A man died in an accident. Police got the call on Sunday.")
    >>> following_day(s, 0, events={0}, article_date=dt.date(2016, 11, 28)).date
    datetime.date(2016, 11, 27)
    """
    if article_date is None:
        return None
    for j in range(index + 1, min(len(sentences), index + 1 + FOLLOW_SENTENCES)):
        if j in events:
            return None
        days = [
            r for r in find_dates(sentences[j].text, article_date=article_date) if r.precision == TIME_DAY
        ]
        if days:
            return days[0]
    return None
