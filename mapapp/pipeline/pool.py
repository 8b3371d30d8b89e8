"""The one worker pool: process articles on every core, one set of models per process.

``mapapp ingest`` (geoparse, then incidents) and ``mapapp geoparse --jsonl``
(geoparse only) both go through :func:`map_articles`. Workers are *spawned*
(a forked spaCy model and SQLite connection are not safe to share); each
builds its task once from a picklable factory, and articles are fed in
chunks of :data:`CHUNK`, a few chunks ahead, so a large input is never
queued whole and neither core waits for the other. A task may have a
``prepare(articles)`` method: it is called with each chunk before the
chunk's articles are run one by one, so the geoparser runs the chunk's NER
as one spaCy batch (``nlp.pipe``, the bulk of the time). An exception
raised for one article comes back as a :class:`ParseFailure` for that
article, so one bad article never stops the batch or kills the pool; when
``prepare`` raises, the chunk's articles run alone, and only the one at
fault fails.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mapapp.errors import MapappError
from mapapp.models import Article, Incident, ParsedArticle

if TYPE_CHECKING:
    from mapapp.geoparse import Geoparser, ModelName
    from mapapp.geoparse.bias import RegionBias
    from mapapp.geoparse.collection import CollectionPriors

Parser = Callable[[Article], ParsedArticle]
R = TypeVar("R")

#: Articles queued per worker at a time (on a Dask cluster): enough to keep
#: every core busy, few enough that memory does not grow with the input.
BATCH_PER_WORKER = 16
#: Articles a pool worker takes at a time; their NER is one spaCy batch.
#: Past about 8 GeoWebNews-size articles a bigger batch gains little (bench/geoparse.py).
CHUNK = 8
#: Chunks queued per pool worker: the next one waits while one runs.
CHUNKS_AHEAD = 2


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


class GeoparseTask:
    """``article -> ParsedArticle`` with a :class:`~mapapp.geoparse.Geoparser`, and its batch NER.

    ``priors`` give each article the home regions of its source (the collection prior).
    """

    def __init__(self, geoparser: Geoparser, *, priors: CollectionPriors | None = None) -> None:
        self.geoparser = geoparser
        self.priors = priors

    def prepare(self, articles: Sequence[Article]) -> None:
        """Run the NER of ``articles`` as one batch, for the calls that follow."""
        self.geoparser.prepare([article.text for article in articles])

    def __call__(self, article: Article) -> ParsedArticle:
        home = self.priors.home_of(article) if self.priors is not None else None
        return self.geoparser.parse(article, home=home)


class ArticleProcessor:
    """Geoparse an article and extract its incidents: the work of one ingest worker.

    Parameters
    ----------
    parse
        ``article -> ParsedArticle``; must be picklable to go to a worker.
        When it has a ``prepare(articles)`` method (a :class:`GeoparseTask`),
        :meth:`prepare` calls it.
    reader
        The incident stage's sentence parser (:class:`~mapapp.incidents.reading.SentenceReader`);
        ``None`` keeps to the lexicon's rules.
    """

    def __init__(self, parse: Parser, *, reader: Any = None) -> None:
        self.parse = parse
        self.reader = reader

    @classmethod
    def default(
        cls,
        *,
        model: ModelName | None = None,
        bias: RegionBias | None = None,
        priors: CollectionPriors | None = None,
    ) -> ArticleProcessor:
        """A Geoparser (spaCy pipeline ``model``, by default the default one; a user-given
        region ``bias``; collection ``priors``), and a sentence reader sharing its spaCy
        pipeline (slow: loads the models)."""
        from mapapp.geoparse import DEFAULT_MODEL, Geoparser
        from mapapp.incidents.reading import SentenceReader

        geoparser = Geoparser(model=model or DEFAULT_MODEL, bias=bias)
        return cls(GeoparseTask(geoparser, priors=priors), reader=SentenceReader(geoparser.nlp))

    def prepare(self, articles: Sequence[Article]) -> None:
        """Batch the geoparser's NER over ``articles`` (when it can), for the calls that follow."""
        prepare = getattr(self.parse, "prepare", None)
        if prepare is not None:
            prepare(articles)

    def __call__(self, article: Article) -> Processed:
        from mapapp.incidents import extract_incidents

        parsed = self.parse(article)
        return Processed(parsed, extract_incidents(parsed, reader=self.reader))


def processor_factory(
    *,
    model: ModelName | None = None,
    bias: RegionBias | None = None,
    priors: CollectionPriors | None = None,
) -> Callable[[], ArticleProcessor]:
    """A picklable factory of :meth:`ArticleProcessor.default` with spaCy pipeline ``model``,
    region ``bias`` and collection ``priors`` (small: each worker loads its own models)."""
    return functools.partial(ArticleProcessor.default, model=model, bias=bias, priors=priors)


def default_parser(*, model: ModelName | None = None, bias: RegionBias | None = None) -> GeoparseTask:
    """A new :class:`~mapapp.geoparse.Geoparser`'s task (slow: loads the models)."""
    from mapapp.geoparse import (
        DEFAULT_MODEL,
        Geoparser,
    )  # local: workers import it, callers with a parser need not

    return GeoparseTask(Geoparser(model=model or DEFAULT_MODEL, bias=bias))


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

    def chunk(self, articles: Sequence[Article]) -> list[R | ParseFailure]:
        """Each article's result (or failure), after the task's ``prepare`` when it has one."""
        prepare = getattr(self.task, "prepare", None)
        if prepare is not None:
            # When the batch raises, each article runs its NER alone: only the one at fault fails.
            with contextlib.suppress(Exception):
                prepare(articles)
        return [self(article) for article in articles]


def guarded(task: Callable[[Article], R]) -> Callable[[Article], R | ParseFailure]:
    """``task`` with its exceptions returned as the article's :class:`ParseFailure` (picklable)."""
    return _Guarded(task)


# A Pool initialiser can hand an object to later tasks only through a module
# global: this holds the one task of each worker process (never the parent's).
_WORKER: dict[str, _Guarded[Any]] = {}


def _init_worker(factory: Callable[[], Callable[[Article], Any]]) -> None:
    _WORKER["task"] = _Guarded(factory())


def _run_in_worker(articles: Sequence[Article]) -> list[Any]:
    return _WORKER["task"].chunk(articles)


def map_articles(
    articles: Iterable[Article], *, factory: Callable[[], Callable[[Article], R]], workers: int = 1
) -> Iterator[R | ParseFailure]:
    """Run ``factory()``'s task over ``articles`` in input order, in ``workers`` processes.

    Parameters
    ----------
    articles
        Read lazily, :data:`CHUNK` at a time, at most ``workers * CHUNKS_AHEAD``
        chunks ahead of the one yielded.
    factory
        Makes the per-article task, once per process (so models load once);
        must be picklable when ``workers > 1``. A task with a
        ``prepare(articles)`` method is given each chunk first.
    workers
        Processes; 1 (or less) runs in this process.

    Yields
    ------
    the task's result or ParseFailure
        One per article, in input order.
    """
    pending = iter(articles)
    chunks = iter(lambda: list(itertools.islice(pending, CHUNK)), [])
    if workers <= 1:
        task = _Guarded(factory())
        for chunk in chunks:
            yield from task.chunk(chunk)
        return
    from mapapp.gazetteer import Gazetteer

    Gazetteer.open().close()  # build the index once here, not in every worker at once
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(factory,)) as pool:
        # A window of chunks in flight, oldest first: one out, one in, so the
        # workers never wait for a whole batch to finish.
        window = collections.deque(
            pool.apply_async(_run_in_worker, (chunk,))
            for chunk in itertools.islice(chunks, workers * CHUNKS_AHEAD)
        )
        while window:
            results = window.popleft().get()
            for chunk in itertools.islice(chunks, 1):
                window.append(pool.apply_async(_run_in_worker, (chunk,)))
            yield from results


def parse_articles(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    parser: Parser | None = None,
    model: ModelName | None = None,
    bias: RegionBias | None = None,
) -> Iterator[ParsedArticle | ParseFailure]:
    """Geoparse ``articles`` (no incidents), in input order; see :func:`map_articles`.

    ``model`` is the spaCy pipeline and ``bias`` the region bias of the default parser
    (when ``parser`` is omitted).
    """
    factory: Callable[[], Parser] = (
        functools.partial(default_parser, model=model, bias=bias) if parser is None else _Constant(parser)
    )
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
