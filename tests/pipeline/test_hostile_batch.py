"""Red-team findings 1 and 13 at the batch level: one hostile record never stops a batch.

Deep nesting, a 5,000-digit integer, a lone surrogate and NUL in any field
are each that record's failure, named by file and line; every other article
of the batch is stored, the summary is printed, and the same holds for an
upload (no exception reaches the page).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapapp.io.articles import read_articles
from mapapp.pipeline import ingest_paths
from mapapp.store import IncidentStore
from mapapp.ui.data import ingest_upload
from tests.helpers import FakeProcessor

GOOD = json.dumps({"id": "good", "text": "Lima floods."})
HOSTILE_LINES = [
    ("[" * 100_000, "JSON nested too deeply to read"),
    ('{"a":' * 50_000, "JSON nested too deeply to read"),
    ('{"text": "x", "n": ' + "9" * 5000 + "}", "JSON value cannot be read"),
    ('{"text": "Floods \\ud800 in Dhaka."}', "field 'text': contains a lone surrogate"),
    ('{"text": "Dhaka floods.", "id": "n\\u0000"}', "field 'id': contains NUL characters"),
]


def _batch(folder: Path) -> None:
    folder.mkdir()
    lines = [GOOD, *(line for line, _ in HOSTILE_LINES), json.dumps({"id": "last", "text": "Oslo floods."})]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / "c.txt").write_text("Kano floods.", encoding="utf-8")


def test_finding1_hostile_records_fail_alone_with_file_and_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    _batch(tmp_path / "in")
    report = ingest_paths([tmp_path / "in"], db_path=tmp_path / "s.sqlite3", processor=FakeProcessor())
    where = str(tmp_path / "in")
    found = [(f.file.replace(where, ""), f.line, f.reason) for f in report.failures]
    expected = [
        *(("/a.jsonl", n, reason) for n, (_, reason) in enumerate(HOSTILE_LINES, start=2)),
        ("/b.json", None, "JSON nested too deeply to read"),
    ]
    assert len(found) == len(expected)
    for (file, line, reason), (want_file, want_line, want_reason) in zip(found, expected, strict=True):
        assert (file, line) == (want_file, want_line) and reason.startswith(want_reason), reason
    assert report.stored == 3 and "failed 6" in report.summary()
    with IncidentStore.open(tmp_path / "s.sqlite3") as store:
        assert sorted(i.location_name for i in store.query(fused=False)) == ["Kano", "Lima", "Oslo"]


def test_finding1_the_ingest_command_prints_its_summary_after_hostile_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapapp.cli import main
    from mapapp.pipeline import ingest

    monkeypatch.setattr(ingest, "processor_factory", lambda **_: FakeProcessor)  # no spaCy here
    _batch(tmp_path / "in")
    status = main(["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.sqlite3")])
    out = capsys.readouterr().out
    assert status == 1 and out.startswith("stored 3, replaced 0, unchanged 0, failed 6")
    assert f"failed: {tmp_path / 'in' / 'a.jsonl'}:2: JSON nested too deeply to read" in out


@pytest.mark.parametrize(("line", "reason"), HOSTILE_LINES)
def test_finding1_a_hostile_upload_is_that_file_s_failure_not_an_exception(
    tmp_path: Path, line: str, reason: str
) -> None:
    data = (line + "\n" + GOOD + "\n").encode()
    result = ingest_upload("feed.jsonl", data, db_path=tmp_path / "s.sqlite3", parser=FakeProcessor())
    (failure,) = result.report.failures
    assert str(failure).startswith(f"feed.jsonl:1: {reason}"), failure
    assert result.report.stored == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.txt", b"Floods in \x00Dhaka.", "NUL byte at offset 10"),
        ("a.html", b"<html><body><p>Floods in Dhaka \x00 today.</p></body></html>", "NUL byte at offset"),
        ("a.json", b'{"text": "Floods \\u0000 in Dhaka."}', "field 'text': contains NUL characters"),
        ("a.json", b'{"text": "Floods.", "title": "a\\u0000"}', "field 'title': contains NUL characters"),
        (
            "a.json",
            b'{"text": "Floods.", "url": "https://x.org/\\u0000"}',
            "field 'url': contains NUL characters",
        ),
        ("a.json", b'{"text": "Floods.", "id": "n\\u0000"}', "field 'id': contains NUL characters"),
        ("a.jsonl", b'{"text": "Floods.", "title": "a\\u0000"}\n', "a.jsonl:1: field 'title': contains NUL"),
    ],
)
def test_finding13_nul_is_refused_the_same_way_in_every_field_and_format(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = list(read_articles(path))
    assert isinstance(item, Exception) and str(item).startswith(str(path)) and reason in str(item), item
