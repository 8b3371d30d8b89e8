"""Popup, tooltip and marker-style content for incidents (pure, no folium).

Every piece of article text goes through :func:`~mapapp.render.escape.escape_text`
before it becomes HTML. Each popup and tooltip ends with a visible
``Incident ID: <id>`` line: streamlit-folium reports a click as the popup's
``innerText`` (hidden elements and attributes are not in it), and
:func:`mapapp.render.clicks.incident_id_from_click` reads the id back from
that last line.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypedDict

from mapapp.models import (
    EVENT_LABELS,
    GEO_EXACT,
    GEO_NEAR,
    GEO_REGION,
    TIME_DAY,
    TIME_MONTH_OR_MORE,
    TIME_WEEK,
    DatePrecision,
    Incident,
)
from mapapp.render.escape import escape_text, safe_link_url

ID_LABEL = "Incident ID: "

GEO_PRECISION_LABELS: Mapping[int, str] = MappingProxyType(
    {GEO_EXACT: "exact place", GEO_NEAR: "near a place", GEO_REGION: "region or country"}
)

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


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_PRECISION_OF_LEVEL: Mapping[int, DatePrecision] = MappingProxyType(
    {TIME_DAY: "day", TIME_WEEK: "week", TIME_MONTH_OR_MORE: "month"}
)


def date_text(day: dt.date | None, precision: str | None = "day") -> str:
    """A date as precisely as it is known, never as a fake day.

    Month and year dates are stored as their first day; they are shown as
    the month or the year. An unknown precision shows the day.

    >>> d = dt.date(2018, 9, 17)
    >>> date_text(d), date_text(d, "week"), date_text(dt.date(2018, 9, 1), "month")
    ('2018-09-17', 'week of 2018-09-17', 'September 2018')
    >>> date_text(dt.date(2018, 1, 1), "year"), date_text(None, "day")
    ('2018', 'undated')
    """
    if day is None:
        return "undated"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if precision == "week":
        return f"week of {day.isoformat()}"
    return day.isoformat()


def date_precision(incident: Incident) -> DatePrecision:
    """The incident's date precision (``day``/``week``/``month``/``year``), robust to odd levels.

    >>> from mapapp.render.samples import sample_incident
    >>> date_precision(sample_incident(time_precision=2))
    'week'
    """
    if incident.provenance.date_precision is not None:
        return incident.provenance.date_precision
    return _PRECISION_OF_LEVEL.get(incident.time_precision, "day")


def date_label(incident: Incident) -> str:
    """The incident's date as people read it (see :func:`date_text`).

    >>> from mapapp.render.samples import sample_incident
    >>> date_label(sample_incident()), date_label(sample_incident(date=None))
    ('2018-09-17', 'undated')
    """
    return date_text(incident.date, date_precision(incident))


def event_label(code: str) -> str:
    """The readable name of an event type code (the code itself when unknown).

    >>> event_label("shootdown"), event_label("mention"), event_label("new_type")
    ('Aircraft shot down', 'Place mention', 'new_type')
    """
    return EVENT_LABELS.get(code, code)


def type_label(incident: Incident) -> str:
    """The readable event type of an incident ("Place mention" for a mention).

    >>> from mapapp.render.samples import sample_incident
    >>> type_label(sample_incident())
    'Aircraft shot down'
    """
    return event_label(incident.event_type or incident.kind)


def sources_label(incident: Incident) -> str:
    """``"3 sources"`` for an incident several articles reported, else ``""``.

    >>> from mapapp.render.samples import sample_incident
    >>> sources_label(sample_incident())
    ''
    """
    count = len(incident.sources)
    return f"{count} sources" if count > 1 else ""


def snippet_parts(incident: Incident) -> tuple[str, str, str]:
    """Split the snippet into (before, place, after) around the place span.

    An absent or out-of-range span leaves the whole snippet in ``before``.

    >>> from mapapp.render.samples import sample_incident
    >>> snippet_parts(sample_incident())[1]
    'Latakia'
    """
    text = incident.snippet or ""
    start, end = incident.place_start, incident.place_end
    if start is None or end is None or not 0 <= start < end <= len(text):
        return text, "", ""
    return text[:start], text[start:end], text[end:]


def highlighted_snippet_html(incident: Incident) -> str:
    """The escaped snippet with the place wrapped in ``<mark>``.

    >>> from mapapp.render.samples import sample_incident
    >>> highlighted_snippet_html(sample_incident())[:30]
    'The aircraft was hit 22 miles '
    """
    before, place, after = snippet_parts(incident)
    if not place:
        return escape_text(before)
    return f"{escape_text(before)}<mark>{escape_text(place)}</mark>{escape_text(after)}"


def location_label(incident: Incident) -> str:
    """Where, in words: the place name, its precision and any derivation.

    >>> from mapapp.render.samples import sample_incident
    >>> location_label(sample_incident())
    "Latakia's coast (near a place; offshore from Latakia, 35.4 km)"
    """
    notes = [GEO_PRECISION_LABELS.get(incident.geo_precision, "unknown precision")]
    how = incident.derivation
    if how is not None and how.anchor_name:
        derived = f"{how.method} from {how.anchor_name}"
        if how.distance_m is not None:
            derived += f", {how.distance_m / 1000:.1f} km"
        notes.append(derived)
    name = incident.location_name or "unnamed place"
    return f"{name} ({'; '.join(notes)})"


def places_label(incident: Incident) -> str:
    """The distinct place names involved, in snippet order, comma-separated."""
    seen: list[str] = []
    for place in sorted(incident.places, key=lambda p: p.start):
        if place.name and place.name not in seen:
            seen.append(place.name)
    return ", ".join(seen)


def incident_popup_html(incident: Incident) -> str:
    """The popup HTML for one incident (safe for folium's template literal).

    Parameters
    ----------
    incident : Incident
        The record; all its text is treated as untrusted.

    Returns
    -------
    str
        A ``<div class="incident-popup">`` with title, date (as precise as
        it is known), readable event type, location, highlighted snippet,
        places, source (a link only for http/https URLs), the number of
        sources when several articles reported it, and a last
        ``Incident ID: <id>`` line. It
        contains no backtick, ``$``, backslash or brace from the record.
    """
    parts = [
        f'<div class="incident-popup" data-incident-id="{escape_text(incident.id)}">',
        f"<b>{escape_text(incident.title or 'Untitled article')}</b><br>",
        f"{escape_text(date_label(incident))} &middot; {escape_text(type_label(incident))}<br>",
        f"<i>{escape_text(location_label(incident))}</i>",
        f'<p style="margin:4px 0">{highlighted_snippet_html(incident)}</p>',
    ]
    places = places_label(incident)
    if places:
        parts.append(f"<div>Places: {escape_text(places)}</div>")
    if incident.source:
        url = safe_link_url(incident.source)
        if url is not None:
            link = (
                f'<a href="{escape_text(url)}" target="_blank" rel="noopener noreferrer">'
                f"{escape_text(url)}</a>"
            )
        else:
            link = escape_text(incident.source)
        parts.append(f"<div>Source: {link}</div>")
    reports = sources_label(incident)
    if reports:
        parts.append(f"<div>{escape_text(reports)}</div>")
    parts.append(f'<div style="color:#777;font-size:smaller">{ID_LABEL}{escape_text(incident.id)}</div>')
    parts.append("</div>")
    return "".join(parts)


def incident_tooltip_html(incident: Incident) -> str:
    """Short escaped hover text ending with the incident id line."""
    head = f"{type_label(incident)}: {incident.location_name or 'unnamed place'}"
    return (
        f"{escape_text(head)} &middot; {escape_text(date_label(incident))}"
        f"<br>{ID_LABEL}{escape_text(incident.id)}"
    )


#: Field order of the per-incident rows sent to the clustered JS layer.
PAYLOAD_FIELDS = (
    "id",
    "title",
    "date",
    "type",
    "where",
    "before",
    "place",
    "after",
    "places",
    "url",
    "source",
    "reports",
)


def incident_payload(incident: Incident) -> list[Any]:
    """Plain-text fields (not HTML) for popups built in the browser with textContent.

    The order is :data:`PAYLOAD_FIELDS`; ``url`` holds an http/https source,
    ``source`` any other source (shown as text); at most one is non-empty.
    """
    before, place, after = snippet_parts(incident)
    url = safe_link_url(incident.source) if incident.source else None
    return [
        incident.id,
        incident.title or "Untitled article",
        date_label(incident),
        type_label(incident),
        location_label(incident),
        before,
        place,
        after,
        places_label(incident),
        url or "",
        "" if url else incident.source or "",  # sent once: as the link or as text
        sources_label(incident),
    ]
