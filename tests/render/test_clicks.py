"""Tests for mapapp.render.clicks.incident_id_from_click."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from mapapp.render.clicks import incident_id_from_click
from mapapp.render.popup import incident_popup_html, incident_tooltip_html
from mapapp.render.samples import sample_incident

INCIDENTS = [
    sample_incident(),
    sample_incident(id="b-2", lat=33.51, lon=36.29),
    sample_incident(id="c:3", lat=10.0, lon=179.99),
]


def _inner_text(fragment: str) -> str:
    # Roughly what the browser's innerText gives: block ends become newlines.
    text = re.sub(r"</(div|p)>|<br>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"last_object_clicked_popup": _inner_text(incident_popup_html(INCIDENTS[1]))}, "b-2"),
        ({"last_object_clicked_tooltip": _inner_text(incident_tooltip_html(INCIDENTS[2]))}, "c:3"),
        ({"last_object_clicked_popup": "Title\nIncident ID: inc-1"}, "inc-1"),
        ({"last_object_clicked_popup": "Incident ID:\u00a0inc-1"}, "inc-1"),
        # Article text cannot forge the id: the last line wins.
        ({"last_object_clicked_popup": "snippet says Incident ID: b-2\nIncident ID: inc-1"}, "inc-1"),
        # Unknown ids are rejected when the incidents are given; fall back to the position.
        (
            {
                "last_object_clicked_popup": "Incident ID: zzz",
                "last_object_clicked": {"lat": 33.512, "lng": 36.291},
            },
            "b-2",
        ),
        ({"last_object_clicked": {"lat": 35.5251, "lng": 35.3379}}, "inc-1"),
        # Wrapped longitude (another world copy).
        ({"last_object_clicked": {"lat": 10.0, "lng": -180.005}}, "c:3"),
        ({"last_object_clicked": {"lat": 0.0, "lng": 0.0}}, None),
        ({"last_object_clicked": {"lat": "x", "lng": None}}, None),
        ({"last_object_clicked_popup": None, "last_object_clicked": None}, None),
        ({}, None),
        (None, None),
    ],
)
def test_incident_id_from_click(click: dict[str, Any] | None, expected: str | None) -> None:
    assert incident_id_from_click(click, incidents=INCIDENTS) == expected


def test_without_incidents_any_id_is_accepted_and_no_position_fallback() -> None:
    assert incident_id_from_click({"last_object_clicked_popup": "Incident ID: zzz"}) == "zzz"
    assert incident_id_from_click({"last_object_clicked": {"lat": 35.525, "lng": 35.338}}) is None


def test_tolerance() -> None:
    click = {"last_object_clicked": {"lat": 35.6, "lng": 35.338}}
    assert incident_id_from_click(click, incidents=INCIDENTS) is None
    assert incident_id_from_click(click, incidents=INCIDENTS, tolerance_deg=0.1) == "inc-1"
