"""Spatial expressions ("22 miles off Latakia's coast") turned into geometry.

The geoparser calls :func:`derive_locations` after resolving mentions. The
lower-level functions are pure and usable on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
    from mapapp.spatial.coast import (
        OffshoreSolution,
        is_land,
        nearest_coast,
        offshore_point,
        offshore_solution,
    )
    from mapapp.spatial.derive import derive_locations, sentence_bounds
    from mapapp.spatial.geodesy import (
        bearing_deg,
        destination,
        distance_m,
        geodesic_buffer,
        geodesic_sector,
        local_plane,
        midpoint,
    )
    from mapapp.spatial.phrases import SpatialPhrase, SpatialRelation, find_triggers, parse_spatial_phrases

# Loaded on first use (mapapp.lazy): importing the package costs only the names used.
__getattr__ = exports(
    __name__,
    {
        "OffshoreSolution": "coast",
        "SpatialPhrase": "phrases",
        "SpatialRelation": "phrases",
        "bearing_deg": "geodesy",
        "derive_locations": "derive",
        "destination": "geodesy",
        "distance_m": "geodesy",
        "find_triggers": "phrases",
        "geodesic_buffer": "geodesy",
        "geodesic_sector": "geodesy",
        "is_land": "coast",
        "local_plane": "geodesy",
        "midpoint": "geodesy",
        "nearest_coast": "coast",
        "offshore_point": "coast",
        "offshore_solution": "coast",
        "parse_spatial_phrases": "phrases",
        "sentence_bounds": "derive",
    },
)

__all__ = [
    "OffshoreSolution",
    "SpatialPhrase",
    "SpatialRelation",
    "bearing_deg",
    "derive_locations",
    "destination",
    "distance_m",
    "find_triggers",
    "geodesic_buffer",
    "geodesic_sector",
    "is_land",
    "local_plane",
    "midpoint",
    "nearest_coast",
    "offshore_point",
    "offshore_solution",
    "parse_spatial_phrases",
    "sentence_bounds",
]
