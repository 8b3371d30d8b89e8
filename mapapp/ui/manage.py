"""Managing stored articles from the page: deleting an article and its incidents.

Deleting goes through :meth:`mapapp.store.IncidentStore.delete_article`, the
same call as ``mapapp delete``: the article's own incidents go, and an event
other articles also reported stays, re-fused from the reports left. A
confirmation names the article and its store first; article text is shown
as plain text.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from mapapp.errors import MapappError
from mapapp.incidents.fusion import reports
from mapapp.models import Incident
from mapapp.store import IncidentStore


def delete_article(db_path: Path, article_id: str) -> int:
    """Remove one article from the store; how many of its own incidents went (-1: it was not stored)."""
    with IncidentStore.open(db_path) as store:
        count = len(store.query(article_id=article_id, fused=False))
        return count if store.delete_article(article_id) else -1


def _done(article_id: str, count: int) -> None:
    st.session_state.pop("selected_id", None)
    if count < 0:
        st.session_state["_manage_note"] = f"Article {article_id} was already gone."
    else:
        st.session_state["_manage_note"] = f"Deleted article {article_id} and its {count} incident(s)."


def show_note() -> None:
    """What the last delete did (it reran the page), once."""
    note = st.session_state.pop("_manage_note", None)
    if note:
        st.success(note)


def delete_controls(incident: Incident, *, db_path: str, store_name: str) -> None:
    """A "Delete an article" popover for the selected incident's articles (one per source)."""
    articles = list(dict.fromkeys(s.article_id for s in reports(incident)))
    with st.popover("Delete an article...", help="Remove an article and its incidents from the store"):
        article_id = st.selectbox(
            "Article",
            articles,
            key=f"delete-pick-{incident.id}",
            help="An event other articles also reported stays, with the sources left.",
        )
        st.text(f"Deletes article {article_id} and every incident read from it from the store {store_name}.")
        if st.button("Delete", key=f"delete-{incident.id}", type="primary"):
            try:
                count = delete_article(Path(db_path), str(article_id))
            except (MapappError, OSError) as exc:
                st.error(f"Could not delete the article: {exc}")
                return
            _done(str(article_id), count)
            st.rerun()
