"""The app's data side without streamlit: store state, seeding, ingesting uploads.

Ingesting goes through :func:`mapapp.pipeline.ingest_paths` (read, geoparse,
extract incidents, store), so the app and the command line store exactly the
same records. The app calls :func:`ingest_upload` from its upload queue
(:mod:`mapapp.ui.uploads`), whose parser processes keep the spaCy model and
gazetteer loaded, so they load once per server, not per upload.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapapp import paths
from mapapp.io.articles import DEFAULT_MAX_BYTES, SUFFIXES, read_articles
from mapapp.models import Article
from mapapp.pipeline import Failure, IngestReport, Processed, ingest_paths
from mapapp.store import IncidentStore, StoreTarget, content_hash
from mapapp.store.sqlite import file_revision

#: What an upload may be: every suffix the readers take (one article, or many in ``.jsonl``).
UPLOAD_SUFFIXES = tuple(sorted(SUFFIXES))
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

#: Geoparses an article and extracts its incidents (see :class:`mapapp.pipeline.ArticleProcessor`).
Parser = Callable[[Article], Processed]


def store_token(db_path: Path) -> tuple[int, ...]:
    """A cheap fingerprint of the store file that changes on every commit.

    In WAL mode a commit appends to ``<db>-wal`` and a checkpoint rewrites
    the main file, so sizes and modification times of both are enough to
    tell a cached query is stale (also when another process wrote).
    """
    return file_revision(db_path)


def seed_if_empty(
    db_path: StoreTarget, *, articles: int, parser: Parser, seeds_dir: Path | None = None
) -> IngestReport | None:
    """Ingest ``seeds_dir`` when the store holds no article; ``None`` when it was not empty."""
    seeds_dir = seeds_dir if seeds_dir is not None else paths.seeds_dir()
    if articles > 0 or not seeds_dir.is_dir():
        return None
    return ingest_paths([seeds_dir], db_path=db_path, processor=parser)


def safe_upload_name(name: str) -> str:
    """A file name for an uploaded article that cannot leave its folder.

    The suffix decides how the article is read, so it is kept (lower case).

    >>> safe_upload_name("../../etc/evil name.TXT")
    'evil_name.txt'
    >>> safe_upload_name("...json")
    'upload.json'
    """
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE_NAME.sub("_", stem).strip("._") or "upload"
    suffix = _UNSAFE_NAME.sub("", suffix.lower())
    return f"{stem[:80]}.{suffix}" if suffix else stem[:80]


@dataclass(frozen=True, slots=True)
class UploadResult:
    """What ingesting one uploaded file did."""

    name: str
    digest: str
    article_ids: tuple[str, ...]
    report: IngestReport


def upload_digest(data: bytes) -> str:
    """The SHA-256 of an upload: the key that stops a rerun from ingesting it twice.

    >>> upload_digest(b"x")[:12]
    '2d711642b726'
    """
    return hashlib.sha256(data).hexdigest()


def _conflicting_ids(articles: list[Article], *, db_path: StoreTarget) -> frozenset[str]:
    """The ids of uploaded articles that are stored with other content.

    An upload must never replace a stored article (ids are in every GeoJSON
    download; replacing stays an operator's ``ingest --force``), so such an
    article is stored as a new one under :func:`upload_id`.
    """
    if not articles or (isinstance(db_path, Path) and not db_path.exists()):
        return frozenset()
    with IncidentStore.open(db_path) as store:
        return frozenset(a.id for a in articles if store.content_hash_of(a.id) not in (None, content_hash(a)))


def upload_id(article: Article, conflicts: frozenset[str]) -> str:
    """The id an uploaded article is stored under: its own, or suffixed with its content hash.

    >>> a = Article(id="a1", title="T", date=None, url="", text="x")
    >>> upload_id(a, frozenset()), upload_id(a, frozenset({"a1"}))
    ('a1', 'a1-9e867f8b7354')
    """
    return f"{article.id}-{content_hash(article)[:12]}" if article.id in conflicts else article.id


@dataclass(frozen=True, slots=True)
class _Renaming:
    """The parser, called with each article under its :func:`upload_id`."""

    parser: Parser
    conflicts: frozenset[str]

    def __call__(self, article: Article) -> Processed:
        return self.parser(dataclasses.replace(article, id=upload_id(article, self.conflicts)))


def ingest_upload(
    name: str,
    data: bytes,
    *,
    db_path: StoreTarget,
    parser: Parser,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_read: Callable[[int], None] | None = None,
) -> UploadResult:
    """Ingest one uploaded file (``.txt``, ``.json``, ``.jsonl``, ``.html``) into the store.

    An uploaded article whose id is stored with other content is stored as
    a new article (id suffixed with its content hash, and a warning says
    so): an upload never replaces a stored article.

    Parameters
    ----------
    name
        The uploaded file's name (untrusted; only its cleaned base name is
        used, and it becomes the incidents' source when the article has no URL).
    data
        The file's bytes.
    db_path
        The store.
    parser
        ``article -> Processed`` (geoparse and incidents).
    max_bytes
        Size cap of the file (a bigger one is refused whole, ``.jsonl`` too).
    on_read
        Called with the number of articles read from the file, before the
        first is parsed (for progress).

    Returns
    -------
    UploadResult
        The ids the articles read from the file are stored under (to show
        their incidents) and the ingest report (failures name the file and
        the reason).
    """
    safe = safe_upload_name(name)
    if len(data) > max_bytes:
        reason = f"file is {len(data)} bytes, more than the {max_bytes}-byte limit"
        return UploadResult(
            safe, upload_digest(data), (), IngestReport(failures=(Failure(safe, None, reason),))
        )
    with tempfile.TemporaryDirectory(prefix="mapapp-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        articles = [a for a in read_articles(path, max_bytes=max_bytes) if isinstance(a, Article)]
        if on_read is not None:
            on_read(len(articles))
        conflicts = _conflicting_ids(articles, db_path=db_path)
        processor = _Renaming(parser, conflicts) if conflicts else parser
        report = ingest_paths([path], db_path=db_path, processor=processor, max_bytes=max_bytes)
    ids = tuple(upload_id(a, conflicts) for a in articles)
    # Failures name the temporary path; users know the file by its own name.
    failures = tuple(type(f)(safe, f.line, f.reason.replace(str(path), safe)) for f in report.failures)
    notes = tuple(
        f"{safe}: article id {a.id!r} is already stored with other content: stored as {upload_id(a, conflicts)!r}"
        for a in articles
        if a.id in conflicts
    )
    report = IngestReport(
        stored=report.stored,
        replaced=report.replaced,
        unchanged=report.unchanged,
        incidents=report.incidents,
        unlocated=report.unlocated,
        failures=failures,
        warnings=tuple(w.replace(str(path), safe) for w in report.warnings) + notes,
    )
    return UploadResult(name=safe, digest=upload_digest(data), article_ids=ids, report=report)
