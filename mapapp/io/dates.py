"""Publication dates as news feeds write them.

ISO dates (``2018-09-18``, ``2018-09-18T06:30:00Z``) are read directly;
everything else ("7 December 2016 GMT", "Dec 13, 2016 4:55 PM ET",
"Tue, 13 Dec 2016 16:55:00 -0500") goes through ``dateparser``, which is slow
to import and so is loaded only for them. The day is the one written, in the
writer's own time zone: converting "11:30 PM ET" to UTC would move the
article to the next day. A date needs a day, month and year; a year outside
:data:`YEARS` is not a publication date ("1 January 10000", "0001-01-01"),
so it is treated as unreadable rather than stored as a wrong exact day.
"""

from __future__ import annotations

import datetime as dt
import re

from mapapp.errors import ArticleError

#: Years a publication date may have.
YEARS = range(1800, 2201)

_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DATEPARSER_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_MAX_CHARS = 100


def read_date(value: str) -> dt.date | None:
    """The calendar day ``value`` names, or ``None`` when it names none.

    >>> read_date("2018-09-18"), read_date("2018-09-18T23:30:00-05:00")
    (datetime.date(2018, 9, 18), datetime.date(2018, 9, 18))
    >>> read_date("7 December 2016 GMT"), read_date("Dec 13, 2016 4:55 PM ET")
    (datetime.date(2016, 12, 7), datetime.date(2016, 12, 13))
    >>> read_date("Tue, 13 Dec 2016 16:55:00 -0500")
    datetime.date(2016, 12, 13)
    >>> read_date("December 2016"), read_date("yesterday"), read_date("0001-01-01"), read_date("2018-02-30")
    (None, None, None, None)
    """
    text = " ".join(value.split())
    if not text or len(text) > _MAX_CHARS:
        return None
    day = _iso_day(text)
    if day is None and not _YMD.fullmatch(text):
        day = _dateparser_day(text)
    return day if day is not None and day.year in YEARS else None


def _iso_day(text: str) -> dt.date | None:
    try:
        if match := _YMD.fullmatch(text):
            return dt.date(*(int(part) for part in match.groups()))
        if _ISO_DATETIME.match(text):
            return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None
    return None


def _dateparser_day(text: str) -> dt.date | None:
    import dateparser  # local: a slow import, needed only for non-ISO dates

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed is not None else None


def parse_date(value: str, *, where: str) -> dt.date:
    """:func:`read_date`, raising :class:`ArticleError` naming ``where`` when it names no day.

    >>> parse_date("2020-1-5", where="x")
    datetime.date(2020, 1, 5)
    >>> parse_date("soon", where="a.json: field 'date'")
    Traceback (most recent call last):
    ...
    mapapp.errors.ArticleError: a.json: field 'date': cannot read the date 'soon'
    """
    day = read_date(value)
    if day is None:
        raise ArticleError(f"{where}: cannot read the date {value!r}")
    return day
