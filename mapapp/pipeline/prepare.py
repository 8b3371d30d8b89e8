"""What a machine needs built once before the app's first start, as named steps.

The gazetteer index (~45 s to build from ``geodata/``) and the bit-packed
land mask (~5 s) live in the user cache folder (``$MAPAPP_CACHE_DIR``, else
the platform's: ``$XDG_CACHE_HOME/mapapp`` or ``~/.cache/mapapp``). Both
are built on first use anyway; ``python -m mapapp prepare`` (run by
``scripts/setup.sh``) builds them ahead, and the app runs the same steps,
naming each on the page, when it finds them missing on a first start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to build: its ``name``, what the page says while it runs, and how to check and run it."""

    name: str
    doing: str
    ready: Callable[[], bool]
    run: Callable[[], object]


def _build_index(cache_dir: Path | None) -> None:
    from mapapp.gazetteer import Gazetteer

    Gazetteer.open(cache_dir=cache_dir).close()


def _index_ready(cache_dir: Path | None) -> bool:
    from mapapp.gazetteer import Gazetteer

    return Gazetteer.index_ready(cache_dir=cache_dir)


def _mask_ready(cache_dir: Path | None) -> bool:
    from mapapp.spatial.landmask import mask_ready

    return mask_ready(cache_dir)


def _build_mask(cache_dir: Path | None) -> bool:
    from mapapp.spatial.landmask import prepare_mask

    return prepare_mask(cache_dir)


def _names_ready(cache_dir: Path | None) -> bool:
    from mapapp.gazetteer.countries import table_ready

    return table_ready(cache_dir=cache_dir)


def _save_names(cache_dir: Path | None) -> Path:
    from mapapp.gazetteer.countries import save_table

    return save_table(cache_dir=cache_dir)


def cache_steps(*, cache_dir: Path | None = None) -> tuple[Step, ...]:
    """The gazetteer index, the land mask and the country names, in the order they are built.

    >>> [step.name for step in cache_steps()]
    ['gazetteer index', 'land mask', 'country names']
    """
    return (
        Step(
            "gazetteer index",
            "Building the gazetteer index (once per machine, about a minute)",
            lambda: _index_ready(cache_dir),
            lambda: _build_index(cache_dir),
        ),
        Step(
            "land mask",
            "Packing the land mask (once per machine, a few seconds)",
            lambda: _mask_ready(cache_dir),
            lambda: _build_mask(cache_dir),
        ),
        Step(
            "country names",
            "Saving the country names (once per machine, under a second)",
            lambda: _names_ready(cache_dir),
            lambda: _save_names(cache_dir),
        ),
    )


def pending_steps(*, cache_dir: Path | None = None) -> tuple[Step, ...]:
    """The steps whose result is not in the cache yet."""
    return tuple(step for step in cache_steps(cache_dir=cache_dir) if not step.ready())
