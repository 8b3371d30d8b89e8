"""The embedded offline gazetteer: the only code that reads ``geodata/``.

>>> from mapapp.gazetteer import normalize_name
>>> normalize_name("the Golan Heights")
'golan heights'
"""

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
    from mapapp.gazetteer.core import Gazetteer, haversine_km, validate_query
    from mapapp.gazetteer.geocoder import OfflineGeocoder
    from mapapp.gazetteer.names import normalize_name, skeleton_key

# Loaded on first use (mapapp.lazy): importing the package costs only the names used.
__getattr__ = exports(
    __name__,
    {
        "Gazetteer": "core",
        "OfflineGeocoder": "geocoder",
        "haversine_km": "core",
        "normalize_name": "names",
        "skeleton_key": "names",
        "validate_query": "core",
    },
)

__all__ = ["Gazetteer", "OfflineGeocoder", "haversine_km", "normalize_name", "skeleton_key", "validate_query"]
