"""``python -m mapapp geocode``: output, exit codes, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mapapp.cli import main
from mapapp.gazetteer import haversine_km
from tests.helpers import REPO_ROOT


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("query", "lat", "lon", "tolerance_km"),
    [
        ("Hmeimim", 35.40, 35.95, 15),
        ("Khmeimim", 35.40, 35.95, 15),
        ("Golan Heights", 33.0, 35.75, 40),
        ("Latakia", 35.52, 35.79, 10),
    ],
)
def test_geocode_json_first_result(gazetteer, capsys, query, lat, lon, tolerance_km):
    code, out, _ = run_cli(capsys, "geocode", query, "--json")
    assert code == 0
    results = json.loads(out)
    first = results[0]
    assert {"name", "lat", "lon", "feature_class", "country_code", "population", "source"} <= first.keys()
    assert haversine_km(first["lat"], first["lon"], lat, lon) <= tolerance_km


def test_geocode_mediterranean_is_at_sea(gazetteer, capsys):
    from global_land_mask import globe

    code, out, _ = run_cli(capsys, "geocode", "Mediterranean Sea", "--json")
    first = json.loads(out)[0]
    assert code == 0 and globe.is_ocean(first["lat"], first["lon"])


def test_geocode_country_and_limit(gazetteer, capsys):
    code, out, _ = run_cli(capsys, "geocode", "Tripoli", "--country", "LB", "--limit", "1", "--json")
    results = json.loads(out)
    assert code == 0 and len(results) == 1 and results[0]["country_code"] == "LB"


def test_geocode_human_output(gazetteer, capsys):
    code, out, _ = run_cli(capsys, "geocode", "Latakia", "--limit", "2")
    assert code == 0
    assert out.splitlines()[0].startswith("1. Latakia (Al Lādhiqīyah, SY)  35.53125, 35.79088")


def test_unknown_name_exits_1_with_a_message(gazetteer, capsys):
    code, out, err = run_cli(capsys, "geocode", "Xqzzyplotz", "--json")
    assert code == 1 and json.loads(out) == []
    assert "no place named 'Xqzzyplotz'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["geocode", ""], "empty"),
        (["geocode", "x" * 10_000], "limit is 200"),
        (["geocode", "Lata\x07kia"], "control character U+0007"),
        (["geocode", "Paris", "--country", "FRA"], "two-letter ISO code"),
    ],
)
def test_bad_input_is_a_clear_error(gazetteer, capsys, args, message):
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_bad_limit_is_a_usage_error(capsys):
    code, _, err = run_cli(capsys, "geocode", "Paris", "--limit", "0")
    assert code == 2 and "must be between 1 and 1000" in err


def test_module_entry_point_runs(gazetteer):
    done = subprocess.run(
        [sys.executable, "-m", "mapapp", "geocode", "Golan Heights", "--json", "--limit", "1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["name"] == "Golan Heights"


@pytest.mark.parametrize(
    ("query", "expected_id"),
    [
        ("Ben Gurion Airport", "icao:LLBG"),
        ("Ben Gurion International Airport", "icao:LLBG"),
        ("Pearson Airport", "icao:CYYZ"),
        ("Bab el-Mandeb", "cur:bab-el-mandeb"),
    ],
)
def test_geocode_ben_gurion_airport_finds_the_airport_not_bern(gazetteer, capsys, query, expected_id):
    code, out, _ = run_cli(capsys, "geocode", query, "--json")
    assert code == 0 and json.loads(out)[0]["id"] == expected_id


@pytest.mark.parametrize(
    "query",
    ["\u0627\u0644\u0644\u0627\u0630\u0642\u064a\u0629", "\u041b\u0430\u0442\u0430\u043a\u0438\u044f"],
)
def test_geocode_finds_latakia_written_in_arabic_and_cyrillic(gazetteer, capsys, query):
    code, out, _ = run_cli(capsys, "geocode", query, "--json")
    first = json.loads(out)[0]
    assert code == 0 and first["id"] == "gn:173576" and first["matched_name"] == query


@pytest.mark.parametrize("command", ["geoparse", "ingest", "evaluate"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--prefer-country", "Syria"], "takes a two-letter ISO 3166-1 country code such as SY, not 'Syria'"),
        (["--prefer-country", "XX"], "--prefer-country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["--prefer-region", "Qzqzland"], "--prefer-region: no region named 'Qzqzland' in the gazetteer"),
    ],
)
def test_a_bad_region_bias_is_a_clear_error_before_any_work(
    gazetteer, capsys, tmp_path, command, options, message
):
    article = tmp_path / "a.txt"
    article.write_text("Clashes in Tripoli today.", encoding="utf-8")
    args = {
        "geoparse": [str(article)],
        "ingest": [str(article), "--db", str(tmp_path / "store.db")],
        "evaluate": ["--corpus", str(tmp_path / "missing.xml")],
    }[command]
    code, _, err = run_cli(capsys, command, *args, *options)
    assert code == 2 and message in err
    assert not (tmp_path / "store.db").exists()


def test_geoparse_prefer_country_lifts_the_namesake(gazetteer, capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Officials in Tripoli said the port reopened.", encoding="utf-8")
    found = {}
    for options in ([], ["--prefer-country", "lb"]):
        code, out, _ = run_cli(capsys, "geoparse", str(article), "--json", *options)
        assert code == 0
        found[tuple(options)] = [m["place_id"] for m in json.loads(out)["mentions"]]
    assert found == {(): ["gn:2210247"], ("--prefer-country", "lb"): ["gn:266826"]}


def test_ingest_passes_the_bias_to_every_worker(gazetteer, capsys, tmp_path, monkeypatch):
    import mapapp.pipeline.ingest as ingest_module

    seen = {}

    def fake_ingest_paths(paths, **kwargs):
        seen.update(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr(ingest_module, "ingest_paths", fake_ingest_paths)
    article = tmp_path / "a.txt"
    article.write_text("Clashes in Tripoli today.", encoding="utf-8")
    run_cli(capsys, "ingest", str(article), "--db", str(tmp_path / "s.db"), "--prefer-region", "Latakia")
    assert seen.get("processor") is None and seen["bias"].region.id == "adm1:SY-LA"


def test_geoparse_jsonl_batch_takes_the_bias(gazetteer, capsys, tmp_path):
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "a1", "text": "Officials in Tripoli said the port reopened."}) + "\n")
    out_path = tmp_path / "out.jsonl"
    code, _, _ = run_cli(
        capsys,
        "geoparse",
        "--jsonl",
        str(batch),
        "-o",
        str(out_path),
        "--workers",
        "1",
        "--prefer-country",
        "LB",
    )
    (record,) = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert code == 0 and [m["place_id"] for m in record["mentions"]] == ["gn:266826"]
