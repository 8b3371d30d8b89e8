"""Marker symbols: a colour and glyph per event family, a style per geo precision (pure, no folium)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypedDict

from mapapp.models import EVENT_FAMILY, GEO_EXACT, GEO_NEAR, GEO_REGION, Incident

#: One colour and one glyph per event family (and for place mentions), as the legend shows
#: them. No family uses grey: the cluster bubbles are grey (:data:`BUBBLE_COLOUR`).
FAMILY_SYMBOLS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "conflict": ("#c0392b", "\u2716"),  # heavy multiplication x
        "crime": ("#7d3c98", "!"),
        "disaster": ("#1f6fb5", "\u2248"),  # almost equal to: waves
        "accident": ("#d68910", "\u26a0"),  # warning sign
        "protest": ("#1e8449", "\u2691"),  # black flag
        "mention": ("#9a9a9a", "\u00b7"),  # middle dot
    }
)
#: Cluster bubbles: neutral dark grey with white counts, a colour no family has.
BUBBLE_COLOUR = "#4a4a4a"
#: How a marker shows its geo precision: radius, fill opacity and border style.
PRECISION_STYLES: Mapping[int, tuple[float, float, str]] = MappingProxyType(
    {GEO_EXACT: (8.0, 0.95, "solid"), GEO_NEAR: (9.0, 0.55, "dashed"), GEO_REGION: (11.0, 0.15, "dotted")}
)
#: What the legend says of each precision style.
PRECISION_LEGEND: Mapping[int, str] = MappingProxyType(
    {
        GEO_EXACT: "exact place (solid)",
        GEO_NEAR: "near a place (pale, dashed)",
        GEO_REGION: "region or country (hollow, dotted)",
    }
)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class MarkerStyle(TypedDict):
    """A marker's look; a plain dict so it serialises as folium and the browser expect."""

    color: str
    radius: float
    fill_opacity: float
    opacity: float
    border: str
    glyph: str


def symbol_key(event_type: str, *, kind: str = "event") -> str:
    """The legend entry of an event type: its family, ``mention``, else ``conflict``'s neighbour ``crime``.

    Unknown types (from a newer writer) fall in ``crime``, the family
    :data:`~mapapp.models.EVENT_FAMILY` gives the catch-all ``other``.

    >>> symbol_key("airstrike"), symbol_key("mention", kind="mention"), symbol_key("new_type")
    ('conflict', 'mention', 'crime')
    """
    if kind == "mention" or event_type == "mention":
        return "mention"
    key = "_".join(str(event_type).strip().lower().replace("-", " ").split())
    return EVENT_FAMILY.get(key, EVENT_FAMILY["other"])


def event_colour(event_type: str) -> str:
    """The marker colour for an event type: its family's (case, space and hyphen insensitive).

    >>> event_colour("Missile attack") == event_colour("airstrike") == FAMILY_SYMBOLS["conflict"][0]
    True
    """
    return FAMILY_SYMBOLS[symbol_key(event_type)][0]


def marker_style(incident: Incident) -> MarkerStyle:
    """Colour and glyph by family, radius, fill and border by geo precision.

    >>> from mapapp.render.samples import sample_incident
    >>> marker_style(sample_incident())
    {'color': '#c0392b', 'radius': 9.0, 'fill_opacity': 0.55, 'opacity': 1.0, 'border': 'dashed', 'glyph': '✖'}
    """
    radius, fill_opacity, border = PRECISION_STYLES.get(incident.geo_precision, PRECISION_STYLES[GEO_REGION])
    colour, glyph = FAMILY_SYMBOLS[symbol_key(incident.event_type, kind=incident.kind)]
    return {
        "color": colour,
        "radius": radius,
        "fill_opacity": fill_opacity,
        "opacity": 1.0,
        "border": border,
        "glyph": glyph,
    }


def _rgba(colour: str, alpha: float) -> str:
    if not _HEX_COLOUR.fullmatch(colour):
        colour = "#7f7f7f"  # never let a style value inject CSS
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{min(max(float(alpha), 0.0), 1.0):.2f})"


def dot_css(style: Mapping[str, Any]) -> str:
    """CSS declarations drawing one marker style as a round dot (the clustered layer's markers).

    >>> css = dot_css({"radius": 6, "color": "#ff0000", "fillColor": "#ff0000",
    ...                "fillOpacity": 0.5, "opacity": 1, "weight": 1.5})
    >>> css.split(";")[2:4]
    ['background:rgba(255,0,0,0.50)', 'border:1.5px solid rgba(255,0,0,1.00)']
    """
    weight = min(max(float(style.get("weight", 1.5)), 0.0), 10.0)
    fill = _rgba(str(style.get("fillColor", "")), style.get("fillOpacity", 0.5))
    stroke = _rgba(str(style.get("color", "")), style.get("opacity", 1.0))
    border = style.get("border", "solid")
    border = border if border in ("solid", "dashed", "dotted") else "solid"
    return f"box-sizing:border-box;border-radius:50%;background:{fill};border:{weight:g}px {border} {stroke};"


def glyph_css(style: Mapping[str, Any]) -> str:
    """CSS declarations (for ``::after``) writing a style's glyph inside its dot, as a CSS escape.

    The glyph is white on a filled dot and the family colour on a pale one.

    >>> glyph_css({"glyph": "!", "radius": 8, "color": "#7d3c98", "fillOpacity": 0.95})
    'content:"\\\\21 ";display:block;text-align:center;font:bold 11px/13px sans-serif;color:#ffffff;'
    """
    glyph = "".join(f"\\{ord(ch):x} " for ch in str(style.get("glyph", ""))[:2])
    size = max(8, int(float(style.get("radius", 8)) * 1.4))
    colour = str(style.get("color", ""))
    text = (
        "#ffffff"
        if float(style.get("fillOpacity", 0.5)) >= 0.5 or not _HEX_COLOUR.fullmatch(colour)
        else colour
    )
    height = int(2 * float(style.get("radius", 8)) - 3)
    return f'content:"{glyph}";display:block;text-align:center;font:bold {size}px/{height}px sans-serif;color:{text};'
