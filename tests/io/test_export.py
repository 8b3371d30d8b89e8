"""Tests of mapapp.io.export: GeoJSON structure and CSV columns/escaping."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from typing import Any

import pytest

from mapapp.incidents.fusion import fuse
from mapapp.io.columns import COLUMNS, incident_columns
from mapapp.io.export import (
    CSV_COLUMNS,
    clean_geometry,
    orient_polygon,
    safe_cell,
    to_geojson,
    write_csv,
    write_export,
)
from mapapp.models import Derivation, Incident, IncidentPlace, Provenance
from mapapp.render.samples import synthetic_incidents
from tests.helpers import assert_rfc7946

SQUARE_CW = (((35.0, 35.4), (35.0, 35.6), (35.2, 35.6), (35.2, 35.4), (35.0, 35.4)),)
OFFSHORE = Derivation(
    method="offshore",
    anchor_name="Latakia",
    anchor_lat=35.5167,
    anchor_lon=35.7833,
    distance_m=35405.6,
    bearing_deg=270.0,
)


def make_incident(n: int, **fields: Any) -> Incident:
    values: dict[str, Any] = dict(
        id=f"inc-{n}",
        article_id="art",
        kind="event",
        event_type="attack",
        date=dt.date(2018, 9, 17),
        time_precision=1,
        lat=35.5167,
        lon=35.7833,
        location_name="Latakia",
        country_code="SY",
        geo_precision=1,
        snippet="Strikes against targets in Latakia province",
        place_start=28,
        place_end=35,
        title="Russia and Israel",
        source="telegraph.co.uk",
        confidence=0.9,
    )
    values.update(fields)
    return Incident(**values)


def _geojson(*incidents: Incident) -> dict[str, Any]:
    # through a JSON round trip, as a client would receive it
    doc: dict[str, Any] = json.loads(json.dumps(to_geojson(incidents), allow_nan=False))
    return doc


def test_geojson_point_feature_lon_lat_order_and_rounding() -> None:
    doc = _geojson(
        make_incident(
            1,
            lat=35.123456789,
            lon=-35.987654321,
            places=(IncidentPlace("Latakia", 35.5, 35.7, "SY", 0.9, 28, 35),),
        )
    )
    assert doc["type"] == "FeatureCollection"
    [feature] = doc["features"]
    assert feature["type"] == "Feature" and feature["id"] == "inc-1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-35.987654, 35.123457]}
    props = feature["properties"]
    assert props["incident_id"] == "inc-1" and props["role"] == "incident"
    assert props["event_date"] == "2018-09-17" and props["location"] == "Latakia"
    assert props["places"][0]["name"] == "Latakia"
    assert "bbox" not in doc and "crs" not in doc  # RFC 7946 drops crs


def test_geojson_uncertainty_is_a_second_feature_with_ccw_exterior() -> None:
    doc = _geojson(
        make_incident(
            1, uncertainty={"type": "Polygon", "coordinates": SQUARE_CW}, derivation=OFFSHORE, geo_precision=2
        )
    )
    point, area = doc["features"]
    assert point["properties"]["role"] == "incident"
    assert area["properties"] == {
        "incident_id": "inc-1",
        "role": "uncertainty",
        "event_type": "attack",
        "event_label": "Armed attack",
        "geo_precision": 2,
        "method": "offshore",
    }
    assert area["id"] == "inc-1#uncertainty"
    ring = area["geometry"]["coordinates"][0]
    assert area["geometry"]["type"] == "Polygon"
    assert ring[0] == ring[-1] == [35.0, 35.4]
    assert ring == [[35.0, 35.4], [35.2, 35.4], [35.2, 35.6], [35.0, 35.6], [35.0, 35.4]]


@pytest.mark.parametrize(
    ("derivation", "expected"),
    [
        (
            None,
            {
                "anchor_name": "",
                "anchor_lat": None,
                "anchor_lon": None,
                "distance_m": None,
                "bearing_deg": None,
                "method": "",
            },
        ),
        (
            OFFSHORE,
            {
                "anchor_name": "Latakia",
                "anchor_lat": 35.5167,
                "anchor_lon": 35.7833,
                "distance_m": 35405.6,
                "bearing_deg": 270.0,
                "method": "offshore",
            },
        ),
    ],
)
def test_geojson_derivation_properties_stay_flat(
    derivation: Derivation | None, expected: dict[str, Any]
) -> None:
    # Flat, with the same names in both formats; the parse's internals (trigger) are not exported.
    incident = make_incident(1, derivation=derivation, provenance=Provenance(trigger="hit", mentions=2))
    props = to_geojson([incident])["features"][0]["properties"]
    assert list(props)[-len(expected) - 4 : -4] == list(expected)
    assert {key: props[key] for key in expected} == expected
    assert "hit" not in json.dumps(props)
    _, rows = _csv_rows(incident)
    assert rows[0][-len(expected) :] == list(expected)


@pytest.mark.parametrize(
    ("incident", "n_features"),
    [
        (make_incident(1, lat=None, lon=None), 1),  # no coordinates: kept, geometry null
        (make_incident(2, uncertainty={"type": "Circle", "coordinates": [1, 2]}), 1),
        (make_incident(3, uncertainty={"type": "Polygon", "coordinates": [[[400, 0], [0, 1], [1, 1]]]}), 1),
        (make_incident(4, uncertainty={"type": "Polygon", "coordinates": [[[float("nan"), 0]]]}), 1),
        (make_incident(5, uncertainty={"type": "MultiPolygon", "coordinates": [SQUARE_CW]}), 2),
        (make_incident(6, uncertainty={"type": "LineString", "coordinates": [[35, 35], [36, 36]]}), 2),
    ],
)
def test_geojson_keeps_every_incident_and_drops_malformed_areas(incident: Incident, n_features: int) -> None:
    assert len(_geojson(incident)["features"]) == n_features


@pytest.mark.parametrize(
    ("rings", "expected_first_ring"),
    [
        ([[[0, 0], [1, 0], [1, 1], [0, 0]]], [[0, 0], [1, 0], [1, 1], [0, 0]]),  # already CCW
        ([[[0, 0], [0, 1], [1, 1], [0, 0]]], [[0, 0], [1, 1], [0, 1], [0, 0]]),
    ],
)
def test_orient_polygon_exterior(rings: list[Any], expected_first_ring: list[Any]) -> None:
    assert orient_polygon(rings)[0] == expected_first_ring


def test_orient_polygon_hole_clockwise() -> None:
    outer = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
    hole_ccw = [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 1.0]]
    assert orient_polygon([outer, hole_ccw])[1] == hole_ccw[::-1]


def test_clean_geometry_rounds_nested() -> None:
    geom = clean_geometry({"type": "MultiPoint", "coordinates": ((1.23456789, 2.0), (3.0, -4.00000049))})
    assert geom == {"type": "MultiPoint", "coordinates": [[1.234568, 2.0], [3.0, -4.0]]}


def _csv_rows(*incidents: Incident) -> tuple[str, list[list[str]]]:
    buf = io.StringIO(newline="")
    assert write_csv(incidents, buf) == len(incidents)
    text = buf.getvalue()
    return text, list(csv.reader(io.StringIO(text, newline="")))


ACLED_ORDER = [
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
]


def test_csv_columns_and_values() -> None:
    incident = make_incident(
        1,
        lat=-33.8688,
        lon=151.2093123456,
        time_precision=2,
        provenance=Provenance(
            url="https://www.telegraph.co.uk/news/2018/09/18/a", date_text="on Monday", admin1="Latakia"
        ),
    )
    text, rows = _csv_rows(incident)
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][: len(ACLED_ORDER)] == ACLED_ORDER
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "event_id": "inc-1",
        "event_date": "2018-09-17",
        "time_precision": "2",
        "event_type": "attack",
        "country": "Syria",
        "admin1": "Latakia",
        "location": "Latakia",
        "latitude": "-33.868800",
        "longitude": "151.209312",
        "geo_precision": "1",
        "source": "telegraph.co.uk",
        "notes": "Strikes against targets in Latakia province",
        "date_precision": "week",
        "event_label": "Armed attack",
        "date_label": "week of 2018-09-17",
        "date_text": "on Monday",
        "country_code": "SY",
        "geo_precision_label": "exact place",
        "kind": "event",
        "title": "Russia and Israel",
        "article_id": "art",
        "article_url": "https://www.telegraph.co.uk/news/2018/09/18/a",
        "source_count": "1",
        "source_article_ids": "art",
        "source_urls": "https://www.telegraph.co.uk/news/2018/09/18/a",
        "confidence": "0.9",
        "anchor_name": "",
        "anchor_lat": "",
        "anchor_lon": "",
        "distance_m": "",
        "bearing_deg": "",
        "method": "",
    }
    assert text.endswith("\r\n") and text.count("\r\n") == 2


def test_csv_missing_values_are_empty() -> None:
    _, rows = _csv_rows(make_incident(1, lat=None, lon=None, date=None, country_code=""))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert [row[c] for c in ("event_date", "latitude", "longitude", "date_precision", "country")] == [""] * 5
    assert row["date_label"] == "undated"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org/", "http://example.org/"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("ftp://example.org/a", ""),
        ("//example.org/a", ""),
        ("https://exa mple.org", ""),
    ],
)
def test_exports_keep_only_http_article_urls(url: str, kept: str) -> None:
    incident = make_incident(1, provenance=Provenance(url=url))
    _, rows = _csv_rows(incident)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["article_url"], row["source_urls"]) == (kept, kept)
    props = _geojson(incident)["features"][0]["properties"]
    assert (props["article_url"], props["sources"][0]["url"]) == (kept, kept)


def _fused() -> Incident:
    one = make_incident(
        1, article_id="a1", source="bbc.co.uk", provenance=Provenance(url="https://bbc.co.uk/n/1")
    )
    two = make_incident(
        2,
        article_id="a2",
        source="dw.com",
        date=dt.date(2018, 9, 18),
        title="Jet downed",
        provenance=Provenance(url="javascript:alert(1)"),
    )
    three = make_incident(
        3, article_id="a3", source="bbc.co.uk", provenance=Provenance(url="https://bbc.co.uk/n/2")
    )
    return fuse([one, two, three])


def test_exports_list_every_source_of_a_fused_incident() -> None:
    incident = _fused()
    _, rows = _csv_rows(incident)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["source"] == "bbc.co.uk; dw.com"  # sites once each, as ACLED lists them
    assert row["source_count"] == "3"
    assert row["source_article_ids"] == "a1; a2; a3"
    assert row["source_urls"] == "https://bbc.co.uk/n/1 https://bbc.co.uk/n/2"
    props = _geojson(incident)["features"][0]["properties"]
    assert [(s["article_id"], s["title"], s["url"], s["date"]) for s in props["sources"]] == [
        ("a1", "Russia and Israel", "https://bbc.co.uk/n/1", "2018-09-17"),
        ("a2", "Jet downed", "", "2018-09-18"),
        ("a3", "Russia and Israel", "https://bbc.co.uk/n/2", "2018-09-17"),
    ]


@pytest.mark.parametrize(
    ("snippet", "cell", "raw_fragment"),
    [
        ('He said "go", then left', 'He said "go", then left', '"He said ""go"", then left"'),
        ("line one\nline two", "line one\nline two", '"line one\nline two"'),
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")', None),
        ("+1 555", "'+1 555", None),
        ("-2+3", "'-2+3", None),
        ("@SUM(A1)", "'@SUM(A1)", None),
        ("\t=1", "'\t=1", None),
        ("plain, with comma", "plain, with comma", '"plain, with comma"'),
    ],
)
def test_csv_escaping_and_formula_guard(snippet: str, cell: str, raw_fragment: str | None) -> None:
    text, rows = _csv_rows(make_incident(1, snippet=snippet))
    assert rows[1][CSV_COLUMNS.index("notes")] == cell
    if raw_fragment:
        assert raw_fragment in text


def test_csv_formula_guard_on_text_columns_only() -> None:
    _, rows = _csv_rows(make_incident(1, id="=cmd", location_name="-Zone", lat=-1.5, lon=-2.25))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["event_id"] == "'=cmd" and row["location"] == "'-Zone"
    assert (row["latitude"], row["longitude"]) == ("-1.500000", "-2.250000")  # numbers stay numbers


@pytest.mark.parametrize(("value", "expected"), [("=1", "'=1"), ("a=1", "a=1"), ("", "")])
def test_safe_cell(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    ("fmt", "first_chars"), [("csv", "event_id,"), ("geojson", '{"type": "FeatureCollection"')]
)
def test_write_export(fmt: str, first_chars: str) -> None:
    buf = io.StringIO(newline="")
    assert write_export([make_incident(1), make_incident(2, lat=None, lon=None)], buf, fmt=fmt) == 2
    assert buf.getvalue().startswith(first_chars)


def test_write_export_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format 'kml'"):
        write_export([], io.StringIO(), fmt="kml")


@pytest.mark.parametrize(
    ("date", "level", "precision", "iso", "word"),
    [
        (dt.date(2018, 9, 17), 1, None, "2018-09-17", "day"),
        (dt.date(2018, 9, 17), 2, None, "2018-09-17", "week"),
        (dt.date(2018, 9, 1), 3, "month", "2018-09-01", "month"),
        (dt.date(2016, 1, 1), 3, "year", "2016-01-01", "year"),
        (None, 3, None, "", ""),
    ],
)
def test_exports_keep_the_iso_date_and_say_its_precision(
    date: dt.date | None, level: int, precision: Any, iso: str, word: str
) -> None:
    incident = make_incident(
        1, date=date, time_precision=level, provenance=Provenance(date_precision=precision)
    )
    _, rows = _csv_rows(incident)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["event_date"], row["time_precision"], row["date_precision"]) == (iso, str(level), word)
    props = _geojson(incident)["features"][0]["properties"]
    assert (props["event_date"], props["time_precision"], props["date_precision"]) == (
        iso or None,
        level,
        word or None,
    )


@pytest.mark.parametrize(
    ("kind", "code", "label"),
    [("event", "missile_attack", "Missile or rocket attack"), ("mention", "mention", "Place mention")],
)
def test_exports_keep_the_type_code_and_add_its_label(kind: str, code: str, label: str) -> None:
    incident = make_incident(1, kind=kind, event_type=code)
    _, rows = _csv_rows(incident)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["event_type"], row["event_label"]) == (code, label)
    props = _geojson(incident)["features"][0]["properties"]
    assert (props["kind"], props["event_type"], props["event_label"]) == (kind, code, label)


def test_columns_have_one_home() -> None:
    for incident in (make_incident(1), make_incident(2, derivation=OFFSHORE, lat=None, lon=None), _fused()):
        assert tuple(incident_columns(incident)) == COLUMNS == CSV_COLUMNS


def test_every_incident_of_a_selection_is_in_both_exports() -> None:
    incidents = synthetic_incidents(300, derived_share=0.2)
    unlocated = {inc.id for inc in incidents[::10]}
    incidents = [
        dataclasses.replace(inc, lat=None, lon=None, uncertainty=None, derivation=None)
        if inc.id in unlocated
        else inc
        for inc in incidents
    ]
    doc = _geojson(*incidents)
    assert_rfc7946(doc)
    points = [f for f in doc["features"] if f["properties"]["role"] == "incident"]
    assert [f["id"] for f in points] == [inc.id for inc in incidents]
    assert {f["id"] for f in points if f["geometry"] is None} == unlocated
    _, rows = _csv_rows(*incidents)
    assert [row[0] for row in rows[1:]] == [inc.id for inc in incidents]
    assert sum(1 for f in doc["features"] if f["properties"]["role"] == "uncertainty") == sum(
        1 for inc in incidents if inc.uncertainty is not None
    )
