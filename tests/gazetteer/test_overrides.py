"""The committed corrections: applied by id, and every mistake in them is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer.overrides import reference_points, with_overrides
from mapapp.gazetteer.sources import SourceEntry
from mapapp.models import Place


def _entry(place_id: str, name: str) -> SourceEntry:
    place = Place(
        id=place_id,
        name=name,
        lat=1.0,
        lon=2.0,
        feature_class="A",
        feature_code="PCLI",
        country_code="XX",
        admin1="",
        population=0,
        extent=None,
        source="test",
    )
    return SourceEntry(place=place, names=(name,))


def _write(tmp_path: Path, points: str, names: str) -> tuple[Path, Path]:
    (tmp_path / "points.csv").write_text("place_id,lat,lon,source\n" + points, encoding="utf-8")
    (tmp_path / "names.csv").write_text("place_id,name,kind,source\n" + names, encoding="utf-8")
    return tmp_path / "points.csv", tmp_path / "names.csv"


def test_points_and_names_are_applied_by_id(tmp_path):
    points, names = _write(
        tmp_path, "cc:XX,10.5,-20.25,test\n", "cc:XX,Xland,alias,test\ncc:XX,Xish,demonym,test\n"
    )
    [entry] = list(with_overrides([_entry("cc:XX", "Examplestan")], points_path=points, names_path=names))
    assert (entry.place.lat, entry.place.lon) == (10.5, -20.25)
    assert entry.place.source == "test; reference point"
    assert entry.aliases == ("Xland",) and entry.demonyms == ("Xish",)


@pytest.mark.parametrize(
    ("points", "names", "message"),
    [
        ("cc:YY,1,2,test\n", "", r"points.csv: no place with id cc:YY"),
        ("", "cc:YY,Y,alias,test\n", r"names.csv: no place with id cc:YY"),
        ("", "cc:XX,Y,nickname,test\n", r"names.csv:2: kind must be alias or demonym"),
        ("cc:XX,north,2,test\n", "", r"points.csv:2: lat/lon must be numbers"),
        ("cc:XX,95,2,test\n", "", r"points.csv:2: lat/lon out of range"),
        ("cc:XX,,2,test\n", "", r"points.csv:2: every column needs a value"),
    ],
)
def test_mistakes_name_the_file_and_line(tmp_path, points, names, message):
    points_path, names_path = _write(tmp_path, points, names)
    with pytest.raises(GazetteerError, match=message):
        list(with_overrides([_entry("cc:XX", "Examplestan")], points_path=points_path, names_path=names_path))


def test_a_wrong_header_is_reported(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("code,lat,lon\nXX,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="header must be place_id,lat,lon,source"):
        reference_points(path)
