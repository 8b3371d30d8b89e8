"""Exporting incidents as a GeoPackage, the file QGIS users open (the ``mapapp[gpkg]`` extra).

The GeoPackage holds the GeoJSON export (:func:`mapapp.io.export.to_geojson`)
as two layers in EPSG:4326, each with its spatial index: ``incidents`` (the
points, with exactly the GeoJSON properties as columns) and ``uncertainty``
(the uncertainty areas, ``incident_id`` linking them to their point). Built
from the GeoJSON features, so the columns, the coordinate rounding and the
antimeridian cut follow that export whenever it changes. Lists and objects
(``places``) become JSON text; a column's type comes from its values
(integers, reals, booleans, else text), and a missing value is NULL.

Written with pyogrio (GDAL bundled in its wheel; no geopandas), imported
only when a GeoPackage is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mapapp.errors import MapappError
from mapapp.io.export import to_geojson
from mapapp.models import Incident

#: The layers, by the ``role`` of the GeoJSON features they hold.
LAYERS = {"incident": "incidents", "uncertainty": "uncertainty"}


def column_kind(values: Sequence[Any]) -> str:
    """The GeoPackage type of a column from its values: ``bool``, ``int``, ``float``, ``json`` or ``text``.

    >>> column_kind([1, None, 3]), column_kind([1, 2.5]), column_kind([True, None])
    ('int', 'float', 'bool')
    >>> column_kind([[{"name": "Latakia"}], []]), column_kind(["a", None]), column_kind([None])
    ('json', 'text', 'text')
    """
    present = [v for v in values if v is not None]
    if not present:
        return "text"
    if any(isinstance(v, list | dict | tuple) for v in present):
        return "json"
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "float"
    return "text"


def attribute_table(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[Any], list[Any]]:
    """``(names, arrays, null masks)`` of the rows' properties, the columns in the first row's order."""
    import numpy as np

    names = list(rows[0]) if rows else []
    arrays: list[Any] = []
    masks: list[Any] = []
    dtypes = {"bool": np.bool_, "int": np.int64, "float": np.float64}
    for name in names:
        values = [row.get(name) for row in rows]
        kind = column_kind(values)
        missing = np.array([v is None for v in values], dtype=bool)
        if kind in dtypes:
            arrays.append(np.array([0 if v is None else v for v in values], dtype=dtypes[kind]))
        else:
            text = [
                None if v is None else json.dumps(v, ensure_ascii=False) if kind == "json" else str(v)
                for v in values
            ]
            arrays.append(np.array(text, dtype=object))
        masks.append(missing if missing.any() else None)
    return names, arrays, masks


def write_gpkg(incidents: Iterable[Incident], path: Path) -> int:
    """Write the incidents to a new GeoPackage at ``path`` (replaced if it exists); how many were written.

    Raises
    ------
    MapappError
        If pyogrio is not installed, or the file cannot be written.
    """
    try:
        import pyogrio.raw
        import shapely
    except ImportError as exc:
        raise MapappError("--format gpkg needs pyogrio: pip install 'mapapp[gpkg]'") from exc
    features = to_geojson(incidents)["features"]
    path.unlink(missing_ok=True)
    for role, layer in LAYERS.items():
        chosen = [f for f in features if f["properties"]["role"] == role]
        # an unlocated incident stays a row, with an empty geometry (as GeoJSON's null)
        shapes = [None if f["geometry"] is None else shapely.geometry.shape(f["geometry"]) for f in chosen]
        geometries = shapely.to_wkb(shapes)
        names, arrays, masks = attribute_table([f["properties"] for f in chosen])
        try:
            pyogrio.raw.write(
                str(path),
                geometries,
                arrays,
                names,
                field_mask=masks,
                layer=layer,
                driver="GPKG",
                crs="EPSG:4326",
                geometry_type="Point" if role == "incident" else "Unknown",
            )
        except (OSError, RuntimeError) as exc:  # pyogrio's errors are RuntimeErrors
            raise MapappError(f"cannot write {path}: {exc}") from exc
    return sum(1 for f in features if f["properties"]["role"] == "incident")
