"""The exceptions mapapp raises.

One root, :class:`MapappError`; each subclass also inherits the builtin a
caller would naturally catch (as geopy does), so ``except ValueError`` keeps
working for code that does not know mapapp. "No result" is never an
exception: lookups return ``None`` or an empty list.
"""

from __future__ import annotations


class MapappError(Exception):
    """Root of every error raised on purpose by mapapp."""


class GazetteerError(MapappError, LookupError):
    """The gazetteer cannot be built, loaded or queried."""


class QueryError(MapappError, ValueError):
    """A place query is empty, too long or contains control characters."""


class ArticleError(MapappError, ValueError):
    """An article file or record cannot be read.

    The message names the file (and line, for JSONL) and the reason.
    """


class SpatialError(MapappError, ValueError):
    """A spatial expression cannot be turned into geometry."""


class StoreError(MapappError, RuntimeError):
    """The incident store cannot be opened, migrated or written."""


class StoreConnectionLost(StoreError, ConnectionError):
    """The connection to a store's server was lost (the server stopped, the network dropped)."""


class ClusterError(MapappError, RuntimeError):
    """The Dask cluster cannot be reached or started, or Dask is not installed."""


class CorpusError(MapappError, ValueError):
    """An evaluation corpus file is missing or malformed."""


class ParseTimeout(MapappError, TimeoutError):
    """Parsing one article took longer than its time budget (the article is not stored)."""


class WorkerError(MapappError, RuntimeError):
    """A parser process could not start, stopped, or raised on an article.

    The message says which, with the process's exit code or the error it raised.
    """


class ConfigError(MapappError, ValueError):
    """A setting (an option or an environment variable) has a value mapapp cannot use."""
