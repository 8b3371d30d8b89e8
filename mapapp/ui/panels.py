"""The sidebar and the incident detail panel (streamlit widgets).

Article text reaches the page only through ``st.dataframe`` cells, ``st.text``
or markdown built by :func:`mapapp.ui.views.escape_markdown`; map popups
are escaped by :mod:`mapapp.render`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from mapapp.gazetteer.countries import countries_named, country_name
from mapapp.incidents.fusion import disagreements
from mapapp.models import Incident
from mapapp.render import safe_link_url
from mapapp.render.popup import event_label
from mapapp.ui import cache
from mapapp.ui.filters import FilterState, date_bounds, dates_key, resolve_country
from mapapp.ui.views import (
    escape_markdown,
    place_rows,
    provenance_rows,
    snippet_markdown,
    source_markdown,
    source_rows,
    summary_rows,
)


def country_label(code: str) -> str:
    """The country's common name with its code; a typed name shows what it stands for.

    >>> country_label("TR"), country_label("Britain")
    ('Turkey (TR)', 'Britain')
    """
    name = country_name(code)
    return f"{name} ({code})" if name != code.strip().upper() else code


def filter_widgets(overview: dict[str, Any], *, sidebar: Any) -> FilterState:
    """Dates, event types, country, admin1, source and free text, in the ``sidebar`` container."""
    full = overview["range"]
    since = until = None
    if full is not None:
        picked = sidebar.date_input(
            "Dates",
            value=full,  # a shared link may set the state first (Streamlit logs a note once)
            min_value=full[0],
            max_value=full[1],
            key=dates_key(full),
            format="YYYY-MM-DD",
            help="Defaults to every stored date; undated incidents are shown then, or with the switch below.",
        )
        since, until = date_bounds(picked, full=full)
    codes = sorted(overview["event_types"], key=lambda c: (event_label(c).casefold(), c))
    types = sidebar.multiselect(
        "Event types", codes, key="event_types", format_func=event_label, placeholder="All event types"
    )
    country, admin1 = _place_widgets(overview, sidebar=sidebar)
    sources: list[str | None] = [None, *overview["sources"]]
    source = sidebar.selectbox(
        "Source", sources, key="source", format_func=lambda s: "All sources" if s is None else s
    )
    text = sidebar.text_input("Text search", key="text", placeholder="words in snippet or title")
    mentions = sidebar.toggle(
        "Show place mentions",
        value=False,
        key="show_mentions",
        help="Places an article names without reporting an event there. They are not incidents: "
        "off the map and out of the counts unless switched on.",
    )
    return FilterState(
        since=since,
        until=until,
        event_types=tuple(types),
        country=country,
        admin1=admin1,
        source=source,
        text=text or None,
        show_mentions=bool(mentions),
    )


def _place_widgets(overview: dict[str, Any], *, sidebar: Any) -> tuple[str | None, str | None]:
    """The country (picked, or typed as a name or alias) and its first-level division."""
    stored = overview["countries"]
    typed = sidebar.selectbox(
        "Country",
        [None, *stored],
        key="country",
        format_func=lambda c: "All countries" if c is None else country_label(c),
        accept_new_options=True,
        help="Pick one, or type a name, an alias or a code (Türkiye, UK, Britain, ROK) and press Enter.",
    )
    country = resolve_country(typed, stored=stored, named=countries_named)
    if typed and country is None:
        sidebar.caption(f"No stored incident is in a country called {escape_markdown(str(typed))}.")
    elif typed and typed != country:
        sidebar.caption(f"{escape_markdown(str(typed))}: {country_label(country or '')}")
    pairs = overview["admin1"]
    names = sorted({name for code, name in pairs if country is None or code == country}, key=str.casefold)
    admin1 = sidebar.selectbox(
        "First-level division (admin1)",
        [None, *names],
        key="admin1",
        format_func=lambda n: "All divisions" if n is None else n,
        disabled=not names,
    )
    return country, admin1 if admin1 in names else None


def download_buttons(incidents: tuple[Incident, ...], *, sidebar: Any) -> None:
    """GeoJSON and CSV downloads of the filtered incidents (built on click)."""
    left, right = sidebar.columns(2)
    left.download_button(
        "GeoJSON",
        data=lambda: cache.export_text(incidents, "geojson"),
        file_name="incidents.geojson",
        mime="application/geo+json",
        on_click="ignore",
        disabled=not incidents,
        key="dl_geojson",
    )
    right.download_button(
        "CSV",
        data=lambda: cache.export_text(incidents, "csv"),
        file_name="incidents.csv",
        mime="text/csv",
        on_click="ignore",
        disabled=not incidents,
        key="dl_csv",
    )


def _pairs_markdown(rows: Sequence[tuple[str, str]]) -> None:
    # Labels are ours; values may come from the article, so they are escaped.
    st.markdown("  \n".join(f"**{label}**: {escape_markdown(value)}" for label, value in rows))


def detail_panel(incident: Incident | None, *, db_path: str, state: tuple[int, ...]) -> None:
    """Everything known about one incident: snippet, places, provenance, source."""
    if incident is None:
        st.caption("Click a marker on the map, or a row of the table, to see everything known about it.")
        return
    st.markdown(f"**{escape_markdown(incident.title or 'Untitled article')}**")
    st.markdown(snippet_markdown(incident))
    _pairs_markdown(summary_rows(incident))
    places = place_rows(incident)
    if places:
        st.markdown("**Places in the snippet**")
        st.markdown(
            "\n".join(
                f"- {escape_markdown(p['place'])}: {p['lat']:.5f}, {p['lon']:.5f} "
                f"({escape_markdown(p['country'] or '?')}), confidence {p['confidence']:.2f}"
                for p in places
            )
        )
    provenance = provenance_rows(incident)
    if provenance:
        st.markdown("**Derived location (provenance)**")
        _pairs_markdown(provenance)
    sources = source_rows(incident)
    if sources:
        st.markdown(f"**Sources ({len(sources)})**")
        for number, row in enumerate(sources, start=1):
            st.markdown(source_markdown(row, number))
        for line in disagreements(incident):
            # names of sites and places come from articles: plain text
            st.text(f"Sources disagree: {line}")
    url = safe_link_url(cache.article_url(db_path, state, incident.article_id))
    if url is not None:
        st.link_button("Open the source article", url)
