"""Red-team finding 2 (the app side): one upload never blocks other sessions.

The queue runs :class:`tests.helpers.FakeProcessor` in its parser processes
(no spaCy): an article whose first word is ``sleep:N`` takes N seconds.
Files up to 2,000 bytes go to the quick lane here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mapapp.store import IncidentStore
from mapapp.ui.uploads import UploadQueue
from tests.helpers import FakeProcessor

QUICK = 2_000


@pytest.fixture
def queue() -> Iterator[UploadQueue]:
    made = UploadQueue(FakeProcessor, budget_s=3, quick_bytes=QUICK, idle_s=1.0)
    try:
        yield made
    finally:
        made.close()


def big(text: str) -> bytes:
    """A .txt upload over the quick lane's size, starting with ``text``."""
    return (text + " floods." + " More rain fell." * (QUICK // 10)).encode()


def places(db: Path) -> list[str]:
    with IncidentStore.open(db) as store:
        return sorted(i.location_name for i in store.query(fused=False))


def test_a_small_upload_finishes_while_a_large_one_is_parsed(queue: UploadQueue, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    large = queue.submit("big.txt", big("sleep:2.5 Kano"), db_path=db, session="one")
    assert queue.lane_for(len(big("x"))) == "large"
    deadline = time.monotonic() + 60
    while large.status().state != "parsing" or not large.status().started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    t0 = time.monotonic()
    small = queue.submit("small.txt", b"Dhaka floods.", db_path=db, session="two")
    result = small.wait(timeout=30)
    assert result is not None and result.report.stored == 1, result
    assert time.monotonic() - t0 < 2.0 and not large.done  # did not wait for the 2.5 s parse
    assert large.status().lane == "large" and small.status().lane == "quick"
    done = large.wait(timeout=30)
    assert done is not None and done.report.stored == 1
    assert places(tmp_path / "s.sqlite3") == ["Dhaka", "sleep:2.5"]


def test_an_article_over_the_budget_fails_alone_and_nothing_stored_is_lost(
    queue: UploadQueue, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite3"
    first = queue.submit("first.txt", b"Lima floods.", db_path=db, session="s").wait(30)
    assert first is not None and first.report.ok
    lines = [
        {"id": "a", "text": "Quito floods."},
        {"id": "b", "text": "sleep:60 Kano"},
        {"id": "c", "text": "Oslo"},
    ]
    data = "\n".join(json.dumps(r) for r in lines).encode()
    t0 = time.monotonic()
    result = queue.submit("batch.jsonl", data, db_path=db, session="s").wait(60)
    assert result is not None and time.monotonic() - t0 < 30
    assert result.report.stored == 2 and [str(f) for f in result.report.failures] == [
        "batch.jsonl: cannot parse article b: parsing took longer than the 3-second budget "
        "for one article: stopped, and nothing of this article was stored"
    ]
    assert result.article_ids == ("a", "b", "c")
    assert places(db) == ["Lima", "Oslo", "Quito"]


def test_a_lane_alternates_between_sessions(tmp_path: Path) -> None:
    queue = UploadQueue(FakeProcessor, budget_s=10, quick_bytes=QUICK, start_quick=False)
    db = tmp_path / "s.sqlite3"
    try:
        first = queue.submit("a0.txt", b"sleep:1 A0", db_path=db, session="a")
        while first.status().state != "parsing":
            time.sleep(0.02)
        mine = [
            queue.submit(f"a{i}.txt", f"sleep:0.5 A{i}".encode(), db_path=db, session="a") for i in (1, 2, 3)
        ]
        other = queue.submit("b1.txt", b"B1 floods", db_path=db, session="b")
        # a0 runs; b1 goes next, not behind a1-a3, and the waiting lines say so.
        assert [j.status().ahead for j in [other, *mine]] == [1, 2, 3, 4]
        assert other.wait(30) is not None
        assert mine[2].status().state == "queued"
        assert all(j.wait(30) is not None for j in mine)
    finally:
        queue.close()


def test_the_large_lane_s_parser_stops_when_idle(queue: UploadQueue, tmp_path: Path) -> None:
    worker = queue.lanes["large"].worker
    job = queue.submit("big.txt", big("Kano"), db_path=tmp_path / "s.sqlite3", session="s")
    assert job.wait(60) is not None and job.status().lane == "large"
    deadline = time.monotonic() + 30
    while worker.running:  # idle_s is 1 s here
        assert time.monotonic() < deadline, "the idle large lane kept its process"
        time.sleep(0.1)
    assert queue.lanes["quick"].worker.running  # the quick lane's process stays


@pytest.mark.parametrize(
    ("name", "data", "stored", "failures"),
    [
        (
            "a.jsonl",
            b'{"text": "Dhaka floods."}\n{"text": \n{"text": "Lima floods."}\n',
            2,
            ["a.jsonl:2: invalid JSON at column 1 (Expecting value)"],
        ),
        (
            "page.html",
            b"<html><body><article><p>Nairobi was flooded on Monday after heavy rain, officials said.</p></article></body></html>",
            1,
            [],
        ),
        (
            "big.jsonl",
            b'{"text": "Dhaka"}\n' * 200,
            0,
            ["big.jsonl: file is 3600 bytes, more than the 3000-byte limit"],
        ),
    ],
)
def test_every_reader_s_format_uploads_with_results_per_file(
    tmp_path: Path, name: str, data: bytes, stored: int, failures: list[str]
) -> None:
    from mapapp.ui.data import ingest_upload

    result = ingest_upload(name, data, db_path=tmp_path / "s.sqlite3", parser=FakeProcessor(), max_bytes=3000)
    assert result.report.stored == stored
    assert [str(f) for f in result.report.failures] == failures


def test_closing_the_queue_fails_waiting_files_with_a_reason(tmp_path: Path) -> None:
    queue = UploadQueue(FakeProcessor, budget_s=10, quick_bytes=QUICK, start_quick=False)
    db = tmp_path / "s.sqlite3"
    running = queue.submit("a.txt", b"sleep:1 A", db_path=db, session="a")
    waiting = queue.submit("b.txt", b"B x", db_path=db, session="a")
    while running.status().state != "parsing":
        time.sleep(0.02)
    queue.close()
    assert running.wait(0) is not None and running.wait(0).report.stored == 1  # type: ignore[union-attr]
    result = waiting.wait(0)
    assert result is not None and [str(f) for f in result.report.failures] == [
        "b.txt: the app stopped before this file was parsed: upload it again"
    ]
