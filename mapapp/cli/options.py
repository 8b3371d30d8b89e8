"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` accepting whole numbers from ``low`` to ``high``.

    >>> int_between(1, 64)("2")
    2
    >>> int_between(1, 64)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be between 1 and 64, not 0
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {value}")
        return value

    return parse


def store_path(text: str) -> Path:
    """An argparse ``type`` for ``--db``: a SQLite file path, never a URL.

    Until a server store exists, a URL is refused here rather than taken as a
    folder name to create.

    >>> store_path("incidents.db")
    PosixPath('incidents.db')
    >>> store_path("postgresql://team@db/incidents")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'postgresql://team@db/incidents' is a URL; only SQLite store files are supported
    """
    if "://" in text:
        raise argparse.ArgumentTypeError(f"{text!r} is a URL; only SQLite store files are supported")
    return Path(text)


def add_db_option(parser: Any) -> None:
    """The ``--db`` option every store command takes."""
    parser.add_argument(
        "--db",
        type=store_path,
        default=None,
        help="the incident store (default: $MAPAPP_DB or the user data folder)",
    )
