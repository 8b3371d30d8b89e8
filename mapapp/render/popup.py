"""Popup, tooltip and label content for incidents (pure, no folium).

Every piece of article text goes through :func:`~mapapp.render.escape.escape_text`
before it becomes HTML. Each popup and tooltip ends with a visible
``Incident ID: <id>`` line: streamlit-folium reports a click as the popup's
``innerText`` (hidden elements and attributes are not in it), and
:func:`mapapp.render.clicks.incident_id_from_click` reads the id back from
that last line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mapapp.gazetteer.countries import country_name
from mapapp.incidents.fusion import reports
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


def region_label(incident: Incident) -> str:
    """The first-level division and the country, as people name them.

    >>> from mapapp.models import Provenance
    >>> from mapapp.render.samples import sample_incident
    >>> region_label(sample_incident())
    'Latakia, Syria'
    >>> region_label(sample_incident(country_code="", provenance=Provenance()))
    ''
    """
    country = country_name(incident.country_code)
    admin1 = incident.provenance.admin1
    return ", ".join(part for part in (admin1 if admin1 != country else "", country) if part)


def written_date_label(incident: Incident) -> str:
    """The time expression as the article wrote it, with the precision it gives.

    >>> from mapapp.models import Provenance
    >>> from mapapp.render.samples import sample_incident
    >>> written_date_label(sample_incident())
    'Date as written: "on Monday evening" (day)'
    >>> written_date_label(sample_incident(provenance=Provenance()))
    ''
    """
    written = incident.provenance.date_text
    if not written or incident.date is None:
        return ""
    return f'Date as written: "{written}" ({date_precision(incident)})'


#: At most this many sources are listed in a popup (the detail panel lists them all).
POPUP_SOURCES = 6


def source_links(incident: Incident) -> list[tuple[str, str, str, str]]:
    """``(site, url, title, article id)`` of each report, ``url`` empty unless http/https.

    The title is given only where it differs from the incident's own (shown above).

    >>> from mapapp.render.samples import sample_incident
    >>> source_links(sample_incident())
    [('example.org', 'https://example.org/a', '', 'a1')]
    """
    return [
        (
            s.source or "unknown site",
            safe_link_url(s.url) or "",
            s.title if s.title != incident.title else "",
            s.article_id,
        )
        for s in reports(incident)
    ]


def _link_html(text: str, url: str) -> str:
    if not url:
        return escape_text(text)
    return f'<a href="{escape_text(url)}" target="_blank" rel="noopener noreferrer">{escape_text(text)}</a>'


def _sources_html(incident: Incident) -> str:
    links = source_links(incident)
    lines = []
    for site, url, title, article_id in links[:POPUP_SOURCES]:
        line = _link_html(site, url) + (f": {escape_text(title)}" if title else "")
        lines.append(f"{line} &middot; article {escape_text(article_id)}")
    if len(links) > POPUP_SOURCES:
        lines.append(f"and {len(links) - POPUP_SOURCES} more (see the detail panel)")
    if len(links) == 1:
        return f"<div>Source: {lines[0]}</div>"
    return f"<div>{escape_text(sources_label(incident))}:<br>{'<br>'.join(lines)}</div>"


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
        it is known), readable event type, location with its precision,
        division and country, highlighted snippet, places, the date as the
        article wrote it, each source (the site, a link to the article only
        for http/https URLs, and the article id), and a last
        ``Incident ID: <id>`` line. It contains no backtick, ``$``,
        backslash or brace from the record.
    """
    parts = [
        f'<div class="incident-popup" data-incident-id="{escape_text(incident.id)}">',
        f"<b>{escape_text(incident.title or 'Untitled article')}</b><br>",
        f"{escape_text(date_label(incident))} &middot; {escape_text(type_label(incident))}<br>",
        f"<i>{escape_text(location_label(incident))}</i>",
    ]
    region = region_label(incident)
    if region:
        parts.append(f"<div>{escape_text(region)}</div>")
    parts.append(f'<p style="margin:4px 0">{highlighted_snippet_html(incident)}</p>')
    places = places_label(incident)
    for line in (f"Places: {places}" if places else "", written_date_label(incident)):
        if line:
            parts.append(f"<div>{escape_text(line)}</div>")
    parts.append(_sources_html(incident))
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
    "region",
    "before",
    "place",
    "after",
    "places",
    "written",
    "sources",
    "reports",
)


def incident_payload(incident: Incident) -> list[Any]:
    """Plain-text fields (not HTML) for popups built in the browser with textContent.

    The order is :data:`PAYLOAD_FIELDS`; ``sources`` holds the first
    :data:`POPUP_SOURCES` :func:`source_links` as lists (``url`` empty
    unless http/https) and ``reports`` says how many there are.
    """
    before, place, after = snippet_parts(incident)
    links = source_links(incident)
    more = len(links) - POPUP_SOURCES
    return [
        incident.id,
        incident.title or "Untitled article",
        date_label(incident),
        type_label(incident),
        location_label(incident),
        region_label(incident),
        before,
        place,
        after,
        places_label(incident),
        written_date_label(incident),
        [list(link) for link in links[:POPUP_SOURCES]],
        sources_label(incident) + (f" ({more} more in the detail panel)" if more > 0 else ""),
    ]
