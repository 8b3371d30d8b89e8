"""The real outline of a gazetteer sea, for geometry ("the southern Red Sea").

The index stores a box per place; the spatial stage asks here for the Natural
Earth polygon a sea was fitted to at build time (:mod:`.marine`), read from the
committed files once per process. Query side only: not part of the index's
fingerprint, because it changes no row.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from shapely.geometry.base import BaseGeometry

from mapapp.gazetteer.curated import load_curated
from mapapp.gazetteer.entries import SourceEntry
from mapapp.gazetteer.marine import (
    MARINE_FILE,
    areas_by_key,
    fit_to_outline,
    load_marine,
    matching_area,
    new_entry,
)
from mapapp.models import Place
from mapapp.paths import geodata_dir


@functools.lru_cache(maxsize=1)
def sea_outlines() -> Mapping[str, BaseGeometry]:
    """Place id -> outline, for the curated seas fitted to one and the waters added from Natural Earth."""
    folder = geodata_dir()
    areas = load_marine(folder / MARINE_FILE)
    keys = areas_by_key(areas)
    outlines: dict[str, BaseGeometry] = {}
    for place, aliases in load_curated(folder / "curated.csv"):
        area = matching_area(SourceEntry(place=place, names=(place.name,), aliases=aliases), keys)
        if area is not None and fit_to_outline(place, area.outline) is not None:
            outlines[place.id] = area.outline
    for area in areas:
        entry = new_entry(area)
        if entry is not None:
            outlines.setdefault(entry.place.id, area.outline)
    return MappingProxyType(outlines)


def sea_outline(place: Place) -> BaseGeometry | None:
    """The sea's Natural Earth outline (lon/lat), or None.

    None for a place that is no sea, a sea without an outline, an outline
    whose bounds are not the place's extent (the index was built from other
    files) and an outline split at 180 degrees (a plane centred on its
    centroid would lie on the wrong side of the Earth).

    >>> from mapapp.models import Extent
    >>> def sea(place_id, extent):
    ...     return Place(place_id, "Red Sea", 20.0, 38.5, "H", "SEA", "", "", 0, extent, "t")
    >>> red = Extent(south=12.461, west=33.828, north=28.131, east=43.489)
    >>> sea_outline(sea("cur:red-sea", red)).contains(sea_outline(sea("cur:red-sea", red)).centroid)
    True
    >>> sea_outline(sea("cur:red-sea", None)), sea_outline(sea("cur:no-such-sea", red))
    (None, None)
    """
    outline = sea_outlines().get(place.id) if place.feature_class == "H" else None
    if outline is None or place.extent is None:
        return None
    west, south, east, north = outline.bounds
    if east - west >= 180.0:
        return None
    same = all(
        abs(a - b) < 1e-3 for a, b in zip((south, west, north, east), place.extent.as_tuple(), strict=True)
    )
    return outline if same else None
