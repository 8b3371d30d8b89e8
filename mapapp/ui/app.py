"""The page: sidebar filters, the map with a detail panel, then a timeline and a table in tabs.

Selection: a marker click (st_folium's click result) or a table row picks
the incident shown in the detail panel. Picking does not change the map's
data, so the map script is unchanged and streamlit-folium does not reload
the map (its open popup stays open).

Place mentions (a place an article names without an event) are stored but
are not incidents: they are off the map, the table and the counts unless
the sidebar's "Show place mentions" switch is on, and the line under the
count always says how many the current filters hide or show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from typing import Any, cast

import streamlit as st

from mapapp.errors import MapappError, StoreError
from mapapp.models import Incident
from mapapp.render import incident_id_from_click
from mapapp.store import describe_target
from mapapp.ui import cache, first_start, manage, panels, share, timeline_panel, upload_panel
from mapapp.ui.filters import FilterState, dates_key
from mapapp.ui.mapview import PreparedMap, show
from mapapp.ui.stores import StoreChoice, configured_stores
from mapapp.ui.urlstate import PageState
from mapapp.ui.views import counts_line, table_rows

MAP_HEIGHT = 560
TABLE_LIMIT = 1_000  # rows sent to the browser; the downloads hold every incident
MAP_CLICKS = ["last_object_clicked_popup", "last_object_clicked_tooltip", "last_object_clicked"]
# The view too, for the URL: the map reports it when a pan or zoom ends (one
# rerun per move, not during it); the map's script is unchanged, so it is not reloaded.
MAP_RETURNS = [*MAP_CLICKS, "center", "zoom"]


def _changed(key: str, value: Any) -> bool:
    """Whether ``value`` differs from the one seen at the previous rerun (then remember it)."""
    if st.session_state.get(key) == value:
        return False
    st.session_state[key] = value
    return True


def _selected(
    incidents: Sequence[Incident], *, click: Any, row: int | None, rows_key: str
) -> Incident | None:
    by_id = {inc.id: inc for inc in incidents}
    clicked = incident_id_from_click(click, incidents=incidents) if click else None
    # Only the click results: a pan changes the view, which must not re-pick the last clicked marker.
    click_sig = repr([click.get(k) for k in MAP_CLICKS]) if isinstance(click, dict) else None
    if clicked is not None and _changed("_last_click", click_sig):
        st.session_state["selected_id"] = clicked
    if row is not None and _changed("_last_row", (rows_key, row)) and row < len(incidents):
        st.session_state["selected_id"] = incidents[row].id
    return by_id.get(st.session_state.get("selected_id", ""))


def _pick_store(argv: Sequence[str]) -> StoreChoice | None:
    """The store picked among the operator's (a visitor never names a file); ``None``: error shown."""
    try:
        choices = configured_stores(argv, env=os.environ)
    except StoreError as exc:
        st.error(f"Cannot read the list of stores: {exc}")
        return None
    by_name = {choice.name: choice for choice in choices}
    if len(choices) > 1:
        share.restore_store(list(by_name))
        name = st.sidebar.selectbox(
            "Store",
            list(by_name),
            key="store",
            help="The stores the operator set up (`--db`, `MAPAPP_DB`, `stores.toml`).",
        )
    else:
        name = choices[0].name
        st.sidebar.caption(f"Store: {name}")
    chosen = by_name.get(str(name), choices[0])
    problem = chosen.problem()
    if problem is not None:
        st.error(f"Cannot open the store {chosen.name}: {problem}")
        return None
    return chosen


def _open_store(argv: Sequence[str]) -> StoreChoice | None:
    """The picked store, opened (the default one seeded on first start); ``None``: error shown."""
    chosen = _pick_store(argv)
    if chosen is None:
        return None
    try:
        if chosen.default:  # only the app's own default store is created and seeded
            first_start.prepare_default_store(str(chosen.path))
        cache.store(str(chosen.path))
    except (MapappError, OSError) as exc:
        st.error(f"Cannot open the store {describe_target(chosen.path)}: {exc}")
        return None
    return chosen


def main(argv: Sequence[str] = ()) -> None:
    """Run the Streamlit page (``streamlit run streamlit_app.py -- --db PATH``)."""
    st.set_page_config(page_title="mapapp - incident map", layout="wide")
    st.sidebar.title("Incident map")
    chosen = _open_store(argv)
    if chosen is None:
        st.stop()
        return
    path = str(chosen.path)
    filter_box, count_box, upload_area = (st.sidebar.container() for _ in range(3))
    with upload_area:  # first, so this rerun's query sees an uploaded article
        upload_panel.upload_box(path, sidebar=upload_area)
    state = cache.token(path)
    overview = cache.overview(path, state)
    share.restore(overview, path=path, state=state)  # a shared link's filters, incident and view
    share.show_notices(sidebar=filter_box)
    full = cast("tuple[dt.date, dt.date] | None", overview["range"])
    if full is not None:  # the play control's next window, before the date range is drawn
        timeline_panel.apply_pending(full)
    choices = panels.filter_widgets(overview, sidebar=filter_box)
    undated, undated_slot = timeline_panel.undated_switch(filter_box)
    choices = dataclasses.replace(choices, undated=undated)
    filters = choices.filters()
    incidents = cache.query(path, state, filters)  # events, plus place mentions when switched on
    events = [inc for inc in incidents if inc.kind != "mention"]
    if choices.show_mentions:
        mentions = len(incidents) - len(events)
    else:
        mentions = cache.count(path, state, choices.mention_filters())
    count_box.metric(
        "Incidents shown",
        f"{len(events):,}",
        help=f"of {overview['incidents']:,} in {overview['articles']:,} articles "
        "(place mentions are not incidents)",
    )
    count_box.caption(counts_line(events, mentions=mentions, mentions_shown=choices.show_mentions))
    undated_events = _undated(path, state, choices, slot=undated_slot)
    panels.download_buttons(incidents, sidebar=count_box)

    # The map goes first, across the page: its (large) message then reaches the
    # browser first. The detail panel comes below it, only for a selected
    # incident, so selecting never moves (and reloads) the map.
    manage.show_note()
    rows_key = f"table-{hash((state, choices))}"
    click = _map(incidents, cache.prepared_map(path, state, filters))
    selected = _selected(incidents, click=click, row=_table_row(rows_key), rows_key=rows_key)
    _details(selected, chosen=chosen, state=state, choices=choices, click=click)

    st.markdown(_heading(len(events), mentions=mentions, show_mentions=choices.show_mentions))
    dates = (
        None if full is None else timeline_panel.Dates.of(full, choices.since, choices.until, dates_key(full))
    )
    _below_map(
        incidents,
        path=path,
        state=state,
        choices=choices,
        dates=dates,
        undated=undated_events,
        rows_key=rows_key,
    )


def _details(
    selected: Incident | None, *, chosen: StoreChoice, state: cache.Token, choices: FilterState, click: Any
) -> None:
    """The selected incident's panel (with its permalink and delete), and the page's state in the URL."""
    path = str(chosen.path)
    store_name = chosen.name if "store" in st.session_state else None  # the picker is there: several stores
    if selected is not None:
        with st.expander("Incident details", expanded=True):
            panels.detail_panel(selected, db_path=path, state=state)
            st.caption("Link to this incident (copy it to share):")
            st.code(share.incident_link(selected.id, store=store_name), language=None)
            manage.delete_controls(selected, db_path=path, store_name=chosen.name)
    else:
        panels.detail_panel(None, db_path=path, state=state)
        if st.session_state.get("selected_id"):
            st.caption("The selected incident is not among those the filters show.")
    view = share.current_view(click)
    share.publish(
        PageState(filters=choices, view=view, incident=selected.id if selected else None, store=store_name)
    )


def _undated(path: str, state: cache.Token, choices: FilterState, *, slot: Any) -> int:
    """How many undated incidents match the filters but the dates (said in ``slot``)."""
    undated = cache.count(
        path, state, dataclasses.replace(choices, undated="only", show_mentions=False).filters()
    )
    timeline_panel.undated_note(slot, undated=undated, choices=choices)
    return undated


def _heading(events: int, *, mentions: int, show_mentions: bool) -> str:
    heading = f"#### Filtered incidents ({events:,})"
    return heading + (f" and place mentions ({mentions:,})" if show_mentions else "")


def _below_map(
    incidents: Sequence[Incident],
    *,
    path: str,
    state: cache.Token,
    choices: FilterState,
    dates: timeline_panel.Dates | None,
    undated: int,
    rows_key: str,
) -> None:
    """The timeline and the table in lazy tabs."""
    # Lazy tabs: only the open one is built. The table's grid widget costs the
    # browser ~0.4 s of main-thread work that would otherwise delay the map.
    per_day, listed = st.tabs(["Timeline", "Table"], key="below_map", on_change="rerun")
    if per_day.open:
        with per_day:
            # The timeline spans every date of the selection, the date filter shaded on it.
            every_date = dataclasses.replace(choices, since=None, until=None, show_mentions=False)
            context = cache.query(path, state, every_date.filters())
            timeline_panel.timeline_section(context, dates=dates, undated=undated)
    if listed.open:
        with listed:
            if len(incidents) > TABLE_LIMIT:
                st.caption(f"The first {TABLE_LIMIT:,} are listed; the downloads hold all of them.")
            st.dataframe(
                table_rows(incidents, limit=TABLE_LIMIT),
                hide_index=True,
                width="stretch",
                key=rows_key,
                on_select="rerun",
                selection_mode="single-row",
                height=300,
            )


def _table_row(key: str) -> int | None:
    """The table row selected at the previous run (the table is drawn after the map)."""
    try:
        rows = st.session_state[key]["selection"]["rows"]
    except (KeyError, TypeError):
        return None
    return int(rows[0]) if rows else None


def _map(incidents: Sequence[Incident], prepared: PreparedMap) -> Any:
    if not any(inc.lat is not None for inc in incidents):
        st.info("No located incident matches the filters.")
    view = share.view_request()  # a shared link's view, applied to the first map drawn
    return show(
        prepared,
        key="map",
        height=MAP_HEIGHT,
        returned_objects=MAP_RETURNS,
        center=view[0] if view else None,
        zoom=view[1] if view else None,
    )
