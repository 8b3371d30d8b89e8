"""Articles in, incidents out: readers for article files and the export formats.

Readers turn ``.txt``, ``.json``, ``.jsonl`` and ``.html`` files into
:class:`~mapapp.models.Article` records, with errors naming the file and line;
writers turn incidents into GeoJSON (RFC 7946) and ACLED-style CSV.
"""

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
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

# Loaded on first use (mapapp.lazy): importing the package costs only the names used.
__getattr__ = exports(
    __name__,
    {
        "CSV_COLUMNS": "export",
        "DEFAULT_MAX_BYTES": "articles",
        "SUFFIXES": "articles",
        "article_from_record": "articles",
        "article_from_text": "articles",
        "content_id": "articles",
        "iter_jsonl": "articles",
        "read_article": "articles",
        "read_articles": "articles",
        "to_geojson": "export",
        "write_csv": "export",
        "write_export": "export",
    },
)

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
