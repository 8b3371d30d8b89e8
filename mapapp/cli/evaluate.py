"""``python -m mapapp evaluate --corpus PATH``: geoparsing scores on a gold corpus."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mapapp.cli.options import add_model_option, add_region_options, chosen_model, region_bias_of
from mapapp.evaluation.corpora import FORMATS, GoldDoc, load_corpus
from mapapp.evaluation.metrics import (
    CorpusScore,
    Prediction,
    aggregate,
    format_table,
    gold_locations,
    score_document,
)
from mapapp.geoparse.collection import CollectionPriors, learn_homes, regions_of
from mapapp.models import Article, Mention, RegionShares

COLLECTION_KEYS = ("off", "source", "corpus")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("evaluate", help="score the geoparser on a gold-annotated corpus")
    parser.add_argument(
        "--corpus", type=Path, required=True, action="append", help="corpus XML file (repeatable)"
    )
    parser.add_argument("--format", choices=FORMATS, help="corpus format (default: detected)")
    parser.add_argument(
        "--gold-spans", action="store_true", help="resolve the gold spans instead of recognising spans"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument(
        "--report",
        action="store_true",
        help="run both modes and print a Markdown table per corpus next to published figures",
    )
    parser.add_argument(
        "--collection-prior",
        choices=COLLECTION_KEYS,
        default="source",
        help="resolve in two passes with each source's home regions learned from the first pass (each "
        "document's own left out), as ingest does: 'source' (default) keys documents by URL domain, "
        "'corpus' takes each corpus as one user-given collection; 'off' resolves in one pass",
    )
    parser.add_argument(
        "--ranker",
        default=None,
        help="how candidates are scored: hand (hand-set weights), learned (the shipped model) "
        "or a model file written by bench/train_ranker.py (default: the geoparser's)",
    )
    add_region_options(parser)
    add_model_option(parser)
    parser.set_defaults(run=run)


# Published figures of Mordecai 3 (Halterman 2023): transformer NER, GeoNames in
# Elasticsearch, neural ranker. Percentages; F1 is recognition.
PUBLISHED = {
    "gwn": {"acc161": 62.5, "f1": 74.8, "acc161_gold": 94.1},
    "trnews": {"acc161": 63.5, "f1": 75.0, "acc161_gold": 87.3},
}
_CORPUS_NAMES = {"gwn": "GeoWebNews", "trnews": "TR-News", "lgl": "LGL", "geovirus": "GeoVirus"}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def report_markdown(fmt: str, end_to_end: CorpusScore, gold: CorpusScore, *, docs_per_s: float) -> str:
    """A Markdown section for one corpus: mapapp's scores beside the published ones."""
    name = _CORPUS_NAMES.get(fmt, fmt)
    lines = [
        f"### {name} ({end_to_end.docs} documents, {end_to_end.n_gold} gold toponyms with coordinates)",
        "",
        "| system | recognition P | R | F1 | acc@161 end to end | mean km | median km | AUC | acc@161 gold spans |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| mapapp | {_pct(end_to_end.precision)} | {_pct(end_to_end.recall)} | {_pct(end_to_end.f1)} | "
        f"{_pct(end_to_end.acc161)} | {end_to_end.mean_km or 0:.0f} | {end_to_end.median_km or 0:.0f} | "
        f"{end_to_end.auc:.3f} | {_pct(gold.acc161)} |",
    ]
    published = PUBLISHED.get(fmt)
    if published:
        lines.append(
            f"| Mordecai 3 (published) | - | - | {published['f1']:.1f} | {published['acc161']:.1f} | - | - | - "
            f"| {published['acc161_gold']:.1f} |"
        )
    lines += ["", f"End to end on one process: {docs_per_s:.1f} docs/s.", ""]
    return "\n".join(lines)


def predictions_from(mentions: Iterable[Mention]) -> list[Prediction]:
    return [Prediction(m.start, m.end, m.lat, m.lon) for m in mentions]


def _article(doc: GoldDoc) -> Article:
    # Built directly: the readers normalise text, which would move the gold offsets.
    return Article(id=doc.id, title=doc.title, date=doc.date, url=doc.url, text=doc.text)


def collection_homes(
    docs: Sequence[GoldDoc], *, geoparser: Any, keyed: str, name: str
) -> list[RegionShares | None]:
    """Each document's collection prior: its source's home regions from a first pass, itself left out.

    The first pass resolves every document end to end, as ingest would have
    stored it (no labels are read); ``keyed`` is ``"source"`` (the URL's
    domain) or ``"corpus"`` (the corpus ``name`` as a user-given collection).
    """
    priors = CollectionPriors(collection=name if keyed == "corpus" else "")
    articles = [_article(doc) for doc in docs]
    own = [regions_of(geoparser.parse(article).mentions) for article in articles]
    priors = CollectionPriors(
        homes=learn_homes((priors.key_of(a), shares) for a, shares in zip(articles, own, strict=True)),
        collection=priors.collection,
    )
    return [priors.home_of(a, leave_out=shares) for a, shares in zip(articles, own, strict=True)]


def evaluate_docs(
    docs: Sequence[GoldDoc], *, geoparser: Any, gold_spans: bool, collections: str = "off", name: str = ""
) -> tuple[CorpusScore, float, int]:
    """Scores, seconds spent and document count for one corpus (``collections``: see :func:`collection_homes`)."""
    scores = []
    started = time.perf_counter()
    homes: Sequence[RegionShares | None] = [None] * len(docs)
    if collections != "off":
        geoparser.prepare([doc.text for doc in docs])  # one NER for both passes
        homes = collection_homes(docs, geoparser=geoparser, keyed=collections, name=name)
    for doc, home in zip(docs, homes, strict=True):
        if gold_spans:
            spans = [(t.start, t.end) for t in gold_locations(doc)]
            mentions = geoparser.resolve_spans(doc.text, spans, home=home)
        else:
            mentions = geoparser.parse(_article(doc), home=home).mentions
        scores.append(score_document(doc, predictions_from(mentions)))
    return aggregate(scores), time.perf_counter() - started, len(docs)


def run(args: argparse.Namespace) -> int:
    from mapapp.evaluation.corpora import load_corpus_with_report
    from mapapp.geoparse.pipeline import Geoparser
    from mapapp.geoparse.ranking import load_ranker

    ranker = load_ranker(args.ranker) if args.ranker is not None else None
    geoparser = Geoparser(derive=False, model=chosen_model(args), bias=region_bias_of(args), ranker=ranker)
    if args.report:
        for path in args.corpus:
            docs, loaded = load_corpus_with_report(
                path, fmt="trnews" if args.format == "lgl" else args.format
            )
            docs = docs[: args.limit]
            fmt = args.format or loaded.fmt
            keyed = {"collections": args.collection_prior, "name": path.stem}
            end_to_end, seconds, count = evaluate_docs(docs, geoparser=geoparser, gold_spans=False, **keyed)
            gold, _, _ = evaluate_docs(docs, geoparser=geoparser, gold_spans=True, **keyed)
            print(report_markdown(fmt, end_to_end, gold, docs_per_s=count / seconds if seconds else 0.0))
        return 0
    results: dict[str, CorpusScore] = {}
    rows: dict[str, Any] = {}
    for path in args.corpus:
        docs = load_corpus(path, fmt="trnews" if args.format == "lgl" else args.format)
        if args.limit is not None:
            docs = docs[: args.limit]
        score, seconds, count = evaluate_docs(
            docs,
            geoparser=geoparser,
            gold_spans=args.gold_spans,
            collections=args.collection_prior,
            name=path.stem,
        )
        name = path.stem
        results[name] = score
        rows[name] = {
            **score.to_dict(),
            "seconds": round(seconds, 2),
            "docs_per_s": round(count / seconds, 2) if seconds else None,
            "mode": "gold spans" if args.gold_spans else "end to end",
            "collection_prior": args.collection_prior,
        }
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(format_table(results))
        for name, row in rows.items():
            print(f"{name}: {row['docs_per_s']} docs/s ({row['mode']}, one process)")
    return 0
