"""The page's state in the browser's URL (``st.query_params``), both ways.

On a session's first run, :func:`restore_store` and :func:`restore` turn the
URL query (decoded and checked by :mod:`mapapp.ui.urlstate`) into the
widgets' session state, the selected incident (looked up in the store) and a
map view applied once. After the page is drawn, :func:`publish` writes the
current state back, touching only this app's keys, so the address bar is
always a link to what is on screen. Values the store does not hold are
dropped with a notice in the sidebar (:func:`show_notices`), never a crash.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import streamlit as st

from mapapp.gazetteer.countries import countries_named
from mapapp.store import Filters
from mapapp.ui import cache, timeline_panel
from mapapp.ui.filters import dates_key
from mapapp.ui.urlstate import KEYS, Choices, MapView, PageState, decode, encode, permalink, view_of
from mapapp.ui.views import escape_markdown

INCIDENT_ZOOM = 8  # a link to an incident without a view opens the map around it
_NOTICES = "_url_notices"
_VIEW = "_url_view"  # the map view of the link, until the map reports one of its own
_TRIES = "_url_view_tries"
VIEW_TRIES = 5


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def restore_store(names: Collection[str]) -> None:
    """Pick the store the link names (first run of a session, before the store picker is drawn)."""
    if "_url_store_done" in st.session_state:
        return
    st.session_state["_url_store_done"] = True
    asked = {key: value for key, value in _query().items() if key == "store"}
    decoded = decode(asked, choices=Choices(stores=names))
    st.session_state[_NOTICES] = list(decoded.notices)
    if decoded.state.store is not None:
        st.session_state["store"] = decoded.state.store


def restore(overview: dict[str, Any], *, path: str, state: tuple[int, ...]) -> None:
    """Set the filters, selection and view the link asks for (first run of a session only)."""
    if "_url_done" in st.session_state:
        return
    st.session_state["_url_done"] = True
    admin1: dict[str, set[str]] = {}
    for code, name in overview["admin1"]:
        admin1.setdefault(name, set()).add(code)
    choices = Choices(
        span=overview["range"],
        event_types=set(overview["event_types"]),
        countries=set(overview["countries"]),
        admin1=admin1,
        sources=set(overview["sources"]),
        country_codes=countries_named,
    )
    decoded = decode(_query(), choices=choices)
    notices = [*st.session_state.get(_NOTICES, []), *decoded.notices]
    page, f = decoded.state, decoded.state.filters
    if (f.since or f.until) and overview["range"] is not None:
        full = overview["range"]
        st.session_state[dates_key(full)] = (f.since or full[0], f.until or full[1])
    widgets: dict[str, object] = {"event_types": list(f.event_types), "country": f.country}
    widgets.update(admin1=f.admin1, source=f.source, text=f.text or "", show_mentions=f.show_mentions)
    if f.undated == "include":
        widgets[timeline_panel.UNDATED] = True
    for key, value in widgets.items():
        if value:  # defaults stay unset: the widgets draw them without a state warning
            st.session_state[key] = value
    view = page.view
    if page.incident is not None:
        found = cache.store(path).query(Filters(incident_id=page.incident), limit=1)
        if found:
            incident = found[0]
            st.session_state["selected_id"] = incident.id
            if incident.kind == "mention":  # a place mention is only on the map with the switch on
                st.session_state["show_mentions"] = True
            if view is None and incident.lat is not None and incident.lon is not None:
                view = MapView(lat=incident.lat, lon=incident.lon, zoom=INCIDENT_ZOOM)  # a permalink
        else:
            notices.append(f"incident={page.incident!r}: no such incident in this store; ignored")
    if view is not None:
        st.session_state[_VIEW] = view
    st.session_state[_NOTICES] = notices


def show_notices(*, sidebar: Any) -> None:
    """The values of the link that were ignored (for the rest of the session)."""
    notices: Sequence[str] = st.session_state.get(_NOTICES, [])
    if notices:
        lines = "\n".join(f"- {escape_markdown(n)}" for n in notices)
        sidebar.warning(f"Some of the link's settings were ignored:\n{lines}")


def pending_view() -> MapView | None:
    """The link's map view, until the map has shown it (see :func:`current_view`)."""
    view = st.session_state.get(_VIEW)
    return view if isinstance(view, MapView) else None


def view_request() -> tuple[tuple[float, float], float] | None:
    """``(center, zoom)`` to hand the map for the link's view, or ``None``.

    The component applies a center only when it differs from the last it
    applied (the zoom likewise), and the map's own fit to its markers may land
    after it; so each try moves both by a billionth (Leaflet snaps the zoom to
    a whole level) to have them applied again.
    """
    view = pending_view()
    if view is None:
        return None
    tries = int(st.session_state.get(_TRIES, 0))
    return (view.lat + tries * 1e-9, view.lon), view.zoom + tries * 1e-9


def current_view(value: Any) -> MapView | None:
    """The view to share: the link's until the map shows it, then the map's own.

    The map may first report the view it fitted to its markers; the link's
    view is kept (and asked for again, at most :data:`VIEW_TRIES` times)
    until a report matches it.
    """
    reported, pending = view_of(value), pending_view()
    if pending is None:
        return reported
    if reported is not None and reported.zoom == pending.zoom and reported.text() == pending.text():
        st.session_state.pop(_VIEW, None)
        return reported
    if reported is not None:
        tries = int(st.session_state.get(_TRIES, 0)) + 1
        st.session_state[_TRIES] = tries
        if tries > VIEW_TRIES:  # the map will not show it (clamped?): let it be
            st.session_state.pop(_VIEW, None)
            return reported
    return pending


def publish(page: PageState) -> None:
    """Write ``page`` into the URL: set this app's keys that changed, drop those now at their default."""
    wanted = encode(page)
    for key in KEYS:
        if key in wanted:
            if st.query_params.get_all(key) != [wanted[key]]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def incident_link(incident_id: str, *, store: str | None) -> str:
    """The permalink of an incident on this server."""
    return permalink(st.context.url, incident_id, store=store)
