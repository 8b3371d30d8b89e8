"""Build ``static/basemap/countries.geojson`` from countryinfo's outlines.

Run once (the output is committed)::

    .venv/bin/python scripts/build_basemap.py

The outlines are the per-country ``geoJSON`` collections shipped with the
``countryinfo`` package (MIT; outlines from johan/world.geo.json, itself
drawn from Natural Earth). They are simplified to ``--tolerance`` degrees and
snapped to a ``--grid`` degree grid so the file stays small; the output is
deterministic (features sorted by ISO code).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "static" / "basemap" / "countries.geojson"


def build_collection(*, tolerance: float, grid: float) -> dict[str, Any]:
    """Collect, simplify and snap every country outline countryinfo knows."""
    import shapely
    from countryinfo import all_countries
    from shapely.geometry import mapping, shape

    features: dict[str, dict[str, Any]] = {}
    for country in all_countries():
        try:
            collection = country.geo_json()
        except Exception:  # countryinfo raises its own error types for missing data
            continue
        for feature in (collection or {}).get("features", []):
            geom = shapely.make_valid(shape(feature["geometry"]))
            geom = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), grid)
            if geom.is_empty:
                continue
            code = str(feature.get("id") or country.iso(3))
            features[code] = {
                "type": "Feature",
                "id": code,
                "properties": {"name": str(feature.get("properties", {}).get("name", ""))},
                "geometry": mapping(geom),
            }
    return {"type": "FeatureCollection", "features": [features[k] for k in sorted(features)]}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the simplified outlines; print the feature count and size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--grid", type=float, default=0.01)
    args = parser.parse_args(argv)
    collection = build_collection(tolerance=args.tolerance, grid=args.grid)
    text = json.dumps(collection, separators=(",", ":"), sort_keys=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} features, {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
