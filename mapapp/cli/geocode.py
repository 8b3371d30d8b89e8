"""``python -m mapapp geocode NAME``: ranked gazetteer candidates for a name."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mapapp.cli.options import int_between
from mapapp.errors import QueryError
from mapapp.gazetteer import Gazetteer, validate_query
from mapapp.models import Candidate

EXIT_NOT_FOUND = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("geocode", help="look a place name up in the offline gazetteer")
    parser.add_argument("query", help="a place name, e.g. Latakia")
    parser.add_argument(
        "--country",
        action="append",
        metavar="CC",
        help="ISO 3166-1 alpha-2 country code to restrict to (repeatable)",
    )
    parser.add_argument(
        "--feature-class",
        action="append",
        metavar="CLASS",
        help="GeoNames feature class to restrict to: A, P, H, T, L, S (repeatable)",
    )
    parser.add_argument(
        "--limit", type=int_between(1, 1000), default=5, help="how many candidates (default 5)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list, best first")
    parser.set_defaults(run=run)


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """The JSON object printed for one candidate."""
    return {
        **candidate.place.to_dict(),
        "score": candidate.score,
        "match": candidate.match,
        "matched_name": candidate.matched_name,
    }


def _line(rank: int, candidate: Candidate) -> str:
    place = candidate.place
    where = ", ".join(part for part in (place.admin1, place.country_code) if part and part != place.name)
    return (
        f"{rank}. {place.name} ({where or '-'})  {place.lat:.5f}, {place.lon:.5f}  "
        f"{place.feature_class}/{place.feature_code}  pop {place.population:,}  "
        f"score {candidate.score:.3f} ({candidate.match})  id {place.id}  [{place.source}]"
    )


def run(args: argparse.Namespace) -> int:
    query = validate_query(args.query)
    codes = [c.upper() for c in args.country] if args.country else None
    for code in codes or ():
        if len(code) != 2 or not code.isalpha():
            raise QueryError(f"--country takes a two-letter ISO code, not {code!r}")
    with Gazetteer.open() as gazetteer:
        candidates = gazetteer.lookup(
            query,
            country_codes=codes,
            feature_classes=args.feature_class,
            limit=args.limit,
            include_codes=True,
        )
    if args.json:
        print(json.dumps([candidate_json(c) for c in candidates], ensure_ascii=False, indent=2))
    else:
        for rank, candidate in enumerate(candidates, start=1):
            print(_line(rank, candidate))
    if not candidates:
        print(f"no place named {query!r} in the gazetteer", file=sys.stderr)
        return EXIT_NOT_FOUND
    return 0
