"""``mapapp evaluate-incidents --corpus PATH``: the incident layer scored against gold incidents."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from mapapp.cli.options import add_model_option, chosen_model
from mapapp.errors import CorpusError
from mapapp.evaluation.corpora import load_corpus_with_report
from mapapp.evaluation.incidents import (
    CORPUS_OF_FORMAT,
    GOLD_DIR,
    ArticleScore,
    IncidentScore,
    aggregate_incidents,
    format_incident_table,
    gold_for,
    score_article,
)

SPLITS = ("dev", "test")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate-incidents", help="score incidents against the gold incidents of a corpus"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        required=True,
        action="append",
        help="corpus XML file with gold incidents in mapapp/evaluation/gold (repeatable)",
    )
    parser.add_argument(
        "--split",
        choices=(*SPLITS, "all"),
        default="all",
        help="which half of the gold set (default: both, reported apart)",
    )
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="folder of <corpus>.jsonl gold files")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    add_model_option(parser)
    parser.set_defaults(run=run)


def score_corpus(path: Path, *, process: Any, gold_dir: Path) -> dict[str, list[ArticleScore]]:
    """Article scores of one corpus, by split; ``process`` is an :class:`~mapapp.pipeline.ArticleProcessor`."""
    from mapapp.models import Article

    docs, loaded = load_corpus_with_report(path)
    corpus = CORPUS_OF_FORMAT.get(loaded.fmt)
    if corpus is None:
        raise CorpusError(f"{path}: no gold incidents for corpus format {loaded.fmt!r}")
    gold = gold_for(corpus, gold_dir=gold_dir)
    by_id = {d.id: d for d in docs}
    missing = sorted(set(gold) - set(by_id))
    if missing:
        raise CorpusError(f"{path}: gold documents not in the corpus: {', '.join(missing[:5])}")
    scores: dict[str, list[ArticleScore]] = {split: [] for split in SPLITS}
    for doc_id, gold_article in sorted(gold.items()):
        doc = by_id[doc_id]
        # Built directly: the readers normalise text, which would move the gold offsets.
        article = Article(id=f"{corpus}:{doc.id}", title=doc.title, date=doc.date, url=doc.url, text=doc.text)
        predicted = process(article).incidents
        scores[gold_article.split].append(score_article(predicted, gold_article))
    return scores


def run(args: argparse.Namespace) -> int:
    from mapapp.pipeline import ArticleProcessor

    process = ArticleProcessor.default(model=chosen_model(args))
    splits = SPLITS if args.split == "all" else (args.split,)
    results: dict[str, IncidentScore] = {}
    for path in args.corpus:
        scores = score_corpus(path, process=process, gold_dir=args.gold_dir)
        for split in splits:
            results[f"{path.stem} {split}"] = aggregate_incidents(scores[split])
    for split in splits:
        rows = [s for name, s in results.items() if name.endswith(f" {split}")]
        if len(rows) > 1:
            results[f"all {split}"] = _sum(rows)
    if args.json:
        print(json.dumps({name: score.to_dict() for name, score in results.items()}, indent=2))
    else:
        print(format_incident_table(results))
    return 0


def _sum(scores: list[IncidentScore]) -> IncidentScore:
    fields = IncidentScore.__dataclass_fields__
    return IncidentScore(**{name: sum(getattr(s, name) for s in scores) for name in fields})
