"""What the sidebar asks for, as a pure record the store can answer (no streamlit).

The date widget returns a 2-tuple once a range is picked, a 1-tuple while
the user has clicked only the start day, and possibly an empty tuple when
cleared; :func:`date_bounds` turns all of those into store bounds. A range
that covers the whole stored span is sent as "no date filter", so undated
incidents stay visible until the user narrows the dates.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from mapapp.store import Filters
from mapapp.store.query import Undated


@dataclass(frozen=True, slots=True)
class FilterState:
    """The sidebar's filters; ``None`` or empty means "any".

    ``event_types`` are event codes; place mentions (kind ``mention``) are
    not incidents and are left out unless ``show_mentions`` is set, and
    then shown whatever types are picked (the type filter is for events).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    event_types: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None
    source: str | None = None
    text: str | None = None
    show_mentions: bool = False
    undated: Undated = "auto"

    def filters(self) -> Filters:
        """The store's :class:`~mapapp.store.query.Filters` for what is shown.

        Blank text, no country and no event type all mean "any"; events only
        unless mentions are switched on.

        >>> FilterState(text="  ", country="").filters() == Filters(kind="event")
        True
        >>> chosen = FilterState(event_types=("airstrike",), text=" Latakia ").filters()
        >>> chosen.text, chosen.event_types, chosen.kind
        ('Latakia', ('airstrike',), 'event')
        >>> both = FilterState(event_types=("airstrike",), show_mentions=True).filters()
        >>> both.event_types, both.kind
        (('airstrike', 'mention'), None)
        >>> FilterState(show_mentions=True).filters() == Filters()
        True
        >>> FilterState(undated="include").filters().undated, FilterState(since=dt.date(2018, 9, 1), undated="include").filters().undated
        ('auto', 'include')
        """
        if not self.show_mentions:
            return self._filters(kind="event", event_types=self.event_types or None)
        types = (*self.event_types, "mention") if self.event_types else None
        return self._filters(kind=None, event_types=types)

    def mention_filters(self) -> Filters:
        """The place mentions matching the other filters (what the switch would add).

        >>> found = FilterState(event_types=("airstrike",), country="SY", admin1="Latakia").mention_filters()
        >>> found.kind, found.event_types, found.country, found.admin1
        ('mention', None, 'SY', 'Latakia')
        """
        return self._filters(kind="mention", event_types=None)

    def _filters(self, *, kind: str | None, event_types: tuple[str, ...] | None) -> Filters:
        text = (self.text or "").strip()
        # Without date bounds "include" is "auto": one cache key for one set of incidents.
        bounded = self.since is not None or self.until is not None
        undated = self.undated if bounded or self.undated == "only" else "auto"
        return Filters(
            since=self.since,
            until=self.until,
            country=self.country or None,
            admin1=self.admin1 or None,
            source=self.source or None,
            text=text or None,
            event_types=event_types,
            kind=kind,
            undated=undated,
        )


def dates_key(full: tuple[dt.date, dt.date]) -> str:
    """The date range widget's key: it follows the stored span, so a new span (an upload) resets it.

    >>> dates_key((dt.date(2018, 9, 17), dt.date(2018, 9, 18)))
    'dates-2018-09-17-2018-09-18'
    """
    return f"dates-{full[0]}-{full[1]}"


def date_bounds(value: Any, *, full: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    """Store bounds ``(since, until)`` from a range ``st.date_input`` value.

    Parameters
    ----------
    value
        A date, or a tuple of 0, 1 or 2 dates (1 while the user is mid-pick).
    full
        The stored ``(first, last)`` incident dates, or ``None`` if no
        incident is dated.

    Returns
    -------
    tuple
        ``(since, until)``; an end equal to the stored extreme (or beyond
        it) becomes ``None`` so undated incidents are not dropped by a
        range that filters nothing.

    Examples
    --------
    >>> full = (dt.date(2018, 9, 17), dt.date(2018, 9, 18))
    >>> date_bounds(full, full=full)
    (None, None)
    >>> date_bounds((dt.date(2018, 9, 18),), full=full)
    (datetime.date(2018, 9, 18), None)
    >>> date_bounds((dt.date(2018, 9, 18), dt.date(2018, 9, 18)), full=full)
    (datetime.date(2018, 9, 18), None)
    """
    if isinstance(value, dt.date):
        picked: tuple[Any, ...] = (value, value)
    elif isinstance(value, (tuple, list)):
        picked = tuple(v for v in value if isinstance(v, dt.date))
    else:
        picked = ()
    if not picked:
        return None, None
    start = picked[0]
    end = picked[1] if len(picked) > 1 else None  # mid-pick: open-ended until the 2nd click
    if end is not None and end < start:
        start, end = end, start
    if full is not None:
        if start <= full[0]:
            start = None
        if end is not None and end >= full[1]:
            end = None
    return start, end


def resolve_country(
    text: str | None, *, stored: Collection[str], named: Callable[[str], Collection[str]]
) -> str | None:
    """The stored country code ``text`` stands for: a code, or a name or alias ``named`` knows.

    ``None`` when ``text`` is blank, names no stored country, or names several.

    >>> named = {"britain": {"GB"}, "congo": {"CD", "CG"}}.get
    >>> stored = {"GB", "CD", "CG", "TR"}
    >>> [resolve_country(t, stored=stored, named=lambda t: named(t.lower(), ()))
    ...  for t in ("tr", "Britain", "Congo", "Narnia", " ")]
    ['TR', 'GB', None, None, None]
    """
    text = (text or "").strip()
    if not text:
        return None
    if text.upper() in stored:
        return text.upper()
    found = sorted(set(named(text)) & set(stored))
    return found[0] if len(found) == 1 else None


def script_args() -> list[str]:
    """The arguments given to the Streamlit script (``sys.argv[1:]``)."""
    return list(sys.argv[1:])
