"""Exporting incidents as GeoJSON (RFC 7946) or ACLED-style CSV.

GeoJSON: one ``Point`` feature per incident with coordinates (incidents
without coordinates are skipped) whose properties carry the incident; an
incident with an uncertainty area also yields a second feature holding that
geometry, with ``"role": "uncertainty"`` and the same ``incident_id``. Two
features rather than one ``GeometryCollection`` because map libraries
(Leaflet, QGIS) style and filter plain geometries by property but handle
collections poorly, and RFC 7946 discourages collections.

Both formats keep the event type's code (``event_type``) and the ISO date
(month and year dates are their first day) and add what people read:
``event_label`` (the type's name) and ``date_precision`` (``day``,
``week``, ``month`` or ``year``; empty/``null`` when undated), so a
month-precise date is never mistaken for a day. The CSV's new columns come
after the ACLED-style ones, which keep their names and order.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from mapapp.models import Derivation, Incident
from mapapp.render.popup import date_precision, event_label
from mapapp.spatial.antimeridian import cut_polygon

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "date_precision",
    "event_label",
)

COORD_DECIMALS = 6  # ~0.1 m, RFC 7946 section 11.2

_GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)
# Characters that make spreadsheets evaluate a cell (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def round_coords(value: Any, *, decimals: int = COORD_DECIMALS) -> Any:
    """Round every number in nested coordinate sequences, as lists.

    >>> round_coords(((35.1234567, 36.7654321),))
    [[35.123457, 36.765432]]
    """
    if isinstance(value, (list, tuple)):
        return [round_coords(v, decimals=decimals) for v in value]
    return round(float(value), decimals)


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring)) / 2.0


def orient_polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """Rings in RFC 7946 order: exterior counterclockwise, holes clockwise.

    >>> orient_polygon([[[0, 0], [0, 1], [1, 1], [0, 0]]])
    [[[0, 0], [1, 1], [0, 1], [0, 0]]]
    """
    oriented = []
    for i, ring in enumerate(rings):
        ccw = _signed_area(ring) > 0
        want_ccw = i == 0
        oriented.append(ring if ccw == want_ccw else ring[::-1])
    return oriented


def _valid_position(pos: Any) -> bool:
    return (
        isinstance(pos, (list, tuple))
        and len(pos) >= 2
        and all(isinstance(v, (int, float)) and math.isfinite(v) for v in pos[:2])
        and -180 <= pos[0] <= 180
        and -90 <= pos[1] <= 90
    )


def _positions(coords: Any, depth: int) -> bool:
    if depth == 0:
        return _valid_position(coords)
    return (
        isinstance(coords, (list, tuple))
        and len(coords) > 0
        and all(_positions(c, depth - 1) for c in coords)
    )


_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _cut_antimeridian(kind: str, coords: Any) -> tuple[str, Any]:
    """``(kind, coordinates)`` with (Multi)Polygons cut at the antimeridian."""
    if kind not in ("Polygon", "MultiPolygon"):
        return kind, coords
    polygons = [coords] if kind == "Polygon" else coords
    parts = [part for polygon in polygons for part in cut_polygon(polygon)]
    if kind == "Polygon" and len(parts) == 1:
        return kind, parts[0]
    return "MultiPolygon", parts


def clean_geometry(geometry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A rounded, RFC 7946-oriented copy of a GeoJSON geometry, or ``None``.

    Malformed geometries (unknown type, bad nesting, out-of-range or
    non-finite positions) give ``None`` rather than an invalid export.

    >>> clean_geometry({"type": "Point", "coordinates": (36.0, 35.5)})
    {'type': 'Point', 'coordinates': [36.0, 35.5]}
    >>> clean_geometry({"type": "Point", "coordinates": (200.0, 35.5)}) is None
    True
    """
    if not geometry:
        return None
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind not in _GEOMETRY_TYPES or not _positions(coords, _DEPTH[kind]):
        return None
    kind, coords = _cut_antimeridian(kind, round_coords(coords))
    rounded = round_coords(coords)
    if kind == "Polygon":
        rounded = orient_polygon(rounded)
    elif kind == "MultiPolygon":
        rounded = [orient_polygon(poly) for poly in rounded]
    return {"type": kind, "coordinates": rounded}


def derivation_properties(derivation: Derivation | None) -> dict[str, Any]:
    """The flat ``anchor_*``/``distance_m``/``bearing_deg``/``method`` properties.

    Flat, with empty values for a place taken as named, so every feature has
    the same columns in GIS tools (and exports match earlier versions).

    >>> derivation_properties(None)["method"], derivation_properties(None)["anchor_lat"]
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


def incident_properties(incident: Incident) -> dict[str, Any]:
    """The GeoJSON ``properties`` of an incident's point feature."""
    return {
        "incident_id": incident.id,
        "role": "incident",
        "article_id": incident.article_id,
        "kind": incident.kind,
        "event_type": incident.event_type,
        "event_label": event_label(incident.event_type),
        "date": incident.date.isoformat() if incident.date else None,
        "time_precision": incident.time_precision,
        "date_precision": date_precision(incident) if incident.date else None,
        "location": incident.location_name,
        "country_code": incident.country_code,
        "geo_precision": incident.geo_precision,
        "snippet": incident.snippet,
        "place_start": incident.place_start,
        "place_end": incident.place_end,
        "title": incident.title,
        "source": incident.source,
        "confidence": incident.confidence,
        "places": [
            {
                "name": p.name,
                "lat": round(p.lat, COORD_DECIMALS),
                "lon": round(p.lon, COORD_DECIMALS),
                "country_code": p.country_code,
                "confidence": p.confidence,
                "start": p.start,
                "end": p.end,
            }
            for p in incident.places
        ],
        **derivation_properties(incident.derivation),
    }


def to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """An RFC 7946 ``FeatureCollection`` of the incidents (see module doc).

    >>> to_geojson([])
    {'type': 'FeatureCollection', 'features': []}
    """
    features: list[dict[str, Any]] = []
    for incident in incidents:
        if incident.lat is None or incident.lon is None:
            continue
        point = clean_geometry({"type": "Point", "coordinates": (incident.lon, incident.lat)})
        if point is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": incident.id,
                "geometry": point,
                "properties": incident_properties(incident),
            }
        )
        area = clean_geometry(incident.uncertainty)
        if area is not None:
            features.append(
                {
                    "type": "Feature",
                    "id": f"{incident.id}#uncertainty",
                    "geometry": area,
                    "properties": {
                        "incident_id": incident.id,
                        "role": "uncertainty",
                        "event_type": incident.event_type,
                        "event_label": event_label(incident.event_type),
                        "geo_precision": incident.geo_precision,
                        "method": incident.derivation.method if incident.derivation else "",
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet will not evaluate as a formula.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("Latakia")
    'Latakia'
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(incident: Incident) -> list[str]:
    """The :data:`CSV_COLUMNS` values of one incident, as text."""

    def coord(value: float | None) -> str:
        # Numbers are never prefixed: a negative longitude must stay a number.
        return "" if value is None else f"{round(value, COORD_DECIMALS):.{COORD_DECIMALS}f}"

    return [
        safe_cell(incident.id),
        incident.date.isoformat() if incident.date else "",
        str(incident.time_precision),
        safe_cell(incident.event_type),
        safe_cell(incident.location_name),
        coord(incident.lat),
        coord(incident.lon),
        str(incident.geo_precision),
        safe_cell(incident.source),
        safe_cell(incident.snippet),
        date_precision(incident) if incident.date else "",
        safe_cell(event_label(incident.event_type)),
    ]


def write_csv(incidents: Iterable[Incident], fp: IO[str]) -> int:
    """Write ACLED-style CSV (RFC 4180: CRLF, quoted when needed) to ``fp``.

    ``fp`` should be opened with ``newline=""``. Dates are ISO 8601
    (``YYYY-MM-DD``, the first day of a month or year date, whose
    ``date_precision`` says so); ``notes`` is the incident's snippet and
    ``event_label`` the readable event type. Returns the number
    of data rows written.
    """
    writer = csv.writer(fp, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for incident in incidents:
        writer.writerow(csv_row(incident))
        count += 1
    return count


def write_export(incidents: Iterable[Incident], fp: IO[str], *, fmt: str) -> int:
    """Write ``geojson`` or ``csv`` to ``fp``; the number of incidents written.

    Raises
    ------
    ValueError
        If ``fmt`` is neither ``"geojson"`` nor ``"csv"``.
    """
    if fmt == "csv":
        return write_csv(incidents, fp)
    if fmt == "geojson":
        collection = to_geojson(incidents)
        json.dump(collection, fp, ensure_ascii=False, allow_nan=False)
        fp.write("\n")
        return sum(1 for f in collection["features"] if f["properties"]["role"] == "incident")
    raise ValueError(f"unknown export format {fmt!r}: expected 'geojson' or 'csv'")
