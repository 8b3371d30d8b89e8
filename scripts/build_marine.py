"""Build ``geodata/ne_marine.json``: Natural Earth's named seas, gulfs, bays and straits, simplified.

Run once (the output is committed; users have no Natural Earth folder)::

    .venv/bin/python scripts/build_marine.py [--natural-earth ../shared/data/natural-earth]

Reads ``ne_10m_geography_marine_polys.json`` (Natural Earth 1:10m marine
areas, public domain) and keeps every named polygon with its ``name``,
``namealt``, ``featurecla`` and ``scalerank``. Each outline is simplified with
a tolerance that grows with its size (a strait a few km wide keeps its shape,
an ocean loses detail no geoparse needs) and rounded to 0.001 degree, so the
file stays a few hundred KB. :mod:`mapapp.gazetteer.marine` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Run as a script, so its folder is on the path.
from build_labels import natural_earth_main, rounded

OUT = Path(__file__).resolve().parent.parent / "geodata" / "ne_marine.json"
# Smaller polygons are slivers drawn along a line, not water areas (a strait of 2 km by 5 km is 1e-3).
MIN_AREA_DEG2 = 1e-4
SOURCE = "Natural Earth 1:10m physical vectors, ne_10m_geography_marine_polys (v5), public domain"


def _clean_name(name: str) -> str:
    """Natural Earth writes oceans in capitals and some names with doubled spaces.

    >>> _clean_name("NORTH ATLANTIC OCEAN"), _clean_name("Ross  Sea"), _clean_name("George VI Sound")
    ('North Atlantic Ocean', 'Ross Sea', 'George VI Sound')
    """
    words = name.split()
    return " ".join(w.capitalize() for w in words) if name.isupper() else " ".join(words)


def _simplified(geometry: Any) -> Any | None:
    """The outline simplified and rounded; None for Natural Earth's few slivers (Drake Passage: 6e-6 deg2)."""
    from shapely.geometry import mapping, shape

    geom = shape(geometry)
    if not geom.is_valid:
        geom = geom.buffer(0)
    if geom.area < MIN_AREA_DEG2:
        return None
    minx, miny, maxx, maxy = geom.bounds
    # About 1 % of the feature's size, between ~200 m and ~5 km.
    tolerance = min(0.05, max(0.002, 0.01 * max(maxx - minx, maxy - miny)))
    small = geom.simplify(tolerance, preserve_topology=True)
    if small.is_empty or not small.is_valid:
        small = geom
    result = rounded(mapping(small))
    return result if shape(result).is_valid else rounded(mapping(shape(result).buffer(0)))


def build(folder: Path, out: Path) -> dict[str, int]:
    """Write the file; how many features it holds and its size in bytes."""
    path = folder / "ne_10m_geography_marine_polys.json"
    features = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        p = feature["properties"]
        geometry = _simplified(feature["geometry"]) if p.get("name") and feature.get("geometry") else None
        if geometry is None:
            continue
        features.append(
            {
                "name": _clean_name(str(p["name"])),
                "namealt": _clean_name(str(p.get("namealt") or "")),
                "featurecla": str(p.get("featurecla") or ""),
                "scalerank": int(p.get("scalerank") or 0),
                "geometry": geometry,
            }
        )
    features.sort(key=lambda f: (f["name"], json.dumps(f["geometry"])[:64]))
    text = json.dumps({"source": SOURCE, "features": features}, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    return {"features": len(features), "bytes": out.stat().st_size}


def main(argv: Sequence[str] | None = None) -> int:
    return natural_earth_main(argv, doc=__doc__ or "", out=OUT, build=build)


if __name__ == "__main__":
    raise SystemExit(main())
