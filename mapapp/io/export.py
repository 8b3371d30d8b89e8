"""Exporting incidents as GeoJSON (RFC 7946) or ACLED-style CSV.

Both formats hold the same columns, :func:`mapapp.io.columns.incident_columns`
(ACLED's names where ACLED has the field, then the date as written, the
article's title, id and URL and every source of a fused event), and every
incident of the selection: nothing is dropped for lacking coordinates.

GeoJSON: one feature per incident whose properties are those columns plus
the nested ``places`` and ``sources``; an incident without coordinates has
``"geometry": null`` (RFC 7946 section 3.2). An incident with an uncertainty
area also yields a second feature holding that geometry, with ``"role":
"uncertainty"`` and the same ``incident_id``. Two features rather than one
``GeometryCollection`` because map libraries (Leaflet, QGIS) style and
filter plain geometries by property but handle collections poorly, and
RFC 7946 discourages collections.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from mapapp.io.columns import COLUMNS, COORD_DECIMALS, TEXT_COLUMNS, incident_columns, source_records
from mapapp.models import Incident
from mapapp.render.popup import event_label
from mapapp.spatial.antimeridian import cut_polygon

#: The CSV's header: :data:`mapapp.io.columns.COLUMNS`.
CSV_COLUMNS: tuple[str, ...] = COLUMNS

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


def feature_properties(incident: Incident) -> dict[str, Any]:
    """The GeoJSON ``properties`` of an incident's feature.

    ``role`` and ``incident_id`` (the key its uncertainty feature shares),
    then :func:`~mapapp.io.columns.incident_columns`, then what only JSON can
    nest: ``places`` named in the sentence (with ``place_start``/``place_end``
    of the location in ``notes``) and every report in ``sources``.
    """
    return {
        "incident_id": incident.id,
        "role": "incident",
        **incident_columns(incident),
        "place_start": incident.place_start,
        "place_end": incident.place_end,
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
        "sources": source_records(incident),
    }


def _point(incident: Incident) -> dict[str, Any] | None:
    if incident.lat is None or incident.lon is None:
        return None
    return clean_geometry({"type": "Point", "coordinates": (incident.lon, incident.lat)})


def to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """An RFC 7946 ``FeatureCollection`` of the incidents (see module doc).

    >>> to_geojson([])
    {'type': 'FeatureCollection', 'features': []}
    >>> from mapapp.render.samples import sample_incident
    >>> to_geojson([sample_incident(lat=None, lon=None, uncertainty=None)])["features"][0]["geometry"] is None
    True
    """
    features: list[dict[str, Any]] = []
    for incident in incidents:
        point = _point(incident)
        features.append(
            {
                "type": "Feature",
                "id": incident.id,
                "geometry": point,
                "properties": feature_properties(incident),
            }
        )
        area = clean_geometry(incident.uncertainty) if point is not None else None
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


def csv_cell(column: str, value: Any) -> str:
    """One CSV cell: empty for unknown, numbers as numbers, text guarded against formulas.

    >>> csv_cell("latitude", -1.5), csv_cell("notes", "=1+1"), csv_cell("event_date", None)
    ('-1.500000', "'=1+1", '')
    """
    if value is None:
        return ""
    if column in TEXT_COLUMNS:
        return safe_cell(str(value))
    if column in ("latitude", "longitude", "anchor_lat", "anchor_lon"):
        # Numbers are never prefixed: a negative longitude must stay a number.
        return f"{float(value):.{COORD_DECIMALS}f}"
    return str(value)


def csv_row(incident: Incident) -> list[str]:
    """The :data:`CSV_COLUMNS` values of one incident, as text."""
    return [csv_cell(column, value) for column, value in incident_columns(incident).items()]


def write_csv(incidents: Iterable[Incident], fp: IO[str]) -> int:
    """Write ACLED-style CSV (RFC 4180: CRLF, quoted when needed) to ``fp``.

    ``fp`` should be opened with ``newline=""``. The columns are
    :data:`mapapp.io.columns.COLUMNS`: dates are ISO 8601 (``YYYY-MM-DD``,
    the first day of a month or year date, whose ``date_precision`` says
    so), unknown values empty. Returns the number of data rows written.
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
