"""Offline basemap: country outlines drawn as a vector layer, tiles optional.

The outlines come from ``static/basemap/countries.geojson`` (built by
``scripts/build_basemap.py``; source and licence in the README next to it).
They are embedded in the page, so with the default layers the map requests
nothing from any host but the app's own. OpenStreetMap tiles are offered
as a base-layer choice that is not shown unless the user picks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import folium

from mapapp.errors import MapappError
from mapapp.paths import static_dir
from mapapp.render.seam import with_seam_copies


def countries_path() -> Path:
    """The offline country outlines shipped in ``static/basemap``."""
    return static_dir() / "basemap" / "countries.geojson"


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

LAND_STYLE = MappingProxyType({"fillColor": "#f2efe6", "fillOpacity": 1.0, "color": "#9a9a9a", "weight": 0.8})
SEA_COLOUR = "#cfe3ef"


def load_countries(*, path: Path | None = None) -> dict[str, Any]:
    """Read the country outlines as a GeoJSON FeatureCollection (a fresh dict).

    Raises
    ------
    MapappError
        When the file is missing or is not a GeoJSON FeatureCollection; the
        message names the file.
    """
    target = Path(path) if path is not None else countries_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MapappError(
            f"{target}: cannot read the basemap outlines ({exc}); rebuild with scripts/build_basemap.py"
        ) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MapappError(f"{target}: not a GeoJSON FeatureCollection")
    return data


def add_basemap(
    fmap: folium.Map,
    *,
    path: Path | None = None,
    with_osm: bool = True,
    across_seam: bool = False,
) -> folium.Map:
    """Add the outlines (shown) and, optionally, OSM tiles (hidden) to ``fmap``.

    The outlines layer is a base layer, so the layer control offers
    "Outlines (offline)" and "OpenStreetMap (online)" as alternatives; the
    outlines are the one shown first. The sea colour is the map background.
    ``across_seam``: the view is framed across ±180, so land near it is
    drawn on both sides (:func:`mapapp.render.seam.with_seam_copies`).
    """
    countries = load_countries(path=path)
    if across_seam:
        countries = with_seam_copies(countries)
    outlines = folium.FeatureGroup(name="Outlines (offline)", overlay=False, control=True)
    folium.GeoJson(
        countries,
        name="Countries",
        style_function=lambda _feature: dict(LAND_STYLE),
        # Non-interactive: clicks must reach the map, not a country polygon,
        # and country names are never rendered as HTML.
        interactive=False,
        control=False,
        smooth_factor=1.0,
    ).add_to(outlines)
    outlines.add_to(fmap)
    if with_osm:
        folium.TileLayer(
            tiles=OSM_TILES,
            attr=OSM_ATTRIBUTION,
            name="OpenStreetMap (online)",
            overlay=False,
            control=True,
            show=False,
            max_zoom=19,
        ).add_to(fmap)
    return fmap
