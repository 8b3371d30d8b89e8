"""Parsing of spatial phrases: offsets, units, numbers, hedges, compass points."""

from __future__ import annotations

import re

import pytest

from mapapp.spatial import parse_spatial_phrases
from mapapp.spatial.numbers import COMPASS, DIR_ABBR, compass_bearing, words_to_number
from mapapp.text.lexicon import COMPASS_POINTS

MI = 1609.344
NMI = 1852.0


@pytest.mark.parametrize(
    ("text", "phrase", "relation", "distance_m", "bearing", "hedge", "anchor"),
    [
        ("fighting 20 km north of Aleppo", "20 km north of Aleppo", "offset", 20_000, 0.0, "", "Aleppo"),
        ("15 miles southeast of Homs", "15 miles southeast of Homs", "offset", 15 * MI, 135.0, "", "Homs"),
        (
            "a village 40 kilometres west of Mosul",
            "40 kilometres west of Mosul",
            "offset",
            40_000,
            270.0,
            "",
            "Mosul",
        ),
        ("30 miles south of Baghdad", "30 miles south of Baghdad", "offset", 30 * MI, 180.0, "", "Baghdad"),
        (
            "12 kilometers north-east of Idlib",
            "12 kilometers north-east of Idlib",
            "offset",
            12_000,
            45.0,
            "",
            "Idlib",
        ),
        ("8 km NNE of Raqqa", "8 km NNE of Raqqa", "offset", 8_000, 22.5, "", "Raqqa"),
        ("500 metres northwest of Hama", "500 metres northwest of Hama", "offset", 500, 315.0, "", "Hama"),
        ("twenty miles east of Kabul", "twenty miles east of Kabul", "offset", 20 * MI, 90.0, "", "Kabul"),
        (
            "a dozen miles west of Kirkuk",
            "a dozen miles west of Kirkuk",
            "offset",
            12 * MI,
            270.0,
            "",
            "Kirkuk",
        ),
        (
            "about 40 km (25 miles) south-west of Kharkiv",
            "about 40 km (25 miles) south-west of Kharkiv",
            "offset",
            40_000,
            225.0,
            "about",
            "Kharkiv",
        ),
        (
            "some 60km WSW of Mogadishu",
            "some 60km WSW of Mogadishu",
            "offset",
            60_000,
            247.5,
            "some",
            "Mogadishu",
        ),
        (
            "nearly 10 miles to the north of Donetsk",
            "nearly 10 miles to the north of Donetsk",
            "offset",
            10 * MI,
            0.0,
            "nearly",
            "Donetsk",
        ),
        (
            "up to 30 km east-southeast of Gao",
            "up to 30 km east-southeast of Gao",
            "offset",
            15_000,
            112.5,
            "up to",
            "Gao",
        ),
        (
            "one hundred and fifty kilometres north of Khartoum",
            "one hundred and fifty kilometres north of Khartoum",
            "offset",
            150_000,
            0.0,
            "",
            "Khartoum",
        ),
        (
            "22 miles off Latakia's coast",
            "22 miles off Latakia's coast",
            "offshore",
            22 * MI,
            None,
            "",
            "Latakia",
        ),
        (
            "22 miles off Latakia\u2019s coast",
            "22 miles off Latakia\u2019s coast",
            "offshore",
            22 * MI,
            None,
            "",
            "Latakia",
        ),
        (
            "12 nautical miles off the coast of Gaza",
            "12 nautical miles off the coast of Gaza",
            "offshore",
            12 * NMI,
            None,
            "",
            "Gaza",
        ),
        (
            "a 22-mile stretch off Tartus",
            "22-mile stretch off Tartus",
            "offshore",
            22 * MI,
            None,
            "",
            "Tartus",
        ),
        (
            "about twenty-two nm off Benghazi",
            "about twenty-two nm off Benghazi",
            "offshore",
            22 * NMI,
            None,
            "about",
            "Benghazi",
        ),
        ("off the coast of Beirut", "off the coast of Beirut", "offshore", None, None, "", "Beirut"),
        ("north of Aleppo", "north of Aleppo", "direction", None, 0.0, "", "Aleppo"),
        ("near Kobani", "near Kobani", "near", None, None, "", "Kobani"),
        (
            "on the outskirts of Damascus",
            "the outskirts of Damascus",
            "outskirts",
            None,
            None,
            "",
            "Damascus",
        ),
        (
            "the northern outskirts of Aleppo",
            "the northern outskirts of Aleppo",
            "outskirts",
            None,
            0.0,
            "",
            "Aleppo",
        ),
        ("in northern Syria", "northern Syria", "part-of-region", None, 0.0, "", "Syria"),
        ("in the north-west of Iraq", "the north-west of Iraq", "part-of-region", None, 315.0, "", "Iraq"),
        ("on the border with Turkey", "on the border with Turkey", "border", None, None, "", "Turkey"),
        ("between Homs and Hama", "between Homs and Hama", "between", None, None, "", "Homs"),
        ("a town 20 km from Aleppo", "20 km from Aleppo", "distance", 20_000, None, "", "Aleppo"),
        ("walked 30 miles away from Homs", "30 miles away from Homs", "distance", 30 * MI, None, "", "Homs"),
        ("3 km off Tartus", "3 km off Tartus", "offshore", 3_000, None, "", "Tartus"),
    ],
)
def test_parse_table(
    text: str,
    phrase: str,
    relation: str,
    distance_m: float | None,
    bearing: float | None,
    hedge: str,
    anchor: str,
) -> None:
    found = parse_spatial_phrases(text)
    assert len(found) == 1, found
    p = found[0]
    assert p.text == phrase
    assert text[p.start : p.end] == phrase
    assert p.relation == relation
    if distance_m is None:
        assert p.distance_m is None
    else:
        assert p.distance_m == pytest.approx(distance_m, rel=1e-9)
        assert p.distance_range[0] <= (distance_m if hedge != "up to" else 0) <= p.distance_range[1]
    assert p.bearing_deg == bearing
    assert p.hedge == hedge
    assert text[p.anchor_start : p.anchor_end] == anchor
    assert p.problem == ""


@pytest.mark.parametrize(
    ("text", "lo_factor", "hi_factor"),
    [
        ("20 km north of Aleppo", 0.9, 1.1),
        ("about 20 km north of Aleppo", 0.8, 1.2),
        ("nearly 20 km north of Aleppo", 0.85, 1.0),
        ("more than 20 km north of Aleppo", 1.0, 1.3),
        ("up to 20 km north of Aleppo", 0.0, 1.0),
        ("within 20 km north of Aleppo", 0.0, 1.0),
    ],
)
def test_hedges_widen_the_range(text: str, lo_factor: float, hi_factor: float) -> None:
    p = parse_spatial_phrases(text)[0]
    assert p.distance_range == pytest.approx((20_000 * lo_factor, 20_000 * hi_factor))


def test_hedged_confidence_is_lower() -> None:
    plain = parse_spatial_phrases("20 km north of Aleppo")[0]
    hedged = parse_spatial_phrases("up to 20 km north of Aleppo")[0]
    assert hedged.confidence < plain.confidence


def test_number_range_gives_a_range() -> None:
    p = parse_spatial_phrases("20-30 km south of Homs")[0]
    assert p.distance_m == pytest.approx(25_000)
    assert p.distance_range[0] < 20_000 and p.distance_range[1] > 30_000


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5 km north of Raqqa", "negative distance"),
        ("minus 5 km north of Raqqa", "negative distance"),
        ("0 km north of Raqqa", "zero distance"),
        ("20 km north of the city", "no anchor"),
    ],
)
def test_odd_input_is_flagged(text: str, problem: str) -> None:
    p = parse_spatial_phrases(text)[0]
    assert p.problem == problem


@pytest.mark.parametrize(
    "text",
    [
        "",
        "north",
        "km",
        "off",
        "the 5th of May",
        "He took off from Latakia airport.",
        "20 km",
        "-" * 500,
        "between and",
        "x" * 10_000 + " 5 km north of Homs",
    ],
)
def test_no_crash_on_junk(text: str) -> None:
    phrases = parse_spatial_phrases(text)
    assert all(0 <= p.start < p.end <= len(text) for p in phrases)


def test_take_off_is_not_offshore() -> None:
    assert parse_spatial_phrases("The jet took off Latakia airbase at dawn.") == ()


@pytest.mark.parametrize(
    ("word", "bearing", "half"),
    [
        ("north", 0.0, 22.5),
        ("N", 0.0, 22.5),
        ("NNE", 22.5, 11.25),
        ("north-east", 45.0, 22.5),
        ("northeast", 45.0, 22.5),
        ("north east", 45.0, 22.5),
        ("ENE", 67.5, 11.25),
        ("east", 90.0, 22.5),
        ("east-southeast", 112.5, 11.25),
        ("SE", 135.0, 22.5),
        ("south-southeast", 157.5, 11.25),
        ("southern", 180.0, 22.5),
        ("SSW", 202.5, 11.25),
        ("southwestern", 225.0, 22.5),
        ("WSW", 247.5, 11.25),
        ("westward", 270.0, 22.5),
        ("west-northwest", 292.5, 11.25),
        ("northwestern", 315.0, 22.5),
        ("NNW", 337.5, 11.25),
    ],
)
def test_compass_points(word: str, bearing: float, half: float) -> None:
    assert compass_bearing(word) == (bearing, half)


@pytest.mark.parametrize("word", ["northsouth", "eastwest", "nn", "up"])
def test_compass_rejects_nonsense(word: str) -> None:
    assert compass_bearing(word) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("22", 22.0),
        ("1,500", 1500.0),
        ("2.5", 2.5),
        ("twenty", 20.0),
        ("twenty-two", 22.0),
        ("twenty two", 22.0),
        ("a dozen", 12.0),
        ("one hundred and fifty", 150.0),
        ("two thousand", 2000.0),
        ("half a", 0.5),
        ("an", 1.0),
        ("banana", None),
    ],
)
def test_words_to_number(text: str, value: float | None) -> None:
    assert words_to_number(text) == value


@pytest.mark.parametrize(
    ("text", "distance_m", "low", "high"),
    [
        ("1/2 mile off the coast of Gaza", 0.5 * MI, 0.45 * MI, 0.55 * MI),
        ("2\u00bd miles south of Raqqa", 2.5 * MI, 2.25 * MI, 2.75 * MI),
        ("several hundred metres north of Homs", 500.0, 300.0, 900.0),
        ("a few kilometres west of Idlib", 3_000.0, 2_000.0, 5_000.0),
        ("a couple of miles off Tartus", 2 * MI, 1.5 * MI, 3 * MI),
    ],
)
def test_fractions_and_vague_counts(text: str, distance_m: float, low: float, high: float) -> None:
    p = parse_spatial_phrases(text)[0]
    assert p.text == text
    assert p.distance_m == pytest.approx(distance_m)
    assert p.distance_range == pytest.approx((low, high))


@pytest.mark.parametrize(
    "text",
    [
        "Police in the northern city of Irbid said",
        "She moved to Eastern Cape last year",
        "in Northern Ireland",
        "the Near East",
        "fighters from nearby Idlib province",
    ],
)
def test_names_and_descriptors_are_not_parts_or_near(text: str) -> None:
    assert [p for p in parse_spatial_phrases(text) if p.relation in ("part-of-region", "near")] == []


def test_compass_points_are_the_lexicons() -> None:
    assert [p.upper() for p in COMPASS] == list(COMPASS_POINTS)
    assert [(compass_bearing(p) or (None,))[0] for p in COMPASS_POINTS] == [i * 22.5 for i in range(16)]
    # the abbreviations match upper case only, and the longer points first
    assert sorted(DIR_ABBR.removeprefix("(?-i:").removesuffix(")").split("|")) == sorted(COMPASS_POINTS)
    assert re.fullmatch(DIR_ABBR, "NNE") and not re.fullmatch(DIR_ABBR, "nne", re.I)
    assert [m.group() for m in re.finditer(DIR_ABBR, "WSW of, NE of, N of")] == ["WSW", "NE", "N"]


@pytest.mark.parametrize("word", ["North", "South", "East", "West"])
def test_near_a_capitalised_cardinal_is_a_name(word: str) -> None:
    assert [p.relation for p in parse_spatial_phrases(f"flights near {word} Sudan were cancelled")] == []
