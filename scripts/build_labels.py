"""Build the offline basemap's labels, rivers and first-level boundaries in ``static/basemap``.

Run once (the outputs are committed)::

    .venv/bin/python scripts/build_labels.py [--natural-earth ../shared/data/natural-earth]

Outputs (sources and licences in ``static/basemap/README.md``):

* ``labels.json``: ``[lon, lat, name, kind, min_zoom]`` rows, most important
  first (the browser places them in this order and skips any that would
  overlap one already placed). Kinds: ``country`` (countryinfo's names and
  centroids, by population), ``capital`` and ``city`` (Natural Earth populated
  places, with its ``min_zoom``), ``sea`` (Natural Earth marine areas, at a
  representative point, from ``min_label``), ``river`` (the longest part of a
  Natural Earth river, at its middle).
* ``rivers.geojson``: Natural Earth rivers of scale rank 6 or less, simplified.
* ``admin1.geojson``: Natural Earth 1:50m first-level boundary lines, simplified.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "static" / "basemap"
NATURAL_EARTH = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "natural-earth"


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    return list(json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))["features"])


def _country_rows() -> list[list[Any]]:
    import countryinfo

    rows, seen = [], set()
    for info in countryinfo.all_countries():
        code = (info.iso() or {}).get("alpha2")
        latlng = info.latlng() or []
        if not code or code in seen or len(latlng) != 2:
            continue
        seen.add(code)
        population = int(info.population() or 0)
        zoom = 2 if population >= 30_000_000 else 3 if population >= 3_000_000 else 4
        rows.append(
            [
                round(float(latlng[1]), 3),
                round(float(latlng[0]), 3),
                info.name(),
                "country",
                zoom,
                -population,
            ]
        )
    return rows


def _place_rows(folder: Path) -> list[list[Any]]:
    rows = []
    for feature in _read(folder, "ne_10m_populated_places_simple"):
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        kind = "capital" if p.get("adm0cap") else "city"
        zoom = max(3.0, float(p.get("min_zoom") or 10)) if kind == "city" else 3.0
        rows.append([round(lon, 3), round(lat, 3), p["name"], kind, zoom, -int(p.get("pop_max") or 0)])
    return rows


def _sea_rows(folder: Path) -> list[list[Any]]:
    from shapely.geometry import shape

    rows = []
    for feature in _read(folder, "ne_10m_geography_marine_polys"):
        p = feature["properties"]
        if not p.get("name"):
            continue
        point = shape(feature["geometry"]).representative_point()
        name = " ".join(w.capitalize() if w.isupper() else w for w in str(p["name"]).split())
        zoom = max(1.0, float(p.get("min_label") or 4))
        rows.append([round(point.x, 3), round(point.y, 3), name, "sea", zoom, int(p.get("scalerank") or 9)])
    return rows


def _rivers(folder: Path, *, max_rank: int, tolerance: float) -> tuple[dict[str, Any], list[list[Any]]]:
    from shapely.geometry import mapping, shape

    features, rows = [], []
    for feature in _read(folder, "ne_10m_rivers_lake_centerlines"):
        p = feature["properties"]
        if (
            not feature.get("geometry")
            or p.get("featurecla") != "River"
            or float(p.get("scalerank") or 99) > max_rank
        ):
            continue
        geom = shape(feature["geometry"]).simplify(tolerance)
        if geom.is_empty:
            continue
        zoom = max(4.0, float(p.get("min_zoom") or 5))
        features.append({"type": "Feature", "properties": {"z": zoom}, "geometry": rounded(mapping(geom))})
        if p.get("name"):
            parts = list(getattr(geom, "geoms", [geom]))
            longest = max(parts, key=lambda g: g.length)
            middle = longest.interpolate(0.5, normalized=True)
            label_zoom = max(zoom, float(p.get("min_label") or zoom))
            rows.append(
                [
                    round(middle.x, 3),
                    round(middle.y, 3),
                    p["name"],
                    "river",
                    label_zoom,
                    100 + float(p["scalerank"]),
                ]
            )
    return {"type": "FeatureCollection", "features": features}, rows


def rounded(geometry: Any) -> Any:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return round(float(value), 3)

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _admin1(folder: Path, *, tolerance: float) -> dict[str, Any]:
    from shapely.geometry import mapping, shape

    features = []
    for feature in _read(folder, "ne_50m_admin_1_states_provinces_lines"):
        if not feature.get("geometry"):
            continue
        geom = shape(feature["geometry"]).simplify(tolerance)
        if not geom.is_empty:
            features.append({"type": "Feature", "properties": {}, "geometry": rounded(mapping(geom))})
    return {"type": "FeatureCollection", "features": features}


def build(folder: Path, out: Path) -> dict[str, int]:
    """Write the three files; how many rows or features each holds."""
    rivers, river_rows = _rivers(folder, max_rank=6, tolerance=0.02)
    rows = [*_country_rows(), *_place_rows(folder), *_sea_rows(folder), *river_rows]
    order = {"country": 0, "sea": 1, "capital": 2, "river": 3, "city": 4}
    rows.sort(key=lambda r: (r[4], order[r[3]], r[5], r[2]))
    labels = [row[:5] for row in rows]
    out.mkdir(parents=True, exist_ok=True)
    (out / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    (out / "rivers.geojson").write_text(json.dumps(rivers, separators=(",", ":")), encoding="utf-8")
    admin1 = _admin1(folder, tolerance=0.02)
    (out / "admin1.geojson").write_text(json.dumps(admin1, separators=(",", ":")), encoding="utf-8")
    return {"labels": len(labels), "rivers": len(rivers["features"]), "admin1": len(admin1["features"])}


def natural_earth_main(
    argv: Sequence[str] | None, *, doc: str, out: Path, build: Callable[[Path, Path], dict[str, int]]
) -> int:
    """The command line of a script that builds ``out`` from the Natural Earth folder."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--natural-earth", type=Path, default=NATURAL_EARTH, help="the Natural Earth GeoJSON folder"
    )
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    if not args.natural_earth.is_dir():
        print(f"{Path(sys.argv[0]).stem}: no Natural Earth folder at {args.natural_earth}", file=sys.stderr)
        return 2
    print(build(args.natural_earth, args.out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return natural_earth_main(argv, doc=__doc__ or "", out=OUT, build=build)


if __name__ == "__main__":
    raise SystemExit(main())
