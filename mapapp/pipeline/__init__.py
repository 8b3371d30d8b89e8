"""Orchestration: read, geoparse, extract and store articles, on all cores."""

from mapapp.pipeline.ingest import Failure, IngestReport, ingest_paths, iter_input_files

__all__ = ["Failure", "IngestReport", "ingest_paths", "iter_input_files"]
