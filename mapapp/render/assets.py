"""Offline JS/CSS for folium maps, rewritten per element instance.

The files live in ``static/vendor/`` (see its README) and Streamlit serves
them at ``/app/static/vendor/...`` when ``[server] enableStaticServing`` is
on. folium keeps its CDN URLs in class-level lists shared by every map, so
this module only ever assigns new lists to *instances*: rendering one map
never changes another (``add_js_link`` would mutate the shared list).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from mapapp.paths import static_dir

DEFAULT_BASE_URL = "/app/static/vendor"


def vendor_dir() -> Path:
    """The vendored map scripts, ``static/vendor`` (for tests and the bench)."""
    return static_dir() / "vendor"


def map_js(*, base_url: str = DEFAULT_BASE_URL, jquery: bool = True) -> list[tuple[str, str]]:
    """The scripts a map needs: Leaflet, then jQuery (folium popups use ``$``).

    Bootstrap and awesome-markers are left out: CircleMarkers, popups and
    clusters do not use them. ``jquery=False`` leaves jQuery out too, for a
    map without folium popups (the clustered layer builds its own): one
    request and ~90 KB of script less before the map is drawn.

    >>> [name for name, _ in map_js()], [name for name, _ in map_js(jquery=False)]
    (['leaflet', 'jquery'], ['leaflet'])
    """
    base = base_url.rstrip("/")
    scripts = [("leaflet", f"{base}/leaflet/leaflet.js"), ("jquery", f"{base}/jquery/jquery.min.js")]
    return scripts if jquery else scripts[:1]


def map_css(*, base_url: str = DEFAULT_BASE_URL) -> list[tuple[str, str]]:
    """The stylesheets a map needs.

    >>> map_css(base_url="/x/")
    [('leaflet_css', '/x/leaflet/leaflet.css')]
    """
    return [("leaflet_css", f"{base_url.rstrip('/')}/leaflet/leaflet.css")]


def cluster_js(*, base_url: str = DEFAULT_BASE_URL) -> list[tuple[str, str]]:
    """The point-clustering script of the incident layer (supercluster's UMD build).

    >>> cluster_js()
    [('supercluster', '/app/static/vendor/supercluster/supercluster.min.js')]
    """
    return [("supercluster", f"{base_url.rstrip('/')}/supercluster/supercluster.min.js")]


class IconImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` before any marker is made.

    Leaflet guesses the default icon folder from leaflet.css, which may load
    after the map script; without this, default marker icons 404. Add it to
    the map before any other child.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, *, image_path: str) -> None:
        super().__init__()
        self._name = "IconImagePath"
        self.image_path = image_path


def make_offline_map(
    *,
    base_url: str = DEFAULT_BASE_URL,
    min_zoom: int = 1,
    max_zoom: int = 16,
    jquery: bool = True,
    **map_kwargs: Any,
) -> folium.Map:
    """A ``folium.Map`` whose assets all come from ``base_url``, with no tiles.

    ``map_kwargs`` go to ``folium.Map`` (``tiles`` is forced to ``None``:
    add tile layers explicitly, hidden by default). The map's own zoom range
    is set to ``min_zoom``..``max_zoom``: without a shown tile layer Leaflet
    has no maximum zoom, and the clustered incident layer needs one (folium
    only passes these to the tile layer it makes). 16 is street level, finer
    than any incident position; each extra level is one more cluster index.
    ``jquery``: see :func:`map_js`.
    """
    fmap = folium.Map(tiles=None, **map_kwargs)
    fmap.options["minZoom"] = min_zoom
    fmap.options["maxZoom"] = max_zoom
    # Instance attributes shadow folium's class-level lists; never mutate those.
    fmap.default_js = map_js(base_url=base_url, jquery=jquery)
    fmap.default_css = map_css(base_url=base_url)
    fmap.add_child(
        IconImagePath(image_path=f"{base_url.rstrip('/')}/leaflet/images/"),
        name="icon_image_path",
    )
    return fmap
