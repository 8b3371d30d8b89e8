"""Where mapapp's own data folders are, from a checkout or an installed package.

In a checkout ``geodata/``, ``static/`` and ``seeds/`` sit at the repository
root, beside the ``mapapp`` package; an installed wheel carries them inside the
package (``mapapp/geodata`` ...), as ``pyproject.toml`` maps them. Both layouts
are looked up here and nowhere else. The per-user cache (the built gazetteer
index, the land mask) is ``$MAPAPP_CACHE_DIR`` or the platform's cache folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from mapapp.errors import MapappError

DataFolder = Literal["geodata", "static", "seeds"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: DataFolder) -> Path:
    """The folder ``name``, inside the installed package or beside it in a checkout.

    >>> data_dir("geodata").joinpath("curated.csv").is_file()
    True
    """
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise MapappError(
        f"mapapp's {name}/ folder is missing (looked in {_PACKAGE_DIR} and {_PACKAGE_DIR.parent}): "
        "reinstall the package"
    )


def geodata_dir() -> Path:
    """The curated gazetteer data (read by :mod:`mapapp.gazetteer` only)."""
    return data_dir("geodata")


def static_dir() -> Path:
    """The offline map assets: vendored Leaflet and friends, the basemap layers."""
    return data_dir("static")


def seeds_dir() -> Path:
    """The seed articles the app ingests into an empty store."""
    return data_dir("seeds")


def cache_dir(*, env: Mapping[str, str] | None = None) -> Path:
    """Where built indexes live: ``$MAPAPP_CACHE_DIR`` or the user cache dir.

    >>> cache_dir(env={"MAPAPP_CACHE_DIR": "/tmp/x"})
    PosixPath('/tmp/x')
    """
    env = os.environ if env is None else env
    if env.get("MAPAPP_CACHE_DIR"):
        return Path(env["MAPAPP_CACHE_DIR"])
    import platformdirs  # local: only needed when no folder is given

    return Path(platformdirs.user_cache_dir("mapapp"))
