"""``python -m mapapp export``: stored incidents as GeoJSON, ACLED-style CSV or a GeoPackage."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from mapapp.cli.options import add_db_option
from mapapp.errors import MapappError, StoreError
from mapapp.store import IncidentStore, StoreTarget, default_db_path
from mapapp.store.safety import SchemaTooOldError, describe


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write stored incidents as GeoJSON, CSV or a GeoPackage")
    parser.add_argument(
        "--format",
        choices=("geojson", "csv", "gpkg"),
        default="geojson",
        help="output format (default geojson; gpkg needs -o and mapapp[gpkg])",
    )
    parser.add_argument(
        "--since", type=iso_date, metavar="YYYY-MM-DD", help="first day to include (inclusive)"
    )
    parser.add_argument(
        "--until", type=iso_date, metavar="YYYY-MM-DD", help="last day to include (inclusive)"
    )
    add_db_option(parser)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="write here instead of standard output",
    )
    parser.set_defaults(run=run)


def iso_date(text: str) -> dt.date:
    """An argparse type for ``YYYY-MM-DD``.

    >>> iso_date("2018-09-17")
    datetime.date(2018, 9, 17)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def open_existing_store(db: StoreTarget | None) -> IncidentStore:
    """The store at ``db`` (or the default) opened read-only; an error if there is none yet.

    A store with an older schema is opened writable once, to migrate it.
    """
    path = db or default_db_path()
    if isinstance(path, Path) and not path.is_file():
        raise StoreError(f"no incident store at {path}: run `python -m mapapp ingest` first")
    try:
        return IncidentStore.open(path, read_only=True)
    except SchemaTooOldError:
        return IncidentStore.open(path)


def _write(store: IncidentStore, args: argparse.Namespace, fp: IO[str]) -> int:
    from mapapp.io.export import write_export  # local: keeps `--help` fast

    incidents = store.query(since=args.since, until=args.until)
    return write_export(incidents, fp, fmt=args.format)


def _write_file(store: IncidentStore, args: argparse.Namespace, target: Path) -> int:
    # Written beside the target and renamed, so a failed export (a full
    # disk) never leaves half a file where a good one was.
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise MapappError(f"cannot write {target}: {describe(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            count = _write(store, args, fp)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise MapappError(f"cannot write {target}: {describe(exc)}") from None
        raise
    return count


def _write_gpkg(store: IncidentStore, args: argparse.Namespace, target: Path) -> int:
    from mapapp.io.gpkg import write_gpkg  # local: pyogrio is an optional extra

    if not target.parent.is_dir():
        raise MapappError(f"cannot write {target}: folder {target.parent} does not exist")
    # A GeoPackage is a database file: built beside the target and renamed, like the others.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.gpkg")
    try:
        count = write_gpkg(store.query(since=args.since, until=args.until), tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise MapappError(f"cannot write {target}: {describe(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return count


def run(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        raise StoreError(f"--since {args.since} is after --until {args.until}")
    if args.format == "gpkg" and args.output is None:
        raise MapappError("--format gpkg writes a file: give -o FILE.gpkg")
    with open_existing_store(args.db) as store:
        if args.format == "gpkg":
            count = _write_gpkg(store, args, args.output)
        elif args.output is None:
            try:
                count = _write(store, args, sys.stdout)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise MapappError(f"cannot write standard output: {describe(exc)}") from None
        else:
            count = _write_file(store, args, args.output)
    where = f" to {args.output}" if args.output else ""
    print(f"exported {count} incidents{where}", file=sys.stderr)
    return 0
