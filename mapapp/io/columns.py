"""The export columns of an incident: the one home of what every export format holds.

:func:`incident_columns` gives one flat record per incident, keyed by
:data:`COLUMNS`; the CSV writes it as rows, GeoJSON as each feature's
properties (plus the nested ``places`` and ``sources``), and any other
tabular format (GeoPackage) should write the same columns.

Names follow ACLED's where ACLED has the field (``event_date``,
``time_precision``, ``event_type``, ``country``, ``admin1``, ``location``,
``latitude``, ``longitude``, ``geo_precision``, ``source``, ``notes``), in
ACLED's order; what ACLED lacks comes after: the date as written and its
precision, the article's title, id and URL, and every source of an event
that several articles reported. Values are ``str``, ``int``, ``float`` or
``None`` (unknown). Lists are joined: source names and article ids with
``"; "`` (ACLED's separator), URLs with a space (a vetted URL holds none).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mapapp.gazetteer.countries import country_name
from mapapp.incidents.fusion import reports
from mapapp.models import Derivation, Incident
from mapapp.render.escape import safe_link_url
from mapapp.render.popup import GEO_PRECISION_LABELS, date_label, date_precision, event_label

COORD_DECIMALS = 6  # ~0.1 m, RFC 7946 section 11.2

#: Every column, in order, with what it holds (the README's export table is built from this).
COLUMN_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "event_id": "the incident's id (its permalink's key)",
        "event_date": "ISO date; a month or year date is its first day (see date_precision)",
        "time_precision": "ACLED's 1 day, 2 week, 3 month or longer",
        "event_type": "the event type's code",
        "country": "the country's common name",
        "admin1": "first-level division of the place (of the anchor for a derived point)",
        "location": "the place as named, or the spatial phrase of a derived point",
        "latitude": "WGS 84, 6 decimals; empty when unlocated",
        "longitude": "WGS 84, 6 decimals; empty when unlocated",
        "geo_precision": "ACLED's 1 exact place, 2 near a place, 3 region or country",
        "source": "every reporting site, '; '-separated",
        "notes": "the sentence reporting the event",
        "date_precision": "day, week, month or year; empty when undated",
        "event_label": "the event type as people read it",
        "date_label": "the date as precisely as it is known ('September 2018')",
        "date_text": "the time expression as the article wrote it",
        "country_code": "ISO 3166-1 alpha-2",
        "geo_precision_label": "geo_precision in words",
        "kind": "event, or mention (a place named without an event)",
        "title": "the article's title",
        "article_id": "the article's id",
        "article_url": "the article's http(s) URL; empty when it has none",
        "source_count": "how many articles report the event",
        "source_article_ids": "every reporting article's id, '; '-separated",
        "source_urls": "every reporting article's http(s) URL, space-separated",
        "confidence": "0..1",
        "anchor_name": "a derived point's anchor place",
        "anchor_lat": "the anchor's latitude",
        "anchor_lon": "the anchor's longitude",
        "distance_m": "the phrase's distance in metres",
        "bearing_deg": "the phrase's bearing in degrees",
        "method": "how the point was derived (offshore, offset, near, ...)",
    }
)
COLUMNS: tuple[str, ...] = tuple(COLUMN_NOTES)
#: Columns whose values are text (the rest are numbers or empty).
TEXT_COLUMNS = frozenset(
    {
        "event_id",
        "event_type",
        "country",
        "admin1",
        "location",
        "source",
        "notes",
        "date_precision",
        "event_label",
        "date_label",
        "date_text",
        "country_code",
        "geo_precision_label",
        "kind",
        "title",
        "article_id",
        "article_url",
        "source_article_ids",
        "source_urls",
        "anchor_name",
        "method",
    }
)


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _coord(value: float | None) -> float | None:
    return None if value is None else round(float(value), COORD_DECIMALS)


def derivation_columns(derivation: Derivation | None) -> dict[str, Any]:
    """The flat ``anchor_*``/``distance_m``/``bearing_deg``/``method`` columns.

    >>> derivation_columns(None)["method"], derivation_columns(None)["anchor_lat"]
    ('', None)
    """
    if derivation is None:
        return {
            "anchor_name": "",
            "anchor_lat": None,
            "anchor_lon": None,
            "distance_m": None,
            "bearing_deg": None,
            "method": "",
        }
    return {
        "anchor_name": derivation.anchor_name,
        "anchor_lat": derivation.anchor_lat,
        "anchor_lon": derivation.anchor_lon,
        "distance_m": derivation.distance_m,
        "bearing_deg": derivation.bearing_deg,
        "method": derivation.method,
    }


def incident_columns(incident: Incident) -> dict[str, Any]:
    """The :data:`COLUMNS` of one incident (see the module doc).

    >>> from mapapp.render.samples import sample_incident
    >>> row = incident_columns(sample_incident())
    >>> row["country"], row["event_date"], row["date_precision"], row["source_count"]
    ('Syria', '2018-09-17', 'day', 1)
    """
    sources = reports(incident)
    dated = incident.date is not None
    return {
        "event_id": incident.id,
        "event_date": incident.date.isoformat() if incident.date else None,
        "time_precision": incident.time_precision,
        "event_type": incident.event_type,
        "country": country_name(incident.country_code),
        "admin1": incident.provenance.admin1,
        "location": incident.location_name,
        "latitude": _coord(incident.lat),
        "longitude": _coord(incident.lon),
        "geo_precision": incident.geo_precision,
        "source": "; ".join(_unique(s.source for s in sources)),
        "notes": incident.snippet,
        "date_precision": date_precision(incident) if dated else None,
        "event_label": event_label(incident.event_type),
        "date_label": date_label(incident),
        "date_text": incident.provenance.date_text,
        "country_code": incident.country_code.upper(),
        "geo_precision_label": GEO_PRECISION_LABELS.get(incident.geo_precision, "unknown"),
        "kind": incident.kind,
        "title": incident.title,
        "article_id": incident.article_id,
        "article_url": safe_link_url(incident.provenance.url) or "",
        "source_count": len(sources),
        "source_article_ids": "; ".join(_unique(s.article_id for s in sources)),
        "source_urls": " ".join(_unique(safe_link_url(s.url) for s in sources)),
        "confidence": incident.confidence,
        **derivation_columns(incident.derivation),
    }


def source_records(incident: Incident) -> list[dict[str, Any]]:
    """Every report of the incident as a JSON-ready record (GeoJSON's nested ``sources``).

    >>> from mapapp.models import Provenance
    >>> from mapapp.render.samples import sample_incident
    >>> source_records(sample_incident(provenance=Provenance(url="javascript:alert(1)")))[0]["url"]
    ''
    """
    return [
        {
            "article_id": s.article_id,
            "incident_id": s.incident_id,
            "title": s.title,
            "url": safe_link_url(s.url) or "",
            "source": s.source,
            "date": s.date.isoformat() if s.date else None,
            "date_precision": s.date_precision,
            "location": s.location_name,
            "latitude": _coord(s.lat),
            "longitude": _coord(s.lon),
            "geo_precision": s.geo_precision,
            "notes": s.snippet,
        }
        for s in reports(incident)
    ]
