"""Evaluation against gold corpora: loaders and the standard geoparsing metrics."""

from mapapp.evaluation.corpora import GoldDoc, GoldToponym, load_corpus, load_corpus_with_report
from mapapp.evaluation.metrics import (
    CorpusScore,
    Prediction,
    aggregate,
    format_table,
    gold_locations,
    score_document,
)

__all__ = [
    "CorpusScore",
    "GoldDoc",
    "GoldToponym",
    "Prediction",
    "aggregate",
    "format_table",
    "gold_locations",
    "load_corpus",
    "load_corpus_with_report",
    "score_document",
]
