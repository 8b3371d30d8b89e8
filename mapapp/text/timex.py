"""Time expressions in a sentence, resolved against the article date.

Conventions (ACLED-like, see :mod:`mapapp.models` for the precision levels):

* Relative expressions ("on Monday", "yesterday", "last week", "in March")
  are read as *past*: they never resolve to a day after the article date,
  and without an article date they resolve to nothing. Future-only
  expressions ("tomorrow", "next week") are ignored.
* A weekday is the most recent such day on or before the article date, so
  "on Tuesday" in a Tuesday article is the article date itself.
  "last Friday" is strictly before the article date and never the day
  before it (the writer would have said "yesterday"): a week earlier.
* Vague spans are represented by their **midpoint**, clamped to the article
  date: "last week" is the Thursday of the previous Monday-Sunday week
  (``TIME_WEEK``); "in March"/"last month" the 15th (``TIME_MONTH_OR_MORE``);
  "in 2015"/"since 2015"/"last year" July 1 (``TIME_MONTH_OR_MORE``).
* "overnight" and "last night" are the day before the article date: the
  night began then.
* Numeric dates are day-first ("17/09/2018" is 17 September), as in most
  of the world's press; ISO dates ("2018-09-17") are read as such.
* "recently", "in recent years", "in the last few years" are not dates.

When a sentence holds several expressions, the most precise wins and, among
equals, the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mapapp.models import TIME_WEEK
from mapapp.text.timex_rules import RULES as _RULES


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date found in (or assumed for) a sentence.

    ``text``/``start``/``end`` locate the expression in the sentence (empty
    for :func:`default_date`); ``rule`` names the pattern that matched.
    """

    date: dt.date
    precision: int
    text: str
    start: int
    end: int
    rule: str


def find_dates(sentence: str, *, article_date: dt.date | None) -> tuple[ResolvedDate, ...]:
    """Every time expression in ``sentence`` that resolves, in text order.

    Overlapping matches keep the one found by the earlier (more specific)
    rule, so "Sept. 17, 2018" is one date, not a date plus a year.

    Examples
    --------
    >>> [(r.date.isoformat(), r.rule) for r in find_dates(
    ...     "Clashes since 2015 flared again on Monday.", article_date=dt.date(2018, 9, 18))]
    [('2015-07-01', 'year'), ('2018-09-17', 'weekday')]
    """
    taken: list[tuple[int, int]] = []
    found: list[ResolvedDate] = []
    for name, pattern, resolver in _RULES:
        for m in pattern.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            try:
                resolved = resolver(m, article_date)
            except OverflowError:  # "yesterday" on 0001-01-01: an unknown date, not a crash
                resolved = None
            taken.append((m.start(), m.end()))
            if resolved is None:
                continue
            found.append(
                ResolvedDate(
                    date=resolved[0],
                    precision=resolved[1],
                    text=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    rule=name,
                )
            )
    return tuple(sorted(found, key=lambda r: r.start))


def names_a_time(sentence: str) -> bool:
    """Whether ``sentence`` says when, resolvable or not ("on Wednesday" in an undated article).

    >>> names_a_time("Bassett was arrested on Wednesday."), names_a_time("He was arrested.")
    (True, False)
    """
    return any(pattern.search(sentence) for _, pattern, _ in _RULES)


def resolve_date(sentence: str, *, article_date: dt.date | None) -> ResolvedDate | None:
    """The date a sentence's event happened on, or ``None`` if it names none.

    Examples
    --------
    >>> r = resolve_date("It was hit on Monday evening.", article_date=dt.date(2018, 9, 18))
    >>> (r.date.isoformat(), r.precision, r.text)
    ('2018-09-17', 1, 'Monday evening')
    >>> resolve_date("It happened recently.", article_date=dt.date(2018, 9, 18)) is None
    True
    """
    found = find_dates(sentence, article_date=article_date)
    if not found:
        return None
    return min(found, key=lambda r: (r.precision, r.start))


def default_date(article_date: dt.date | None) -> ResolvedDate | None:
    """The fallback for a sentence without a time expression: the article
    date with week precision (the event happened on or shortly before it).

    Examples
    --------
    >>> default_date(dt.date(2018, 9, 18)).precision
    2
    >>> default_date(None) is None
    True
    """
    if article_date is None:
        return None
    return ResolvedDate(date=article_date, precision=TIME_WEEK, text="", start=0, end=0, rule="article_date")


def iter_rule_names() -> Iterator[str]:
    """The names ``ResolvedDate.rule`` can take (for tests and docs)."""
    yield from (name for name, _, _ in _RULES)
    yield "article_date"
