"""The Streamlit incident map (the only package that imports streamlit).

Run ``streamlit run streamlit_app.py`` (optionally ``-- --db PATH`` or
``-- --stores FILE``; see :mod:`~mapapp.ui.stores`). Without a store named
by the operator, the default store in the user data folder is created and
filled from ``seeds/`` on first start.

Modules: :mod:`~mapapp.ui.app` (the page), :mod:`~mapapp.ui.panels`
(sidebar, detail panel), :mod:`~mapapp.ui.timeline_panel` (the timeline,
its play control, the undated switch), :mod:`~mapapp.ui.first_start` (the
first start's steps on the page), :mod:`~mapapp.ui.upload_panel` (uploads
and their progress), :mod:`~mapapp.ui.cache` (streamlit caches),
:mod:`~mapapp.ui.mapview` (the map component, its rendering cached);
pure helpers without streamlit: :mod:`~mapapp.ui.filters`,
:mod:`~mapapp.ui.views`, :mod:`~mapapp.ui.timeline` (what the timeline
counts), :mod:`~mapapp.ui.data`, :mod:`~mapapp.ui.stores`,
:mod:`~mapapp.ui.uploads` (the upload queue), :mod:`~mapapp.ui.urlstate`
(the URL query codec); :mod:`~mapapp.ui.share` keeps the page's state in the URL.
"""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Run the page; ``argv`` defaults to the script's arguments."""
    import streamlit as st  # local: importing mapapp.ui must not need streamlit

    st.cache_resource(show_spinner=False)(_page_imports)()
    from mapapp.ui.app import main as run
    from mapapp.ui.filters import script_args

    run(script_args() if argv is None else argv)


def _page_imports() -> bool:
    """folium without pandas, before the page imports anything (run once per server)."""
    from mapapp.render.toolkit import import_folium

    return import_folium()
