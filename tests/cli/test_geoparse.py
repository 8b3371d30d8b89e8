"""``python -m mapapp geoparse`` and ``evaluate``: single files, stdin, batch JSONL."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from mapapp.cli import main
from tests.helpers import REPO_ROOT, SEED_PATH


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsys.readouterr()
    return code, out, err


def test_geoparse_seed_json(gazetteer, capsys):
    code, out, _ = run_cli(capsys, "geoparse", str(SEED_PATH), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["article"]["date"] == "2018-09-18"
    texts = {m["text"] for m in result["mentions"]}
    assert {"Latakia", "Golan Heights", "Moscow", "eastern Mediterranean", "Hmeimim military base"} <= texts
    for mention in result["mentions"]:
        assert {
            "text",
            "start",
            "end",
            "label",
            "name",
            "lat",
            "lon",
            "feature_class",
            "country_code",
            "confidence",
            "alternatives",
            "precision",
        } <= mention.keys()
    derived = [d for d in result["derived"] if d["method"] == "offshore"]
    assert derived and derived[0]["text"].startswith("22 miles off Latakia")
    assert derived[0]["uncertainty"]["type"] in ("Polygon", "MultiPolygon")
    assert {"text", "start", "end", "lat", "lon", "anchor", "distance_m", "bearing_deg", "method"} <= derived[
        0
    ].keys()


def test_geoparse_reads_stdin(gazetteer, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Shelling hit Aleppo on Monday.")))
    code, out, _ = run_cli(capsys, "geoparse", "-", "--json")
    assert code == 0
    assert [m["name"] for m in json.loads(out)["mentions"]] == ["Aleppo"]


def test_geoparse_human_output(gazetteer, capsys):
    code, out, _ = run_cli(capsys, "geoparse", str(SEED_PATH))
    assert code == 0 and "Golan Heights (SY)" in out and "derived '22 miles off Latakia" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("caf\u00e9 in Paris".encode("latin-1"), "UTF-8"),
    ],
)
def test_geoparse_bad_files_are_clear_errors(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run_cli(capsys, "geoparse", str(path))
    assert code == 2 and str(path) in err and message in err and "Traceback" not in err


def test_geoparse_needs_input(capsys):
    code, _, err = run_cli(capsys, "geoparse")
    assert code == 2 and "no article given" in err


def test_geoparse_batch_keeps_order_and_reports_bad_lines(gazetteer, tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Strikes hit Homs."}),
        "{not json",
        json.dumps({"id": "b", "text": "Protests in Kyiv and Odesa.", "date": "2022-03-01"}),
        json.dumps({"id": "c", "text": "Nothing here."}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mapapp",
            "geoparse",
            "--jsonl",
            str(source),
            "-o",
            str(target),
            "--workers",
            "2",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert f"{source}:2" in done.stderr and "3 parsed, 1 failed" in done.stderr
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [m["name"] for m in records[1]["mentions"]] == ["Kyiv", "Odesa"]
    assert {"start", "end", "text", "lat", "lon"} <= records[0]["mentions"][0].keys()
    assert records[2]["mentions"] == []


def test_evaluate_report_runs_on_a_few_documents(shared_dir, gazetteer, capsys):
    corpus = shared_dir / "corpora" / "trnews" / "TR-News.xml"
    code, out, _ = run_cli(capsys, "evaluate", "--corpus", str(corpus), "--limit", "3", "--report")
    assert code == 0 and out.startswith("### TR-News (3 documents") and "Mordecai 3 (published)" in out


def test_evaluate_json(shared_dir, gazetteer, capsys):
    corpus = shared_dir / "corpora" / "geovirus" / "GeoVirus.xml"
    code, out, _ = run_cli(
        capsys, "evaluate", "--corpus", str(corpus), "--limit", "2", "--json", "--gold-spans"
    )
    scores = json.loads(out)["GeoVirus"]
    assert code == 0 and scores["mode"] == "gold spans" and scores["docs"] == 2 and scores["recall"] == 1.0


def test_evaluate_with_the_learned_ranker(shared_dir, gazetteer, capsys):
    corpus = shared_dir / "corpora" / "geovirus" / "GeoVirus.xml"
    code, out, _ = run_cli(
        capsys,
        "evaluate",
        "--corpus",
        str(corpus),
        "--limit",
        "2",
        "--json",
        "--gold-spans",
        "--ranker",
        "learned",
    )
    scores = json.loads(out)["GeoVirus"]
    assert code == 0 and scores["docs"] == 2 and scores["recall"] == 1.0


def test_evaluate_refuses_a_ranker_file_that_is_not_a_model(tmp_path, capsys):
    model = tmp_path / "model.json"
    model.write_text('{"format": "other"}')
    code, _, err = run_cli(capsys, "evaluate", "--corpus", str(tmp_path / "x.xml"), "--ranker", str(model))
    assert code != 0 and "not a mapapp-ranker-1 model file" in err
