"""Converting articles and incidents to and from database rows.

The schema predates :class:`~mapapp.models.Derivation` and
:class:`~mapapp.models.Provenance`: the ``anchor_*``, ``distance_m``,
``bearing_deg`` and ``method`` columns hold the derivation (NULL or empty
when there is none) and the ``extra`` JSON column holds the provenance under
the key names earlier versions wrote, so their stores read back unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal, NamedTuple

from mapapp.errors import StoreError
from mapapp.models import (
    Article,
    Derivation,
    DerivationMethod,
    EventType,
    GeoPrecision,
    Incident,
    IncidentKind,
    IncidentPlace,
    Provenance,
    Retelling,
    TimePrecision,
)


class IncidentRow(NamedTuple):
    """One ``incidents`` row by column name (``seq`` and ``rowid`` excluded).

    The field types are what :func:`incident_row` writes; SQLite does not
    check them, so a row read back carries whatever an earlier writer stored.
    """

    id: str
    article_id: str
    kind: IncidentKind
    event_type: EventType | Literal["mention"]
    date: str | None
    time_precision: TimePrecision
    lat: float | None
    lon: float | None
    location_name: str
    country_code: str
    geo_precision: GeoPrecision
    snippet: str
    place_start: int | None
    place_end: int | None
    title: str
    source: str
    confidence: float
    places: str
    uncertainty: str | None
    anchor_name: str
    anchor_lat: float | None
    anchor_lon: float | None
    distance_m: float | None
    bearing_deg: float | None
    method: DerivationMethod | Literal[""]
    extra: str


class ArticleRow(NamedTuple):
    """One ``articles`` row by column name (``stored_at`` excluded)."""

    id: str
    title: str
    date: str | None
    url: str
    text: str
    source_path: str
    content_hash: str
    text_hash: str


#: The incident columns in :class:`IncidentRow` order.
INCIDENT_COLUMNS: tuple[str, ...] = IncidentRow._fields
#: The article columns in :class:`ArticleRow` order.
ARTICLE_COLUMNS: tuple[str, ...] = ArticleRow._fields


def content_hash(article: Article) -> str:
    """The SHA-256 of an article's title, date, URL and text.

    The fields are JSON-encoded as a list so no two different articles can
    concatenate to the same bytes. ``id`` and ``source_path`` are left out:
    the same text read from another file is the same article.

    >>> a = Article(id="a", title="T", date=None, url="u", text="x")
    >>> content_hash(a) == content_hash(Article(id="b", title="T", date=None, url="u", text="x")), len(content_hash(a))
    (True, 64)
    """
    date = article.date.isoformat() if article.date else None
    payload = json.dumps([article.title, date, article.url, article.text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """The SHA-256 of an article's text alone (the same text under another id, title or date).

    >>> text_hash("Floods hit Dhaka.") != text_hash("Floods hit Kano.")
    True"""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def article_row(article: Article) -> ArticleRow:
    """The ``articles`` row of an article, with its :func:`content_hash` and :func:`text_hash`."""
    if not article.id:
        raise StoreError("article has an empty id")
    return ArticleRow(
        id=article.id,
        title=article.title,
        date=_date_text(article.date, what=f"article {article.id!r}"),
        url=article.url,
        text=article.text,
        source_path=article.source_path,
        content_hash=content_hash(article),
        text_hash=text_hash(article.text),
    )


def _check_derivation(derivation: Derivation | None, *, what: str) -> None:
    # A NULL anchor could not be read back as a Derivation, nor NaN as itself.
    if derivation is None:
        return
    _check_coords(derivation.anchor_lat, derivation.anchor_lon, what=f"{what}: anchor")
    for value in (derivation.distance_m, derivation.bearing_deg):
        if value is not None and not math.isfinite(value):
            raise StoreError(f"{what}: derivation distance and bearing must be finite")


def incident_row(incident: Incident, *, article_id: str) -> IncidentRow:
    """The ``incidents`` row of one incident.

    Raises
    ------
    StoreError
        If the incident belongs to another article, has no id, has
        out-of-range or non-finite coordinates (its own or its anchor's), or
        JSON-incompatible ``uncertainty``/``provenance``.
    """
    what = f"incident {incident.id!r} of article {article_id!r}"
    if not incident.id:
        raise StoreError(f"an incident of article {article_id!r} has an empty id")
    if incident.article_id != article_id:
        raise StoreError(f"{what} names article {incident.article_id!r}")
    _check_coords(incident.lat, incident.lon, what=what)
    if not math.isfinite(incident.confidence):
        raise StoreError(f"{what}: confidence is not finite")
    how = incident.derivation
    _check_derivation(how, what=what)
    places = [
        {
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "country_code": p.country_code,
            "confidence": p.confidence,
            "start": p.start,
            "end": p.end,
        }
        for p in incident.places
    ]
    uncertainty = (
        None
        if incident.uncertainty is None
        else _json(dict(incident.uncertainty), what=f"{what}: uncertainty")
    )
    return IncidentRow(
        id=incident.id,
        article_id=article_id,
        kind=incident.kind,
        event_type=incident.event_type,
        date=_date_text(incident.date, what=what),
        time_precision=incident.time_precision,
        lat=incident.lat,
        lon=incident.lon,
        location_name=incident.location_name,
        country_code=incident.country_code,
        geo_precision=incident.geo_precision,
        snippet=incident.snippet,
        place_start=incident.place_start,
        place_end=incident.place_end,
        title=incident.title,
        source=incident.source,
        confidence=incident.confidence,
        places=_json(places, what=f"{what}: places"),
        uncertainty=uncertainty,
        anchor_name=how.anchor_name if how else "",
        anchor_lat=how.anchor_lat if how else None,
        anchor_lon=how.anchor_lon if how else None,
        distance_m=how.distance_m if how else None,
        bearing_deg=how.bearing_deg if how else None,
        method=how.method if how else "",
        extra=_json(provenance_json(incident.provenance), what=f"{what}: provenance"),
    )


# The field names are the key names earlier versions wrote (tests/store pins them).
_PROVENANCE_KEYS = tuple(f.name for f in dataclasses.fields(Provenance))


def _provenance_values(provenance: Provenance) -> dict[str, Any]:
    # getattr, not dataclasses.asdict: a tenth of the time per stored incident
    values = {key: getattr(provenance, key) for key in _PROVENANCE_KEYS}
    values["unresolved"] = list(provenance.unresolved)
    values["also_reported"] = [
        {"start": r.start, "end": r.end, "text": r.text} for r in provenance.also_reported
    ]
    return values


_DEFAULT_PROVENANCE = _provenance_values(Provenance())


def provenance_json(provenance: Provenance) -> dict[str, Any]:
    """The ``extra`` column's object: the provenance's fields that differ from the defaults.

    Leaving defaults out keeps rows small and reads exactly like the sparse
    objects earlier versions wrote (a missing key is the default).

    >>> provenance_json(Provenance(place_id="gn:1", mentions=2))
    {'place_id': 'gn:1', 'mentions': 2}
    """
    values = _provenance_values(provenance)
    return {key: value for key, value in values.items() if value != _DEFAULT_PROVENANCE[key]}


def provenance_from_json(text: str, *, what: str) -> Provenance:
    """The :class:`Provenance` an ``extra`` column holds (see :func:`provenance_json`).

    Keys this version does not know are ignored: a newer writer may add some.
    """
    if text == "{}":  # the default provenance: skip the parser
        return Provenance()
    raw = json.loads(text)
    if not isinstance(raw, dict):
        raise StoreError(f"{what}: the provenance is not a JSON object")
    known = {key: raw[key] for key in _PROVENANCE_KEYS if key in raw}
    known["unresolved"] = tuple(raw.get("unresolved", ()))
    known["also_reported"] = tuple(
        Retelling(start=r["start"], end=r["end"], text=r["text"]) for r in raw.get("also_reported", ())
    )
    return Provenance(**known)


def incident_names(incident: Incident) -> Iterator[str]:
    """The distinct non-empty name keys an incident is found by (its place, anchor and snippet places)."""
    anchor = incident.derivation.anchor_name if incident.derivation else ""
    seen: set[str] = set()
    for name in (incident.location_name, anchor, *(p.name for p in incident.places)):
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


def _places(text: str) -> tuple[IncidentPlace, ...]:
    if text == "[]":  # most incidents: skip the parser
        return ()
    return tuple(
        IncidentPlace(
            name=p["name"],
            lat=p["lat"],
            lon=p["lon"],
            country_code=p["country_code"],
            confidence=p["confidence"],
            start=p["start"],
            end=p["end"],
        )
        for p in json.loads(text)
    )


def _derivation(row: IncidentRow, *, what: str) -> Derivation | None:
    if not row.method:
        return None
    if row.anchor_lat is None or row.anchor_lon is None:
        raise StoreError(f"{what}: a {row.method!r} derivation without anchor coordinates")
    return Derivation(
        method=row.method,
        anchor_name=row.anchor_name,
        anchor_lat=row.anchor_lat,
        anchor_lon=row.anchor_lon,
        distance_m=row.distance_m,
        bearing_deg=row.bearing_deg,
    )


def row_to_incident(row: IncidentRow) -> Incident:
    """Rebuild an :class:`Incident` from its row."""
    what = f"stored incident {row.id!r} of article {row.article_id!r}"
    return Incident(
        id=row.id,
        article_id=row.article_id,
        kind=row.kind,
        event_type=row.event_type,
        date=dt.date.fromisoformat(row.date) if row.date else None,
        time_precision=row.time_precision,
        lat=row.lat,
        lon=row.lon,
        location_name=row.location_name,
        country_code=row.country_code,
        geo_precision=row.geo_precision,
        snippet=row.snippet,
        place_start=row.place_start,
        place_end=row.place_end,
        title=row.title,
        source=row.source,
        confidence=row.confidence,
        places=_places(row.places),
        uncertainty=_tuples(json.loads(row.uncertainty)) if row.uncertainty else None,
        derivation=_derivation(row, what=what),
        provenance=provenance_from_json(row.extra, what=what),
    )


#: The columns :func:`row_to_article` reads, in order.
ARTICLE_READ = "id, title, date, url, text, source_path"


def row_to_article(row: Sequence[Any]) -> Article:
    """Rebuild an :class:`Article` from a row of :data:`ARTICLE_READ`."""
    article_id, title, date, url, text, source_path = row
    return Article(
        id=article_id,
        title=title,
        date=dt.date.fromisoformat(date) if date else None,
        url=url,
        text=text,
        source_path=source_path,
    )
