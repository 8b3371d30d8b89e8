"""Marker symbols: a colour per event type and a style per geo precision (pure, no folium)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypedDict

from mapapp.models import GEO_EXACT, GEO_NEAR, Incident

# One colour per mapapp.events.EVENT_TYPES entry (plus "mention"); any other
# type gets a stable colour from _FALLBACK (crc32, not hash(), which changes
# between processes).
_EVENT_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "shootdown": "#9467bd",
        "missile_attack": "#b2182b",
        "airstrike": "#d6604d",
        "shelling": "#e6550d",
        "explosion": "#ff7f0e",
        "armed_clash": "#e377c2",
        "attack": "#d62728",
        "seizure": "#8c564b",
        "arrest": "#17becf",
        "deployment": "#1a9850",
        "disaster": "#6b8e23",
        "accident": "#bcbd22",
        "protest": "#1f77b4",
        "casualties": "#7b3294",
        "other": "#525252",
        "mention": "#7f7f7f",
    }
)
_FALLBACK = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class MarkerStyle(TypedDict):
    """A marker's look; a plain dict so it serialises as folium and the browser expect."""

    color: str
    radius: float
    fill_opacity: float
    opacity: float


def event_colour(event_type: str) -> str:
    """The marker colour for an event type (case, space and hyphen insensitive).

    >>> event_colour("Missile attack")
    '#b2182b'
    >>> event_colour("something new") == event_colour("Something-New")
    True
    """
    key = "_".join(str(event_type).strip().lower().replace("-", " ").split())
    if key in _EVENT_COLOURS:
        return _EVENT_COLOURS[key]
    return _FALLBACK[zlib.crc32(key.encode("utf-8")) % len(_FALLBACK)]


def marker_style(incident: Incident) -> MarkerStyle:
    """Radius and opacities by geo precision: vaguer places are bigger and fainter.

    >>> from mapapp.render.samples import sample_incident
    >>> marker_style(sample_incident())
    {'color': '#9467bd', 'radius': 9.0, 'fill_opacity': 0.55, 'opacity': 0.8}
    """
    precision = incident.geo_precision
    radius, fill_opacity, opacity = {
        GEO_EXACT: (6.0, 0.85, 1.0),
        GEO_NEAR: (9.0, 0.55, 0.8),
    }.get(precision, (13.0, 0.3, 0.6))
    colour = "#7f7f7f" if incident.kind == "mention" else event_colour(incident.event_type)
    return {"color": colour, "radius": radius, "fill_opacity": fill_opacity, "opacity": opacity}


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
    return f"box-sizing:border-box;border-radius:50%;background:{fill};border:{weight:g}px solid {stroke};"
