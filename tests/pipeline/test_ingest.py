"""Tests of mapapp.pipeline.ingest: bad inputs, the folder walk, re-runs, workers,
four concurrent ingests into one store, and a kill in the middle.

The concurrency and kill tests run this file as a script in child processes
(``python tests/test_ingest.py DB DELAY FOLDER...``) with a fast,
deterministic parser, so they test the store and the ingest loop rather than
spaCy; the real geoparser is used by the bad-input and worker tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.errors import ArticleError, StoreError
from mapapp.incidents.build import extract_incidents
from mapapp.incidents.reading import SentenceReader
from mapapp.io.articles import read_article
from mapapp.models import GEO_EXACT, Article, Mention, ParsedArticle, Place
from mapapp.pipeline import ArticleProcessor
from mapapp.pipeline.ingest import Failure, IngestReport, failure_from_error, ingest_paths, iter_input_files
from mapapp.store import IncidentStore, StoreTarget
from tests.helpers import REPO_ROOT, SEED_PATH

SEED = SEED_PATH
GOOD_TEXT = "date 2020-07-06 Floods hit Dhaka on Monday, killing 12 people.\n"
CITIES = {
    "Aleppo": (36.20124, 37.16117, "SY"),
    "Idlib": (35.93062, 36.63393, "SY"),
    "Kano": (12.00012, 8.51672, "NG"),
    "Paris": (48.85341, 2.3488, "FR"),
    "Dhaka": (23.7104, 90.40744, "BD"),
    "Minsk": (53.9, 27.56667, "BY"),
}


class FakeParser:
    """A deterministic stand-in for the Geoparser: every known city name is a mention."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0
        self.pattern = re.compile(r"\b(?:" + "|".join(CITIES) + r")\b")

    def __call__(self, article: Article) -> ParsedArticle:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if "EXPLODE-PARSER" in article.text:
            raise RuntimeError("parser crashed")
        mentions = []
        for m in self.pattern.finditer(article.text):
            lat, lon, cc = CITIES[m.group(0)]
            place = Place(f"test:{m.group(0)}", m.group(0), lat, lon, "P", "PPL", cc, "", 0, None, "test")
            mentions.append(Mention(m.group(0), m.start(), m.end(), "GPE", place, 0.9, precision=GEO_EXACT))
        return ParsedArticle(article=article, mentions=tuple(mentions))


def generated_text(n: int) -> str:
    """Article ``n``: two or three events in known cities, dated."""
    names = list(CITIES)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 90)
    a, b = names[n % len(names)], names[(n * 7 + 3) % len(names)]
    extra = f" A car bomb exploded in {b} yesterday, article {n}." if n % 3 == 0 else ""
    return (
        f"date {day.isoformat()} Clashes erupted in {a} on Monday, report {n}. "
        f"Police arrested {n % 17 + 2} people in {b}.{extra}\n"
    )


def write_corpus(root: Path, numbers: range | list[int]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (root / f"a{n:04d}.txt").write_text(generated_text(n), encoding="utf-8")
    return root


def expected_ids(folders: list[Path]) -> dict[str, set[str]]:
    """Article id -> incident ids, computed in this process with the same parser."""
    parser = FakeParser()
    out: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            article = read_article(path)
            out[article.id] = {i.id for i in extract_incidents(parser(article))}
    return out


def stored_ids(db: StoreTarget) -> dict[str, set[str]]:
    with IncidentStore.open(db) as store:
        out: dict[str, set[str]] = {}
        conn = store._db  # read-only peek at the raw rows, to count duplicates too
        for (aid,) in conn.execute("SELECT id FROM articles"):
            out[aid] = set()
        for aid, iid in conn.execute("SELECT article_id, id FROM incidents"):
            assert iid not in out[aid], f"duplicate incident {iid}"
            out[aid].add(iid)
        return out


def run_child(db: StoreTarget, folders: list[Path], *, delay: float = 0.0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(db), str(delay), *map(str, folders)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )


def _child_main(argv: list[str]) -> int:
    db, delay, *folders = argv
    report = ingest_paths(folders, db_path=db, parser=FakeParser(delay=float(delay)))
    print(
        json.dumps(
            {
                "stored": report.stored,
                "unchanged": report.unchanged,
                "replaced": report.replaced,
                "failures": [str(f) for f in report.failures],
            }
        )
    )
    return 0 if report.ok else 1


# -- fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def geoparser(gazetteer: Any) -> Iterator[Any]:
    from mapapp.geoparse.pipeline import Geoparser

    yield Geoparser(gazetteer=gazetteer)


# -- bad input, each next to a good article: a clear failure, the rest stored --------


def _bytes_of(case: str) -> tuple[str, bytes]:
    if case == "empty":
        return "empty.txt", b""
    if case == "binary":
        return "binary.txt", bytes(range(256)) * 8
    if case == "latin1":
        return "latin1.txt", "date 2020-07-06 Riots in Zaïre's capital.".encode("latin-1")
    if case == "invalid_date":
        return "bad_date.txt", b"date 2018-02-30 Clashes erupted in Aleppo."
    if case == "invalid_json_date":
        return "bad_date.json", json.dumps({"text": "Clashes in Aleppo.", "date": "2018-13-01"}).encode()
    raise AssertionError(case)


BAD_CASES = [
    ("empty", r"empty\.txt$", None, r"file is empty"),
    ("binary", r"binary\.txt$", None, r"NUL byte at offset 0 \(binary file\?\)"),
    ("latin1", r"latin1\.txt$", None, r"not valid UTF-8 at byte offset \d+ \(byte 0xef\)"),
    ("invalid_date", r"bad_date\.txt$", None, r"seed 'date' prefix: cannot read the date '2018-02-30'"),
]


@pytest.mark.parametrize(("case", "file_re", "line", "reason_re"), BAD_CASES)
def test_bad_file_fails_clearly_and_the_rest_is_stored(
    tmp_path: Path, geoparser: Any, case: str, file_re: str, line: int | None, reason_re: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    name, data = _bytes_of(case)
    (folder / name).write_bytes(data)
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=geoparser.parse)
    assert (report.stored, report.unchanged, len(report.failures)) == (1, 0, 1)
    (failure,) = report.failures
    assert re.search(file_re, failure.file) and failure.line == line
    assert re.search(reason_re, failure.reason), failure.reason
    assert not report.ok and failure.file in report.summary()
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        (dhaka,) = store.query()
        assert (dhaka.event_type, dhaka.location_name, dhaka.date) == (
            "disaster",
            "Dhaka",
            dt.date(2020, 7, 6),
        )


def test_unreadable_record_date_is_stored_undated_with_a_warning(tmp_path: Path, geoparser: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    name, data = _bytes_of("invalid_json_date")
    (folder / name).write_bytes(data)
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=geoparser.parse)
    assert (report.stored, report.failures) == (2, ())
    (warning,) = report.warnings
    assert warning.endswith("bad_date.json: cannot read the date '2018-13-01': stored undated")
    assert report.ok and warning in report.summary()
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        assert sorted(((i.location_name, i.date) for i in store.query()), key=str) == [
            ("Aleppo", None),
            ("Dhaka", dt.date(2020, 7, 6)),
        ]


def test_twenty_megabyte_file(tmp_path: Path, geoparser: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: the size check comes before reading
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=geoparser.parse)
    assert report.stored == 1
    (failure,) = report.failures
    assert failure.file.endswith("huge.txt") and failure.line is None
    assert failure.reason == "file is 20971520 bytes, more than the 10485760-byte limit"


def test_jsonl_with_one_broken_line(tmp_path: Path, geoparser: Any) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "n1", "date": "2020-07-06", "text": "Floods hit Dhaka on Monday."}),
        '{"id": "n2", "text": "Clashes erupted in Aleppo.",',
        json.dumps({"id": "n3", "date": "2021-03-02", "text": "Police arrested 12 people in Minsk."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_paths([path], db_path=tmp_path / "db.sqlite3", parser=geoparser.parse)
    assert report.stored == 2
    assert report.failures == (Failure(str(path), 2, report.failures[0].reason),)
    assert report.failures[0].reason.startswith("invalid JSON at column")
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        assert sorted((i.article_id, i.location_name) for i in store.query()) == [
            ("n1", "Dhaka"),
            ("n3", "Minsk"),
        ]


def test_article_whose_places_all_fail_to_resolve(tmp_path: Path, geoparser: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "nowhere.txt").write_text(
        "date 2020-07-06 Fighting broke out near Qxlbrvnt and Zzyqtownship on Monday.", encoding="utf-8"
    )
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=geoparser.parse)
    assert (report.stored, report.failures, report.unlocated) == (2, (), 1)
    assert "named no place that resolved" in report.summary()
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        (event,) = store.query(text="Qxlbrvnt")
        assert (event.event_type, event.lat, event.lon, event.date) == (
            "armed_clash",
            None,
            None,
            dt.date(2020, 7, 6),
        )
        assert event.provenance.unresolved == ("Qxlbrvnt", "Zzyqtownship")


HTML = """<html><head><title>Floods in Dhaka</title><meta name="date" content="2020-07-06"></head>
<body><article><h1>Floods in Dhaka</h1>
<p>Floods hit Dhaka on Monday, killing 12 people and leaving thousands of families without shelter,
officials said.</p>
<p>Rescue teams worked through the night in the worst affected districts of the capital, where the
water rose above two metres.</p></article></body></html>
"""


def test_html_and_json_files(tmp_path: Path, geoparser: Any) -> None:
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "one.json").write_text(
        json.dumps(
            {
                "id": "j1",
                "date": "2021-03-02",
                "url": "https://www.news.example/j1",
                "text": "Police arrested 12 people in Minsk on Monday.",
            }
        ),
        encoding="utf-8",
    )
    db = tmp_path / "db.sqlite3"
    report = ingest_paths([tmp_path], db_path=db, parser=geoparser.parse)
    assert (report.stored, report.failures) == (2, ())
    with IncidentStore.open(db) as store:
        by_type = {i.event_type: i for i in store.query()}
    flood = by_type["disaster"]
    assert (flood.title, flood.date, flood.location_name, flood.time_precision) == (
        "Floods in Dhaka",
        dt.date(2020, 7, 6),
        "Dhaka",
        1,
    )
    arrest = by_type["arrest"]
    assert (arrest.article_id, arrest.source, arrest.date, arrest.location_name) == (
        "j1",
        "news.example",
        dt.date(2021, 3, 1),
        "Minsk",
    )


def test_parser_crash_on_one_article_is_a_failure(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in", range(3))
    (folder / "boom.txt").write_text("Clashes in Aleppo EXPLODE-PARSER.", encoding="utf-8")
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=FakeParser())
    assert report.stored == 3
    (failure,) = report.failures
    assert failure.file.endswith("boom.txt")
    assert "RuntimeError: parser crashed" in failure.reason


def test_missing_path_and_explicit_unsupported_file(tmp_path: Path) -> None:
    other = tmp_path / "notes.md"
    other.write_text("Clashes in Aleppo.", encoding="utf-8")
    report = ingest_paths([tmp_path / "nope", other], db_path=tmp_path / "db.sqlite3", parser=FakeParser())
    assert [(Path(f.file).name, f.reason[:22]) for f in report.failures] == [
        ("nope", "no such file or direct"),
        ("notes.md", "unsupported suffix '.m"),
    ]


# -- walking folders, re-runs -----------------------------------------------------------


def test_walk_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    for rel in ("b/deep/z.jsonl", "b/y.html", "a/x.txt", "a/w.json", "a/skip.md", "a/v.htm", "b/u.csv"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    failures: list[Failure] = []
    files = list(iter_input_files([tmp_path, tmp_path / "a" / "x.txt"], failures=failures))
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a/v.htm",
        "a/w.json",
        "a/x.txt",
        "b/deep/z.jsonl",
        "b/y.html",
    ]
    assert failures == []


def test_rerun_is_unchanged_and_force_replaces(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in", range(5))
    db = tmp_path / "db.sqlite3"
    first = ingest_paths([folder], db_path=db, parser=FakeParser())
    assert (first.stored, first.unchanged, first.ok) == (5, 0, True)
    counting = FakeParser()
    again = ingest_paths([folder, folder], db_path=db, parser=counting)
    assert (again.stored, again.unchanged, again.incidents) == (0, 5, 0)
    assert counting.calls == 0  # stored articles are recognised before the costly parse
    forced = ingest_paths([folder], db_path=db, parser=FakeParser(), force=True)
    assert (forced.replaced, forced.incidents) == (5, first.incidents)
    assert stored_ids(db) == expected_ids([folder])


@pytest.mark.parametrize(
    ("error", "path", "expected"),
    [
        (
            ArticleError("/d/a.jsonl:4: invalid JSON at column 2"),
            "/d/a.jsonl",
            Failure("/d/a.jsonl", 4, "invalid JSON at column 2"),
        ),
        (ArticleError("/d/b.txt: file is empty"), "/d/b.txt", Failure("/d/b.txt", None, "file is empty")),
        (StoreError("cannot lock"), "/d/c.txt", Failure("/d/c.txt", None, "cannot lock")),
        (KeyError("x"), "/d/c.txt", Failure("/d/c.txt", None, "KeyError: 'x'")),
    ],
)
def test_failure_from_error(error: Exception, path: str, expected: Failure) -> None:
    assert failure_from_error(error, path=path) == expected


def test_report_summary_lists_each_failure() -> None:
    report = IngestReport(
        stored=1, failures=(Failure("a.txt", None, "file is empty"), Failure("b.jsonl", 2, "invalid JSON"))
    )
    assert report.summary().splitlines() == [
        "stored 1, replaced 0, unchanged 0, failed 2 (0 incidents stored)",
        "failed: a.txt: file is empty",
        "failed: b.jsonl:2: invalid JSON",
    ]


# -- workers ------------------------------------------------------------------------------


def test_two_workers_store_what_one_worker_stores(tmp_path: Path, geoparser: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    # the same work a worker does: the geoparser and a sentence reader on its spaCy pipeline
    local = ArticleProcessor(geoparser.parse, reader=SentenceReader(geoparser.nlp))
    one = ingest_paths([folder], db_path=tmp_path / "one.sqlite3", processor=local)
    two = ingest_paths([folder], db_path=tmp_path / "two.sqlite3", workers=2)
    assert (one.stored, len(one.failures)) == (two.stored, len(two.failures)) == (2, 1)
    with IncidentStore.open(tmp_path / "one.sqlite3") as a, IncidentStore.open(tmp_path / "two.sqlite3") as b:
        assert a.query() == b.query()


# -- four processes, one store; a kill mid-run ------------------------------------------


def test_four_concurrent_ingests_store_each_article_once(
    tmp_path: Path, new_target: Callable[[], StoreTarget]
) -> None:
    folders = [write_corpus(tmp_path / f"f{k}", range(k * 15, k * 15 + 30)) for k in range(3)]
    folders.append(write_corpus(tmp_path / "f3", list(range(0, 75, 2))))  # overlaps all three
    db = new_target()  # an SQLite file, or a PostGIS database
    IncidentStore.open(db).close()
    # each child ingests an overlapping pair of folders, so every article is offered 2-4 times
    children = [run_child(db, [folders[k], folders[(k + 1) % 4]]) for k in range(4)]
    reports = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        reports.append(json.loads(out))
    expected = expected_ids(folders)
    assert len(expected) == 68  # 0-59 and the even numbers 60-74
    assert stored_ids(db) == expected
    assert sum(r["stored"] for r in reports) == 68
    assert sum(r["stored"] + r["unchanged"] for r in reports) == sum(
        len(list(f.glob("*.txt"))) + len(list(g.glob("*.txt")))
        for f, g in zip(folders, folders[1:] + folders[:1], strict=False)
    )
    with IncidentStore.open(db) as store:
        assert store.integrity_ok()
        assert store.incidents_count() == sum(len(v) for v in expected.values())


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_ingest_leaves_whole_articles_and_a_rerun_completes(
    tmp_path: Path, new_target: Callable[[], StoreTarget]
) -> None:
    folder = write_corpus(tmp_path / "in", range(200))
    db = new_target()  # an SQLite file, or a PostGIS database
    IncidentStore.open(db).close()
    child = run_child(db, [folder], delay=0.02)
    deadline = time.monotonic() + 60
    try:
        while True:
            with IncidentStore.open(db) as store:
                done = store.articles_count()
            if done >= 20 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert child.poll() is None, "the child finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    expected = expected_ids([folder])
    partial = stored_ids(db)
    assert 20 <= len(partial) < 200
    # all or nothing per article: every stored article has exactly its incidents
    assert all(partial[aid] == expected[aid] for aid in partial)
    with IncidentStore.open(db) as store:
        assert store.integrity_ok()
    counting = FakeParser()
    report = ingest_paths([folder], db_path=db, parser=counting)
    assert (report.stored, report.unchanged, report.ok) == (200 - len(partial), len(partial), True)
    assert counting.calls == 200 - len(partial)
    assert stored_ids(db) == expected


# -- one incident per real event across articles --------------------------------------

#: The shoot-down of 17 September 2018 told three ways: relative dates, a derived and a plain place.
SHOOTDOWN_FILES = {
    "a.txt": "date 2018-09-18 A Russian reconnaissance plane was shot down 22 miles off Latakia's coast "
    "on Monday evening.\n",
    "b.json": json.dumps(
        {
            "id": "b",
            "title": "Plane downed",
            "date": "2018-09-17",
            "url": "https://example.org/b",
            "text": "Syrian air defences shot down a Russian plane over Latakia today.",
        }
    ),
    "c.txt": "date 2018-09-17 Protesters marched through Aleppo today. A gunman shot dead two men in Aleppo today.\n",
    "d.txt": "date 2018-09-17 A gunman shot dead a shopkeeper in Homs today.\n",
}


def _write_files(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def _events(db: Path) -> list[tuple[str, str, str, list[str]]]:
    with IncidentStore.open(db) as store:
        return [
            (i.event_type, i.location_name, str(i.date), [s.article_id for s in i.sources])
            for i in store.query()
        ]


def test_reports_of_one_event_are_one_incident_in_any_ingest_order(tmp_path: Path, geoparser: Any) -> None:
    paths = _write_files(tmp_path / "in", SHOOTDOWN_FILES)
    results = []
    for k, order in enumerate(itertools.permutations(paths)):
        db = tmp_path / f"db{k}.sqlite3"
        assert ingest_paths(list(order), db_path=db, parser=geoparser.parse).stored == 4
        with IncidentStore.open(db) as store:
            results.append(store.query())
    assert all(r == results[0] for r in results)
    offshore_id = read_article(paths[0]).id
    assert _events(tmp_path / "db0.sqlite3") == [  # by date, then the (lead) article's id
        ("protest", "Aleppo", "2018-09-17", []),  # the same day, the same city: two events
        ("assault", "Aleppo", "2018-09-17", []),
        ("assault", "Homs", "2018-09-17", []),  # a shooting 165 km away: another one
        ("shootdown", "22 miles off Latakia's coast", "2018-09-17", sorted(["b", offshore_id])),
    ]
    shootdown = results[0][-1]
    by_article = {s.article_id: s for s in shootdown.sources}
    assert (by_article["b"].title, by_article["b"].url, by_article["b"].location_name) == (
        "Plane downed",
        "https://example.org/b",
        "Latakia",
    )
    assert by_article[offshore_id].snippet.startswith("A Russian reconnaissance plane was shot down 22 miles")
    assert {s.date for s in shootdown.sources} == {dt.date(2018, 9, 17)}  # "on Monday" and "today"


def test_reingest_changes_nothing_and_deleting_a_source_keeps_the_event(
    tmp_path: Path, geoparser: Any
) -> None:
    paths = _write_files(tmp_path / "in", SHOOTDOWN_FILES)
    db = tmp_path / "db.sqlite3"
    ingest_paths(paths, db_path=db, parser=geoparser.parse)
    with IncidentStore.open(db) as store:
        before = store.query()
    again = ingest_paths(paths, db_path=db, parser=geoparser.parse)
    assert (again.stored, again.replaced, again.unchanged) == (0, 0, 4)
    with IncidentStore.open(db) as store:
        assert store.query() == before
        assert store.delete_article("b")
        left = store.query()
    assert [i.event_type for i in left] == ["protest", "assault", "assault", "shootdown"]
    assert left[:3] == before[:3]
    assert (left[3].location_name, left[3].sources, left[3].article_id) == (
        "22 miles off Latakia's coast",
        (),
        read_article(paths[0]).id,
    )


def test_same_text_under_another_id_is_skipped_before_parsing(tmp_path: Path) -> None:
    text = "Clashes erupted in Aleppo on Monday."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"date 2024-01-02 {text}\n", encoding="utf-8")
    (folder / "b.json").write_text(
        json.dumps({"id": "copy", "title": "Another title", "date": "2024-01-03", "text": text}),
        encoding="utf-8",
    )
    counting = FakeParser()
    report = ingest_paths([folder / "a.txt"], db_path=tmp_path / "db.sqlite3", parser=counting)
    assert (report.stored, report.ok, counting.calls) == (1, True, 1)
    again = FakeParser()
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=again)
    assert (report.stored, report.unchanged, report.ok, again.calls) == (0, 2, True, 0)
    forced = FakeParser()
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=forced, force=True)
    assert (report.replaced, report.unchanged, forced.calls) == (1, 1, 1)  # force re-reads a.txt only
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        assert store.articles_count() == 1
        assert store.get_article("copy") is None


def test_a_copy_read_with_its_original_is_stored_once(tmp_path: Path) -> None:
    # Both are read in one chunk, before either is stored: both are parsed, the store keeps one.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Clashes erupted in Aleppo on Monday.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Clashes erupted in Aleppo on Monday.\n", encoding="utf-8")
    report = ingest_paths([folder], db_path=tmp_path / "db.sqlite3", parser=FakeParser())
    assert (report.stored, report.unchanged, report.ok) == (1, 1, True)
    with IncidentStore.open(tmp_path / "db.sqlite3") as store:
        assert store.articles_count() == 1


if __name__ == "__main__":  # child-process mode, see the module docstring
    sys.exit(_child_main(sys.argv[1:]))
