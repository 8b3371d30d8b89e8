"""The :class:`Gazetteer`: ranked candidates for a place name, offline."""

from __future__ import annotations

import math
import sqlite3
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from mapapp import paths
from mapapp.errors import GazetteerError, QueryError
from mapapp.gazetteer.index import default_curated_path, ensure_index, grid_cell, index_path
from mapapp.gazetteer.names import normalize_name, skeleton_key
from mapapp.gazetteer.rank import (
    MATCH_ALIAS,
    MATCH_CODE,
    MATCH_DEMONYM,
    MATCH_FUZZY,
    MATCH_LABELS,
    MATCH_NAME,
    match_score,
)
from mapapp.gazetteer.variants import key_variants
from mapapp.models import Candidate, Extent, Place

MAX_QUERY_CHARS = 200
REVERSE_SLACK_KM = 3.0
_EARTH_RADIUS_KM = 6371.0088


class _PlaceRow(NamedTuple):
    """A ``places`` row; the field names are the table's columns, so the SELECT is built from them."""

    pk: int
    id: str
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    admin1: str
    population: int
    south: float | None
    west: float | None
    north: float | None
    east: float | None
    source: str
    importance: float


class _NameMatch(NamedTuple):
    """A place found through one of its names: how the name matched (a ``MATCH_*`` code) and which name."""

    place: _PlaceRow
    kind: int
    matched_name: str


# A place's own name found only through another spelling of its abbreviated words ("Saint Thomas"
# for "St. Thomas") is an alternate name, so the place really called "St. Thomas" ranks first.
# The first parameter is the key as written.
_AS_WRITTEN_KIND = f"CASE WHEN n.key = ? OR n.kind != {MATCH_NAME} THEN n.kind ELSE {MATCH_ALIAS} END"
_PLACE_COLUMNS = ", ".join(f"p.{column}" for column in _PlaceRow._fields)
_PLACE_WIDTH = len(_PlaceRow._fields)


def _name_match(row: tuple[Any, ...]) -> _NameMatch:
    """A ``SELECT {_PLACE_COLUMNS}, <kind>, <name>`` row by name."""
    kind, matched_name = row[_PLACE_WIDTH:]
    return _NameMatch(place=_PlaceRow._make(row[:_PLACE_WIDTH]), kind=kind, matched_name=matched_name)


def validate_query(query: object) -> str:
    """The query stripped, or :class:`QueryError` saying what is wrong with it.

    >>> validate_query("  Latakia ")
    'Latakia'
    """
    if not isinstance(query, str):
        raise QueryError(f"a place query must be text, not {type(query).__name__}")
    text = query.strip()
    if not text:
        raise QueryError("the place query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the place query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co")), None)
    if bad is not None:
        raise QueryError(f"the place query contains the control character U+{ord(bad):04X}")
    return text


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(35.52, 35.79, 33.51, 36.29))
    228
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _extent_of(row: _PlaceRow) -> Extent | None:
    # The index writes a place's four edges together, or none of them.
    south, west, north, east = row.south, row.west, row.north, row.east
    if south is None or west is None or north is None or east is None:
        return None
    return Extent(south=south, west=west, north=north, east=east)


def _place_from_row(row: _PlaceRow) -> Place:
    return Place(
        id=row.id,
        name=row.name,
        lat=row.lat,
        lon=row.lon,
        feature_class=row.fclass,
        feature_code=row.fcode,
        country_code=row.cc,
        admin1=row.admin1,
        population=row.population,
        extent=_extent_of(row),
        source=row.source,
    )


class Gazetteer:
    """Read-only access to the built index.

    Open with :meth:`open` (builds the index on first use); use as a context
    manager or call :meth:`close`. Safe to share between threads for reading.
    """

    def __init__(self, path: Path) -> None:
        try:
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open gazetteer index {path}: {exc}") from exc
        self.path = path

    @classmethod
    def open(cls, *, cache_dir: Path | None = None, curated_path: Path | None = None) -> Gazetteer:
        """Open the cached index, building it when its sources changed."""
        path = ensure_index(
            cache_dir=cache_dir or paths.cache_dir(),
            curated_path=curated_path or default_curated_path(),
        )
        return cls(path)

    @staticmethod
    def index_ready(*, cache_dir: Path | None = None, curated_path: Path | None = None) -> bool:
        """Whether the index of the current sources is built (then :meth:`open` is quick)."""
        path = index_path(
            cache_dir=cache_dir or paths.cache_dir(), curated_path=curated_path or default_curated_path()
        )
        return path.is_file()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def _rows_for_key(self, key: str, kinds: Collection[int]) -> list[_NameMatch]:
        keys = key_variants(key) if MATCH_CODE not in kinds else (key,)
        key_marks, kind_marks = ",".join("?" * len(keys)), ",".join("?" * len(kinds))
        sql = (
            f"SELECT {_PLACE_COLUMNS}, {_AS_WRITTEN_KIND}, n.name FROM names n JOIN places p ON p.pk = n.pk "
            f"WHERE n.key IN ({key_marks}) AND n.kind IN ({kind_marks})"
        )
        return [_name_match(row) for row in self._conn.execute(sql, (key, *keys, *kinds))]

    def _rows_for_skeleton(self, key: str) -> list[_NameMatch]:
        sql = (
            f"SELECT {_PLACE_COLUMNS}, {MATCH_FUZZY}, s.name FROM skeletons s "
            "JOIN places p ON p.pk = s.pk WHERE s.key = ?"
        )
        return [_name_match(row) for row in self._conn.execute(sql, (key,))]

    def _place_rows(self, where: str, params: Sequence[object]) -> list[_PlaceRow]:
        sql = f"SELECT {_PLACE_COLUMNS} FROM places p WHERE {where}"
        return [_PlaceRow._make(row) for row in self._conn.execute(sql, params)]

    def lookup(
        self,
        query: str,
        *,
        country_codes: Iterable[str] | None = None,
        feature_classes: Iterable[str] | None = None,
        feature_codes: Iterable[str] | None = None,
        limit: int | None = 10,
        fuzzy: bool = True,
        include_codes: bool = False,
        include_demonyms: bool = False,
    ) -> list[Candidate]:
        """Ranked candidates for a place name, best first; ``[]`` when none.

        Exact names and alternate names are tried first, also with their
        abbreviated words spelt out or abbreviated ("Mt." and "Mount", see
        :mod:`~mapapp.gazetteer.variants`); only when they give
        nothing (after the filters) is the transliteration-folded key tried.
        ``include_codes`` also matches ICAO/IATA/ISO codes (case-sensitive,
        upper case); ``include_demonyms`` matches "Syrian" to Syria.
        """
        text = validate_query(query)
        key = normalize_name(text)
        if not key:
            return []
        kinds = [MATCH_NAME, MATCH_ALIAS]
        if include_demonyms:
            kinds.append(MATCH_DEMONYM)
        rows = self._rows_for_key(key, kinds)
        code = text.replace(".", "")
        if include_codes and code.isupper() and code.isalpha():
            rows += self._rows_for_key(code, [MATCH_CODE])
        countries = {c.upper() for c in country_codes} if country_codes else None
        classes = set(feature_classes) if feature_classes else None
        codes = set(feature_codes) if feature_codes else None
        candidates = self._rank(rows, countries=countries, classes=classes, codes=codes)
        # Acronyms are not misspellings: "UCLA" must not become "Uccle".
        if not candidates and fuzzy and not code.isupper():
            skeleton = skeleton_key(text)
            if len(skeleton) >= 4:
                candidates = self._rank(
                    self._rows_for_skeleton(skeleton), countries=countries, classes=classes, codes=codes
                )
        return candidates[:limit] if limit is not None else candidates

    @staticmethod
    def _rank(
        rows: list[_NameMatch],
        *,
        countries: set[str] | None,
        classes: set[str] | None,
        codes: set[str] | None,
    ) -> list[Candidate]:
        """One candidate per place (through its best-scoring name), best first."""
        best: dict[int, tuple[float, _NameMatch]] = {}
        for row in rows:
            place = row.place
            if countries is not None and place.cc not in countries:
                continue
            if classes is not None and place.fclass not in classes:
                continue
            if codes is not None and place.fcode not in codes:
                continue
            score = match_score(place.importance, row.kind)
            if place.pk not in best or score > best[place.pk][0]:
                best[place.pk] = (score, row)
        ordered = sorted(
            best.values(), key=lambda item: (-item[0], -item[1].place.population, item[1].place.id)
        )
        return [
            Candidate(
                place=_place_from_row(row.place),
                score=score,
                matched_name=row.matched_name,
                match=MATCH_LABELS[row.kind],
            )
            for score, row in ordered
        ]

    def get(self, place_id: str) -> Place | None:
        """The place with this stable id, or ``None``."""
        rows = self._place_rows("p.id = ?", (place_id,))
        return _place_from_row(rows[0]) if rows else None

    def country(self, code: str) -> Place | None:
        """The country record for an ISO 3166-1 alpha-2 code, or ``None``."""
        return self.get(f"cc:{code.upper()}")

    def name_weights(self, name: str) -> dict[str, float]:
        """How a name is known: match kind ("name", "alias", "demonym") -> the
        highest importance of a place known by it that way.

        A cheap membership test for text scanners; codes are not reported.
        """
        key = normalize_name(name)
        if not key:
            return {}
        keys = key_variants(key)
        rows = self._conn.execute(
            f"SELECT {_AS_WRITTEN_KIND} AS k, MAX(p.importance) FROM names n JOIN places p ON p.pk = n.pk "
            f"WHERE n.key IN ({','.join('?' * len(keys))}) AND n.kind != ? GROUP BY k",
            (key, *keys, MATCH_CODE),
        ).fetchall()
        return {MATCH_LABELS[kind]: weight for kind, weight in rows}

    def reverse(self, lat: float, lon: float, *, max_km: float = 300.0) -> Place | None:
        """The nearest populated place within ``max_km``, or ``None``.

        Districts crowd city centres (GeoNames lists "Stare Misto" a few
        hundred metres from Kyiv's point), so among the places within
        :data:`REVERSE_SLACK_KM` of the nearest one the most populous wins.
        """
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise QueryError(f"coordinates out of range: {lat}, {lon}")
        found: list[tuple[float, _PlaceRow]] = []
        seen_cells: set[int] = set()
        for ring in range(4):
            cells = {
                grid_cell(max(-89.999, min(89.999, lat + dlat)), ((lon + dlon + 180.0) % 360.0) - 180.0)
                for dlat in range(-ring, ring + 1)
                for dlon in range(-ring, ring + 1)
            } - seen_cells
            seen_cells |= cells
            marks = ",".join("?" * len(cells))
            rows = self._place_rows(f"p.fclass = 'P' AND p.cell IN ({marks})", tuple(cells))
            found.extend((haversine_km(lat, lon, row.lat, row.lon), row) for row in rows)
            # Cells not yet read are at least `ring` degrees away in latitude or
            # longitude; stop once the nearest found is nearer than that.
            reach = ring * 111.0 * max(math.cos(math.radians(min(abs(lat) + ring + 1, 89.0))), 0.05)
            if found and min(d for d, _ in found) + REVERSE_SLACK_KM <= reach:
                break
        if not found:
            return None
        nearest = min(d for d, _ in found)
        if nearest > max_km:
            return None
        close = [(row.population, -d, row) for d, row in found if d <= nearest + REVERSE_SLACK_KM]
        return _place_from_row(max(close, key=lambda item: (item[0], item[1]))[2])
