"""Orchestration: read, geoparse, extract and store articles, on all cores."""

from mapapp.pipeline.ingest import Failure, IngestReport, ingest_paths, iter_input_files
from mapapp.pipeline.pool import (
    ArticleProcessor,
    ParseFailure,
    Parser,
    Processed,
    constant,
    map_articles,
    parse_articles,
)

__all__ = [
    "ArticleProcessor",
    "Failure",
    "IngestReport",
    "ParseFailure",
    "Parser",
    "Processed",
    "constant",
    "ingest_paths",
    "iter_input_files",
    "map_articles",
    "parse_articles",
]
