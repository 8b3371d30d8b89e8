"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mapapp.errors import ClusterError, StoreError
from mapapp.store.location import StoreTarget, parse_target

if TYPE_CHECKING:
    from mapapp.models.kinds import ModelName


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


def store_path(text: str) -> StoreTarget:
    """An argparse ``type`` for ``--db``: an SQLite file path or a ``postgresql://`` URL.

    Any other URL is refused here rather than taken as a folder name to create.

    >>> store_path("incidents.db")
    PosixPath('incidents.db')
    >>> store_path("postgresql://team@db/incidents")
    'postgresql://team@db/incidents'
    >>> store_path("https://team@db/incidents")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'https://team@db/incidents' is not a store: give an SQLite file or a postgresql:// URL
    """
    try:
        return parse_target(text)
    except StoreError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def dask_address(text: str) -> str:
    """An argparse ``type`` for ``--dask``: ``local:N`` or ``tcp://HOST:PORT`` (checked without importing Dask).

    >>> dask_address("local:2")
    'local:2'
    """
    from mapapp.pipeline.cluster import check_address  # imports no Dask

    try:
        return check_address(text)
    except ClusterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_db_option(parser: Any) -> None:
    """The ``--db`` option every store command takes."""
    parser.add_argument(
        "--db",
        type=store_path,
        default=None,
        help="the incident store: an SQLite file or a postgresql:// URL "
        "(default: $MAPAPP_DB or the user data folder)",
    )


def country_code(text: str) -> str:
    """An argparse ``type`` for ``--prefer-country``: an ISO 3166-1 alpha-2 code, upper-cased.

    Whether a country has the code is checked against the gazetteer when the bias is made.

    >>> country_code("sy")
    'SY'
    >>> country_code("Syria")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: takes a two-letter ISO 3166-1 country code such as SY, not 'Syria'
    """
    code = text.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise argparse.ArgumentTypeError(
            f"takes a two-letter ISO 3166-1 country code such as SY, not {text!r}"
        )
    return code


def add_region_options(parser: Any) -> None:
    """``--prefer-country`` and ``--prefer-region``: the user-given region bias of resolution."""
    parser.add_argument(
        "--prefer-country",
        type=country_code,
        default=None,
        metavar="CC",
        help="prefer places in this country (ISO 3166-1 alpha-2, e.g. SY) when a name is ambiguous; "
        "explicit containment such as 'Moscow, Idaho' still wins",
    )
    parser.add_argument(
        "--prefer-region",
        default=None,
        metavar="NAME",
        help="prefer places in this region (a division or place the gazetteer knows, e.g. Latakia)",
    )


def add_collection_option(parser: Any) -> None:
    """``--collection NAME``: every input article belongs to one user-given collection (its source)."""
    parser.add_argument(
        "--collection",
        default="",
        metavar="NAME",
        help="take every input article to come from the source NAME (its collection prior is the home "
        "regions of NAME's articles) instead of its own source field or URL domain",
    )


def region_bias_of(args: argparse.Namespace) -> Any:
    """The :class:`~mapapp.geoparse.bias.RegionBias` the options ask for, or ``None``; opens the gazetteer."""
    if args.prefer_country is None and args.prefer_region is None:
        return None
    from mapapp.gazetteer import Gazetteer
    from mapapp.geoparse.bias import region_bias

    with Gazetteer.open() as gazetteer:
        return region_bias(gazetteer, country=args.prefer_country, region=args.prefer_region)


def add_model_option(parser: Any) -> None:
    """The ``--model`` option of every command that geoparses (read it with :func:`chosen_model`)."""
    from mapapp.models.kinds import DEFAULT_MODEL, MODEL_NAMES

    parser.add_argument(
        "--model",
        choices=MODEL_NAMES,
        default=None,
        help=f"the spaCy pipeline: md (better, ~200 MB more per process) or sm (small machines) "
        f"(default: $MAPAPP_MODEL or {DEFAULT_MODEL})",
    )


def chosen_model(args: argparse.Namespace) -> ModelName:
    """``--model``, else ``$MAPAPP_MODEL``, else the default pipeline."""
    import os

    from mapapp.geoparse.nlp import model_from_env

    return args.model if args.model is not None else model_from_env(os.environ)
