"""Streamlit caches around the store, the upload queue and the queries.

Resources (the upload queue with its parser processes, one store connection
per path) live as long as the server. Query results are cached by the store's
revision (:meth:`mapapp.store.IncidentStore.revision`: for SQLite the file
fingerprint) and the filters, so reruns that do not
change the data (a click, a table selection) reuse them, and a write by an
upload or another process is seen at the next rerun.
"""

from __future__ import annotations

import io
import os

import streamlit as st

from mapapp.models import Incident
from mapapp.pipeline.ingest import IngestReport
from mapapp.render import build_map
from mapapp.store import Filters, IncidentStore, parse_target
from mapapp.ui.data import seed_if_empty
from mapapp.ui.mapview import PreparedMap, prepare
from mapapp.ui.uploads import UploadQueue

Token = tuple[int, ...]


@st.cache_resource(show_spinner=False, on_release=UploadQueue.close)
def upload_queue() -> UploadQueue:
    """The server's one upload queue (its quick lane's parser process starts loading now)."""
    return UploadQueue.from_env(os.environ)


@st.cache_resource(show_spinner=False)
def store(path: str) -> IncidentStore:
    """One read connection per store path, shared by sessions (the store locks calls)."""
    return IncidentStore.open(path)


@st.cache_resource(show_spinner=False)  # mapapp.ui.first_start says what runs
def seeded(path: str) -> IngestReport | None:
    """Ingest ``seeds/`` once per server when the store at ``path`` is empty."""
    opened = store(path)
    articles = opened.articles_count()
    if articles > 0:
        return None
    return seed_if_empty(parse_target(path), articles=articles, parser=upload_queue().processor)


def token(path: str) -> Token:
    """The store's current revision (not cached: it is what invalidates the caches)."""
    return store(path).revision()


@st.cache_data(show_spinner=False, max_entries=8)
def overview(path: str, state: Token) -> dict[str, object]:
    """Date span, event types, countries, admin1 ``(code, name)`` pairs, sources and totals of the store.

    ``incidents`` counts events only; ``mentions`` the place mentions
    (stored with the event type ``mention``).
    """
    opened = store(path)
    mentions = opened.stats().by_event_type.get("mention", 0)
    return {
        "range": opened.date_range(),
        "event_types": [t for t in opened.event_types() if t != "mention"],
        "countries": opened.countries(),
        "admin1": opened.admin1_names(),
        "sources": opened.sources(),
        "incidents": opened.incidents_count() - mentions,
        "mentions": mentions,
        "articles": opened.articles_count(),
    }


# cache_resource, not cache_data: the frozen records are shared, not copied
# (unpickling 10k incidents on every rerun would cost more than the query).
@st.cache_resource(show_spinner="Querying...", max_entries=16)
def query(path: str, state: Token, filters: Filters) -> tuple[Incident, ...]:
    """The filtered incidents (``state`` is only part of the cache key)."""
    return tuple(store(path).query(filters))


@st.cache_data(show_spinner=False, max_entries=16)
def count(path: str, state: Token, filters: Filters) -> int:
    """How many incidents match ``filters`` (the hidden place mentions)."""
    return len(store(path).query(filters))


@st.cache_resource(show_spinner="Drawing the map...", max_entries=8)
def prepared_map(path: str, state: Token, filters: Filters) -> PreparedMap:
    """The rendered map of the filtered incidents (same key as :func:`query`)."""
    return prepare(build_map(query(path, state, filters)))


@st.cache_resource(show_spinner=False, max_entries=16)
def article_incidents(path: str, state: Token, article_id: str) -> tuple[Incident, ...]:
    """The incidents of one article (shown after an upload)."""
    return tuple(store(path).query(Filters(article_id=article_id)))


@st.cache_resource(show_spinner=False, max_entries=64)
def article_url(path: str, state: Token, article_id: str) -> str:
    """The stored article's URL ('' when unknown)."""
    article = store(path).get_article(article_id)
    return article.url if article is not None else ""


def export_text(incidents: tuple[Incident, ...], fmt: str) -> str:
    """The incidents as GeoJSON or CSV text (run only when a download is clicked)."""
    from mapapp.io.export import write_export  # local: pyproj and shapely load on a download only

    buffer = io.StringIO()
    write_export(incidents, buffer, fmt=fmt)
    return buffer.getvalue()
