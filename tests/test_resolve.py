"""Stages 2-3: candidates ranked with the article's context, and "none of these"."""

from __future__ import annotations

import pytest

from mapapp.models import Candidate, Extent, Place
from mapapp.recognize import Span
from mapapp.resolve import Resolver, precision_of, sub_queries


def place(pid: str, name: str, lat: float, lon: float, *, cc: str, fclass: str = "P", fcode: str = "PPL",
          admin1: str = "", pop: int = 10_000, extent: Extent | None = None) -> Place:
    return Place(id=pid, name=name, lat=lat, lon=lon, feature_class=fclass, feature_code=fcode, country_code=cc,
                 admin1=admin1, population=pop, extent=extent, source="test")


LONDON_GB = place("gn:1", "London", 51.51, -0.13, cc="GB", fcode="PPLC", admin1="England", pop=8_900_000)
LONDON_CA = place("gn:2", "London", 42.98, -81.23, cc="CA", admin1="Ontario", pop=350_000)
TORONTO = place("gn:3", "Toronto", 43.70, -79.42, cc="CA", admin1="Ontario", pop=2_700_000)
HAMILTON = place("gn:4", "Hamilton", 43.25, -79.85, cc="CA", admin1="Ontario", pop=520_000)
CANADA = place("cc:CA", "Canada", 60.1, -113.6, cc="CA", fclass="A", fcode="PCLI", pop=37_000_000,
               extent=Extent(south=41.7, west=-141.0, north=83.1, east=-52.6))
LEBANON = place("cc:LB", "Lebanon", 33.83, 35.83, cc="LB", fclass="A", fcode="PCLI", pop=6_800_000)
TRIPOLI_LY = place("gn:5", "Tripoli", 32.89, 13.19, cc="LY", fcode="PPLC", pop=1_150_000)
TRIPOLI_LB = place("gn:6", "Tripoli", 34.44, 35.85, cc="LB", admin1="North", pop=230_000)


class Gazetteer:
    """Candidates with fixed context-free scores, like the real index returns."""

    TABLE = {
        "London": [(LONDON_GB, 0.88), (LONDON_CA, 0.65)],
        "Toronto": [(TORONTO, 0.80)],
        "Hamilton": [(HAMILTON, 0.62)],
        "Canada": [(CANADA, 0.99)],
        "Lebanon": [(LEBANON, 0.97)],
        "Tripoli": [(TRIPOLI_LY, 0.80), (TRIPOLI_LB, 0.63)],
    }

    def lookup(self, query: str, **options: object) -> list[Candidate]:
        classes = options.get("feature_classes")
        return [Candidate(place=p, score=s, matched_name=query, match="name")
                for p, s in self.TABLE.get(query, []) if not classes or p.feature_class in classes]


def resolve(text: str, *names: str) -> dict[str, str | None]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Span(start, cursor, name, "GPE", name))
    mentions = Resolver(gazetteer=Gazetteer()).resolve(text, found)
    return {m.text + f"@{m.start}": (m.place.id if m.place else None) for m in mentions}


def test_without_context_the_prior_decides():
    assert resolve("Protests in London.", "London") == {"London@12": "gn:1"}


def test_the_articles_other_places_lift_a_homonym():
    text = "Shelling hit London near Toronto and Hamilton."
    assert resolve(text, "London", "Toronto", "Hamilton")["London@13"] == "gn:2"


def test_explicit_containment_restricts():
    assert resolve("Clashes in Tripoli, Lebanon, today.", "Tripoli", "Lebanon")["Tripoli@11"] == "gn:6"
    assert resolve("Clashes in Tripoli today.", "Tripoli")["Tripoli@11"] == "gn:5"


def test_none_of_these_keeps_the_rest():
    result = resolve("From Qzqzville to Toronto.", "Qzqzville", "Toronto")
    assert result == {"Qzqzville@5": "gn:3", "Toronto@18": "gn:3"}  # placed next to Toronto, marked so


def test_unknown_name_alone_is_unresolved_with_a_reason():
    mentions = Resolver(gazetteer=Gazetteer()).resolve("In Qzqzville.", [Span(3, 12, "Qzqzville", "GPE", "Qzqzville")])
    assert mentions[0].place is None and mentions[0].reason == "no gazetteer entry for this name"


@pytest.mark.parametrize(("name", "expected"), [
    ("University of California", ["California"]),
    ("Southern California", ["California"]),
    ("Dubai World Cup", ["Dubai"]),
    ("St Edmund", ["Edmund"]),
    ("Air Balloon", ["Balloon"]),
    ("Royal Street", ["Royal"]),
])
def test_sub_queries(name, expected):
    assert sub_queries(name) == expected


@pytest.mark.parametrize(("target", "hint", "expected"), [
    (TORONTO, "", 1),
    (TORONTO, "facility", 2),
    (CANADA, "", 3),
    (place("cur:x", "Golan Heights", 33.0, 35.75, cc="SY", fclass="L", fcode="AREA",
           extent=Extent(south=32.6, west=35.6, north=33.3, east=35.9)), "", 2),
    (place("cur:y", "Sahara", 23.0, 13.0, cc="", fclass="T", fcode="DSRT",
           extent=Extent(south=15.0, west=-17.0, north=32.0, east=35.0)), "", 3),
])
def test_precision_levels(target, hint, expected):
    assert precision_of(target, hint=hint) == expected
