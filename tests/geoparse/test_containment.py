"""Explicit containment ("Moscow, Idaho") against lists of states, and towns shadowed by an alias."""

from __future__ import annotations

from typing import Unpack

import pytest

from mapapp.geoparse.recognize import Span
from mapapp.geoparse.resolve import LookupOptions, Resolver
from mapapp.models import Candidate, Place


def place(
    pid: str, name: str, *, fclass: str = "A", fcode: str = "ADM1", admin1: str = "", pop: int = 0
) -> Place:
    return Place(
        id=pid,
        name=name,
        lat=40.0,
        lon=-90.0,
        feature_class=fclass,
        feature_code=fcode,
        country_code="US",
        admin1=admin1 or name,
        population=pop,
        extent=None,
        source="test",
    )


def state(code: str, name: str) -> Place:
    return place(f"adm1:US-{code}", name, pop=5_000_000)


def town(pid: str, name: str, admin1: str, pop: int) -> Place:
    return place(pid, name, fclass="P", fcode="PPL", admin1=admin1, pop=pop)


GEORGIA_US = state("GA", "Georgia")
GEORGIA = Place("cc:GE", "Georgia", 42.0, 43.5, "A", "PCLI", "GE", "", 3_700_000, None, "test")
ILLINOIS = state("IL", "Illinois")
MISSOURI = state("MO", "Missouri")
OHIO = state("OH", "Ohio")
IDAHO = state("ID", "Idaho")
DELAWARE = state("DE", "Delaware")
RIVERSIDE_MO = town("gn:1", "Riverside", "Missouri", 2_900)
DELAWARE_OH = town("gn:2", "Delaware", "Ohio", 41_000)
MOSCOW_ID = town("gn:3", "Moscow", "Idaho", 25_000)
COLUMBUS = town("gn:4", "Columbus", "Ohio", 900_000)
FRANKLIN_TN = town("gn:5", "Franklin", "Tennessee", 80_000)
NEW_YORK_CITY = town("gn:6", "New York City", "New York", 8_800_000)
NEW_YORK = state("NY", "New York")
PARIS = Place("gn:7", "Paris", 48.85, 2.35, "P", "PPLC", "FR", "Ile-de-France", 2_100_000, None, "test")
PARIS_ID = town("gn:8", "Paris", "Idaho", 500)

# name -> (place, prior, how it matched)
TABLE: dict[str, list[tuple[Place, float, str]]] = {
    "Georgia": [(GEORGIA, 0.97, "name"), (GEORGIA_US, 0.67, "name")],
    "Illinois": [(ILLINOIS, 0.68, "name"), (RIVERSIDE_MO, 0.35, "alias")],
    "Missouri": [(MISSOURI, 0.68, "name")],
    "Ohio": [(OHIO, 0.68, "name")],
    "Idaho": [(IDAHO, 0.65, "name")],
    "Delaware": [(DELAWARE, 0.66, "name"), (DELAWARE_OH, 0.5, "name")],
    "Moscow": [(MOSCOW_ID, 0.52, "name")],
    "Paris": [(PARIS, 0.83, "name"), (PARIS_ID, 0.2, "name")],
    "Franklin": [(COLUMBUS, 0.6, "alias"), (FRANKLIN_TN, 0.57, "name")],
    "New York": [(NEW_YORK_CITY, 0.69, "alias"), (NEW_YORK, 0.68, "name")],
}


class Gazetteer:
    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]:
        classes = options.get("feature_classes")
        return [
            Candidate(place=p, score=s, matched_name=query, match=how)  # type: ignore[arg-type]
            for p, s, how in TABLE.get(query, [])
            if not classes or p.feature_class in classes
        ]


def resolve(text: str, *names: str) -> dict[str, str | None]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Span(start, cursor, name, "GPE", name))
    mentions = Resolver(gazetteer=Gazetteer()).resolve(text, found)
    return {f"{m.text}@{m.start}": (m.place.id if m.place else None) for m in mentions}


@pytest.mark.parametrize(
    ("text", "names", "name", "expected"),
    [
        # A list of states: "Illinois, Missouri" is two states, not Illinois inside Missouri.
        (
            "Cases were reported in Georgia, Illinois, Missouri and Ohio.",
            ("Georgia", "Illinois", "Missouri", "Ohio"),
            "Illinois@32",
            "adm1:US-IL",
        ),
        (
            "States with cases include Ohio, Illinois, Missouri.",
            ("Ohio", "Illinois", "Missouri"),
            "Illinois@32",
            "adm1:US-IL",
        ),
        # Containment is kept where no list goes on.
        ("The university in Moscow, Idaho, said on Friday.", ("Moscow", "Idaho"), "Moscow@18", "gn:3"),
        (
            "Officers in Delaware, Ohio, said the road was closed.",
            ("Delaware", "Ohio"),
            "Delaware@12",
            "gn:2",
        ),
        # The state ends the sentence: the next sentence's capitals are not part of its name.
        (
            "He is originally from Paris, Idaho. Mr. Carlsen taught there.",
            ("Paris", "Idaho"),
            "Paris@22",
            "gn:8",
        ),
    ],
)
def test_a_state_in_a_list_of_states_is_not_contained_by_the_next(text, names, name, expected):
    assert resolve(text, *names)[name] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # "Franklin" is a town of its own name, not Columbus, whose old name it was.
        ("The parade went through Franklin on Saturday.", "Franklin@24", "gn:5"),
        # A short form that shares a word with the name stays: New York City.
        ("She moved to New York last year.", "New York@13", "gn:6"),
    ],
)
def test_an_unrelated_alias_gives_way_to_a_town_of_that_name(text, name, expected):
    assert resolve(text, name.split("@")[0])[name] == expected
