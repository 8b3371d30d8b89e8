"""``python -m mapapp ingest PATH...``: geoparse articles and store their incidents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mapapp.cli.options import (
    add_collection_option,
    add_db_option,
    add_model_option,
    add_region_options,
    chosen_model,
    dask_address,
    int_between,
    region_bias_of,
)
from mapapp.errors import StoreError
from mapapp.store import default_db_path, describe_target

EXIT_FAILURES = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ingest", help="read article files and folders, extract incidents and store them"
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a .txt/.json/.jsonl/.html file or a folder (searched recursively)",
    )
    add_db_option(parser)
    parser.add_argument("--workers", type=int_between(1, 64), default=1, help="parsing processes (default 1)")
    parser.add_argument(
        "--dask",
        type=dask_address,
        default=None,
        metavar="CLUSTER",
        help="parse on a Dask cluster instead: local:N (N worker processes here) or tcp://HOST:PORT "
        "(a running scheduler); needs mapapp[dask]",
    )
    parser.add_argument(
        "--force", action="store_true", help="re-extract incidents of articles already stored"
    )
    add_region_options(parser)
    add_collection_option(parser)
    parser.add_argument(
        "--no-collection-prior",
        dest="collection_prior",
        action="store_false",
        help="resolve without the home regions the store learnt for each source (they are still learnt)",
    )
    add_model_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mapapp.pipeline.ingest import ingest_paths  # local: keeps `--help` fast

    if isinstance(args.db, Path) and not args.db.parent.is_dir():
        # a typo must not create a new store in a new folder tree
        raise StoreError(f"{args.db}: folder {args.db.parent} does not exist")
    db_path = args.db or default_db_path()
    if isinstance(db_path, Path):
        db_path.parent.mkdir(parents=True, exist_ok=True)  # the user data folder, on first use
    bias = region_bias_of(args)
    report = ingest_paths(
        args.paths,
        db_path=db_path,
        workers=args.workers,
        progress=True,
        force=args.force,
        dask=args.dask,
        model=chosen_model(args),
        bias=bias,
        collection=args.collection,
        collection_prior=args.collection_prior,
    )
    print(report.summary())
    print(f"store: {describe_target(db_path)}", file=sys.stderr)
    return 0 if report.ok else EXIT_FAILURES
