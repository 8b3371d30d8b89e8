"""The URL query codec: what a link restores, what it drops (with a notice), and round trips."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mapapp.gazetteer.countries import countries_named
from mapapp.ui.filters import FilterState
from mapapp.ui.urlstate import Choices, MapView, PageState, decode, encode, permalink, view_of

D = dt.date
CHOICES = Choices(
    span=(D(2018, 9, 17), D(2018, 9, 20)),
    event_types={"airstrike", "protest", "shootdown"},
    countries={"SY", "TR", "GB", "KR", "UA"},
    admin1={"Latakia": {"SY"}, "Istanbul": {"TR"}},
    sources={"example.org", "bbc.co.uk"},
    country_codes=countries_named,
)

CASES: list[tuple[dict[str, Any], dict[str, str], list[str]]] = [
    ({}, {}, []),
    ({"country": "TR"}, {"country": "TR"}, []),
    ({"country": "tr"}, {"country": "TR"}, []),
    ({"country": "Turkey"}, {"country": "TR"}, []),
    ({"country": "Türkiye"}, {"country": "TR"}, []),
    ({"country": "South Korea"}, {"country": "KR"}, []),
    ({"country": "Britain"}, {"country": "GB"}, []),
    ({"country": "UK"}, {"country": "GB"}, []),
    ({"country": "France"}, {}, ["country='France': no stored incident"]),  # not in this store
    ({"country": "Narnia"}, {}, ["country='Narnia'"]),
    ({"type": "airstrike,protest"}, {"type": "airstrike,protest"}, []),
    ({"type": "airstrike,,airstrike, nope"}, {"type": "airstrike"}, ["event type 'nope'"]),
    ({"from": "2018-09-18", "to": "2018-09-19"}, {"from": "2018-09-18", "to": "2018-09-19"}, []),
    ({"from": "2018-09-19", "to": "2018-09-18"}, {"from": "2018-09-18", "to": "2018-09-19"}, []),  # swapped
    ({"from": "2018-09-01", "to": "2018-12-31"}, {}, []),  # beyond the stored span: no bound at all
    ({"from": "2018-13-01"}, {}, ["from='2018-13-01' is not a date"]),
    ({"from": "2019-01-01"}, {}, ["from=2019-01-01 is outside the stored dates"]),
    ({"to": "2018-01-01"}, {}, ["to=2018-01-01 is outside the stored dates"]),
    ({"admin1": "Latakia"}, {"admin1": "Latakia"}, []),
    ({"admin1": "Istanbul", "country": "SY"}, {"country": "SY"}, ["admin1='Istanbul' is not in SY"]),
    ({"admin1": "../../etc/passwd"}, {}, ["admin1='../../etc/passwd': not in this store"]),
    ({"source": "bbc.co.uk"}, {"source": "bbc.co.uk"}, []),
    ({"source": "x' OR 1=1 --"}, {}, ['source="x\' OR 1=1 --": not in this store']),
    ({"q": "  shelling port "}, {"q": "shelling port"}, []),
    ({"q": "x" * 301}, {}, ["q: the value is longer than 300 characters"]),
    ({"mentions": "1"}, {"mentions": "1"}, []),
    ({"mentions": "0"}, {}, []),
    ({"mentions": "maybe"}, {}, ["mentions='maybe' is not 1 or 0"]),
    ({"undated": "1"}, {"undated": "1"}, []),
    ({"undated": "yes please"}, {}, ["undated='yes please' is not 1 or 0"]),
    ({"map": "6/39.1/35.2"}, {"map": "6/39.1000/35.2000"}, []),
    ({"map": "6/39.1"}, {}, ["map=6/39.1: expected zoom/latitude/longitude"]),
    ({"map": "25/39/35"}, {}, ["map=25/39/35: zoom 25 is not between 0 and 19"]),
    ({"map": "6/nan/35"}, {}, ["map=6/nan/35: latitude nan is not between -90 and 90"]),
    ({"map": "6/39/200"}, {}, ["longitude 200.0 is not between -180 and 180"]),
    ({"incident": "a331eced11eb70ce"}, {"incident": "a331eced11eb70ce"}, []),
    ({"incident": "../x"}, {}, ["incident='../x' is not an incident id"]),
    ({"incident": "<script>"}, {}, ["incident='<script>' is not an incident id"]),
    ({"store": "team"}, {}, []),  # no list of stores: a store key is nobody's business here
    ({"country": ["SY", "TR"]}, {"country": "TR"}, []),  # repeated key: the last counts
    ({"embed": "true", "utm_source": "x"}, {}, []),  # other keys are ignored, not reported
]


@pytest.mark.parametrize(("query", "expected", "notices"), CASES)
def test_decode(query: dict[str, Any], expected: dict[str, str], notices: list[str]) -> None:
    decoded = decode(query, choices=CHOICES)
    assert encode(decoded.state) == expected
    assert len(decoded.notices) == len(notices), decoded.notices
    for notice, part in zip(decoded.notices, notices, strict=True):
        assert part in notice and notice.endswith("ignored")


def test_a_full_state_round_trips() -> None:
    state = PageState(
        filters=FilterState(
            since=D(2018, 9, 18),
            until=D(2018, 9, 19),
            event_types=("protest", "airstrike"),
            country="TR",
            admin1="Istanbul",
            source="bbc.co.uk",
            text="Taksim square",
            show_mentions=True,
            undated="include",
        ),
        view=MapView(lat=41.0082, lon=28.9784, zoom=11),
        incident="abc123",
    )
    query = encode(state)
    assert list(query) == [
        "from",
        "to",
        "type",
        "country",
        "admin1",
        "source",
        "q",
        "mentions",
        "undated",
        "map",
        "incident",
    ]
    decoded = decode(query, choices=CHOICES)
    assert decoded.state == state and decoded.notices == ()


def test_the_store_is_checked_against_the_operators_list() -> None:
    choices = Choices(stores={"Team", "Archive"})
    assert decode({"store": "Archive"}, choices=choices).state.store == "Archive"
    missing = decode({"store": "/etc/passwd"}, choices=choices)
    assert missing.state.store is None and missing.notices == (
        "store='/etc/passwd': not in this store; ignored",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"center": {"lat": 41.0, "lng": 29.0}, "zoom": 9}, MapView(lat=41.0, lon=29.0, zoom=9)),
        ({"center": {"lat": 10.0, "lng": -190.0}, "zoom": 3}, MapView(lat=10.0, lon=170.0, zoom=3)),
        ({"center": {"lat": 10.0, "lng": 5.0}, "zoom": 40}, None),
        ({"center": None, "zoom": 2}, None),
        ({"center": {"lat": "x", "lng": 0}, "zoom": 2}, None),
        ({"zoom": 2}, None),
        ([], None),
    ],
)
def test_view_of_the_maps_report(value: Any, expected: MapView | None) -> None:
    assert view_of(value) == expected


def test_permalink_is_an_encoded_query() -> None:
    assert permalink("http://host:8501/app/", "a&b=c") == "http://host:8501/app/?incident=a%26b%3Dc"
