"""The one worker pool: parse articles on every core, one parser per process.

Both ``mapapp ingest`` and ``mapapp geoparse --jsonl`` parse through
:func:`parse_articles`. Workers are *spawned* (a forked spaCy model and
SQLite connection are not safe to share), each loads its parser once, and
articles are fed in slices so a large input is never queued whole. A parser
exception is returned as a :class:`ParseFailure` for that article, so one
bad article never stops the batch or kills the pool.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mapapp.models import Article, ParsedArticle

Parser = Callable[[Article], ParsedArticle]

#: Articles queued per worker at a time: enough to keep both cores busy,
#: few enough that memory does not grow with the input.
BATCH_PER_WORKER = 16


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """An article the parser raised on, with the exception's type and message."""

    article: Article
    reason: str


ParseOutcome = ParsedArticle | ParseFailure

# A Pool initialiser can hand an object to later tasks only through a module
# global: this holds the one parser of each worker process (never the parent's).
_WORKER: dict[str, Parser] = {}


def default_parser() -> Parser:
    """A new :class:`~mapapp.geoparse.Geoparser`'s ``parse`` (slow: loads the models)."""
    from mapapp.geoparse import Geoparser  # local: workers import it, callers with a parser need not

    return Geoparser().parse


def _init_worker(parser: Parser | None) -> None:
    _WORKER["parse"] = parser if parser is not None else default_parser()


def _parse_safely(article: Article, parse: Parser | None = None) -> ParseOutcome:
    try:
        return (parse or _WORKER["parse"])(article)
    except Exception as exc:
        return ParseFailure(article, f"{type(exc).__name__}: {exc}")


def parse_articles(
    articles: Iterable[Article], *, workers: int = 1, parser: Parser | None = None
) -> Iterator[ParseOutcome]:
    """Parse ``articles`` in input order, in ``workers`` processes (1: this one).

    Parameters
    ----------
    articles
        Read lazily, ``workers * BATCH_PER_WORKER`` at a time.
    workers
        Parsing processes; 1 (or less) parses in this process.
    parser
        ``article -> ParsedArticle``; a Geoparser is made (once per process)
        when omitted. Must be picklable when ``workers > 1``.

    Yields
    ------
    ParsedArticle or ParseFailure
        One per article, in input order.
    """
    if workers <= 1:
        parse = parser if parser is not None else default_parser()
        yield from (_parse_safely(article, parse) for article in articles)
        return
    if parser is None:
        from mapapp.gazetteer import Gazetteer

        Gazetteer.open().close()  # build the index once here, not in every worker at once
    pending = iter(articles)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(parser,)) as pool:
        while batch := list(itertools.islice(pending, workers * BATCH_PER_WORKER)):
            yield from pool.imap(_parse_safely, batch, chunksize=1)
