"""Orchestration: read, geoparse, extract and store articles, on all cores."""

from mapapp.pipeline.ingest import Failure, IngestReport, ingest_paths, iter_input_files
from mapapp.pipeline.pool import (
    ArticleProcessor,
    GeoparseTask,
    ParseFailure,
    Parser,
    Processed,
    constant,
    map_articles,
    parse_articles,
    processor_factory,
)

__all__ = [
    "ArticleProcessor",
    "Failure",
    "GeoparseTask",
    "IngestReport",
    "ParseFailure",
    "Parser",
    "Processed",
    "constant",
    "ingest_paths",
    "iter_input_files",
    "map_articles",
    "parse_articles",
    "processor_factory",
]
