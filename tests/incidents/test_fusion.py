"""Tests of mapapp.incidents.fusion: one incident per real event across articles."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from mapapp.incidents.fusion import disagreements, fuse, partition, same_event
from mapapp.models import Derivation, Incident, Provenance, Source
from tests.helpers import make_incident

D = dt.date


def report(article_id: str, **fields: Any) -> Incident:
    """An incident of article ``article_id`` (its id is ``<article>-i``)."""
    return make_incident(id=f"{article_id}-i", article_id=article_id, **fields)


# The shoot-down of 17 September 2018 as three articles tell it.
OFFSHORE = report(  # dated 2018-09-18, "on Monday evening"
    "a1",
    event_type="shootdown",
    lat=35.4383,
    lon=35.3699,
    location_name="22 miles off Latakia's coast",
    geo_precision=2,
    snippet="The aircraft was hit 22 miles off Latakia's coast on Monday evening.",
    title="Russia blames Israel",
    source="telegraph.co.uk",
    derivation=Derivation("offshore", "Latakia", 35.53125, 35.79088, distance_m=35405.6, bearing_deg=255.0),
    provenance=Provenance(url="https://t.example/1", date_text="Monday evening", date_rule="weekday"),
)
CITY = report(  # dated 2018-09-17, "today"
    "a2",
    event_type="missile_attack",
    lat=35.53125,
    lon=35.79088,
    snippet="Syrian missiles downed a Russian plane over Latakia today.",
    title="Plane downed",
    source="dw.com",
    confidence=0.7,
    provenance=Provenance(url="https://d.example/2", date_text="today", date_rule="today"),
)
WEEK = report(  # "last week", told a few days later
    "a3",
    event_type="shootdown",
    date=D(2018, 9, 20),
    time_precision=2,
    lat=35.53125,
    lon=35.79088,
    geo_precision=3,
    location_name="Latakia province",
    snippet="A Russian plane was shot down over Latakia province last week.",
    title="Week in review",
    source="bbc.co.uk",
    provenance=Provenance(url="https://b.example/3", date_text="last week", date_rule="last_week"),
)


def test_reports_of_one_event_fuse_with_every_source() -> None:
    parts = partition([WEEK, CITY, OFFSHORE])
    assert [[[i.id for i in g] for g in c] for c in parts] == [[["a1-i", "a2-i", "a3-i"]]]
    fused = fuse(parts[0][0])
    # the place is the derived point, the date the day both day reports give
    assert (fused.id, fused.article_id, fused.location_name) == ("a1-i", "a1", "22 miles off Latakia's coast")
    assert (fused.lat, fused.lon, fused.geo_precision, fused.derivation) == (
        35.4383,
        35.3699,
        2,
        OFFSHORE.derivation,
    )
    assert (fused.date, fused.date_precision, fused.time_precision) == (D(2018, 9, 17), "day", 1)
    assert fused.provenance.date_text == "Monday evening"  # both say the 17th; a1 comes first
    assert (fused.event_type, fused.confidence, fused.snippet) == ("shootdown", 0.9, OFFSHORE.snippet)
    assert fused.sources == (
        Source("a1-i", "a1", "Russia blames Israel", "https://t.example/1", "telegraph.co.uk",
               OFFSHORE.snippet, D(2018, 9, 17), "day", "22 miles off Latakia's coast", 35.4383, 35.3699, 2),
        Source("a2-i", "a2", "Plane downed", "https://d.example/2", "dw.com", CITY.snippet,
               D(2018, 9, 17), "day", "Latakia", 35.53125, 35.79088, 1),
        Source("a3-i", "a3", "Week in review", "https://b.example/3", "bbc.co.uk", WEEK.snippet,
               D(2018, 9, 20), "week", "Latakia province", 35.53125, 35.79088, 3),
    )  # fmt: skip
    assert disagreements(fused) == [
        "dates differ: 2018-09-17 (day: telegraph.co.uk, dw.com); 2018-09-20 (week: bbc.co.uk)",
        "places differ (up to 39 km apart): 22 miles off Latakia's coast (telegraph.co.uk); "
        "Latakia (dw.com); Latakia province (bbc.co.uk)",
    ]


def test_any_order_gives_the_same_groups_and_record() -> None:
    noise = [
        report("a4", event_type="protest"),  # same day, same city, another family
        report("a5", event_type="airstrike", lat=33.51, lon=36.29),  # Damascus, 228 km away
    ]
    outcomes = {
        repr([[fuse(g) for g in c] for c in partition(order)])
        for order in itertools.permutations([OFFSHORE, CITY, WEEK, *noise])
    }
    assert len(outcomes) == 1
    parts = partition([OFFSHORE, CITY, WEEK, *noise])
    assert [[[i.id for i in g] for g in c] for c in parts] == [
        [["a1-i", "a2-i", "a3-i"]],
        [["a4-i"]],
        [["a5-i"]],
    ]


def test_single_incident_is_returned_unchanged() -> None:
    assert fuse([CITY]) is CITY
    assert disagreements(CITY) == []
    with pytest.raises(ValueError, match="at least one"):
        fuse([])


def test_two_events_on_one_day_in_one_city_stay_two() -> None:
    protest = report("b1", event_type="protest", snippet="Protesters marched in Aleppo.")
    shooting = report("b2", event_type="assault", snippet="A gunman shot two men in Aleppo.")
    assert not same_event(protest, shooting)
    # two shootings in one city, 30 km apart: beyond the 25 km of two exact places
    other = report("b3", event_type="assault", lat=35.80)
    assert not same_event(shooting, other)
    assert [len(c) for c in partition([protest, shooting, other])] == [1, 1, 1]
    # told at "near" precision the same two places are within 50 km: one event
    assert same_event(shooting, report("b3", event_type="assault", lat=35.80, geo_precision=2))


PAIRS: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    ("same family, other type", {}, {"event_type": "shelling"}, True),
    ("other family", {}, {"event_type": "protest"}, False),
    ("mention", {}, {"kind": "mention", "event_type": "mention"}, False),
    ("unknown type", {"event_type": "storm"}, {"event_type": "storm"}, False),
    ("a day apart", {}, {"date": D(2018, 9, 18)}, True),
    ("two days apart", {}, {"date": D(2018, 9, 19)}, False),
    ("week window", {"time_precision": 2}, {"date": D(2018, 9, 24)}, True),
    ("beyond the week", {"time_precision": 2}, {"date": D(2018, 9, 26)}, False),
    ("in the month", {"date": D(2018, 9, 1), "time_precision": 3}, {"date": D(2018, 9, 30)}, True),
    ("after the month", {"date": D(2018, 9, 1), "time_precision": 3}, {"date": D(2018, 10, 2)}, False),
    (
        "in the year",
        {"date": D(2018, 1, 1), "time_precision": 3, "provenance": Provenance(date_precision="year")},
        {"date": D(2018, 12, 1)},
        True,
    ),
    ("undated and dated", {"date": None}, {}, False),
    ("both undated", {"date": None}, {"date": None}, False),
    ("unlocated", {"lat": None, "lon": None}, {}, False),
    ("24 km, exact", {}, {"lat": 35.53 + 24 / 111.2}, True),
    ("26 km, exact", {}, {"lat": 35.53 + 26 / 111.2}, False),
    ("140 km, one a region", {"geo_precision": 3}, {"lat": 35.53 + 140 / 111.2}, True),
    ("160 km, one a region", {"geo_precision": 3}, {"lat": 35.53 + 160 / 111.2}, False),
]


@pytest.mark.parametrize(("case", "a", "b", "expected"), PAIRS, ids=[p[0] for p in PAIRS])
def test_same_event_rule_is_symmetric(
    case: str, a: dict[str, Any], b: dict[str, Any], expected: bool
) -> None:
    first, second = report("x", **a), report("y", **b)
    assert same_event(first, second) is expected
    assert same_event(second, first) is expected


def test_one_articles_incidents_never_fuse() -> None:
    assert not same_event(report("x"), make_incident(id="other", article_id="x"))


def test_a_vague_report_joins_one_of_an_articles_two_events_not_both() -> None:
    north = report("c1", event_type="assault", lat=35.60)
    south = make_incident(id="c1-j", article_id="c1", event_type="assault", lat=35.40)  # 22 km apart
    vague = report("c2", event_type="crime", lat=35.52, geo_precision=3)  # near both
    groups = [[i.id for i in g] for c in partition([vague, north, south]) for g in c]
    assert groups == [["c1-i", "c2-i"], ["c1-j"]]  # the closer one (9 km against 13 km)


def test_date_agreeing_with_every_source_wins_over_a_more_precise_outlier() -> None:
    early = report("d1", date=D(2018, 9, 17))
    week = report("d2", date=D(2018, 9, 18), time_precision=2)
    late = report("d3", date=D(2018, 9, 25))  # only the week's window reaches it
    fused = fuse(partition([early, week, late])[0][0])
    assert (fused.date, fused.date_precision) == (D(2018, 9, 18), "week")
    agreeing = fuse([early, report("d4", date=D(2018, 9, 18)), week])
    assert (agreeing.date, agreeing.date_precision) == (D(2018, 9, 17), "day")


def test_disagreement_names_undated_sources() -> None:
    undated = Source("u", "u", "", "", "", "", None, None, "Latakia", 35.53, 35.79, 1)
    fused = fuse([report("e1"), report("e2")])
    lines = disagreements(Incident(**{**_fields(fused), "sources": (*fused.sources, undated)}))
    assert lines == ["dates differ: 2018-09-17 (day: example.com, example.com); undated (u)"]


def _fields(incident: Incident) -> dict[str, Any]:
    return {name: getattr(incident, name) for name in incident.__slots__}  # type: ignore[attr-defined]
