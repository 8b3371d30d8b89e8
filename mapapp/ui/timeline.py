"""The timeline's data: incidents counted per day, week or month by event family (pure, no streamlit).

The chart is a Vega-Lite spec built here as plain JSON (drawn by
``st.vega_lite_chart``, which ships with Streamlit): stacked bars per period
in the map legend's family colours and names, a tooltip with the count and
the event types (human names) of each bar, the current date filter shaded,
and an interval selection (``brush``) over the time axis. A brushed interval
comes back from the browser as two instants; :func:`brushed_range` snaps it
to whole periods. :func:`step_window` moves a date window by one period (the
play control).

An incident is counted in a period only when its date is at least that
precise: one known to a week is on the day and week timelines (at its first
day), one known to a month only on the month timeline, one known to a year
on none (it would be a fake peak on the 1st). :func:`off_timeline` counts
those left out so the page can say so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from mapapp.models import FAMILY_LABELS, Incident
from mapapp.render.popup import date_precision, event_label
from mapapp.render.symbols import FAMILY_SYMBOLS, symbol_key

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
#: The longest span (in days) drawn per day, then per week; longer spans are drawn per month.
AUTO_SPANS: Mapping[Period, int] = MappingProxyType({"day": 92, "week": 2 * 366})
#: Which date precisions each period can place.
_PLACEABLE: Mapping[Period, frozenset[str]] = MappingProxyType(
    {
        "day": frozenset({"day", "week"}),
        "week": frozenset({"day", "week"}),
        "month": frozenset({"day", "week", "month"}),
    }
)
BRUSH = "brush"  # the chart's selection parameter (what the page reads back)


def resolve_period(choice: str, full: tuple[dt.date, dt.date]) -> Period:
    """The period a choice names; ``"auto"`` (or anything else) picks by the span (:func:`choose_period`).

    >>> span = (dt.date(2018, 1, 1), dt.date(2018, 2, 1))
    >>> resolve_period("month", span), resolve_period("auto", span)
    ('month', 'day')
    """
    for period in PERIODS:
        if choice == period:
            return period
    return choose_period(*full)


def choose_period(first: dt.date, last: dt.date) -> Period:
    """The period that keeps a span readable: days up to ~3 months, weeks up to 2 years, else months.

    >>> D = dt.date
    >>> choose_period(D(2018, 9, 1), D(2018, 11, 30)), choose_period(D(2018, 1, 1), D(2019, 6, 1))
    ('day', 'week')
    >>> choose_period(D(2015, 1, 1), D(2018, 1, 1))
    'month'
    """
    span = abs((last - first).days) + 1
    for period, longest in AUTO_SPANS.items():
        if span <= longest:
            return period
    return "month"


def period_start(day: dt.date, period: Period) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday, ISO 8601).

    >>> D = dt.date
    >>> [period_start(D(2018, 9, 19), p).isoformat() for p in PERIODS]
    ['2018-09-19', '2018-09-17', '2018-09-01']
    """
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def period_end(day: dt.date, period: Period) -> dt.date:
    """The last day of the period holding ``day``.

    >>> D = dt.date
    >>> [period_end(D(2018, 12, 19), p).isoformat() for p in PERIODS]
    ['2018-12-19', '2018-12-23', '2018-12-31']
    """
    start = period_start(day, period)
    if period == "week":
        return start + dt.timedelta(days=6)
    if period == "month":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return start


def placeable(incident: Incident, period: Period) -> bool:
    """Whether the incident's date is precise enough for a bar of ``period``.

    >>> from mapapp.render.samples import sample_incident
    >>> month = sample_incident(time_precision=3)
    >>> placeable(month, "day"), placeable(month, "month"), placeable(sample_incident(date=None), "month")
    (False, True, False)
    """
    return incident.date is not None and date_precision(incident) in _PLACEABLE[period]


def off_timeline(incidents: Sequence[Incident], period: Period) -> int:
    """How many dated incidents are too coarsely dated for ``period`` (undated ones are not counted).

    >>> from mapapp.render.samples import sample_incident
    >>> found = [sample_incident(), sample_incident(time_precision=3), sample_incident(date=None)]
    >>> off_timeline(found, "week"), off_timeline(found, "month")
    (1, 0)
    """
    return sum(1 for inc in incidents if inc.date is not None and not placeable(inc, period))


@dataclass(frozen=True, slots=True)
class Bar:
    """One stacked bar segment: the incidents of one family in one period."""

    start: dt.date
    end: dt.date  # the period's last day (inclusive)
    family: str  # the legend's key (see :data:`mapapp.render.symbols.FAMILY_SYMBOLS`)
    count: int
    types: str  # the event types' human names with their counts, busiest first

    @property
    def label(self) -> str:
        """The family's name as the map legend shows it."""
        return FAMILY_LABELS.get(self.family, "Place mention")

    @property
    def colour(self) -> str:
        """The family's colour as the map legend shows it."""
        return FAMILY_SYMBOLS[self.family][0]


def timeline_bars(incidents: Sequence[Incident], period: Period) -> list[Bar]:
    """Incidents per period and family, in date then legend order (only placeable ones).

    >>> from mapapp.render.samples import sample_incident
    >>> D = dt.date
    >>> bars = timeline_bars([sample_incident(), sample_incident(id="b", event_type="airstrike"),
    ...                       sample_incident(id="c", date=D(2018, 9, 20), event_type="protest"),
    ...                       sample_incident(id="u", date=None)], "week")
    >>> [(b.start.isoformat(), b.label, b.count, b.types) for b in bars]
    [('2018-09-17', 'Conflict', 2, 'Air strike 1, Aircraft shot down 1'), ('2018-09-17', 'Protest', 1, 'Protest 1')]
    """
    order = {key: rank for rank, key in enumerate(FAMILY_SYMBOLS)}
    cells: defaultdict[tuple[dt.date, str], Counter[str]] = defaultdict(Counter)
    for inc in incidents:
        if inc.date is None or not placeable(inc, period):
            continue
        family = symbol_key(inc.event_type, kind=inc.kind)
        cells[period_start(inc.date, period), family][event_label(inc.event_type)] += 1
    bars = []
    for (start, family), types in sorted(cells.items(), key=lambda item: (item[0][0], order[item[0][1]])):
        named = sorted(types.items(), key=lambda pair: (-pair[1], pair[0]))
        bars.append(
            Bar(
                start=start,
                end=period_end(start, period),
                family=family,
                count=sum(types.values()),
                types=", ".join(f"{name} {n}" for name, n in named),
            )
        )
    return bars


def _instant(value: Any) -> dt.date | None:
    """A date from what the browser sends for a time axis: epoch milliseconds (UTC) or an ISO string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(float(value) / 1000.0, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def brushed_range(
    selection: Any, *, period: Period, full: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date] | None:
    """The date range of a brushed interval: whole periods, within the stored span ``full``.

    ``selection`` is the chart's selection state (``{"brush": {"start":
    [a, b]}}``, instants as epoch milliseconds or ISO strings); ``None``
    when nothing (or nothing readable) is brushed.

    >>> full = (dt.date(2018, 9, 1), dt.date(2018, 10, 31))
    >>> ms = lambda d: dt.datetime(d.year, d.month, d.day, 12, tzinfo=dt.timezone.utc).timestamp() * 1000
    >>> brushed_range({"brush": {"start": [ms(dt.date(2018, 9, 19)), ms(dt.date(2018, 9, 25))]}},
    ...               period="week", full=full)
    (datetime.date(2018, 9, 17), datetime.date(2018, 9, 30))
    >>> brushed_range({"brush": {"start": ["2018-10-20T00:00:00Z", "2018-08-01"]}}, period="month", full=full)
    (datetime.date(2018, 9, 1), datetime.date(2018, 10, 31))
    >>> brushed_range({"brush": {}}, period="day", full=full) is None
    True
    """
    values = selection.get(BRUSH) if isinstance(selection, Mapping) else None
    picked = values.get("start") if isinstance(values, Mapping) else None
    if not isinstance(picked, (list, tuple)) or len(picked) != 2:
        return None
    ends = [_instant(v) for v in picked]
    if ends[0] is None or ends[1] is None:
        return None
    low, high = sorted((ends[0], ends[1]))
    since = max(period_start(low, period), full[0])
    until = min(period_end(high, period), full[1])
    return (since, until) if since <= until else None


def step_window(
    window: tuple[dt.date, dt.date] | None,
    *,
    full: tuple[dt.date, dt.date],
    period: Period,
    forward: bool = True,
) -> tuple[dt.date, dt.date] | None:
    """The date window one period later (or earlier), as long; ``None`` past the stored span.

    With no window (no date filter), the first (or last) period of the span.

    >>> D = dt.date
    >>> full = (D(2018, 9, 3), D(2018, 9, 30))
    >>> step_window(None, full=full, period="week")
    (datetime.date(2018, 9, 3), datetime.date(2018, 9, 9))
    >>> step_window((D(2018, 9, 3), D(2018, 9, 16)), full=full, period="week")
    (datetime.date(2018, 9, 10), datetime.date(2018, 9, 23))
    >>> step_window((D(2018, 9, 17), D(2018, 9, 30)), full=full, period="week") is None
    True
    >>> step_window((D(2018, 9, 10), D(2018, 9, 16)), full=full, period="week", forward=False)
    (datetime.date(2018, 9, 3), datetime.date(2018, 9, 9))
    """
    first, last = full
    if window is None:
        start = period_start(first if forward else last, period)
        return max(start, first), min(period_end(start, period), last)
    since, until = window
    if (forward and until >= last) or (not forward and since <= first):
        return None
    periods = _periods_between(since, until, period)
    start = period_start(since, period)
    if forward:
        start = period_end(start, period) + dt.timedelta(days=1)
    else:
        start = period_start(start - dt.timedelta(days=1), period)
    end = start
    for _ in range(periods - 1):
        end = period_end(end, period) + dt.timedelta(days=1)
    return max(start, first), min(period_end(end, period), last)


def _periods_between(since: dt.date, until: dt.date, period: Period) -> int:
    """How many periods the window ``since..until`` touches (at least one)."""
    count, day = 1, period_end(since, period)
    while day < until:
        day = period_end(day + dt.timedelta(days=1), period)
        count += 1
    return count


_TIME_FORMAT: Mapping[Period, str] = MappingProxyType(
    {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%B %Y"}
)


def period_label(start: dt.date, period: Period) -> str:
    """How a period is named in the chart's tooltip.

    >>> [period_label(dt.date(2018, 9, 17), p) for p in PERIODS]
    ['2018-09-17', 'week of 2018-09-17', 'September 2018']
    """
    return start.strftime(_TIME_FORMAT[period])


def chart_spec(
    bars: Sequence[Bar], *, period: Period, window: tuple[dt.date, dt.date] | None
) -> dict[str, Any]:
    """The Vega-Lite spec of the timeline: stacked bars, hover values, the date filter shaded, a brush.

    Data go in as JSON values, no article text: family and type names are
    ours (a stored type unknown here shows as its code, which Vega's
    tooltip writes as text).

    >>> from mapapp.render.samples import sample_incident
    >>> spec = chart_spec(timeline_bars([sample_incident()], "day"), period="day", window=None)
    >>> spec["layer"][1]["params"][0]["name"], spec["layer"][1]["data"]["values"][0]["count"]
    ('brush', 1)
    >>> spec["layer"][1]["encoding"]["color"]["scale"]["range"][0]
    '#c0392b'

    Each period's segments are stacked here (``bottom`` to ``top``), in the
    legend's order, so the chart draws exactly these numbers.
    """
    families = [key for key in FAMILY_SYMBOLS if any(bar.family == key for bar in bars)]
    below: Counter[dt.date] = Counter()  # each period's stack so far (bars come in legend order)
    values = []
    for bar in bars:
        values.append(
            {
                "start": bar.start.isoformat(),
                "period": period_label(bar.start, period),
                # the bar spans its whole period: it ends where the next period starts
                "end": (bar.end + dt.timedelta(days=1)).isoformat(),
                "family": bar.label,
                "count": bar.count,
                "types": bar.types,
                "bottom": below[bar.start],
                "top": below[bar.start] + bar.count,
            }
        )
        below[bar.start] += bar.count
    shade: dict[str, Any] = {
        "data": {"values": [] if window is None else [_window_row(window)]},
        "mark": {"type": "rect", "color": "#4a4a4a", "opacity": 0.12},
    }
    bars_layer: dict[str, Any] = {
        "data": {"values": values},
        "params": [{"name": BRUSH, "select": {"type": "interval", "encodings": ["x"]}}],
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "y": {"field": "top", "type": "quantitative", "title": f"per {period}"},
            "y2": {"field": "bottom"},
            "color": _colour(families),
            "tooltip": _tooltip(period),
        },
    }
    time_axis = {"format": "%Y-%m-%d", "labelOverlap": True}
    return {
        "height": 200,
        "encoding": {
            "x": {
                "field": "start",
                "type": "temporal",
                "title": None,
                "scale": {"type": "utc"},
                "axis": time_axis,
            },
            "x2": {"field": "end"},
        },
        "layer": [shade, bars_layer],
    }


def _tooltip(period: Period) -> list[dict[str, Any]]:
    """What hovering a bar shows: its period, family, count and event types."""
    return [
        {"field": "period", "type": "nominal", "title": period},
        {"field": "family", "type": "nominal", "title": "family"},
        {"field": "count", "type": "quantitative", "title": "incidents"},
        {"field": "types", "type": "nominal", "title": "event types"},
    ]


def _colour(families: Sequence[str]) -> dict[str, Any]:
    """The family colour channel: the map legend's colours and names, in its order."""
    return {
        "field": "family",
        "type": "nominal",
        "title": "Event family",
        "scale": {
            "domain": [FAMILY_LABELS.get(key, "Place mention") for key in families],
            "range": [FAMILY_SYMBOLS[key][0] for key in families],
        },
        "legend": {"orient": "top"},
    }


def _window_row(window: tuple[dt.date, dt.date]) -> dict[str, str]:
    return {"start": window[0].isoformat(), "end": (window[1] + dt.timedelta(days=1)).isoformat()}
