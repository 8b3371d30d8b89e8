"""Orchestration: read, geoparse, extract and store articles, on all cores."""

from mapapp.pipeline.ingest import Failure, IngestReport, ingest_paths, iter_input_files
from mapapp.pipeline.pool import ParseFailure, ParseOutcome, Parser, parse_articles

__all__ = [
    "Failure",
    "IngestReport",
    "ParseFailure",
    "ParseOutcome",
    "Parser",
    "ingest_paths",
    "iter_input_files",
    "parse_articles",
]
