"""Which words around a name say it is a place, and which say it is none."""

from __future__ import annotations

import pytest

from mapapp.geoparse.cues import MIN_CUED_WEIGHT, county_list, cued_floor, names_a_disease

FLOOR = 0.6


def _floor(text: str, name: str) -> float:
    start = text.index(name)
    return cued_floor(text, start, start + len(name), floor=FLOOR)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Flooding hit Polk County on Monday.", "Polk County", MIN_CUED_WEIGHT),
        ("The Slidell Police Department said the driver fled.", "Slidell", MIN_CUED_WEIGHT),
        ("Walker County Sheriff's deputies arrived.", "Walker", MIN_CUED_WEIGHT),
        ("Owensboro Public Schools closed.", "Owensboro", MIN_CUED_WEIGHT),
        ("The Cavan County Council met.", "Cavan", MIN_CUED_WEIGHT),
        ("A crash outside Slidell hurt two.", "Slidell", MIN_CUED_WEIGHT),
        ("SLIDELL, La. (AP) -- A crash hurt two.", "SLIDELL", MIN_CUED_WEIGHT),
        ("The outbreak reached the village of Pulawy.", "Pulawy", 0.0),
        ("They live in a town called Lasby.", "Lasby", 0.0),
        ("Slidell said the crash hurt two.", "Slidell", FLOOR),
        ("Slidell police said the crash hurt two.", "Slidell", FLOOR),
        ("The State Police said so.", "State", FLOOR),
        ("Shots will be given in October.", "October", FLOOR),
        ("He works in IT support.", "IT", FLOOR),
    ],
)
def test_cued_floor(text, name, expected):
    assert _floor(text, name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Storms hit Polk, Story and Dallas counties.",
            [("Polk", "Polk County"), ("Story", "Story County"), ("Dallas", "Dallas County")],
        ),
        (
            "Orleans and St. Tammany parishes flooded.",
            [("Orleans", "Orleans Parish"), ("St. Tammany", "St. Tammany Parish")],
        ),
        (
            "Officials in Linn or Johnson counties said so.",
            [("Linn", "Linn County"), ("Johnson", "Johnson County")],
        ),
        ("Many rural counties voted early.", []),
    ],
)
def test_county_list(text, expected):
    assert [(text[a:b], query) for a, b, query in county_list(text)] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Cases of West Nile virus rose.", "West Nile", True),
        ("A Lyme disease clinic opened.", "Lyme", True),
        ("Rift Valley fever spread.", "Rift Valley", True),
        ("Marburg hemorrhagic fever spread.", "Marburg", True),
        ("The Texas flu season started.", "Texas", False),
        ("The West Nile flooded.", "West Nile", False),
    ],
)
def test_names_a_disease(text, name, expected):
    end = text.index(name) + len(name)
    assert names_a_disease(text, end) is expected
