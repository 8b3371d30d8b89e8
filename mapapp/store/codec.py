"""Converting articles and incidents to and from database rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
from typing import Any, Iterator

from mapapp.errors import StoreError
from mapapp.models import Article, Incident, IncidentPlace

#: The incident columns in the order :func:`incident_row` produces them and
#: :func:`row_to_incident` reads them (``seq`` and ``rowid`` excluded).
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "kind", "event_type", "date", "time_precision", "lat",
    "lon", "location_name", "country_code", "geo_precision", "snippet",
    "place_start", "place_end", "title", "source", "confidence", "places",
    "uncertainty", "anchor_name", "anchor_lat", "anchor_lon", "distance_m",
    "bearing_deg", "method", "extra",
)


def content_hash(article: Article) -> str:
    """The SHA-256 of an article's title, date, URL and text.

    The fields are JSON-encoded as a list so no two different articles can
    concatenate to the same bytes. ``id`` and ``source_path`` are left out:
    the same text read from another file is the same article.

    >>> a = Article(id="a", title="T", date=None, url="u", text="x")
    >>> content_hash(a) == content_hash(Article(id="b", title="T", date=None, url="u", text="x"))
    True
    >>> len(content_hash(a))
    64
    """
    date = article.date.isoformat() if article.date else None
    payload = json.dumps([article.title, date, article.url, article.text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """The case- and space-insensitive key a place name is searched by.

    >>> name_key("  Latakia ") == name_key("LATAKIA")
    True
    >>> name_key("Straße") == name_key("STRASSE")
    True
    """
    return " ".join(name.casefold().split())


def _date_text(value: dt.date | None, *, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise StoreError(f"{what}: date must be a datetime.date, got {type(value).__name__}")
    # A datetime is a date too; keep only the day, which is what is stored.
    return dt.date(value.year, value.month, value.day).isoformat()


def _json(value: Any, *, what: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{what} is not JSON-serialisable: {exc}") from exc


def _check_coords(lat: float | None, lon: float | None, *, what: str) -> None:
    if (lat is None) != (lon is None):
        raise StoreError(f"{what}: latitude and longitude must both be set or both be None")
    if lat is None or lon is None:
        return
    # SQLite stores NaN as NULL, which would silently lose the point.
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise StoreError(f"{what}: coordinates out of range: lat={lat!r} lon={lon!r}")


def article_row(article: Article) -> tuple[Any, ...]:
    """``(id, title, date, url, text, source_path, content_hash)``."""
    if not article.id:
        raise StoreError("article has an empty id")
    return (
        article.id, article.title, _date_text(article.date, what=f"article {article.id!r}"),
        article.url, article.text, article.source_path, content_hash(article),
    )


def incident_row(incident: Incident, *, article_id: str) -> tuple[Any, ...]:
    """The values of :data:`INCIDENT_COLUMNS` for one incident.

    Raises
    ------
    StoreError
        If the incident belongs to another article, has no id, has
        out-of-range or non-finite coordinates, or JSON-incompatible
        ``uncertainty``/``extra``.
    """
    what = f"incident {incident.id!r} of article {article_id!r}"
    if not incident.id:
        raise StoreError(f"an incident of article {article_id!r} has an empty id")
    if incident.article_id != article_id:
        raise StoreError(f"{what} names article {incident.article_id!r}")
    _check_coords(incident.lat, incident.lon, what=what)
    if not math.isfinite(incident.confidence):
        raise StoreError(f"{what}: confidence is not finite")
    places = [
        {"name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
         "confidence": p.confidence, "start": p.start, "end": p.end}
        for p in incident.places
    ]
    uncertainty = (
        None if incident.uncertainty is None
        else _json(dict(incident.uncertainty), what=f"{what}: uncertainty")
    )
    return (
        incident.id, article_id, incident.kind, incident.event_type,
        _date_text(incident.date, what=what), incident.time_precision,
        incident.lat, incident.lon, incident.location_name, incident.country_code,
        incident.geo_precision, incident.snippet, incident.place_start,
        incident.place_end, incident.title, incident.source, incident.confidence,
        _json(places, what=f"{what}: places"), uncertainty, incident.anchor_name,
        incident.anchor_lat, incident.anchor_lon, incident.distance_m,
        incident.bearing_deg, incident.method,
        _json(dict(incident.extra), what=f"{what}: extra"),
    )


def incident_names(incident: Incident) -> Iterator[str]:
    """The distinct non-empty name keys an incident is found by."""
    seen: set[str] = set()
    for name in (incident.location_name, incident.anchor_name, *(p.name for p in incident.places)):
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            yield key


def _tuples(value: Any) -> Any:
    # GeoJSON coordinates come back as tuples, the shape shapely's
    # ``mapping()`` produces, so stored incidents compare equal to new ones.
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def row_to_incident(row: sqlite3.Row | tuple[Any, ...]) -> Incident:
    """Rebuild an :class:`Incident` from a row of :data:`INCIDENT_COLUMNS`."""
    values = dict(zip(INCIDENT_COLUMNS, row))
    # Most incidents have no places and no extra: skip the JSON parser.
    places_json = values["places"]
    values["places"] = () if places_json == "[]" else tuple(
        IncidentPlace(
            name=p["name"], lat=p["lat"], lon=p["lon"], country_code=p["country_code"],
            confidence=p["confidence"], start=p["start"], end=p["end"],
        )
        for p in json.loads(places_json)
    )
    values["date"] = dt.date.fromisoformat(values["date"]) if values["date"] else None
    values["uncertainty"] = (
        _tuples(json.loads(values["uncertainty"])) if values["uncertainty"] else None
    )
    values["extra"] = {} if values["extra"] == "{}" else json.loads(values["extra"])
    return Incident(**values)


def row_to_article(row: tuple[Any, ...]) -> Article:
    """Rebuild an :class:`Article` from ``(id, title, date, url, text, source_path)``."""
    article_id, title, date, url, text, source_path = row
    return Article(
        id=article_id, title=title,
        date=dt.date.fromisoformat(date) if date else None,
        url=url, text=text, source_path=source_path,
    )

