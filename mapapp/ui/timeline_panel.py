"""The interactive timeline below the map, its play control and the undated switch (streamlit widgets).

The timeline shows every date of the current selection (all filters but
the dates), the date filter shaded on it. Brushing an interval on it, the
step buttons and the play control all set the sidebar's date range (the
one date filter): a callback writes the widget's state before the next run
draws it. The play control's timer is a fragment that reruns on its own
every :data:`PLAY_SECONDS`; it cannot write a widget the page has drawn, so
it leaves the next window in :data:`PENDING` and reruns the page, whose
:func:`apply_pending` (called before the sidebar) moves it into the date
range.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st

from mapapp.models import Incident
from mapapp.store.query import Undated
from mapapp.ui.filters import FilterState, dates_key
from mapapp.ui.timeline import (
    BRUSH,
    PERIODS,
    Period,
    brushed_range,
    chart_spec,
    off_timeline,
    resolve_period,
    step_window,
    timeline_bars,
)

PLAY_SECONDS = 2.5  # one step per this many seconds: the map redraws in between
PENDING = "_timeline_pending"
PLAYING = "timeline_playing"
_LAST_STEP = "_timeline_last_step"
UNDATED = "include_undated"
DEFER_S = 2.5  # the map's head start on a session's first page (see _deferred)
SHOWN = "timeline_shown"
_ARMED = "_timeline_armed"


@dataclass(frozen=True, slots=True)
class Dates:
    """The date filter as the timeline sees it: the stored span, the chosen window, the widget's key."""

    full: tuple[dt.date, dt.date]
    window: tuple[dt.date, dt.date] | None  # None: every date (no date filter)
    key: str  # the sidebar date range's widget key

    @classmethod
    def of(
        cls, full: tuple[dt.date, dt.date], since: dt.date | None, until: dt.date | None, key: str
    ) -> Dates:
        """From the store bounds of :func:`mapapp.ui.filters.date_bounds` (``None``: open end).

        >>> full = (dt.date(2018, 9, 1), dt.date(2018, 9, 30))
        >>> Dates.of(full, None, None, "k").window is None
        True
        >>> Dates.of(full, dt.date(2018, 9, 8), None, "k").window
        (datetime.date(2018, 9, 8), datetime.date(2018, 9, 30))
        """
        if since is None and until is None:
            return cls(full, None, key)
        return cls(full, (since or full[0], until or full[1]), key)


def apply_pending(full: tuple[dt.date, dt.date]) -> None:
    """Move what the play control left (a window, or stop) into the widgets, before they are drawn.

    A window outside the stored span (it changed since: an upload, a
    delete) is clipped to it, or dropped if nothing is left.
    """
    pending = st.session_state.pop(PENDING, None)
    if not isinstance(pending, dict):
        return
    window = pending.get("window")
    # a step the player queued just before "All dates" or a stop (which switch it off) is stale
    if window is not None and st.session_state.get(PLAYING, False):
        since, until = max(window[0], full[0]), min(window[1], full[1])
        if since <= until:
            st.session_state[dates_key(full)] = (since, until)
    if pending.get("stop"):
        st.session_state[PLAYING] = False


def undated_switch(sidebar: Any) -> tuple[Undated, Any]:
    """The "Include undated incidents" switch and a slot below it for their count."""
    include = sidebar.toggle(
        "Include undated incidents",
        value=False,
        key=UNDATED,
        help="An undated incident cannot be placed in or out of a date range: with the dates narrowed "
        "it is hidden, unless this is on. With every date picked, undated incidents are always shown.",
    )
    return ("include" if include else "auto"), sidebar.empty()


def undated_note(slot: Any, *, undated: int, choices: FilterState) -> None:
    """How many undated incidents the filters match, and whether the map shows them."""
    narrowed = choices.since is not None or choices.until is not None
    if not undated:
        slot.caption("No undated incident matches the filters.")
    elif not narrowed:
        slot.caption(f"{undated:,} undated incident(s) shown (every date is picked).")
    elif choices.undated == "include":
        slot.caption(f"{undated:,} undated incident(s) shown beside the dates picked.")
    else:
        slot.caption(f"{undated:,} undated incident(s) hidden by the date filter.")


def _set_dates(date_key: str, window: tuple[dt.date, dt.date]) -> None:
    st.session_state[date_key] = window


def _on_brush(chart_key: str, *, period: Period, dates: Dates) -> None:
    state = st.session_state.get(chart_key)
    picked = brushed_range(state.get("selection") if state else None, period=period, full=dates.full)
    if picked is not None:
        _set_dates(dates.key, picked)


def _on_step(*, forward: bool, period: Period, dates: Dates) -> None:
    moved = step_window(dates.window, full=dates.full, period=period, forward=forward)
    if moved is not None:
        _set_dates(dates.key, moved)


def _on_all(dates: Dates) -> None:
    st.session_state[PLAYING] = False
    _set_dates(dates.key, dates.full)


@st.fragment(run_every=PLAY_SECONDS)
def _player(period: Period, dates: Dates) -> None:
    """While playing: every :data:`PLAY_SECONDS`, the next window (or stop at the end)."""
    now = time.monotonic()
    # The fragment also runs inline with every page run: step only when its timer fired, and
    # only while playing (a timer run queued before "All dates" carries the old window).
    if not st.session_state.get(PLAYING, False):
        return
    if now - float(st.session_state.get(_LAST_STEP, 0.0)) < PLAY_SECONDS * 0.8:
        return
    st.session_state[_LAST_STEP] = now
    moved = step_window(dates.window, full=dates.full, period=period)
    st.session_state[PENDING] = {"window": moved, "stop": moved is None}
    st.rerun(scope="app")


def _controls(period: Period, dates: Dates) -> None:
    back, play, ahead, every = st.columns([1, 1, 1, 1.4], vertical_alignment="center")
    back.button(
        "◀ Earlier",
        key="timeline_back",
        on_click=partial(_on_step, forward=False, period=period, dates=dates),
    )
    playing = play.toggle("Play", key=PLAYING, help=f"Step one {period} later every {PLAY_SECONDS:g} s")
    ahead.button(
        "Later ▶", key="timeline_ahead", on_click=partial(_on_step, forward=True, period=period, dates=dates)
    )
    every.button(
        "All dates", key="timeline_all", on_click=partial(_on_all, dates), disabled=dates.window is None
    )
    if playing:
        if _LAST_STEP not in st.session_state:
            st.session_state[_LAST_STEP] = time.monotonic()
        _player(period, dates)
    else:
        st.session_state.pop(_LAST_STEP, None)


@st.fragment(run_every=DEFER_S)
def _deferred() -> None:
    """A session's first page draws the map alone; after :data:`DEFER_S` the page reruns with the timeline.

    The chart library is loaded and run by the browser on the same thread as
    the map: drawn at once, it delayed the map of 10k incidents about twofold.
    """
    armed = st.session_state.setdefault(_ARMED, time.monotonic())
    # It also runs inline with every page run: only the timer, once the head start is over, shows it.
    if time.monotonic() - float(armed) >= DEFER_S * 0.8:
        st.session_state[SHOWN] = True
        st.rerun(scope="app")
    st.caption("The timeline follows in a moment...")


def timeline_section(context: Sequence[Incident], *, dates: Dates | None, undated: int) -> None:
    """The chart of ``context`` (the selection at every date), the period choice and the play control."""
    if not st.session_state.get(SHOWN):
        _deferred()
        return
    if dates is None:
        st.caption("No stored incident is dated: there is no timeline.")
        return
    choice = st.radio(
        "Per",
        ["auto", *PERIODS],
        key="timeline_period",
        horizontal=True,
        format_func=lambda p: "auto" if p == "auto" else p,
        help="auto: per day up to about three months, per week up to two years, else per month",
    )
    period = resolve_period(str(choice), dates.full)
    bars = timeline_bars(context, period)
    coarse = off_timeline(context, period)
    if coarse:
        st.caption(f"{coarse:,} incident(s) dated too coarsely for a {period} are not on this timeline.")
    if undated:
        st.caption(f"{undated:,} undated incident(s) match the other filters: they have no place on it.")
    if bars:
        chart_key = f"timeline-{period}-{dates.window}"
        st.vega_lite_chart(
            chart_spec(bars, period=period, window=dates.window),
            key=chart_key,
            on_select=partial(_on_brush, chart_key, period=period, dates=dates),
            selection_mode=BRUSH,
            width="stretch",
        )
        st.caption("Drag across the chart to pick those dates; the shaded band is the date filter.")
    else:
        st.caption("No incident of the selection is dated precisely enough for this timeline.")
    _controls(period, dates)
