"""Tests of the store commands: ``ingest``, ``export`` and ``stats``, run in-process."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from mapapp.cli import main
from mapapp.io.export import CSV_COLUMNS
from mapapp.store import IncidentStore
from tests.helpers import SEED_PATH, assert_rfc7946

SEED = SEED_PATH
GOOD_JSONL = [
    {
        "id": "n1",
        "date": "2020-07-06",
        "title": "Floods",
        "url": "https://news.example/n1",
        "text": "Floods hit Dhaka on Monday, killing 12 people.",
    },
    {"id": "n3", "date": "2021-03-02", "text": "Talks were held in Geneva."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "seeds").mkdir()
    (root / "seeds" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    lines = [json.dumps(GOOD_JSONL[0]), '{"id": "n2", "text": ', json.dumps(GOOD_JSONL[1])]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "readme.md").write_text("not an article", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> dict[str, Any]:
    """One CLI ingest of the corpus; its exit status and output, shared by the tests."""
    db = tmp_path_factory.mktemp("db") / "store.sqlite3"
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", out)
        mp.setattr("sys.stderr", err)
        status = main(["ingest", str(corpus), "--db", str(db)])
    return {"db": db, "status": status, "out": out.getvalue(), "err": err.getvalue()}


def test_ingest_reports_failures_and_stores_the_rest(ingested: dict[str, Any], corpus: Path) -> None:
    assert ingested["status"] == 1
    lines = ingested["out"].splitlines()
    assert lines[0].startswith("stored 3, replaced 0, unchanged 0, failed 2 (")
    assert f"failed: {corpus / 'batch.jsonl'}:2: invalid JSON at column" in ingested["out"]
    assert f"failed: {corpus / 'empty.txt'}: file is empty" in ingested["out"]
    assert "readme.md" not in ingested["out"]


def test_ingest_again_is_unchanged_and_clean_input_exits_zero(
    ingested: dict[str, Any], corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["ingest", str(corpus / "seeds"), str(corpus / "seeds" / "seed.txt"), "--db", str(ingested["db"])]
    )
    assert status == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "stored 0, replaced 0, unchanged 1, failed 0 (0 incidents stored)"
    )


def test_export_geojson(ingested: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.geojson"
    assert main(["export", "--format", "geojson", "--db", str(ingested["db"]), "-o", str(target)]) == 0
    assert "exported" in capsys.readouterr().err
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["properties"]["role"] == "incident"]
    areas = [f for f in collection["features"] if f["properties"]["role"] == "uncertainty"]
    assert_rfc7946(collection)
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "Point" for f in points if f["geometry"])
    by_type = {f["properties"]["event_type"]: f for f in points}
    shot = by_type["shootdown"]
    lon, lat = shot["geometry"]["coordinates"]
    assert lat == pytest.approx(35.44, abs=0.05) and lon == pytest.approx(35.37, abs=0.05)
    assert shot["properties"]["event_date"] == "2018-09-17" and shot["properties"]["time_precision"] == 1
    assert shot["properties"]["country"] == "Syria"
    assert shot["properties"]["admin1"] == "Al Lādhiqīyah"  # the anchor's division (GeoNames' name)
    assert by_type["disaster"]["properties"]["admin1"] == "Dhaka"
    assert shot["properties"]["notes"].startswith("The aircraft was hit 22 miles off Latakia")
    assert [a["properties"]["incident_id"] for a in areas] == [shot["id"]]
    assert areas[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert by_type["disaster"]["properties"]["location"] == "Dhaka"
    assert by_type["mention"]["properties"]["location"] == "Geneva"


def test_export_csv_with_date_range(ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--since",
                "2018-09-17",
                "--until",
                "2018-09-17",
                "--db",
                str(ingested["db"]),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert out.startswith(",".join(CSV_COLUMNS) + "\r\n")
    assert {r[1] for r in rows[1:]} == {"2018-09-17"}
    assert {"shootdown", "airstrike"} <= {r[3] for r in rows[1:]}
    assert "Syria" in {r[CSV_COLUMNS.index("country")] for r in rows[1:]}


@pytest.mark.parametrize("window", [[], ["--since", "2018-09-17", "--until", "2018-09-17"]])
def test_both_exports_hold_every_incident_of_the_selection(
    ingested: dict[str, Any], tmp_path: Path, window: list[str]
) -> None:
    db = str(ingested["db"])
    with IncidentStore.open(db, read_only=True) as store:
        since, until = (None, None) if not window else (window[1], window[3])
        expected = [
            inc.id
            for inc in store.query(
                since=dt.date.fromisoformat(since) if since else None,
                until=dt.date.fromisoformat(until) if until else None,
            )
        ]
    assert expected
    for fmt in ("csv", "geojson"):
        assert main(["export", "--format", fmt, "--db", db, "-o", str(tmp_path / fmt), *window]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "csv").read_text(encoding="utf-8"), newline="")))
    collection = json.loads((tmp_path / "geojson").read_text(encoding="utf-8"))
    assert_rfc7946(collection)
    assert [r[0] for r in rows[1:]] == expected
    assert [f["id"] for f in collection["features"] if f["properties"]["role"] == "incident"] == expected


def test_stats(ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", str(ingested["db"])]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("articles 3, incidents ")
    for heading in ("by date:", "by country:", "by type:"):
        assert heading in out
    assert main(["stats", "--json", "--db", str(ingested["db"])]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 3
    assert stats["by_date"]["2018-09-17"] >= 2 and stats["by_date"]["2020-07-06"] == 1
    assert stats["by_country"]["SY"] >= 3 and stats["by_country"]["BD"] == 1
    assert stats["by_event_type"]["shootdown"] == 1
    assert sum(stats["by_event_type"].values()) == stats["incidents"]


@pytest.mark.parametrize("command", ["export", "stats"])
def test_missing_store_is_a_clear_error(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--db", str(tmp_path / "none.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert "no incident store at" in err and "run `python -m mapapp ingest` first" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--since", "2018-02-30"],
        ["export", "--format", "kml"],
        ["ingest", "x.txt", "--workers", "0"],
        ["ingest"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_since_after_until(ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["export", "--since", "2019-01-01", "--until", "2018-01-01", "--db", str(ingested["db"])]) == 2
    )
    assert "is after --until" in capsys.readouterr().err


def test_export_to_a_missing_folder_is_a_clear_error(
    ingested: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "out.csv"
    assert main(["export", "--format", "csv", "--db", str(ingested["db"]), "-o", str(target)]) == 2
    assert f"cannot write {target}" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "export", "stats"])
@pytest.mark.parametrize("url", ["mysql://team@db/incidents", "https://db.example/x.db", "sqlite:///x.db"])
def test_a_store_url_of_another_kind_is_refused_and_creates_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    url: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [command, *([str(SEED_PATH)] if command == "ingest" else []), "--db", url]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert f"{url!r} is not a store: give an SQLite file or a postgresql:// URL" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["ingest", "export", "stats"])
def test_an_unreachable_server_store_is_one_line_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.chdir(tmp_path)
    url = f"postgresql://team:s3cret@/incidents?host={tmp_path / 'nowhere'}"
    args = [command, *([str(SEED_PATH)] if command == "ingest" else []), "--db", url]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        f"error: cannot connect to store postgresql://team:***@/incidents?host={tmp_path / 'nowhere'}" in err
    )
    assert "s3cret" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_ingest_into_a_missing_folder_is_an_error_not_a_new_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "typo" / "deeper" / "x.db"
    assert main(["ingest", str(SEED_PATH), "--db", str(target)]) == 2
    assert f"folder {target.parent} does not exist" in capsys.readouterr().err
    assert not (tmp_path / "typo").exists()


# -- red-team findings: foreign, full, damaged and read-only store files -------------


def _one_line_error(err: str, command: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mapapp {command}: error: ")
    return lines[0]


@pytest.mark.parametrize("command", ["stats", "export"])
def test_finding4_stats_and_export_leave_a_foreign_sqlite_file_byte_identical(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.store.test_failures import foreign_database

    db = foreign_database(tmp_path / "contacts.db")
    before = db.read_bytes()
    assert main([command, "--db", str(db)]) == 2
    assert "not a mapapp store" in _one_line_error(capsys.readouterr().err, command)
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.db"]


@pytest.mark.parametrize("to_file", [True, False], ids=["output-file", "stdout"])
def test_finding5_export_on_a_full_disk_says_disk_full_and_keeps_the_old_file(
    ingested: dict[str, Any],
    tmp_path: Path,
    to_file: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    def full(*_: Any, **__: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("mapapp.io.export.write_export", full)
    target = tmp_path / "out.csv"
    target.write_text("earlier export\n", encoding="utf-8")
    argv = ["export", "--format", "csv", "--db", str(ingested["db"])]
    assert main(argv + (["-o", str(target)] if to_file else [])) == 2
    assert "disk full" in _one_line_error(capsys.readouterr().err, "export")
    assert target.read_text(encoding="utf-8") == "earlier export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("command", ["stats", "export"])
def test_finding6_stats_and_export_of_a_store_with_garbled_pages_exit_2(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.store.test_failures import build_store, garble_middle

    db = build_store(tmp_path / "s.db")
    garble_middle(db)
    assert main([command, "--db", str(db)]) == 2
    line = _one_line_error(capsys.readouterr().err, command)
    assert "cannot open the store" in line and str(db) in line


def test_finding6_ingest_into_a_store_with_garbled_pages_reports_it(
    tmp_path: Path, gazetteer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.store.test_failures import build_store, garble_middle

    db = build_store(tmp_path / "s.db")
    garble_middle(db)
    assert main(["ingest", str(SEED_PATH), "--db", str(db)]) == 2
    assert "cannot open the store" in _one_line_error(capsys.readouterr().err, "ingest")


@pytest.mark.parametrize("command", ["stats", "export"])
def test_finding8_stats_and_export_read_a_store_in_a_read_only_folder(
    ingested: dict[str, Any], tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil
    import sqlite3

    from mapapp.store import IncidentStore

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "store.sqlite3"
    shutil.copyfile(ingested["db"], db)
    folder.chmod(0o555)
    try:
        assert main([command, "--db", str(db)]) == 0
        out = capsys.readouterr().out
        assert out.startswith("articles 3," if command == "stats" else '{"type": "FeatureCollection"')
        if os.access(folder, os.W_OK):  # root: chmod stops nothing, so check the mode itself
            with (
                IncidentStore.open(db, read_only=True) as store,
                pytest.raises(sqlite3.OperationalError, match="readonly"),
            ):
                store._db.conn.execute("DELETE FROM articles")
        else:
            assert [p.name for p in folder.iterdir()] == ["store.sqlite3"]
    finally:
        folder.chmod(0o755)


def test_a_postgis_store_gives_the_same_ingest_export_and_stats_as_sqlite(
    ingested: dict[str, Any],
    corpus: Path,
    postgis_server: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgis_server.database("cli")
    capsys.readouterr()
    assert main(["ingest", str(corpus), "--db", url]) == 1  # the same two failures
    out, err = capsys.readouterr()
    assert out == ingested["out"]
    assert err.strip().endswith(f"store: {url}")
    for args in (["stats", "--json"], ["export", "--format", "geojson"], ["export", "--format", "csv"]):
        assert main([*args, "--db", str(ingested["db"])]) == 0
        from_sqlite = capsys.readouterr().out
        monkeypatch.setenv("MAPAPP_DB", url)  # the variable names a server store too
        assert main(args) == 0
        monkeypatch.delenv("MAPAPP_DB")
        assert capsys.readouterr().out == from_sqlite, args


def test_export_gpkg_has_the_geojson_incidents(
    ingested: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    db = str(ingested["db"])
    assert main(["export", "--format", "gpkg", "--db", db]) == 2
    assert "--format gpkg writes a file: give -o FILE.gpkg" in capsys.readouterr().err
    target = tmp_path / "out.gpkg"
    assert main(["export", "--format", "gpkg", "--db", db, "-o", str(target)]) == 0
    count = int(capsys.readouterr().err.split()[1])
    assert main(["export", "--format", "geojson", "--db", db]) == 0
    points = [
        f for f in json.loads(capsys.readouterr().out)["features"] if f["properties"]["role"] == "incident"
    ]
    assert count == len(points) == pyogrio.read_info(str(target), layer="incidents")["features"] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]  # no temporary file left
    missing = tmp_path / "no" / "out.gpkg"
    assert main(["export", "--format", "gpkg", "--db", db, "-o", str(missing)]) == 2
    assert f"cannot write {missing}: folder {missing.parent} does not exist" in capsys.readouterr().err
