"""Natural Earth's marine polygons (``geodata/ne_marine.json``) for the curated seas.

The curated file gives seas, gulfs, bays and straits an approximate point and
box. Where Natural Earth has the feature's outline (matched by name or alias),
the point is moved just inside the real polygon when it lies outside, and the box
becomes the polygon's bounds, so "the Red Sea" spans the Red Sea and not a
rectangle over Sudan and Saudi Arabia. The file is built by
``scripts/build_marine.py``; its source and licence are in ``geodata/README.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import shapely
import shapely.errors
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from mapapp.errors import GazetteerError
from mapapp.gazetteer.entries import SourceEntry
from mapapp.gazetteer.names import normalize_name
from mapapp.models import Extent, Place

MARINE_FILE = "ne_marine.json"

#: GeoNames codes of curated rows that are bodies of sea water Natural Earth outlines.
MARINE_CODES: frozenset[str] = frozenset(
    {"OCN", "SEA", "GULF", "BAY", "BGHT", "STRT", "STRTS", "CHN", "CHNM", "SD", "LGN", "FJD", "INLT"}
)


SOURCE_NATURAL_EARTH = (
    "Natural Earth 1:10m marine areas (public domain): label point and bounds of its outline"
)

#: Natural Earth feature classes of the waters added under their own names, as GeoNames codes.
NEW_CODES: Mapping[str, str] = MappingProxyType(
    {
        "sea": "SEA",
        "gulf": "GULF",
        "bay": "BAY",
        "strait": "STRT",
        "sound": "SD",
        "channel": "CHN",
        "fjord": "FJD",
        "inlet": "INLT",
        "lagoon": "LGN",
    }
)


@dataclass(frozen=True, slots=True)
class MarineArea:
    """One body of sea water: its Natural Earth names and outline (lon/lat)."""

    name: str
    namealt: str
    featurecla: str
    outline: BaseGeometry


def load_marine(path: Path) -> tuple[MarineArea, ...]:
    """Every area in ``path``, parts of one name (the two Mediterranean halves) merged into one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        parts: dict[str, list[dict[str, object]]] = {}
        for feature in data["features"]:
            parts.setdefault(str(feature["name"]), []).append(feature)
        areas = []
        for name, features in parts.items():
            outline = unary_union([shape(f["geometry"]) for f in features])
            first = features[0]
            areas.append(MarineArea(name, str(first["namealt"]), str(first["featurecla"]), outline))
    except OSError as exc:
        raise GazetteerError(f"cannot read marine polygons {path}: {exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GazetteerError(f"{path}: malformed marine polygons: {exc!r}") from exc
    return tuple(areas)


def areas_by_key(areas: Iterable[MarineArea]) -> Mapping[str, MarineArea]:
    """Areas by the look-up key of each name and alternate name (first area wins)."""
    keys: dict[str, MarineArea] = {}
    for area in areas:
        for name in (area.name, area.namealt):
            if name:
                keys.setdefault(normalize_name(name), area)
    return MappingProxyType(keys)


def outline_extent(outline: BaseGeometry) -> Extent:
    """The outline's bounds; across 180 degrees west exceeds east.

    >>> from shapely.geometry import box
    >>> outline_extent(box(32.0, 12.5, 43.5, 30.0)).as_tuple()
    (12.5, 32.0, 30.0, 43.5)
    >>> outline_extent(box(170.0, -80.0, 180.0, -70.0).union(box(-180.0, -80.0, -160.0, -70.0))).as_tuple()
    (-80.0, 170.0, -70.0, -160.0)
    """
    west, south, east, north = outline.bounds
    if east - west > 350.0:
        # Split at the antimeridian: measure the longitudes east of Greenwich round to 360.
        lons = [x if x >= 0.0 else x + 360.0 for part in _polygons(outline) for x, _ in part.exterior.coords]
        west, east = min(lons), max(lons)
        east = east - 360.0 if east > 180.0 else east
        if west >= 180.0:
            west -= 360.0
    return Extent(south=south, west=west, north=north, east=east)


def _polygons(outline: BaseGeometry) -> list[BaseGeometry]:
    return list(getattr(outline, "geoms", [outline]))


def label_point(outline: BaseGeometry) -> tuple[float, float]:
    """``(lat, lon)`` of the centre of the outline's largest part, furthest from its shore.

    >>> from shapely.geometry import box
    >>> label_point(box(0.0, 0.0, 1.0, 1.0).union(box(4.0, 0.0, 6.0, 2.0)))
    (1.0, 5.0)
    """
    largest = max(_polygons(outline), key=lambda part: part.area)
    minx, miny, maxx, maxy = largest.bounds
    try:
        circle = shapely.maximum_inscribed_circle(
            largest, tolerance=max(min(maxx - minx, maxy - miny) / 200, 1e-4)
        )
    except shapely.errors.GEOSException:
        circle = None
    if circle is None or circle.is_empty:
        # GEOS gives up on a degenerate outline; any point inside it will do.
        centre = largest.representative_point()
        return round(centre.y, 4), round(centre.x, 4)
    x, y = circle.coords[0]
    return round(y, 4), round(x, 4)


def fit_to_outline(place: Place, outline: BaseGeometry) -> Place | None:
    """The place with the outline's bounds as its extent, if its point lies inside the outline.

    A curated point outside its Natural Earth outline means the two disagree
    on what the name covers: Natural Earth's "Scotia Sea" is a sliver 700 km
    from the sea's middle and its small straits' outlines are 40-60 % land
    on the 1 km mask (Gibraltar, Bab-el-Mandeb); the curated row is kept
    (None). A point inside is kept too: it is the conventional middle of the
    sea that gazetteers give, which a label point of an irregular outline is not.

    >>> from shapely.geometry import box
    >>> sea = Place("cur:s", "S", 1.0, 3.0, "H", "SEA", "", "", 0, None, "curated: t")
    >>> fit_to_outline(sea, box(0.0, 0.0, 10.0, 2.0)).extent.as_tuple()
    (0.0, 0.0, 2.0, 10.0)
    >>> fit_to_outline(sea, box(5.0, 0.0, 10.0, 2.0)) is None
    True
    """
    if not outline.contains(Point(place.lon, place.lat)):
        return None
    source = f"{place.source}; extent from the Natural Earth marine area"
    return replace(place, extent=outline_extent(outline), source=source)


def matching_area(entry: SourceEntry, keys: Mapping[str, MarineArea]) -> MarineArea | None:
    """The area one of a curated sea's names or aliases names, or None (not a sea, or unknown)."""
    if entry.place.feature_class != "H" or entry.place.feature_code not in MARINE_CODES:
        return None
    for name in (*entry.names, *entry.aliases):
        area = keys.get(normalize_name(name))
        if area is not None:
            return area
    return None


def new_entry(area: MarineArea) -> SourceEntry | None:
    """A gazetteer entry for a Natural Earth water no other source names, or None (not a sea water).

    >>> from shapely.geometry import box
    >>> entry = new_entry(MarineArea("Bali Sea", "", "sea", box(114.8, -8.5, 116.8, -6.5)))
    >>> entry.place.id, entry.place.feature_code, (entry.place.lat, entry.place.lon)
    ('ne:bali-sea', 'SEA', (-7.5, 115.8))
    >>> new_entry(MarineArea("Bransfield Str.", "", "strait", box(0.0, 0.0, 1.0, 1.0))) is None
    True
    """
    code = NEW_CODES.get(area.featurecla)
    if code is None or "." in area.name:
        return None
    lat, lon = label_point(area.outline)
    slug = "-".join(normalize_name(area.name).replace("'", "").split())
    place = Place(
        id=f"ne:{slug}",
        name=area.name,
        lat=lat,
        lon=lon,
        feature_class="H",
        feature_code=code,
        country_code="",
        admin1="",
        population=0,
        extent=outline_extent(area.outline),
        source=SOURCE_NATURAL_EARTH,
    )
    return SourceEntry(place=place, names=(area.name,), aliases=(area.namealt,) if area.namealt else ())


def with_outlines(entries: Iterable[SourceEntry], *, path: Path) -> Iterator[SourceEntry]:
    """The entries, curated seas fitted to their outlines, then Natural Earth's waters no source names."""
    areas = load_marine(path)
    keys = areas_by_key(areas)
    known: set[str] = set()
    for entry in entries:
        for name in (*entry.names, *entry.aliases):
            key = normalize_name(name)
            if key in keys:
                known.add(keys[key].name)
        area = matching_area(entry, keys)
        fitted = fit_to_outline(entry.place, area.outline) if area is not None else None
        yield entry if fitted is None else replace(entry, place=fitted)
    for area in areas:
        new = new_entry(area) if area.name not in known else None
        if new is not None:
            yield new
