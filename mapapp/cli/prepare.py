"""``python -m mapapp prepare``: build what the first start needs (run by ``scripts/setup.sh``)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

EXIT_FAILURES = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "prepare",
        help="build the gazetteer index, the land mask and the country names, and seed the app's "
        "default store, so the app's first start is quick",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="do not seed the app's default store with seeds/"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mapapp.pipeline.prepare import cache_steps

    for step in cache_steps():
        if step.ready():
            print(f"{step.name}: ready", file=sys.stderr)
            continue
        print(f"{step.doing}...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        step.run()
        print(f"{step.name}: built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0 if args.no_seed else _seed()


def _seed() -> int:
    """Ingest ``seeds/`` into the app's default store (the one it uses when no store is named) if empty."""
    from pathlib import Path

    from mapapp import paths
    from mapapp.pipeline.ingest import ingest_paths
    from mapapp.store import IncidentStore, default_db_path, describe_target

    target = default_db_path(env={})  # the app's own default store, whatever MAPAPP_DB says
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
    with IncidentStore.open(target) as store:
        articles = store.articles_count()
    if articles:
        print(f"default store: {articles} article(s) already in {describe_target(target)}", file=sys.stderr)
        return 0
    print("Ingesting the seed articles into the default store...", file=sys.stderr, flush=True)
    report = ingest_paths([paths.seeds_dir()], db_path=target, progress=True)
    print(report.summary())
    print(f"store: {describe_target(target)}", file=sys.stderr)
    return 0 if report.ok else EXIT_FAILURES
