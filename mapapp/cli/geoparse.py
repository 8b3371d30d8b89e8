"""``python -m mapapp geoparse``: the places an article names, resolved."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from mapapp.cli.options import add_model_option, add_region_options, chosen_model, int_between, region_bias_of
from mapapp.errors import ArticleError
from mapapp.models import Article, ParsedArticle


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("geoparse", help="find and resolve the places in an article")
    parser.add_argument("file", nargs="?", help="article file (.txt, .json, .html) or - for stdin")
    parser.add_argument(
        "--jsonl",
        type=Path,
        metavar="IN.jsonl",
        help='batch mode: one {"id", "text"[, "date", "title"]} object per line',
    )
    parser.add_argument("-o", "--output", type=Path, help="batch output file (default: stdout)")
    parser.add_argument(
        "--workers", type=int_between(1, 64), default=2, help="processes for batch mode (default 2)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_region_options(parser)
    add_model_option(parser)
    parser.set_defaults(run=run)


def parsed_json(parsed: ParsedArticle) -> dict[str, Any]:
    article = parsed.article
    return {
        "article": {
            "id": article.id,
            "title": article.title,
            "date": article.date.isoformat() if article.date else None,
            "url": article.url,
            "source_path": article.source_path,
        },
        "mentions": [m.to_dict() for m in parsed.mentions],
        "derived": [d.to_dict() for d in parsed.derived],
    }


def _print_human(parsed: ParsedArticle, out: IO[str]) -> None:
    article = parsed.article
    print(f"article {article.id}  date {article.date or '-'}  {article.title}", file=out)
    for m in parsed.mentions:
        where = (
            f"{m.place.name} ({m.place.country_code}) {m.place.lat:.4f}, {m.place.lon:.4f}"
            if m.place
            else f"unresolved: {m.reason}"
        )
        print(
            f"  {m.start:>6}-{m.end:<6} {m.text!r:32} {m.label:5} -> {where}  conf {m.confidence:.2f}"
            f"  precision {m.precision}",
            file=out,
        )
    for d in parsed.derived:
        print(
            f"  derived {d.text!r}: {d.lat:.4f}, {d.lon:.4f} ({d.method}, anchor {d.anchor.name})", file=out
        )


def _read_single(name: str) -> Article:
    from mapapp.io.articles import article_from_text, read_article

    if name == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"<stdin>: not UTF-8 text (byte {exc.start})") from None
        return article_from_text(text, source_path="<stdin>")
    return read_article(Path(name))


def _batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mapapp.io.articles import iter_jsonl
    from mapapp.pipeline import ParseFailure, parse_articles

    failures = unparsed = 0
    good: list[Article] = []
    for item in iter_jsonl(args.jsonl):
        if isinstance(item, ArticleError):
            failures += 1
            print(f"skipped: {item}", file=sys.stderr)
        else:
            good.append(item)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        results = parse_articles(
            good, workers=args.workers, model=chosen_model(args), bias=region_bias_of(args)
        )
        for parsed in tqdm(results, total=len(good), unit="doc", file=sys.stderr, disable=None):
            if isinstance(parsed, ParseFailure):
                failures += 1
                unparsed += 1
                print(
                    f"failed: {parsed.article.source_path or parsed.article.id}: {parsed.reason}",
                    file=sys.stderr,
                )
                continue
            record = {
                "id": parsed.article.id,
                "mentions": [m.to_dict() for m in parsed.mentions],
                "derived": [d.to_dict() for d in parsed.derived],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
    print(f"{len(good) - unparsed} parsed, {failures} failed", file=sys.stderr)
    return 1 if failures else 0


def run(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        if args.file:
            raise ArticleError("give either FILE or --jsonl, not both")
        return _batch(args)
    if not args.file:
        raise ArticleError("no article given: pass a FILE, - for stdin, or --jsonl IN.jsonl")
    from mapapp.geoparse.pipeline import Geoparser

    bias = region_bias_of(args)
    article = _read_single(args.file)
    parsed = Geoparser(model=chosen_model(args), bias=bias).parse(article)
    if args.json:
        print(json.dumps(parsed_json(parsed), ensure_ascii=False, indent=2))
    else:
        _print_human(parsed, sys.stdout)
    return 0
