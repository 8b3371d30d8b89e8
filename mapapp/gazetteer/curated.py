"""Reader for ``geodata/curated.csv``: named features no package ships.

Seas, straits, peninsulas, deserts, disputed regions and military sites are
curated by hand because GeoNames' populated places, countryinfo and
airportsdata do not name them (see ``docs`` and the data-sources notes).
The file is small and committed, so it is read strictly: any malformed row
stops the build with a :class:`~mapapp.errors.GazetteerError` that names the
file, the line and the field, rather than silently dropping a feature.

Columns (UTF-8, comma separated, ``csv``-module quoting)::

    id,name,aliases,feature_class,feature_code,lat,lon,
    south,west,north,east,country_code,source

``aliases`` is ``|``-separated and may be empty; ``country_code`` is empty
for features that belong to no single country (seas, the Sahel, ...).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from pathlib import Path

from mapapp.errors import GazetteerError
from mapapp.models import Extent, Place

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "aliases",
    "feature_class",
    "feature_code",
    "lat",
    "lon",
    "south",
    "west",
    "north",
    "east",
    "country_code",
    "source",
)

# GeoNames' nine feature classes; anything else is a typo.
FEATURE_CLASSES: frozenset[str] = frozenset("AHLPRSTUV")

ALIAS_SEPARATOR = "|"

_ID = re.compile(r"cur:[a-z0-9]+(?:-[a-z0-9]+)*")
_FEATURE_CODE = re.compile(r"[A-Z][A-Z0-9]{0,9}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_LAT_FIELDS = ("lat", "south", "north")
_LON_FIELDS = ("lon", "west", "east")


def _fail(where: str, field: str, problem: str) -> GazetteerError:
    return GazetteerError(f"{where}: field {field!r}: {problem}")


def parse_coordinate(text: str, *, field: str, where: str) -> float:
    """A latitude (``lat``/``south``/``north``) or longitude, range-checked.

    >>> parse_coordinate(" 35.4011 ", field="lat", where="f.csv:2")
    35.4011
    >>> parse_coordinate("181", field="lon", where="f.csv:2")
    Traceback (most recent call last):
    ...
    mapapp.errors.GazetteerError: f.csv:2: field 'lon': 181.0 is outside [-180, 180]
    """
    try:
        value = float(text)
    except ValueError:
        raise _fail(where, field, f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise _fail(where, field, f"not a finite number: {text!r}")
    limit = 90.0 if field in _LAT_FIELDS else 180.0
    if not -limit <= value <= limit:
        raise _fail(where, field, f"{value} is outside [{-limit:g}, {limit:g}]")
    return value


def split_aliases(text: str, *, where: str = "aliases") -> tuple[str, ...]:
    """The ``|``-separated alternate names of a row, stripped, in order.

    An empty field means no aliases; an empty name between separators is a
    typo and raises.

    >>> split_aliases("Hmeimim| Khmeimim |Humaymim")
    ('Hmeimim', 'Khmeimim', 'Humaymim')
    >>> split_aliases("")
    ()
    """
    if not text.strip():
        return ()
    names = tuple(part.strip() for part in text.split(ALIAS_SEPARATOR))
    if any(not name for name in names):
        raise _fail(where, "aliases", f"empty alias in {text!r}")
    return names


def parse_row(fields: Sequence[str], *, where: str) -> tuple[Place, tuple[str, ...]]:
    """One data row -> its :class:`Place` and aliases; ``where`` is ``file:line``.

    >>> place, aliases = parse_row(
    ...     ["cur:golan-heights", "Golan Heights", "Golan|Jawlan", "L", "AREA",
    ...      "33.0", "35.75", "32.7", "35.6", "33.35", "35.95", "SY", "curated: test"],
    ...     where="f.csv:2")
    >>> place.id, place.extent.contains(place.lat, place.lon), aliases
    ('cur:golan-heights', True, ('Golan', 'Jawlan'))
    """
    if len(fields) != len(COLUMNS):
        raise _fail(where, "row", f"expected {len(COLUMNS)} columns, got {len(fields)}")
    row = dict(zip(COLUMNS, (value.strip() for value in fields), strict=False))
    for field in ("id", "name", "aliases", "source"):
        if _CONTROL.search(row[field]):
            raise _fail(where, field, "contains a control character")
    if not _ID.fullmatch(row["id"]):
        raise _fail(where, "id", f"must look like cur:<lowercase-slug>, not {row['id']!r}")
    if not row["name"]:
        raise _fail(where, "name", "is empty")
    if row["feature_class"] not in FEATURE_CLASSES:
        raise _fail(
            where,
            "feature_class",
            f"unknown GeoNames class {row['feature_class']!r} (one of {''.join(sorted(FEATURE_CLASSES))})",
        )
    if not _FEATURE_CODE.fullmatch(row["feature_code"]):
        raise _fail(
            where, "feature_code", f"must be an upper-case GeoNames code, not {row['feature_code']!r}"
        )
    if row["country_code"] and not _COUNTRY.fullmatch(row["country_code"]):
        raise _fail(
            where, "country_code", f"must be empty or ISO 3166-1 alpha-2, not {row['country_code']!r}"
        )
    if not row["source"].startswith("curated"):
        raise _fail(where, "source", f"must start with 'curated', not {row['source']!r}")
    numbers = {
        field: parse_coordinate(row[field], field=field, where=where)
        for field in (*_LAT_FIELDS, *_LON_FIELDS)
    }
    if numbers["south"] > numbers["north"]:
        raise _fail(where, "south", f"south {numbers['south']} is north of north {numbers['north']}")
    extent = Extent(
        south=numbers["south"], west=numbers["west"], north=numbers["north"], east=numbers["east"]
    )
    if not extent.contains(numbers["lat"], numbers["lon"]):
        raise _fail(
            where,
            "lat/lon",
            f"point ({numbers['lat']}, {numbers['lon']}) lies outside its own bbox {extent.as_tuple()}",
        )
    aliases = split_aliases(row["aliases"], where=where)
    place = Place(
        id=row["id"],
        name=row["name"],
        lat=numbers["lat"],
        lon=numbers["lon"],
        feature_class=row["feature_class"],
        feature_code=row["feature_code"],
        country_code=row["country_code"],
        admin1="",
        population=0,
        extent=extent,
        source=row["source"],
    )
    return place, aliases


def load_curated(path: Path) -> tuple[tuple[Place, tuple[str, ...]], ...]:
    """Every curated feature in ``path`` as ``(place, aliases)`` pairs, in file order.

    Raises :class:`GazetteerError` naming the file, line and field for an
    unreadable file, a wrong header, a wrong column count, a bad or
    out-of-range number, a point outside its own bbox, south > north, an
    unknown feature class, an empty name or a duplicate id.
    """
    entries: list[tuple[Place, tuple[str, ...]]] = []
    first_line: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise _fail(f"{path}:1", "header", "file is empty")
            if tuple(field.strip() for field in header) != COLUMNS:
                raise _fail(f"{path}:1", "header", f"must be {','.join(COLUMNS)}, not {','.join(header)}")
            for fields in reader:
                line = reader.line_num
                where = f"{path}:{line}"
                place, aliases = parse_row(fields, where=where)
                if place.id in first_line:
                    raise _fail(
                        where, "id", f"duplicate id {place.id!r} (first on line {first_line[place.id]})"
                    )
                first_line[place.id] = line
                entries.append((place, aliases))
    except OSError as exc:
        raise GazetteerError(f"cannot read curated gazetteer {path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise GazetteerError(f"{path}: malformed CSV: {exc}") from exc
    return tuple(entries)
