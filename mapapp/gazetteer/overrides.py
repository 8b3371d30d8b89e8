"""Committed corrections applied on top of the package sources.

``reference_points.csv`` gives better reference points (GeoNames' country
points, geographic centres of large divisions); ``extra_names.csv`` adds
English aliases and demonyms the packages lack. Both name places by id, and
an id that matches nothing is an error, so a typo cannot pass unnoticed.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from mapapp.errors import GazetteerError
from mapapp.gazetteer.sources import SourceEntry


def _read_csv(path: Path, *, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != columns:
                raise GazetteerError(f"{path}: header must be {','.join(columns)}, not {reader.fieldnames}")
            for line, row in enumerate(reader, start=2):
                if any(not row.get(c) for c in columns):
                    raise GazetteerError(f"{path}:{line}: every column needs a value ({row})")
                yield line, row
    except OSError as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def reference_points(path: Path) -> dict[str, tuple[float, float]]:
    """Place id -> a better reference point than its source gives (countries, large divisions)."""
    points: dict[str, tuple[float, float]] = {}
    for line, row in _read_csv(path, columns=("place_id", "lat", "lon", "source")):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise GazetteerError(f"{path}:{line}: lat/lon must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{path}:{line}: lat/lon out of range")
        points[row["place_id"]] = (lat, lon)
    return points


def with_overrides(
    entries: Iterable[SourceEntry], *, points_path: Path, names_path: Path
) -> Iterator[SourceEntry]:
    """Apply the committed country points and extra names to the entries."""
    points = reference_points(points_path)
    extra: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line, row in _read_csv(names_path, columns=("place_id", "name", "kind", "source")):
        if row["kind"] not in ("alias", "demonym"):
            raise GazetteerError(f"{names_path}:{line}: kind must be alias or demonym, not {row['kind']!r}")
        extra[row["place_id"]][row["kind"]].append(row["name"])
    for entry in entries:
        place = entry.place
        if place.id in points:
            lat, lon = points.pop(place.id)
            entry = replace(
                entry, place=replace(place, lat=lat, lon=lon, source=place.source + "; reference point")
            )
        names = extra.pop(place.id, None)
        if names:
            entry = replace(
                entry,
                aliases=entry.aliases + tuple(names["alias"]),
                demonyms=entry.demonyms + tuple(names["demonym"]),
            )
        yield entry
    if extra:
        raise GazetteerError(f"{names_path}: no place with id {', '.join(sorted(extra))}")
    if points:
        raise GazetteerError(f"{points_path}: no place with id {', '.join(sorted(points))}")
