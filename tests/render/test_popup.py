"""Tests for mapapp.render.popup: popup/tooltip content, styles, payloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from typing import get_args

import pytest

from mapapp.models import EVENT_LABELS, EventType, IncidentPlace, Provenance, Source
from mapapp.render.popup import (
    ID_LABEL,
    PAYLOAD_FIELDS,
    POPUP_SOURCES,
    date_label,
    date_text,
    event_label,
    incident_payload,
    incident_popup_html,
    incident_tooltip_html,
    places_label,
    snippet_parts,
    sources_label,
    type_label,
)
from mapapp.render.samples import SEED_DERIVATION, SEED_SNIPPET, sample_incident


def _text(fragment: str) -> str:
    """What the browser shows: tags dropped, references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_seed_popup_content() -> None:
    page = incident_popup_html(sample_incident())
    assert "<b>Russian plane shot down</b>" in page
    assert "2018-09-17 &middot; Aircraft shot down<br>" in page
    assert "22 miles off <mark>Latakia</mark>&#x27;s coast in the eastern Mediterranean" in page
    assert "<div>Places: Latakia</div>" in page
    assert "<div>Latakia, Syria</div>" in page
    assert "<div>Date as written: &quot;on Monday evening&quot; (day)</div>" in page
    assert (
        '<div>Source: <a href="https://example.org/a" target="_blank" rel="noopener noreferrer">'
        "example.org</a> &middot; article a1</div>"
    ) in page
    assert page.endswith(f'<div style="color:#777;font-size:smaller">{ID_LABEL}inc-1</div></div>')
    assert _text(page).count(SEED_SNIPPET) == 1


@pytest.mark.parametrize(
    ("precision", "level", "date", "expected"),
    [
        (None, 1, dt.date(2018, 9, 17), "2018-09-17"),
        ("day", 1, dt.date(2018, 9, 17), "2018-09-17"),
        (None, 2, dt.date(2018, 9, 17), "week of 2018-09-17"),
        ("week", 2, dt.date(2018, 9, 17), "week of 2018-09-17"),
        (None, 3, dt.date(2018, 9, 1), "September 2018"),  # month: stored as its first day
        ("month", 3, dt.date(2016, 12, 1), "December 2016"),
        ("year", 3, dt.date(2016, 1, 1), "2016"),  # year: its first day, shown as the year
        (None, 9, dt.date(2018, 9, 1), "2018-09-01"),  # an unknown level shows the day
        (None, 1, None, "undated"),
        ("year", 3, None, "undated"),
    ],
)
def test_date_label(precision: str | None, level: int, date: dt.date | None, expected: str) -> None:
    incident = sample_incident(
        time_precision=level, date=date, provenance=Provenance(date_precision=precision)
    )
    assert date_label(incident) == expected


@pytest.mark.parametrize(
    ("precision", "date", "expected"),
    [
        ("day", dt.date(2018, 9, 17), "2018-09-17"),
        ("week", dt.date(2018, 9, 17), "week of 2018-09-17"),
        ("month", dt.date(2018, 9, 1), "September 2018"),
        ("month", dt.date(2018, 1, 1), "January 2018"),
        ("year", dt.date(2018, 1, 1), "2018"),
        (None, dt.date(2018, 9, 17), "2018-09-17"),  # a source read before precision was kept
        ("month", None, "undated"),
    ],
)
def test_date_text(precision: str | None, date: dt.date | None, expected: str) -> None:
    assert date_text(date, precision) == expected


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("shootdown", "Aircraft shot down"),
        ("missile_attack", "Missile or rocket attack"),
        ("armed_clash", "Armed clash"),
        ("mention", "Place mention"),
        ("not_a_type", "not_a_type"),
    ],
)
def test_event_labels_everywhere(code: str, label: str) -> None:
    assert event_label(code) == label
    incident = sample_incident(event_type=code, kind="mention" if code == "mention" else "event")
    assert type_label(incident) == label
    assert f"2018-09-17 &middot; {label}<br>" in incident_popup_html(incident)
    assert incident_tooltip_html(incident).startswith(
        f"{label}: Latakia&#x27;s coast &middot; 2018-09-17<br>"
    )
    row = dict(zip(PAYLOAD_FIELDS, incident_payload(incident), strict=True))
    assert (row["type"], row["date"]) == (label, "2018-09-17")


def test_every_event_type_has_a_label() -> None:
    assert set(EVENT_LABELS) == {*get_args(EventType), "mention"}
    assert all(event_label(code) != code for code in EVENT_LABELS)


@pytest.mark.parametrize(
    ("start", "end", "place"),
    [(34, 41, "Latakia"), (None, None, ""), (41, 34, ""), (0, 10_000, ""), (-1, 3, "")],
)
def test_snippet_parts_guard_bad_spans(start: int | None, end: int | None, place: str) -> None:
    parts = snippet_parts(sample_incident(place_start=start, place_end=end))
    assert parts[1] == place
    assert "".join(parts) == SEED_SNIPPET


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?x=1&y=2", '<a href="https://example.org/a?x=1&amp;y=2"'),
        ("http://example.org/", '<a href="http://example.org/"'),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,x", None),
        ("seeds/000_a331eced11eb70ce.txt", None),
    ],
)
def test_article_link_only_for_http(url: str, link: str | None) -> None:
    incident = sample_incident(provenance=Provenance(url=url))
    page = incident_popup_html(incident)
    row = dict(zip(PAYLOAD_FIELDS, incident_payload(incident), strict=True))
    if link is None:
        assert "<a " not in page and url not in page
        assert "Source: example.org &middot; article a1" in page
        assert row["sources"] == [["example.org", "", "", "a1"]]
    else:
        assert link in page
        assert row["sources"] == [["example.org", url, "", "a1"]]


HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> ${alert(3)} ` \\` \"q\" 'q'"


def test_hostile_text_is_escaped_everywhere() -> None:
    bad = sample_incident(
        title=HOSTILE,
        snippet=HOSTILE,
        place_start=0,
        place_end=5,
        location_name=HOSTILE,
        event_type=HOSTILE,
        source=HOSTILE,
        id="inc-`${x}`",
        derivation=dataclasses.replace(SEED_DERIVATION, anchor_name=HOSTILE),
        places=(IncidentPlace(HOSTILE, 1.0, 2.0, "SY", 0.5, 0, 5),),
    )
    for fragment in (incident_popup_html(bad), incident_tooltip_html(bad)):
        for raw in ("<img", "<script", "${", "`", "\\"):
            assert raw not in fragment
    # ...and the browser shows the original text.
    assert HOSTILE[5:] in _text(incident_popup_html(bad))


def test_tooltip_ends_with_id() -> None:
    tip = incident_tooltip_html(sample_incident())
    assert tip == "Aircraft shot down: Latakia&#x27;s coast &middot; 2018-09-17<br>Incident ID: inc-1"


def test_places_label_dedupes_in_snippet_order() -> None:
    places = (
        IncidentPlace("Syria", 35.0, 38.0, "SY", 0.9, 50, 55),
        IncidentPlace("Latakia", 35.5, 35.8, "SY", 0.9, 10, 17),
        IncidentPlace("Syria", 35.0, 38.0, "SY", 0.9, 80, 85),
    )
    assert places_label(sample_incident(places=places)) == "Latakia, Syria"


def test_payload_is_plain_text_in_field_order() -> None:
    row = dict(zip(PAYLOAD_FIELDS, incident_payload(sample_incident()), strict=True))
    assert row["id"] == "inc-1"
    assert row["place"] == "Latakia"
    assert row["before"] + row["place"] + row["after"] == SEED_SNIPPET
    assert row["where"] == "Latakia's coast (near a place; offshore from Latakia, 35.4 km)"
    assert row["region"] == "Latakia, Syria"
    assert row["written"] == 'Date as written: "on Monday evening" (day)'
    assert row["sources"] == [["example.org", "https://example.org/a", "", "a1"]]
    assert row["reports"] == ""


def _source(n: int, **fields: object) -> Source:
    values: dict[str, object] = dict(
        incident_id=f"inc-{n}",
        article_id=f"a{n}",
        title=f"Article {n}",
        url=f"https://news{n}.example/story",
        source=f"news{n}.example",
        snippet=f"Sentence {n}.",
        date=dt.date(2018, 9, 17),
        date_precision="day",
        location_name="Latakia",
        lat=35.5,
        lon=35.8,
        geo_precision=2,
    )
    values.update(fields)
    return Source(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("count", "label"), [(0, ""), (1, ""), (2, "2 sources"), (3, "3 sources")])
def test_popup_counts_sources_when_several(count: int, label: str) -> None:
    incident = sample_incident(sources=tuple(_source(k) for k in range(count)))
    page = incident_popup_html(incident)
    assert sources_label(incident) == label
    row = dict(zip(PAYLOAD_FIELDS, incident_payload(incident), strict=True))
    assert row["reports"] == label
    if label:
        lines = "<br>".join(
            f'<a href="https://news{k}.example/story" target="_blank" rel="noopener noreferrer">'
            f"news{k}.example</a>: Article {k} &middot; article a{k}"
            for k in range(count)
        )
        assert page.endswith(
            f'<div>{label}:<br>{lines}</div><div style="color:#777;font-size:smaller">{ID_LABEL}inc-1</div></div>'
        )
        assert len(row["sources"]) == count
    else:
        assert "sources:" not in page


def test_popup_of_a_fused_incident_escapes_its_text() -> None:
    bad = _source(1, title=HOSTILE, snippet=HOSTILE, url="javascript:alert(1)", source=HOSTILE)
    incident = sample_incident(title=HOSTILE, sources=(bad, _source(2)))
    page = incident_popup_html(incident)
    for raw in ("<img", "<script", "${", "`", "javascript:"):
        assert raw not in page
    assert "<div>2 sources:<br>" in page
    assert ">news2.example</a>: Article 2 &middot; article a2" in page


def test_popup_lists_at_most_six_sources_and_says_how_many_more() -> None:
    incident = sample_incident(sources=tuple(_source(k) for k in range(9)))
    page = incident_popup_html(incident)
    assert page.count("<a href=") == POPUP_SOURCES == 6
    assert "and 3 more (see the detail panel)" in page
    row = dict(zip(PAYLOAD_FIELDS, incident_payload(incident), strict=True))
    assert len(row["sources"]) == 6 and row["reports"] == "9 sources (3 more in the detail panel)"
