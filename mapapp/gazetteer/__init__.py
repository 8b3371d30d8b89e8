"""The embedded offline gazetteer: the only code that reads ``geodata/``.

>>> from mapapp.gazetteer import normalize_name
>>> normalize_name("the Golan Heights")
'golan heights'
"""

from mapapp.gazetteer.core import Gazetteer, haversine_km, validate_query
from mapapp.gazetteer.geocoder import OfflineGeocoder
from mapapp.gazetteer.names import normalize_name, skeleton_key

__all__ = ["Gazetteer", "OfflineGeocoder", "haversine_km", "normalize_name", "skeleton_key", "validate_query"]
