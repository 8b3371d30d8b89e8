"""folium, imported once for the page without pandas.

folium 0.20 imports pandas (with pyarrow, ~0.5 s and ~250 modules, a third
of the page's imports at a first start) only to accept DataFrames as
locations, guarded by ``try: import pandas / except ImportError``; the map
is built from :class:`~mapapp.models.Incident` records and never passes one.
:func:`import_folium` imports folium with pandas hidden, so that guard finds
none; pandas imported later (by a chart) works as usual, and folium then
still treats DataFrames as plain sequences. Entry points call it before
anything imports folium (the page does, first thing); everywhere else folium
is imported the ordinary way.
"""

from __future__ import annotations

import sys


def import_folium() -> bool:
    """Import folium without pandas if neither is imported yet; whether this call did.

    Not thread-safe: another thread importing pandas during the (once per
    process, ~0.3 s) import would find it missing, so callers run it once,
    before their threads import anything else (the page: in a
    ``st.cache_resource``, which runs it once per server under its lock).
    """
    if "folium" in sys.modules or "pandas" in sys.modules:
        return False
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        import folium
    except ImportError:  # a folium that needs pandas: import both the ordinary way
        del sys.modules["pandas"]
        import folium  # noqa: F401
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]
    return True
