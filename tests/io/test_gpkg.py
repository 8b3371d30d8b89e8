"""Tests of mapapp.io.gpkg: the GeoPackage holds the GeoJSON export's features and properties."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from mapapp.errors import MapappError
from mapapp.io.export import to_geojson
from mapapp.io.gpkg import write_gpkg
from mapapp.models import Derivation, IncidentPlace
from tests.helpers import make_incident

pyogrio = pytest.importorskip("pyogrio")

HOSTILE = "=cmd|' /C calc'!A0 <script>alert(1)</script> ‘Latakia’ — Ünï"
INCIDENTS = [
    make_incident(
        id="i1",
        snippet=HOSTILE,
        places=(IncidentPlace("Latakia", 35.5167, 35.7833, "SY", 0.97, 13, 20),),
        uncertainty={
            "type": "Polygon",
            "coordinates": (((35.0, 35.4), (35.2, 35.4), (35.2, 35.6), (35.0, 35.4)),),
        },
        derivation=Derivation("offshore", "Latakia", 35.5167, 35.7833, distance_m=35405.6, bearing_deg=270.0),
    ),
    make_incident(id="i2", date=None, place_start=None, place_end=None, lat=-16.85, lon=-179.97),
    make_incident(id="i3", lat=None, lon=None),  # no point: a row with an empty geometry, as GeoJSON's null
]


def read_layer(path: Path, layer: str) -> tuple[list[dict[str, Any]], list[Any]]:
    import shapely

    _, _, geometries, values = pyogrio.raw.read(str(path), layer=layer)
    names = pyogrio.read_info(str(path), layer=layer)["fields"]
    rows = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)] if len(values) else []
    return rows, [shapely.from_wkb(g) for g in geometries]


def test_layers_hold_the_geojson_features_with_their_properties(tmp_path: Path) -> None:
    path = tmp_path / "out.gpkg"
    assert write_gpkg(INCIDENTS, path) == 3
    assert [list(x) for x in pyogrio.list_layers(str(path))] == [
        ["incidents", "Point"],
        ["uncertainty", "Unknown"],
    ]
    features = to_geojson(INCIDENTS)["features"]
    points, geometries = read_layer(path, "incidents")
    expected = [f["properties"] for f in features if f["properties"]["role"] == "incident"]
    assert list(points[0]) == list(expected[0])  # the same columns, in the same order
    first = points[0]
    assert (first["incident_id"], first["notes"], first["method"], first["distance_m"]) == (
        "i1",
        HOSTILE,
        "offshore",
        35405.6,
    )
    assert json.loads(first["places"]) == expected[0]["places"]
    assert points[1]["event_date"] is None and points[1]["date_precision"] is None  # NULL, not ''
    assert [(g.x, g.y) for g in geometries[:2]] == [(35.79, 35.53), (-179.97, -16.85)]
    assert points[2]["incident_id"] == "i3" and (geometries[2] is None or geometries[2].is_empty)
    areas, shapes = read_layer(path, "uncertainty")
    assert [a["incident_id"] for a in areas] == ["i1"] and shapes[0].geom_type == "Polygon"


def test_the_file_is_a_geopackage_with_spatial_indexes(tmp_path: Path) -> None:
    path = tmp_path / "out.gpkg"
    write_gpkg(INCIDENTS, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        srs = conn.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns ORDER BY 1").fetchall()
        indexed = conn.execute(
            "SELECT table_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"
        )
        assert srs == [("incidents", 4326), ("uncertainty", 4326)]
        assert sorted(row[0] for row in indexed) == ["incidents", "uncertainty"]


def test_an_existing_file_is_replaced_and_no_incidents_is_an_empty_layer(tmp_path: Path) -> None:
    path = tmp_path / "out.gpkg"
    write_gpkg(INCIDENTS, path)
    assert write_gpkg([], path) == 0
    assert read_layer(path, "incidents")[0] == []


def test_without_pyogrio_the_error_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyogrio.raw", None)
    with pytest.raises(MapappError, match=r"pip install 'mapapp\[gpkg\]'"):
        write_gpkg(INCIDENTS, tmp_path / "out.gpkg")
    assert not (tmp_path / "out.gpkg").exists()
