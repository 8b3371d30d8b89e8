"""The time-expression rules :mod:`mapapp.text.timex` applies: patterns and resolvers.

Each rule is ``(name, compiled pattern, resolver)``; a resolver turns a match
and the article date into ``(date, precision)`` or ``None``. :data:`RULES`
lists them most specific first: an earlier rule's match wins an overlap.
The conventions they follow are described in :mod:`mapapp.text.timex`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from mapapp.models import TIME_DAY, TIME_MONTH_OR_MORE, TIME_WEEK
from mapapp.text.lexicon import SMALL_NUMBERS

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    **{word: value for word, value in SMALL_NUMBERS.items() if 1 <= value <= 12},
    "a couple of": 2,
    "a few": 3,
    "several": 4,
}

# Month names are matched case-sensitively (capitalised) so that the verbs
# "may" and "march" are not read as months; "May" alone needs a preposition.
_MONTH_RE = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
# A day and month followed by a number that is no year we read ("1 January
# 10000") is not dated at all: taking the article's year would make a wrong exact day.
_NO_YEAR = r"(?!,?\s*\d)"
_DAY_RE = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19[0-9]{2}|20[0-9]{2})"
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER_RE = (
    r"(?:\d{1,2}|a couple of|a few|several|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve|an?)"
)


_Resolver = Callable[[re.Match[str], "dt.date | None"], "tuple[dt.date, int] | None"]


def _clamp(day: dt.date, article_date: dt.date | None) -> dt.date:
    """``day``, or the article date if ``day`` would be after it."""
    return min(day, article_date) if article_date is not None else day


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_num(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _latest_month(month: int, article_date: dt.date) -> int:
    """The year of the most recent ``month`` not after the article date."""
    return article_date.year if month <= article_date.month else article_date.year - 1


def _month_mid(year: int, month: int, article_date: dt.date | None) -> dt.date:
    return _clamp(dt.date(year, month, 15), article_date)


def _weekday(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    target = _WEEKDAYS.index(m.group("wd").lower())
    back = (ad.weekday() - target) % 7
    if m.group("last") and back <= 1:
        # a writer would say "today" or "yesterday": "last Thursday" in a
        # Thursday or Friday article is the Thursday of the week before
        back += 7
    return ad - dt.timedelta(days=back), TIME_DAY


def _offset_days(days: int, precision: int) -> _Resolver:
    def resolve(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
        return (ad - dt.timedelta(days=days), precision) if ad else None

    return resolve


def _last_week(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    monday = ad - dt.timedelta(days=ad.weekday() + 7)
    return monday + dt.timedelta(days=3), TIME_WEEK


def _this_week(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    monday = ad - dt.timedelta(days=ad.weekday())
    last = max(monday, ad - dt.timedelta(days=1))  # "earlier": before today
    return monday + (last - monday) // 2, TIME_WEEK


def _weekend(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    back = (ad.weekday() - 5) % 7  # most recent Saturday on or before
    return ad - dt.timedelta(days=back), TIME_WEEK


def _last_month(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    first = ad.replace(day=1) - dt.timedelta(days=1)
    return first.replace(day=15), TIME_MONTH_OR_MORE


def _this_month(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    return ad.replace(day=max(1, (ad.day + 1) // 2)), TIME_MONTH_OR_MORE


def _this_year(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    jan1 = dt.date(ad.year, 1, 1)
    return jan1 + (ad - jan1) // 2, TIME_MONTH_OR_MORE


def _last_year(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    return (dt.date(ad.year - 1, 7, 1), TIME_MONTH_OR_MORE) if ad else None


def _ago(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else _NUMBERS[raw]
    unit = m.group("unit").lower().rstrip("s")
    vague = raw in ("a few", "several", "a couple of")
    if unit == "day":
        return ad - dt.timedelta(days=n), TIME_WEEK if vague or n > 3 else TIME_DAY
    if unit == "week":
        return ad - dt.timedelta(weeks=n), TIME_WEEK
    if unit == "month":
        month_index = ad.year * 12 + ad.month - 1 - n
        year, month = divmod(month_index, 12)
        return dt.date(year, month + 1, min(ad.day, 28)), TIME_MONTH_OR_MORE
    return dt.date(ad.year - n, ad.month, min(ad.day, 28)), TIME_MONTH_OR_MORE


def _iso(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    day = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return (day, TIME_DAY) if day else None


def _numeric(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    day = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return (day, TIME_DAY) if day else None


def _day_month(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    month, day_num = _month_num(m.group("mon")), _day_num(m.group("d"))
    if m.group("y"):
        day = _safe_date(int(m.group("y")), month, day_num)
        return (day, TIME_DAY) if day else None
    if ad is None:
        return None
    day = _safe_date(ad.year, month, day_num)
    if day is not None and day > ad:
        day = _safe_date(ad.year - 1, month, day_num)
    return (day, TIME_DAY) if day else None


def _month_year(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    return _month_mid(int(m.group("y")), _month_num(m.group("mon")), ad), TIME_MONTH_OR_MORE


def _month_only(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    month = _month_num(m.group("mon"))
    return _month_mid(_latest_month(month, ad), month, ad), TIME_MONTH_OR_MORE


def _ordinal_day(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    if ad is None:
        return None
    day_num = _day_num(m.group("d"))
    month_start = ad.replace(day=1)
    for _ in range(3):  # "on the 31st" in early March is 31 January
        day = _safe_date(month_start.year, month_start.month, day_num)
        if day is not None and day <= ad:
            return day, TIME_DAY
        month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
    return None


def _year(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    year = int(m.group("y"))
    if ad is not None and year > ad.year:
        return None  # "by 2030" is a target, not when something happened
    return _clamp(dt.date(year, 7, 1), ad), TIME_MONTH_OR_MORE


def _same_day(m: re.Match[str], ad: dt.date | None) -> tuple[dt.date, int] | None:
    return (ad, TIME_DAY) if ad else None


_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
RULES: tuple[tuple[str, re.Pattern[str], _Resolver], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE), resolver)
    for name, pattern, resolver in (
        ("iso_date", r"\b(?P<y>" + _YEAR_RE + r")-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b", _iso),
        (
            "numeric_date",
            r"(?<![\d/.])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>" + _YEAR_RE + r")\b",
            _numeric,
        ),
        (
            "day_month",
            r"\b(?P<d>" + _DAY_RE + r")\s+(?:of\s+)?(?P<mon>" + _MONTH_RE + r")"
            r"(?:,?\s+(?P<y>" + _YEAR_RE + r")\b|" + _NO_YEAR + ")",
            _day_month,
        ),
        (
            "month_day",
            r"(?P<mon>" + _MONTH_RE + r")\s+(?P<d>" + _DAY_RE + r")\b(?!\s*(?:%|per|km|miles))"
            r"(?:,?\s+(?P<y>" + _YEAR_RE + r")\b|" + _NO_YEAR + ")",
            _day_month,
        ),
        ("month_year", r"(?P<mon>" + _MONTH_RE + r")(?:,|\s+of)?\s+(?P<y>" + _YEAR_RE + r")\b", _month_year),
        (
            "month_name",
            r"(?:\b(?:in|since|during|on|from|until|by|last|this|of)\s+(?:(?:early|late|mid-?)\s*)?"
            r"|\b(?:early|late)\s+|\bmid-?)(?P<mon>" + _MONTH_RE + r")(?!\s*\d)",
            _month_only,
        ),
        ("ordinal_day", r"\bon\s+the\s+(?P<d>(?:[12][0-9]|3[01]|[1-9])(?:st|nd|rd|th))\b", _ordinal_day),
        (
            "weekday",
            r"(?<!next )(?<!coming )(?<!following )(?<!Good )(?<!Black )(?<!Super )(?<!Ash )(?<!Cyber )"
            r"\b(?P<last>last\s+)?(?:(?:early|late)\s+)?(?P<wd>" + _WEEKDAY_RE + r")"
            r"(?!\s+(?-i:Times|Telegraph|Mirror|Express|Post|Herald|Star|Mail))(?:'s)?"
            + _PART
            + r"\b(?!\s+(?:week|next))",
            _weekday,
        ),
        ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", _same_day),
        ("yesterday", r"\byesterday" + _PART + r"\b", _offset_days(1, TIME_DAY)),
        ("last_night", r"\blast\s+night\b", _offset_days(1, TIME_DAY)),
        ("overnight", r"\bovernight\b", _offset_days(1, TIME_DAY)),
        ("ago", r"\b(?P<n>" + _NUMBER_RE + r")\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _ago),
        ("last_week", r"\b(?:last|past|previous)\s+week\b", _last_week),
        ("this_week", r"\b(?:earlier\s+)?this\s+week\b", _this_week),
        ("weekend", r"\b(?:last|this|over\s+the|at\s+the|on\s+the)\s+weekend\b", _weekend),
        ("last_month", r"\b(?:last|past|previous)\s+month\b", _last_month),
        ("this_month", r"\b(?:earlier|early)\s+this\s+month\b", _this_month),
        ("this_year", r"\b(?:earlier|early)\s+this\s+year\b", _this_year),
        ("last_year", r"\blast\s+year\b", _last_year),
        (
            "year",
            r"\b(?:in|since|during|from|of|throughout)\s+(?:(?:early|late|mid-?)\s*)?"
            r"(?P<y>" + _YEAR_RE + r")\b(?!s\b|[-–/]|\s+to\s+\d)",
            _year,
        ),
    )
)
