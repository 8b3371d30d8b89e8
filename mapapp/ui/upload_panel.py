"""The sidebar's upload panel: several files at once, parsed in the background, results per file.

Files go to the server's :class:`~mapapp.ui.uploads.UploadQueue` and the
script goes on at once, so the page (and every other session) stays usable
while an article is parsed. A fragment redraws the panel every
:data:`POLL_S` seconds while a file of this session is waiting or being
parsed (progress: place in the queue, article k of n, seconds spent), and
reruns the whole page when one is done, so its incidents appear on the map.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import streamlit as st

from mapapp.errors import MapappError
from mapapp.store import parse_target
from mapapp.ui import cache
from mapapp.ui.data import UPLOAD_SUFFIXES, UploadResult, upload_digest
from mapapp.ui.uploads import JobStatus, UploadJob, UploadQueue
from mapapp.ui.views import escape_markdown, table_rows

POLL_S = 1.0


def upload_box(db_path: str, *, sidebar: Any) -> None:
    """The file picker, then each picked file's progress or result, in ``sidebar``."""
    files = sidebar.file_uploader(
        "Add articles (.txt, .json, .jsonl, .html)",
        type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
        accept_multiple_files=True,
        key="upload",
        help="One article per file, or one per line in .jsonl. Files are parsed one after another "
        "in the background; small files never wait behind a big one.",
    )
    if not files:
        return
    try:
        queue = cache.upload_queue()
    except MapappError as exc:
        sidebar.error(f"Uploads are off: {exc}")
        return
    jobs = _jobs(files, queue=queue, db_path=db_path)
    done = frozenset(job.digest for job in jobs if job.done)
    with sidebar:
        panel = st.fragment(_progress, run_every=None if len(done) == len(jobs) else POLL_S)
        panel(jobs, db_path, done)


def _jobs(files: Sequence[Any], *, queue: UploadQueue, db_path: str) -> list[UploadJob]:
    """This session's job for each picked file, submitting the new ones (once per store and content)."""
    known: dict[tuple[str, str], UploadJob] = st.session_state.setdefault("upload_jobs", {})
    session = st.session_state.setdefault("upload_session", uuid.uuid4().hex)
    jobs: list[UploadJob] = []
    for file in files:
        data = file.getvalue()
        key = (db_path, upload_digest(data))
        if key not in known:
            known[key] = queue.submit(file.name, data, db_path=parse_target(db_path), session=session)
        if known[key] not in jobs:
            jobs.append(known[key])
    return jobs


def _progress(jobs: Sequence[UploadJob], db_path: str, done_before: frozenset[str]) -> None:
    """The files' progress and results (a fragment: redrawn alone while files are pending)."""
    statuses = [(job, job.status()) for job in jobs]
    if any(s.state == "done" and job.digest not in done_before for job, s in statuses):
        st.rerun()  # a file is stored: the whole page, so the map shows its incidents
    pending = [(job, s) for job, s in statuses if s.state != "done"]
    if pending:
        finished = len(statuses) - len(pending)
        # articles parsed so far, as a share of their file
        parts = sum(
            (s.started - 1) / s.total for _, s in pending if s.state == "parsing" and s.started and s.total
        )
        st.progress(
            min(1.0, (finished + parts) / len(statuses)), text=f"{finished} of {len(statuses)} file(s) done"
        )
        for job, status in pending:
            st.caption(f"{escape_markdown(job.name)}: {status_line(status)}")
    for _job, status in statuses:
        if status.result is not None:
            show_upload(status.result, db_path=db_path, sidebar=st)


def status_line(status: JobStatus) -> str:
    """One line on a file that is not done yet.

    >>> status_line(JobStatus("queued", "large", ahead=2))
    'waiting, 2 file(s) ahead of it'
    >>> status_line(JobStatus("parsing", "large", loading=True, started=1, total=1))
    'loading the parser for article 1 of 1'
    >>> status_line(JobStatus("parsing", "quick", started=3, total=10, seconds=4.2, budget_s=120))
    'parsing article 3 of 10 (4 s; at most 120 s per article)'
    """
    if status.state == "queued":
        return f"waiting, {status.ahead} file(s) ahead of it" if status.ahead else "starting"
    if status.total is None or not status.started:
        return "reading the file"
    if status.loading:
        return f"loading the parser for article {status.started} of {status.total}"
    return (
        f"parsing article {status.started} of {status.total} "
        f"({status.seconds:.0f} s; at most {status.budget_s:g} s per article)"
    )


def show_upload(result: UploadResult, *, db_path: str, sidebar: Any) -> None:
    """One file's ingest summary and its incidents."""
    report = result.report
    name = escape_markdown(result.name)
    kept = report.stored + report.replaced + report.unchanged
    if not report.failures:
        sidebar.success(f"Ingested {name}")
    elif kept:
        sidebar.success(f"Ingested {name}: {kept} article(s); {len(report.failures)} could not be:")
    else:
        sidebar.error(f"Could not ingest {name}:")
    if report.failures:
        # failures quote the upload: plain text
        sidebar.text("\n".join(str(f) for f in report.failures))
    if report.warnings:
        # file names and dates come from the upload: plain text
        sidebar.warning("Stored, with warnings:")
        sidebar.text("\n".join(report.warnings))
    if not kept:
        return
    state = cache.token(db_path)
    stored = [inc for aid in result.article_ids for inc in cache.article_incidents(db_path, state, aid)]
    found = [inc for inc in stored if inc.kind != "mention"]
    mentions = len(stored) - len(found)
    if st.session_state.get("show_mentions", False):
        found = stored
    sidebar.caption(
        f"{name}: {len(stored) - mentions} incident(s) and {mentions} place mention(s) in {kept} article(s)"
    )
    if found:
        sidebar.dataframe(
            table_rows(found),
            hide_index=True,
            key=f"upload-{result.digest[:12]}",
            column_order=("date", "event type", "location"),
        )
