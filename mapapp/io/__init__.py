"""Articles in, incidents out: readers for article files and the export formats.

Readers turn ``.txt``, ``.json``, ``.jsonl`` and ``.html`` files into
:class:`~mapapp.models.Article` records, with errors naming the file and line;
writers turn incidents into GeoJSON (RFC 7946) and ACLED-style CSV.
"""

from mapapp.io.articles import (
    DEFAULT_MAX_BYTES,
    SUFFIXES,
    article_from_record,
    article_from_text,
    content_id,
    iter_jsonl,
    read_article,
    read_articles,
)
from mapapp.io.export import CSV_COLUMNS, to_geojson, write_csv, write_export

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "article_from_record",
    "article_from_text",
    "content_id",
    "iter_jsonl",
    "read_article",
    "read_articles",
    "to_geojson",
    "write_csv",
    "write_export",
]
