"""``python -m mapapp stats``: how many incidents are stored, by date, country and type."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any

from mapapp.cli.export import iso_date, open_existing_store
from mapapp.cli.options import add_db_option
from mapapp.store import Stats


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("stats", help="count stored incidents by date, country and type")
    add_db_option(parser)
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="first day counted")
    parser.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="last day counted")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def _section(title: str, counts: Mapping[str, int]) -> list[str]:
    lines = [f"{title}:"]
    lines += [f"  {key:<12} {n:>8,}" for key, n in counts.items()]
    if not counts:
        lines.append("  (none)")
    return lines


def format_stats(stats: Stats) -> str:
    """The text report.

    >>> print(format_stats(Stats(articles=1, incidents=2, by_date={"2018-09-17": 2},
    ...                          by_country={"SY": 2}, by_event_type={"shootdown": 2})))
    articles 1, incidents 2
    by date:
      2018-09-17          2
    by country:
      SY                  2
    by type:
      shootdown           2
    """
    lines = [f"articles {stats.articles:,}, incidents {stats.incidents:,}"]
    lines += _section("by date", stats.by_date)
    lines += _section("by country", stats.by_country)
    lines += _section("by type", stats.by_event_type)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    with open_existing_store(args.db) as store:
        stats = store.stats(since=args.since, until=args.until)
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return 0
