"""The timeline's data: periods, bars by family, brushed ranges and play steps (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mapapp.models import Provenance
from mapapp.render.samples import sample_incident
from mapapp.render.symbols import FAMILY_SYMBOLS
from mapapp.ui.timeline import (
    Period,
    brushed_range,
    chart_spec,
    choose_period,
    off_timeline,
    period_end,
    period_start,
    step_window,
    timeline_bars,
)

D = dt.date


def _ms(day: dt.date, hour: int = 0) -> float:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC).timestamp() * 1000


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        (D(2018, 9, 17), D(2018, 9, 17), "day"),
        (D(2018, 9, 1), D(2018, 12, 1), "day"),  # 92 days
        (D(2018, 9, 1), D(2018, 12, 2), "week"),
        (D(2017, 1, 1), D(2018, 12, 31), "week"),
        (D(2016, 1, 1), D(2018, 12, 31), "month"),
    ],
)
def test_choose_period_by_span(first: dt.date, last: dt.date, period: Period) -> None:
    assert choose_period(first, last) == period


@pytest.mark.parametrize(
    ("day", "period", "start", "end"),
    [
        (D(2018, 9, 17), "week", D(2018, 9, 17), D(2018, 9, 23)),  # a Monday
        (D(2018, 9, 23), "week", D(2018, 9, 17), D(2018, 9, 23)),  # a Sunday
        (D(2018, 12, 31), "week", D(2018, 12, 31), D(2019, 1, 6)),  # across the year
        (D(2020, 2, 10), "month", D(2020, 2, 1), D(2020, 2, 29)),  # leap year
        (D(2018, 12, 5), "month", D(2018, 12, 1), D(2018, 12, 31)),
        (D(2018, 9, 17), "day", D(2018, 9, 17), D(2018, 9, 17)),
    ],
)
def test_period_bounds(day: dt.date, period: Period, start: dt.date, end: dt.date) -> None:
    assert (period_start(day, period), period_end(day, period)) == (start, end)


def _mixed() -> list[Any]:
    year = Provenance(date_precision="year")
    return [
        sample_incident(id="d1"),  # shootdown, 2018-09-17 (Monday)
        sample_incident(id="d2", date=D(2018, 9, 19), event_type="airstrike"),
        sample_incident(id="w", date=D(2018, 9, 24), time_precision=2, event_type="protest"),
        sample_incident(id="m", date=D(2018, 10, 1), time_precision=3, event_type="fire"),
        sample_incident(id="y", date=D(2018, 1, 1), time_precision=3, provenance=year),
        sample_incident(id="u", date=None),
    ]


@pytest.mark.parametrize(
    ("period", "bars", "off"),
    [
        (
            "day",
            [("2018-09-17", "conflict", 1), ("2018-09-19", "conflict", 1), ("2018-09-24", "protest", 1)],
            2,  # the month and the year: no fake peak on the 1st
        ),
        ("week", [("2018-09-17", "conflict", 2), ("2018-09-24", "protest", 1)], 2),
        (
            "month",
            [("2018-09-01", "conflict", 2), ("2018-09-01", "protest", 1), ("2018-10-01", "disaster", 1)],
            1,
        ),
    ],
)
def test_bars_count_what_each_period_can_place(
    period: Period, bars: list[tuple[str, str, int]], off: int
) -> None:
    found = timeline_bars(_mixed(), period)
    assert [(b.start.isoformat(), b.family, b.count) for b in found] == bars
    assert off_timeline(_mixed(), period) == off  # undated ones are counted apart
    assert all(b.colour == FAMILY_SYMBOLS[b.family][0] for b in found)


def test_bars_name_families_as_the_legend_and_types_by_their_human_names() -> None:
    week = timeline_bars(_mixed(), "week")
    assert [(b.label, b.types) for b in week] == [
        ("Conflict", "Air strike 1, Aircraft shot down 1"),
        ("Protest", "Protest 1"),
    ]


def test_chart_spec_has_hover_values_brush_and_the_filter_shaded() -> None:
    spec = chart_spec(timeline_bars(_mixed(), "week"), period="week", window=(D(2018, 9, 17), D(2018, 9, 23)))
    shade, bars = spec["layer"]
    assert shade["data"]["values"] == [{"start": "2018-09-17", "end": "2018-09-24"}]
    assert bars["params"] == [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}]
    assert [t["field"] for t in bars["encoding"]["tooltip"]] == ["period", "family", "count", "types"]
    assert bars["encoding"]["color"]["scale"] == {
        "domain": ["Conflict", "Protest"],
        "range": [FAMILY_SYMBOLS["conflict"][0], FAMILY_SYMBOLS["protest"][0]],
    }
    stacked = [(v["start"], v["end"], v["family"], v["bottom"], v["top"]) for v in bars["data"]["values"]]
    assert stacked == [
        ("2018-09-17", "2018-09-24", "Conflict", 0, 2),
        ("2018-09-24", "2018-10-01", "Protest", 0, 1),
    ]
    month = chart_spec(timeline_bars(_mixed(), "month"), period="month", window=None)["layer"][1]["data"][
        "values"
    ]
    assert [(v["start"], v["family"], v["bottom"], v["top"]) for v in month] == [
        ("2018-09-01", "Conflict", 0, 2),
        ("2018-09-01", "Protest", 2, 3),  # stacked on the conflicts, in the legend's order
        ("2018-10-01", "Disaster", 0, 1),
    ]
    assert chart_spec([], period="day", window=None)["layer"][0]["data"]["values"] == []


FULL = (D(2018, 9, 3), D(2018, 10, 28))


@pytest.mark.parametrize(
    ("selection", "period", "picked"),
    [
        (
            {"brush": {"start": [_ms(D(2018, 9, 19), 5), _ms(D(2018, 9, 21), 20)]}},
            "day",
            (D(2018, 9, 19), D(2018, 9, 21)),
        ),
        (
            {"brush": {"start": [_ms(D(2018, 9, 21)), _ms(D(2018, 9, 19))]}},
            "week",
            (D(2018, 9, 17), D(2018, 9, 23)),
        ),
        (
            {"brush": {"start": ["2018-09-19T00:00:00.000Z", "2018-10-02T10:00:00Z"]}},
            "week",
            (D(2018, 9, 17), D(2018, 10, 7)),
        ),
        (
            {"brush": {"start": [_ms(D(2018, 8, 1)), _ms(D(2018, 12, 1))]}},
            "month",
            FULL,
        ),  # clipped to the span
        ({"brush": {"start": [_ms(D(2019, 1, 1)), _ms(D(2019, 2, 1))]}}, "day", None),  # outside the span
        ({"brush": {}}, "day", None),  # cleared
        ({}, "day", None),
        (None, "day", None),
        ({"brush": {"start": ["soon", "later"]}}, "day", None),
        ({"brush": {"start": [True, False]}}, "day", None),
        ({"brush": {"start": [1e300, 2e300]}}, "day", None),
    ],
)
def test_brushed_range_snaps_to_whole_periods(selection: Any, period: Period, picked: Any) -> None:
    assert brushed_range(selection, period=period, full=FULL) == picked


@pytest.mark.parametrize(
    ("window", "period", "forward", "moved"),
    [
        (None, "week", True, (D(2018, 9, 3), D(2018, 9, 9))),
        (None, "week", False, (D(2018, 10, 22), D(2018, 10, 28))),
        (None, "month", True, (D(2018, 9, 3), D(2018, 9, 30))),  # clipped to the span's first day
        (
            (D(2018, 9, 3), D(2018, 9, 16)),
            "week",
            True,
            (D(2018, 9, 10), D(2018, 9, 23)),
        ),  # two weeks, as long
        ((D(2018, 9, 19), D(2018, 9, 19)), "day", True, (D(2018, 9, 20), D(2018, 9, 20))),
        ((D(2018, 9, 3), D(2018, 9, 30)), "month", True, (D(2018, 10, 1), D(2018, 10, 28))),
        ((D(2018, 10, 22), D(2018, 10, 28)), "week", True, None),  # at the end
        ((D(2018, 9, 3), D(2018, 9, 9)), "week", False, None),  # at the start
        ((D(2018, 9, 17), D(2018, 9, 23)), "week", False, (D(2018, 9, 10), D(2018, 9, 16))),
    ],
)
def test_step_window(window: Any, period: Period, forward: bool, moved: Any) -> None:
    assert step_window(window, full=FULL, period=period, forward=forward) == moved


def test_playing_through_a_span_visits_each_week_once() -> None:
    window, seen = None, []
    while (window := step_window(window, full=FULL, period="week")) is not None:
        seen.append(window)
    assert [w[0] for w in seen] == [D(2018, 9, 3) + dt.timedelta(weeks=k) for k in range(8)]
    assert seen[-1][1] == FULL[1]
