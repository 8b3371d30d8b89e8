"""Tests for mapapp.render.symbols and the legend: one colour and glyph per family, precision styles."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from mapapp.models import EVENT_FAMILY, FAMILY_LABELS, EventType
from mapapp.render.overlays import legend_spec
from mapapp.render.samples import sample_incident
from mapapp.render.symbols import BUBBLE_COLOUR, FAMILY_SYMBOLS, event_colour, glyph_css, marker_style


@pytest.mark.parametrize(
    ("precision", "kind", "event_type", "radius", "fill_opacity", "border", "key"),
    [
        (1, "event", "shootdown", 8.0, 0.95, "solid", "conflict"),
        (2, "event", "protest", 9.0, 0.55, "dashed", "protest"),
        (3, "event", "kidnapping", 11.0, 0.15, "dotted", "crime"),
        (1, "mention", "mention", 8.0, 0.95, "solid", "mention"),
        (2, "event", "outbreak", 9.0, 0.55, "dashed", "disaster"),
        (1, "event", "accident", 8.0, 0.95, "solid", "accident"),
    ],
)
def test_marker_style(
    precision: int, kind: str, event_type: str, radius: float, fill_opacity: float, border: str, key: str
) -> None:
    style = marker_style(sample_incident(geo_precision=precision, kind=kind, event_type=event_type))
    assert (style["radius"], style["fill_opacity"], style["border"]) == (radius, fill_opacity, border)
    assert (style["color"], style["glyph"]) == FAMILY_SYMBOLS[key]


def test_every_event_type_has_its_familys_symbol() -> None:
    for code in get_args(EventType):
        assert event_colour(code) == FAMILY_SYMBOLS[EVENT_FAMILY[code]][0]
    assert event_colour(" Missile-attack ") == event_colour("missile_attack")


def test_families_are_distinct_and_never_the_bubbles_grey() -> None:
    colours = [colour for colour, _ in FAMILY_SYMBOLS.values()]
    glyphs = [glyph for _, glyph in FAMILY_SYMBOLS.values()]
    assert len(set(colours)) == len(colours) and len(set(glyphs)) == len(glyphs)
    assert BUBBLE_COLOUR not in colours
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)


def test_legend_names_every_family_and_precision() -> None:
    spec = legend_spec()
    assert [row[0] for row in spec["families"]] == [*FAMILY_LABELS.values(), "Place mention (no event)"]
    assert [row[1:] for row in spec["families"][:5]] == [list(FAMILY_SYMBOLS[k]) for k in FAMILY_LABELS]
    assert [row[0] for row in spec["precision"]] == [
        "exact place (solid)",
        "near a place (pale, dashed)",
        "region or country (hollow, dotted)",
    ]


@pytest.mark.parametrize("glyph", ["\u2716", '"', "\\", "</style>"])
def test_glyph_css_cannot_break_out(glyph: str) -> None:
    css = glyph_css({"glyph": glyph, "radius": 8, "color": "#123456", "fillOpacity": 0.2})
    inside = css.split('"')[1]
    assert re.fullmatch(r"(\\[0-9a-f]+ )+", inside)
    assert css.endswith("color:#123456;")
