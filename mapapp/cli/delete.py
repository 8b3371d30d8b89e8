"""``python -m mapapp delete``: remove articles and their incidents from a store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mapapp.cli import EXIT_NOT_FOUND
from mapapp.cli.options import add_db_option
from mapapp.errors import StoreError
from mapapp.store import IncidentStore, default_db_path, describe_target


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "delete",
        help="remove articles and their incidents (events they reported with other articles are re-fused)",
    )
    parser.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID", help="the id of an article to remove")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = args.db or default_db_path()
    if isinstance(path, Path) and not path.is_file():
        raise StoreError(f"no incident store at {path}")
    shown = describe_target(path)
    missing = 0
    with IncidentStore.open(path) as store:
        for article_id in dict.fromkeys(args.article_ids):
            incidents = len(store.query(article_id=article_id, fused=False))
            if store.delete_article(article_id):
                print(f"deleted {article_id} ({incidents} incidents)")
            else:
                print(f"mapapp delete: no article {article_id!r} in {shown}", file=sys.stderr)
                missing += 1
    return EXIT_NOT_FOUND if missing else 0
