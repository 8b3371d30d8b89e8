"""The first start on the page: each build step named while it runs, then the seed ingested.

Only the app's own default store is seeded. Once it holds articles the map
needs neither the gazetteer index nor the land mask (they serve uploads,
whose parser process builds them if missing), so a start after
``scripts/setup.sh`` (``python -m mapapp prepare``) does nothing here.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from mapapp.pipeline.prepare import pending_steps
from mapapp.ui import cache


@st.cache_resource(show_spinner=False)
def _lock() -> threading.Lock:
    """One first start at a time per server: a second visitor waits, then finds it done."""
    return threading.Lock()


def prepare_default_store(path: str) -> None:
    """Build what is missing and seed the default store at ``path``, saying which step runs."""
    if cache.store(path).articles_count() > 0:
        return
    with _lock(), st.status("First start: preparing the map", expanded=True) as status:
        steps = pending_steps()
        total = len(steps) + 1
        for number, step in enumerate(steps, start=1):
            status.update(label=f"First start, step {number} of {total}: {step.doing}...")
            started = time.perf_counter()
            step.run()
            status.write(f"{step.name}: built in {time.perf_counter() - started:.0f} s")
        status.update(
            label=f"First start, step {total} of {total}: ingesting the seed articles "
            "(the language model loads first)..."
        )
        started = time.perf_counter()
        report = cache.seeded(path)
        if report is not None:
            status.write(f"seed articles: {report.summary()} in {time.perf_counter() - started:.0f} s")
        status.update(label="First start: ready", state="complete", expanded=False)
