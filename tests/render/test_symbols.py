"""Tests for mapapp.render.symbols: marker colours and styles."""

from __future__ import annotations

import re

import pytest

from mapapp.render.samples import sample_incident
from mapapp.render.symbols import event_colour, marker_style


@pytest.mark.parametrize(
    ("precision", "kind", "radius", "fill_opacity", "colour"),
    [
        (1, "event", 6.0, 0.85, "#9467bd"),
        (2, "event", 9.0, 0.55, "#9467bd"),
        (3, "event", 13.0, 0.3, "#9467bd"),
        (1, "mention", 6.0, 0.85, "#7f7f7f"),
    ],
)
def test_marker_style(precision: int, kind: str, radius: float, fill_opacity: float, colour: str) -> None:
    style = marker_style(sample_incident(geo_precision=precision, kind=kind))
    assert (style["radius"], style["fill_opacity"], style["color"]) == (radius, fill_opacity, colour)


@pytest.mark.parametrize(
    ("event_type", "colour"),
    [
        ("attack", "#d62728"),
        ("PROTEST", "#1f77b4"),
        (" missile attack ", "#b2182b"),
        ("armed-clash", "#e377c2"),
        ("shootdown", "#9467bd"),
        ("flood", event_colour("Flood")),
    ],
)
def test_event_colour(event_type: str, colour: str) -> None:
    assert event_colour(event_type) == colour
    assert re.fullmatch(r"#[0-9a-f]{6}", event_colour(event_type))
