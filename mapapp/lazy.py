"""Package attributes loaded on first use (PEP 562), so importing a package costs only what is used.

The app's page imports a few pure helpers of the gazetteer, the incidents
and the exports (country names, source lists); with eager ``__init__``
imports each of those pulled in geopy, pyproj and the whole extraction
stage, about half a second of a first start. A package lists where each of
its public names lives and installs :func:`exports` as its ``__getattr__``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``name`` from its submodule ``homes[name]``.

    The value is then set on the package, so the lookup runs once per name.

    >>> getter = exports("mapapp.gazetteer", {"normalize_name": "names"})
    >>> getter("normalize_name")("the Golan Heights")
    'golan heights'
    >>> getter("nothing")
    Traceback (most recent call last):
    AttributeError: module 'mapapp.gazetteer' has no attribute 'nothing'
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
