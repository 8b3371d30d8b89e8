"""Tests for mapapp.gazetteer.marine and the committed geodata/ne_marine.json (Natural Earth seas)."""

from __future__ import annotations

import csv
from functools import cache

import pytest
from global_land_mask import globe
from shapely.geometry import Point, box

from mapapp.errors import GazetteerError
from mapapp.gazetteer import marine
from mapapp.gazetteer.entries import SourceEntry
from mapapp.models import Place
from tests.helpers import GEODATA

MARINE = GEODATA / marine.MARINE_FILE


@cache
def outlines() -> dict[str, marine.MarineArea]:
    return {area.name: area for area in marine.load_marine(MARINE)}


@cache
def curated_rows() -> dict[str, dict[str, str]]:
    with (GEODATA / "curated.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_the_data_file_loads_and_is_small():
    areas = outlines()
    assert MARINE.stat().st_size < 450_000
    assert len(areas) >= 280
    assert all(area.outline.is_valid and not area.outline.is_empty for area in areas.values())
    # Natural Earth draws the Mediterranean in two halves: they are one area.
    assert outlines()["Mediterranean Sea"].outline.bounds == pytest.approx((-2.1, 30.8, 36.2, 43.8), abs=0.1)


@pytest.mark.parametrize(
    ("query", "place_id", "outline_name"),
    [
        ("Red Sea", "cur:red-sea", "Red Sea"),
        ("Gulf of Aden", "cur:gulf-of-aden", "Gulf of Aden"),
        ("Persian Gulf", "cur:persian-gulf", "Persian Gulf"),
        ("Arabian Gulf", "cur:persian-gulf", "Persian Gulf"),
        ("Mediterranean", "cur:mediterranean-sea", "Mediterranean Sea"),
        ("South China Sea", "cur:south-china-sea", "South China Sea"),
        ("Strait of Malacca", "cur:strait-of-malacca", "Strait of Malacca"),
        ("Bay of Biscay", "cur:bay-of-biscay", "Bay of Biscay"),
        ("Gulf of Mexico", "cur:gulf-of-mexico", "Gulf of Mexico"),
        ("Black Sea", "cur:black-sea", "Black Sea"),
    ],
)
def test_a_sea_natural_earth_outlines_spans_its_outline(gazetteer, query, place_id, outline_name):
    best = gazetteer.lookup(query)[0].place
    outline = outlines()[outline_name].outline
    assert best.id == place_id
    assert outline.contains(Point(best.lon, best.lat))
    west, south, east, north = outline.bounds
    assert best.extent.as_tuple() == pytest.approx((south, west, north, east), abs=1e-6)
    assert "Natural Earth marine area" in best.source


@pytest.mark.parametrize(
    ("query", "place_id", "outline_name"),
    [
        # Natural Earth has no outline of these: their curated point lies in the sea around them.
        ("eastern Mediterranean", "cur:eastern-mediterranean", "Mediterranean Sea"),
        ("Strait of Hormuz", "cur:strait-of-hormuz", "Persian Gulf"),
        ("Levantine Sea", "cur:levantine-sea", "Mediterranean Sea"),
        ("Strait of Sicily", "cur:strait-of-sicily", "Mediterranean Sea"),
    ],
)
def test_a_sea_without_its_own_outline_lies_in_the_sea_around_it(gazetteer, query, place_id, outline_name):
    best = gazetteer.lookup(query)[0].place
    assert best.id == place_id
    assert outlines()[outline_name].outline.contains(Point(best.lon, best.lat))
    assert best.source == curated_rows()[place_id]["source"]


@pytest.mark.parametrize(
    ("place_id", "why"),
    [
        ("cur:scotia-sea", "Natural Earth's 'Scotia Sea' is a sliver ~700 km from the sea's middle"),
        ("cur:strait-of-gibraltar", "Natural Earth's outline of the strait is half land on the 1 km mask"),
        ("cur:bab-el-mandeb", "Natural Earth's outline of the strait is half land on the 1 km mask"),
    ],
)
def test_an_outline_the_curated_point_lies_outside_is_not_used(gazetteer, place_id, why):
    row = curated_rows()[place_id]
    place = gazetteer.get(place_id)
    curated = tuple(float(row[field]) for field in ("south", "west", "north", "east"))
    assert place.extent.as_tuple() == pytest.approx(curated), why
    assert (place.lat, place.lon) == (float(row["lat"]), float(row["lon"]))


@pytest.mark.parametrize(
    ("query", "place_id", "feature_code"),
    [
        ("Bali Sea", "ne:bali-sea", "SEA"),
        ("Molucca Sea", "ne:molucca-sea", "SEA"),
        ("Hangzhou Bay", "ne:hangzhou-bay", "BAY"),
        ("Gulf of Ob", "ne:gulf-of-ob", "GULF"),
        ("Hecate Strait", "ne:hecate-strait", "STRT"),
        ("Leyte Gulf", "ne:leyte-gulf", "GULF"),
    ],
)
def test_waters_no_other_source_names_are_added_inside_their_outline(
    gazetteer, query, place_id, feature_code
):
    best = gazetteer.lookup(query)[0].place
    assert (best.id, best.feature_class, best.feature_code) == (place_id, "H", feature_code)
    assert outlines()[best.name].outline.contains(Point(best.lon, best.lat))
    assert globe.is_ocean(best.lat, best.lon)


@pytest.mark.parametrize(
    ("query", "not_id"),
    [
        # Natural Earth names the Vistula Lagoon "Kaliningrad"; the city keeps its name.
        ("Kaliningrad", "ne:kaliningrad"),
        # An Alaskan borough of that name exists: no second entry.
        ("Bristol Bay", "ne:bristol-bay"),
        # Curated as a lake.
        ("Caspian Sea", "ne:caspian-sea"),
    ],
)
def test_a_name_another_source_knows_is_not_added_again(gazetteer, query, not_id):
    assert not_id not in {candidate.place.id for candidate in gazetteer.lookup(query)}
    assert gazetteer.get(not_id) is None


def test_added_waters_mostly_lie_at_sea():
    """Label points of Natural Earth's outlines; fjords, lagoons and crude narrow outlines may be land at 1 km."""
    added = [marine.new_entry(area) for area in outlines().values()]
    points = [(entry.place.name, entry.place.lat, entry.place.lon) for entry in added if entry is not None]
    ashore = [name for name, lat, lon in points if globe.is_land(lat, lon)]
    assert len(points) > 150
    assert len(ashore) <= 0.06 * len(points), ashore


def test_the_ross_sea_extent_crosses_the_antimeridian(gazetteer):
    extent = gazetteer.lookup("Ross Sea")[0].place.extent
    assert extent.west > 150.0 and extent.east < -100.0
    assert (
        extent.contains(-78.0, 180.0) and extent.contains(-78.0, -170.0) and not extent.contains(-78.0, 0.0)
    )


def test_a_point_22_miles_off_latakia_is_in_the_mediterranean():
    from mapapp.spatial.coast import offshore_point

    lat, lon, band = offshore_point(35.5317, 35.7901, distance_m=22 * 1609.344)
    mediterranean = outlines()["Mediterranean Sea"].outline
    assert mediterranean.contains(Point(lon, lat))
    assert mediterranean.buffer(0.05).contains(band)


def _sea(name: str, lat: float, lon: float, code: str = "SEA") -> SourceEntry:
    place = Place(
        f"cur:{name.lower().replace(' ', '-')}", name, lat, lon, "H", code, "", "", 0, None, "curated"
    )
    return SourceEntry(place=place, names=(name,))


def test_with_outlines_fits_matches_and_adds_only_unknown_names(tmp_path):
    path = tmp_path / "marine.json"
    features = [
        {
            "name": "Test Sea",
            "namealt": "",
            "featurecla": "sea",
            "geometry": box(0, 0, 4, 4).__geo_interface__,
        },
        {
            "name": "Other Gulf",
            "namealt": "",
            "featurecla": "gulf",
            "geometry": box(10, 0, 12, 2).__geo_interface__,
        },
        {
            "name": "Known Bay",
            "namealt": "",
            "featurecla": "bay",
            "geometry": box(20, 0, 22, 2).__geo_interface__,
        },
        {
            "name": "Odd Reef",
            "namealt": "",
            "featurecla": "reef",
            "geometry": box(30, 0, 32, 2).__geo_interface__,
        },
    ]
    import json

    path.write_text(json.dumps({"features": features}), encoding="utf-8")
    town = SourceEntry(
        place=Place("gn:1", "Known Bay", 1.0, 21.0, "P", "PPL", "XX", "", 900, None, "t"),
        names=("Known Bay",),
    )
    out = list(marine.with_outlines([_sea("Test Sea", 1.0, 1.0), town], path=path))
    assert [entry.place.id for entry in out] == ["cur:test-sea", "gn:1", "ne:other-gulf"]
    assert out[0].place.extent.as_tuple() == (0.0, 0.0, 4.0, 4.0)
    assert out[1] is town
    assert (out[2].place.lat, out[2].place.lon, out[2].place.feature_code) == (1.0, 11.0, "GULF")


def test_a_lake_of_a_sea_name_is_not_fitted(tmp_path):
    path = tmp_path / "marine.json"
    path.write_text(
        '{"features": [{"name": "Salt Sea", "namealt": "", "featurecla": "sea", '
        '"geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]]]}}]}',
        encoding="utf-8",
    )
    lake = _sea("Salt Sea", 1.0, 1.0, code="LK")
    assert list(marine.with_outlines([lake], path=path)) == [lake]


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "malformed marine polygons"), ('{"features": [{"name": "X"}]}', "malformed marine polygons")],
)
def test_a_broken_file_names_itself(tmp_path, text, message):
    path = tmp_path / "marine.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        marine.load_marine(path)
    with pytest.raises(GazetteerError, match="cannot read marine polygons"):
        marine.load_marine(tmp_path / "missing.json")


def test_the_query_side_finds_the_outline_of_every_fitted_sea(gazetteer):
    """outlines.py repeats the build's matching: every sea the index fitted has its outline there."""
    from mapapp.gazetteer.outlines import sea_outline, sea_outlines

    fitted = [gazetteer.get(place_id) for place_id in sea_outlines() if place_id.startswith("cur:")]
    split = {"cur:north-pacific", "cur:south-pacific", "cur:arctic-ocean", "cur:southern-ocean"}
    split |= {"cur:east-siberian-sea", "cur:chukchi-sea", "cur:bering-sea", "cur:ross-sea"}
    missing = [place.id for place in fitted if sea_outline(place) is None and place.id not in split]
    assert len(fitted) == 130
    assert missing == []
    assert sea_outline(gazetteer.get("cur:scotia-sea")) is None
    assert sea_outline(gazetteer.lookup("Bali Sea")[0].place).contains(Point(115.5, -7.5))
