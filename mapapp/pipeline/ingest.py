"""Files -> articles -> geoparse -> incidents -> store, one transaction per article.

:func:`ingest_paths` walks files and folders (recursively, in sorted order,
so two runs see the same sequence), reads every ``.txt``, ``.json``,
``.jsonl``, ``.html`` and ``.htm`` file with :func:`mapapp.io.articles.read_articles`,
parses each article (in ``workers`` processes when more than one), extracts
its incidents and stores them with :meth:`IncidentStore.put_article`. A
file, line or article that fails is recorded in the report and the run goes
on; everything valid is stored.

Several ingests may write one store at once (SQLite ``BEGIN IMMEDIATE`` per
article; an article already stored by another process is ``"unchanged"``).
A killed ingest leaves whole articles only; running it again stores the rest.
An article whose text is already stored under another id is found by its
text hash before it is parsed, and counted as unchanged (a copy read in the
same chunk of articles as its original is parsed too; the store then finds
the twin and counts it unchanged).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapapp.errors import ArticleError, MapappError, StoreError
from mapapp.geoparse.bias import RegionBias
from mapapp.geoparse.collection import CollectionPriors, regions_of
from mapapp.io.articles import DEFAULT_MAX_BYTES, SUFFIXES, read_articles
from mapapp.models import Article, ArticleRegions
from mapapp.models.kinds import ModelName
from mapapp.pipeline.pool import (
    ArticleProcessor,
    ParseFailure,
    Parser,
    Processed,
    constant,
    map_articles,
    processor_factory,
)
from mapapp.pipeline.progress import progress_bar
from mapapp.store import IncidentStore, content_hash, text_hash

_AFTER_PATH = re.compile(r"(?::(?P<line>\d+))?: (?P<reason>.*)\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that could not be stored: file, line (JSONL) and reason."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did."""

    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    incidents: int = 0
    unlocated: int = 0
    failures: tuple[Failure, ...] = ()
    #: Inputs stored with a problem worth knowing ("cannot read the date ...: stored undated").
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every input was stored (or was already)."""
        return not self.failures

    def summary(self) -> str:
        """A few lines for people: the counts, then each failure.

        >>> print(IngestReport(stored=2, unchanged=1, incidents=5,
        ...                    failures=(Failure("a.jsonl", 3, "invalid JSON"),)).summary())
        stored 2, replaced 0, unchanged 1, failed 1 (5 incidents stored)
        failed: a.jsonl:3: invalid JSON
        """
        lines = [
            f"stored {self.stored}, replaced {self.replaced}, unchanged {self.unchanged}, "
            f"failed {len(self.failures)} ({self.incidents} incidents stored)"
        ]
        if self.unlocated:
            lines.append(f"note: {self.unlocated} stored article(s) named no place that resolved")
        lines += [f"warning: {warning}" for warning in self.warnings]
        lines += [f"failed: {failure}" for failure in self.failures]
        return "\n".join(lines)


def failure_from_error(error: BaseException, *, path: Path | str) -> Failure:
    """A :class:`Failure` from an error whose message starts ``file[:line]: reason``.

    >>> failure_from_error(ArticleError("/d/a.jsonl:4: invalid JSON"), path="/d/a.jsonl")
    Failure(file='/d/a.jsonl', line=4, reason='invalid JSON')
    >>> failure_from_error(ValueError("boom"), path="/d/b.txt")
    Failure(file='/d/b.txt', line=None, reason='ValueError: boom')
    """
    message = str(error)
    path = str(path)
    if isinstance(error, MapappError) and message.startswith(path):
        match = _AFTER_PATH.match(message, len(path))
        if match:
            line = match.group("line")
            return Failure(path, int(line) if line else None, match.group("reason"))
    reason = message if isinstance(error, MapappError) else f"{type(error).__name__}: {message}"
    return Failure(path, None, reason)


def _os_reason(what: str, exc: OSError) -> str:
    """``cannot read folder: Permission denied`` from an :class:`OSError`."""
    return f"cannot {what}: {exc.strerror or type(exc).__name__}"


def _walk(folder: Path, *, failures: list[Failure]) -> Iterator[Path]:
    """Supported files under ``folder`` (recursive, unsorted); unreadable folders go to ``failures``.

    Symlinked folders are not followed (as :meth:`Path.rglob`); symlinked files are.
    """
    try:
        with os.scandir(folder) as entries:
            items = list(entries)
    except OSError as exc:
        failures.append(Failure(str(folder), None, _os_reason("read folder", exc)))
        return
    for entry in items:
        path = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, failures=failures)
            elif entry.is_file() and path.suffix.lower() in SUFFIXES:
                yield path
        except OSError as exc:
            failures.append(Failure(str(path), None, _os_reason("read", exc)))


def _found(path: Path, *, failures: list[Failure]) -> list[Path]:
    """The files one named path stands for: itself, or the supported files of a folder."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        failures.append(Failure(str(path), None, "no such file or directory"))
        return []
    except OSError as exc:
        failures.append(Failure(str(path), None, _os_reason("read", exc)))
        return []
    if stat.S_ISDIR(mode):
        return sorted(_walk(path, failures=failures))
    return [path]


def iter_input_files(paths: Iterable[Path | str], *, failures: list[Failure]) -> Iterator[Path]:
    """Supported files under ``paths`` (recursive, sorted), each once.

    A path that does not exist or cannot be read (a folder that cannot be
    listed, a file in a folder that cannot be searched) is recorded in
    ``failures`` and the rest goes on. A file named explicitly is yielded
    whatever its suffix (reading it reports an unsupported suffix); files
    found in folders are filtered by suffix.
    """
    seen: set[Path] = set()
    for raw in paths:
        for item in _found(Path(raw), failures=failures):
            try:
                key = item.resolve()
            except OSError:
                key = item.absolute()
            if key not in seen:
                seen.add(key)
                yield item


@dataclass(slots=True)
class _Tally:
    """Mutable counters of one run (local to :func:`ingest_paths`)."""

    counts: dict[str, int] = field(default_factory=lambda: {"stored": 0, "replaced": 0, "unchanged": 0})
    incidents: int = 0
    unlocated: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _articles(
    files: Iterable[Path],
    *,
    tally: _Tally,
    max_bytes: int,
    tick: Callable[[], None],
    store: IncidentStore,
    force: bool,
) -> Iterator[Article]:
    """The articles to parse; read errors and already stored articles are tallied here."""
    for path in files:
        for item in read_articles(path, max_bytes=max_bytes):
            if isinstance(item, ArticleError):
                tally.failures.append(failure_from_error(item, path=path))
                tick()
                continue
            tally.warnings.extend(item.warnings)
            if _already_stored(item, store=store, force=force):
                tally.counts["unchanged"] += 1
                tick()
            else:
                yield item


def _already_stored(article: Article, *, store: IncidentStore, force: bool) -> bool:
    """Whether ``article`` needs no parsing: stored before, or its text is stored under another id.

    The first is an article a killed run already stored (``force`` parses it
    again); the second the same text copied under another id, title or date,
    which would only repeat the stored article's incidents.
    """
    twin = store.has_text(text_hash(article.text))
    if twin is not None and twin != article.id:
        return True
    return not force and store.content_hash_of(article.id) == content_hash(article)


def _where(article: Article) -> str:
    return article.source_path or f"article {article.id}"


def ingest_paths(
    paths: Sequence[Path | str],
    *,
    db_path: Path | str,
    workers: int = 1,
    parser: Parser | None = None,
    processor: Callable[[Article], Processed] | None = None,
    progress: bool = False,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    dask: str | None = None,
    model: ModelName | None = None,
    bias: RegionBias | None = None,
    collection: str = "",
    collection_prior: bool = True,
) -> IngestReport:
    """Ingest files and folders into the store at ``db_path``.

    Parameters
    ----------
    paths
        Files and folders; folders are searched recursively for supported files.
    db_path
        The SQLite store (created if missing).
    workers
        Parsing processes; 1 parses in this process.
    parser
        ``article -> ParsedArticle`` (incidents are then read with the
        lexicon's rules only); must be picklable when ``workers > 1``.
    processor
        ``article -> Processed`` (parse and incidents), e.g. the app's one
        shared :class:`~mapapp.pipeline.pool.ArticleProcessor`. When neither
        is given, each worker builds :meth:`ArticleProcessor.default` with ``model``.
    progress
        Show a progress bar on stderr.
    force
        Re-extract and replace incidents of articles already stored.
    max_bytes
        Size cap of one file (and of one JSONL line).
    dask
        Parse on a Dask cluster instead of ``workers`` local processes:
        ``"local:N"`` or ``"tcp://host:port"`` (:mod:`mapapp.pipeline.cluster`,
        the ``mapapp[dask]`` extra). This process still reads, skips what is
        stored and writes, in input order, so the store ends up the same.
    model
        The spaCy pipeline of the default processor (``"md"`` or ``"sm"``;
        by default :data:`~mapapp.models.kinds.DEFAULT_MODEL`).
    bias
        A user-given preferred country or region of the default processor
        (:func:`~mapapp.geoparse.bias.region_bias`).
    collection
        The source every article of the run belongs to (else its own
        ``source`` field, else its URL's domain: :func:`~mapapp.geoparse.collection.source_key`).
        Each stored article records the shares of its places under its source.
    collection_prior
        Whether the default processor takes each source's home regions as the
        store held them when the run began as a prior: every article of a run
        gets the same one wherever it is in the input; a source new to the store
        gets one from the next run (``force`` re-parses with what the first learnt).

    Returns
    -------
    IngestReport
        Counts and failures; nothing valid is skipped because of a failure.

    Raises
    ------
    StoreError
        If the store cannot be opened.
    ClusterError
        If ``dask`` names a cluster that cannot be reached or started.
    """
    tally = _Tally()
    files = list(iter_input_files(paths, failures=tally.failures))
    bar = progress_bar(files, enabled=progress)
    tick = bar.update if bar is not None else (lambda: None)
    try:
        with IncidentStore.open(db_path) as store:
            priors = CollectionPriors(
                homes=store.source_homes() if collection_prior else {}, collection=collection
            )
            articles = _articles(files, tally=tally, max_bytes=max_bytes, tick=tick, store=store, force=force)
            for result in _parsed(
                articles,
                factory=_factory(parser, processor, model=model, bias=bias, priors=priors),
                workers=workers,
                dask=dask,
            ):
                _store_one(store, result, tally=tally, force=force, priors=priors)
                tick()
    finally:
        if bar is not None:
            bar.close()
    return IngestReport(
        stored=tally.counts["stored"],
        replaced=tally.counts["replaced"],
        unchanged=tally.counts["unchanged"],
        incidents=tally.incidents,
        unlocated=tally.unlocated,
        failures=tuple(sorted(tally.failures, key=lambda f: (f.file, f.line or 0, f.reason))),
        warnings=tuple(tally.warnings),
    )


def _parsed(
    articles: Iterable[Article],
    *,
    factory: Callable[[], Callable[[Article], Processed]],
    workers: int,
    dask: str | None,
) -> Iterator[Processed | ParseFailure]:
    """Each article's result, in input order: on the Dask cluster ``dask``, else in ``workers`` processes."""
    if dask is None:
        return map_articles(articles, factory=factory, workers=workers)
    from mapapp.pipeline.cluster import map_on_cluster  # local: Dask is an optional extra

    return map_on_cluster(articles, factory=factory, address=dask)


def _factory(
    parser: Parser | None,
    processor: Callable[[Article], Processed] | None,
    *,
    model: ModelName | None,
    bias: RegionBias | None,
    priors: CollectionPriors,
) -> Callable[[], Callable[[Article], Processed]]:
    if processor is not None:
        return constant(processor)
    if parser is not None:
        return constant(ArticleProcessor(parser))
    return processor_factory(model=model, bias=bias, priors=priors if priors.homes else None)


def _store_one(
    store: IncidentStore,
    result: Processed | ParseFailure,
    *,
    tally: _Tally,
    force: bool,
    priors: CollectionPriors,
) -> None:
    if isinstance(result, ParseFailure):
        article = result.article
        tally.failures.append(
            Failure(_where(article), None, f"cannot parse article {article.id}: {result.reason}")
        )
        return
    article, incidents = result.parsed.article, result.incidents
    try:
        regions = ArticleRegions(priors.key_of(article), regions_of(result.parsed.mentions))
        outcome = store.put_article(article, incidents, force=force, regions=regions)
    except StoreError as exc:
        if "disk full" in str(exc):
            # every later article would fail the same way: stop, with the cause
            raise
        tally.failures.append(Failure(_where(article), None, f"article {article.id}: {exc}"))
        return
    except Exception as exc:
        reason = str(exc) if isinstance(exc, MapappError) else f"{type(exc).__name__}: {exc}"
        tally.failures.append(Failure(_where(article), None, f"article {article.id}: {reason}"))
        return
    tally.counts[outcome] += 1
    if outcome != "unchanged":
        tally.incidents += len(incidents)
        if not any(i.lat is not None for i in incidents):
            tally.unlocated += 1
