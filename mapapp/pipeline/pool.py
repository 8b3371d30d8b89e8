"""The one worker pool: process articles on every core, one set of models per process.

``mapapp ingest`` (geoparse, then incidents) and ``mapapp geoparse --jsonl``
(geoparse only) both go through :func:`map_articles`. Workers are *spawned*
(a forked spaCy model and SQLite connection are not safe to share); each
builds its task once from a picklable factory, and articles are fed in
slices so a large input is never queued whole. An exception raised for one
article comes back as a :class:`ParseFailure` for that article, so one bad
article never stops the batch or kills the pool.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mapapp.errors import MapappError
from mapapp.models import Article, Incident, ParsedArticle

Parser = Callable[[Article], ParsedArticle]
R = TypeVar("R")

#: Articles queued per worker at a time: enough to keep both cores busy,
#: few enough that memory does not grow with the input.
BATCH_PER_WORKER = 16


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """An article its task raised on, with the exception's type and message."""

    article: Article
    reason: str


@dataclass(frozen=True, slots=True)
class Processed:
    """One article geoparsed, with the incidents extracted from it."""

    parsed: ParsedArticle
    incidents: tuple[Incident, ...]


class ArticleProcessor:
    """Geoparse an article and extract its incidents: the work of one ingest worker.

    Parameters
    ----------
    parse
        ``article -> ParsedArticle``; must be picklable to go to a worker.
    reader
        The incident stage's sentence parser (:class:`~mapapp.incidents.reading.SentenceReader`);
        ``None`` keeps to the lexicon's rules.
    """

    def __init__(self, parse: Parser, *, reader: Any = None) -> None:
        self.parse = parse
        self.reader = reader

    @classmethod
    def default(cls) -> ArticleProcessor:
        """A Geoparser, and a sentence reader sharing its spaCy pipeline (slow: loads the models)."""
        from mapapp.geoparse import Geoparser
        from mapapp.incidents.reading import SentenceReader

        geoparser = Geoparser()
        return cls(geoparser.parse, reader=SentenceReader(geoparser.nlp))

    def __call__(self, article: Article) -> Processed:
        from mapapp.incidents import extract_incidents

        parsed = self.parse(article)
        return Processed(parsed, extract_incidents(parsed, reader=self.reader))


def default_parser() -> Parser:
    """A new :class:`~mapapp.geoparse.Geoparser`'s ``parse`` (slow: loads the models)."""
    from mapapp.geoparse import Geoparser  # local: workers import it, callers with a parser need not

    return Geoparser().parse


class _Guarded(Generic[R]):
    """A task whose exceptions come back as values."""

    def __init__(self, task: Callable[[Article], R]) -> None:
        self.task = task

    def __call__(self, article: Article) -> R | ParseFailure:
        try:
            return self.task(article)
        except MapappError as exc:  # ours say what happened (a time budget, a stopped process)
            return ParseFailure(article, str(exc))
        except Exception as exc:
            return ParseFailure(article, f"{type(exc).__name__}: {exc}")


def guarded(task: Callable[[Article], R]) -> Callable[[Article], R | ParseFailure]:
    """``task`` with its exceptions returned as the article's :class:`ParseFailure` (picklable)."""
    return _Guarded(task)


# A Pool initialiser can hand an object to later tasks only through a module
# global: this holds the one task of each worker process (never the parent's).
_WORKER: dict[str, _Guarded[Any]] = {}


def _init_worker(factory: Callable[[], Callable[[Article], Any]]) -> None:
    _WORKER["task"] = _Guarded(factory())


def _run_in_worker(article: Article) -> Any:
    return _WORKER["task"](article)


def map_articles(
    articles: Iterable[Article], *, factory: Callable[[], Callable[[Article], R]], workers: int = 1
) -> Iterator[R | ParseFailure]:
    """Run ``factory()``'s task over ``articles`` in input order, in ``workers`` processes.

    Parameters
    ----------
    articles
        Read lazily, ``workers * BATCH_PER_WORKER`` at a time.
    factory
        Makes the per-article task, once per process (so models load once);
        must be picklable when ``workers > 1``.
    workers
        Processes; 1 (or less) runs in this process.

    Yields
    ------
    the task's result or ParseFailure
        One per article, in input order.
    """
    if workers <= 1:
        task = _Guarded(factory())
        yield from (task(article) for article in articles)
        return
    from mapapp.gazetteer import Gazetteer

    Gazetteer.open().close()  # build the index once here, not in every worker at once
    pending = iter(articles)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(factory,)) as pool:
        while batch := list(itertools.islice(pending, workers * BATCH_PER_WORKER)):
            yield from pool.imap(_run_in_worker, batch, chunksize=1)


def parse_articles(
    articles: Iterable[Article], *, workers: int = 1, parser: Parser | None = None
) -> Iterator[ParsedArticle | ParseFailure]:
    """Geoparse ``articles`` (no incidents), in input order; see :func:`map_articles`."""
    factory: Callable[[], Parser] = default_parser if parser is None else _Constant(parser)
    return map_articles(articles, factory=factory, workers=workers)


class _Constant(Generic[R]):
    """A picklable factory that returns the object it was given."""

    def __init__(self, value: R) -> None:
        self.value = value

    def __call__(self) -> R:
        return self.value


def constant(value: R) -> Callable[[], R]:
    """A picklable factory for an object that is already built (a test's fake parser)."""
    return _Constant(value)
