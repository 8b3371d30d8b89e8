"""``python -m mapapp``: the command line.

Each subcommand lives in its own module with ``register(subparsers)``; the
module's ``run(args)`` returns the exit status. Errors the user can fix are
reported in one line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mapapp import __version__
from mapapp.errors import MapappError

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    from mapapp.cli import (
        delete,
        evaluate,
        evaluate_incidents,
        export,
        geocode,
        geoparse,
        ingest,
        prepare,
        stats,
    )

    parser = argparse.ArgumentParser(prog="mapapp", description="Offline news incident map tools.")
    parser.add_argument("--version", action="version", version=f"mapapp {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (geocode, geoparse, evaluate, evaluate_incidents, ingest, delete, export, stats, prepare):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except MapappError as exc:
        print(f"mapapp {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"mapapp {args.command}: interrupted", file=sys.stderr)
        return 130
