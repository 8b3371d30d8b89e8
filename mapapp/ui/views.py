"""Table rows, timeline counts and detail-panel fields of incidents (pure, no streamlit).

Article text is untrusted. Rows and fields here are plain strings meant for
``st.dataframe`` / ``st.text`` (never parsed as markup); the one string meant
for ``st.markdown``, :func:`snippet_markdown`, is built with
:func:`escape_markdown`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mapapp.models import Incident
from mapapp.render.popup import (
    GEO_PRECISION_LABELS,
    date_label,
    places_label,
    snippet_parts,
)
from mapapp.text.lexicon import compass_point

TABLE_COLUMNS = ("date", "event type", "location", "country", "precision", "title", "id")
# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# escaping all of them also disarms Streamlit's extras (":red[...]",
# ":material/x:", "$LaTeX$", "~~").
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Untrusted text made literal for ``st.markdown`` (no links, images, HTML, LaTeX).

    Newlines become spaces, so text cannot start a heading or a list.

    >>> escape_markdown("![x](http://e/a.png) <b>$1$</b> :red[a]")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/e\\\\/a\\\\.png\\\\) \\\\<b\\\\>\\\\$1\\\\$\\\\<\\\\/b\\\\> \\\\:red\\\\[a\\\\]'
    >>> escape_markdown("a\\n# b")
    'a \\\\# b'
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def snippet_markdown(incident: Incident) -> str:
    """The escaped snippet with the incident's place in bold.

    >>> from mapapp.render.samples import sample_incident
    >>> snippet_markdown(sample_incident())[:45]
    'The aircraft was hit 22 miles off **Latakia**'
    """
    before, place, after = snippet_parts(incident)
    if not place:
        return escape_markdown(before)
    # Edge spaces are kept outside the ** markers (CommonMark needs that).
    head = escape_markdown(before) + (" " if before[-1:].isspace() else "")
    tail = (" " if after[:1].isspace() else "") + escape_markdown(after)
    return f"{head}**{escape_markdown(place)}**{tail}"


def compass(bearing_deg: float) -> str:
    """A 16-point compass word for a bearing in degrees.

    >>> compass(0), compass(250.0), compass(359)
    ('N', 'WSW', 'N')
    """
    return compass_point(bearing_deg)


def table_rows(incidents: Sequence[Incident], *, limit: int | None = None) -> list[dict[str, Any]]:
    """One plain-text row per incident for ``st.dataframe`` (columns :data:`TABLE_COLUMNS`).

    >>> from mapapp.render.samples import sample_incident
    >>> table_rows([sample_incident()])[0]["precision"]
    'near a place'
    """
    rows = []
    for inc in incidents[:limit] if limit is not None else incidents:
        rows.append(
            {
                "date": inc.date.isoformat() if inc.date else "",
                "event type": inc.event_type or inc.kind,
                "location": inc.location_name,
                "country": inc.country_code.upper(),
                "precision": GEO_PRECISION_LABELS.get(inc.geo_precision, "unknown"),
                "title": inc.title,
                "id": inc.id,
            }
        )
    return rows


def timeline_counts(incidents: Sequence[Incident]) -> list[tuple[dt.date, int]]:
    """Dated incidents per day, in date order (undated ones are not counted).

    >>> from mapapp.render.samples import sample_incident
    >>> timeline_counts([sample_incident(), sample_incident(id="b"), sample_incident(date=None)])
    [(datetime.date(2018, 9, 17), 2)]
    """
    counts = Counter(inc.date for inc in incidents if inc.date is not None)
    return sorted(counts.items())


def place_rows(incident: Incident) -> list[dict[str, Any]]:
    """Every place named in the snippet, with coordinates and confidence."""
    return [
        {
            "place": p.name,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "country": p.country_code.upper(),
            "confidence": round(p.confidence, 3),
        }
        for p in sorted(incident.places, key=lambda p: p.start)
    ]


def summary_rows(incident: Incident) -> list[tuple[str, str]]:
    """``(label, value)`` pairs describing the incident (values are plain text).

    >>> from mapapp.render.samples import sample_incident
    >>> dict(summary_rows(sample_incident()))["date"]
    '2018-09-17 (day)'
    """
    coords = "" if incident.lat is None or incident.lon is None else f"{incident.lat:.5f}, {incident.lon:.5f}"
    return [
        ("event type", incident.event_type or incident.kind),
        ("date", date_label(incident)),
        ("location", incident.location_name),
        ("coordinates", coords),
        ("geo precision", GEO_PRECISION_LABELS.get(incident.geo_precision, "unknown")),
        ("country", incident.country_code.upper()),
        ("places", places_label(incident)),
        ("confidence", f"{incident.confidence:.2f}"),
        ("source", incident.source),
        ("incident id", incident.id),
    ]


def provenance_rows(incident: Incident) -> list[tuple[str, str]]:
    """How a derived point was made: anchor, distance, bearing, method; empty if not derived.

    >>> import dataclasses
    >>> from mapapp.render.samples import SEED_DERIVATION, sample_incident
    >>> seed = sample_incident(derivation=dataclasses.replace(SEED_DERIVATION, bearing_deg=250.0))
    >>> dict(provenance_rows(seed))["bearing"]
    '250° (WSW)'
    >>> provenance_rows(sample_incident(derivation=None))
    []
    """
    how = incident.derivation
    if how is None:
        return []
    rows = [
        ("anchor", how.anchor_name),
        ("anchor coordinates", f"{how.anchor_lat:.5f}, {how.anchor_lon:.5f}"),
    ]
    if how.distance_m is not None:
        km = how.distance_m / 1000.0
        rows.append(("distance", f"{km:.1f} km ({km / 1.609344:.1f} mi)"))
    if how.bearing_deg is not None:
        rows.append(("bearing", f"{how.bearing_deg:.0f}° ({compass(how.bearing_deg)})"))
    rows.append(("method", how.method))
    if incident.uncertainty is not None:
        rows.append(("uncertainty area", str(incident.uncertainty.get("type", "geometry"))))
    return rows


def timeline_svg(
    counts: Sequence[tuple[dt.date, int]], *, width: int = 900, height: int = 150, colour: str = "#1f77b4"
) -> str:
    """Incidents per day as a small SVG bar chart (no script, no article text).

    One bar per day on a continuous axis from the first to the last day, so
    gaps between days show; the axis is labelled with the first, middle and
    last days and the busiest day's count. A plain image keeps the page light
    (a chart library would be loaded and run before the map appears).

    >>> svg = timeline_svg([(dt.date(2018, 9, 17), 3), (dt.date(2018, 9, 18), 1)])
    >>> svg.count("<rect"), "2018-09-17" in svg, ">3<" in svg
    (2, True, True)
    """
    if not counts:
        return ""
    left, right, top, bottom = 34, 8, 10, 22
    first, last = counts[0][0], counts[-1][0]
    days = (last - first).days + 1
    peak = max(n for _, n in counts)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / days
    bar_w = max(1.0, step * 0.8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" fill="#555">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for day, n in counts:
        x = left + (day - first).days * step + (step - bar_w) / 2
        h = plot_h * n / peak
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>{day.isoformat()}: {n}</title></rect>'
        )
    labels = {0: first, days - 1: last}
    if days > 2:
        labels[(days - 1) // 2] = first + dt.timedelta(days=(days - 1) // 2)
    for offset, day in sorted(labels.items()):
        x = left + offset * step + step / 2
        anchor = "middle"
        if days > 1 and offset in (0, days - 1):  # keep the end labels inside the image
            anchor = "start" if offset == 0 else "end"
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}">{day.isoformat()}</text>')
    parts.append("</svg>")
    return "".join(parts)
