"""Read news articles from files and records into :class:`~mapapp.models.Article`.

Supported inputs, chosen by file suffix:

* ``.txt`` - plain text, or the seed format: the text starts (possibly after
  whitespace) with ``date YYYY-MM-DD`` and the body follows on the same line;
* ``.json`` - one object with the fields ``id``, ``title``, ``date``, ``url``
  and ``text`` (only ``text`` is required);
* ``.jsonl`` - one such object per line (only through :func:`read_articles`,
  which yields an :class:`~mapapp.errors.ArticleError` for a bad line and
  carries on with the next one);
* ``.html``/``.htm`` - the main text is extracted with trafilatura.

Decoding policy: bytes must be UTF-8 (a leading BOM is dropped). There is no
silent Latin-1 fallback, because guessing would corrupt place names such as
"Zaïre"; undecodable input raises :class:`~mapapp.errors.ArticleError` naming
the file and the byte offset. Line ends are normalised to ``\\n`` so that
character offsets do not depend on the platform that wrote the file.

Article text is untrusted: files are size-capped (``max_bytes``), NUL bytes
are taken as a sign of binary content and rejected, and nothing in the text
is ever evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mapapp.errors import ArticleError
from mapapp.io.dates import parse_date, read_date
from mapapp.io.decode import BOM, checked_text, decode_utf8, load_json
from mapapp.models import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"}

# Only a date-shaped token makes a seed prefix, so a text that happens to open
# with the word "date" ("date night ...") is read as plain text.
_SEED_PREFIX = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?![\w-])[ \t]*")
_MAX_TITLE_CHARS = 200


def content_id(text: str) -> str:
    """A stable short id for an article text: the first 16 hex digits of its UTF-8 SHA-256.

    Examples
    --------
    >>> content_id("Floods in Dhaka.")
    'a4e0e5acb1c45b93'
    >>> len(content_id("x")), content_id("x") == content_id("x")
    (16, True)
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def guess_title(text: str) -> str:
    """The first line if it looks like a headline, else ``""``.

    A headline here is a first line of at most 200 characters that is followed
    by more text and does not end like a sentence (``.``, ``!``, ``?``, ``:``,
    ``;``, ``,``). The title is not removed from the text.

    Examples
    --------
    >>> guess_title("Floods hit Dhaka\\nHeavy rain flooded streets.")
    'Floods hit Dhaka'
    >>> guess_title("Heavy rain flooded Dhaka. More rain is due.")
    ''
    """
    first, sep, rest = text.strip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > _MAX_TITLE_CHARS:
        return ""
    if first[-1] in ".!?:;,":
        return ""
    return first


def _normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_from_text(
    text: str,
    *,
    source_path: str = "",
    date: dt.date | None = None,
    title: str = "",
    url: str = "",
    article_id: str = "",
) -> Article:
    """Build an article from plain or seed-format text.

    The seed prefix ``date YYYY-MM-DD`` is removed from the text and gives the
    date unless ``date`` is passed explicitly. The title is ``title`` or, when
    empty, :func:`guess_title` of the body. The id is ``article_id`` or
    :func:`content_id` of the body.

    Raises
    ------
    ArticleError
        When the text is empty or the seed date is not a calendar date.

    Examples
    --------
    >>> a = article_from_text(" date 2018-09-18 Russia and Israel clashed.")
    >>> a.date, a.text, a.title
    (datetime.date(2018, 9, 18), 'Russia and Israel clashed.', '')
    """
    where = source_path or "<text>"
    if "\x00" in text:
        raise ArticleError(f"{where}: contains NUL characters (binary data?)")
    body = _normalise_text(text)
    match = _SEED_PREFIX.match(body)
    if match:
        seed_date = parse_date(match.group(1), where=f"{where}: seed 'date' prefix")
        body = body[match.end() :]
        if date is None:
            date = seed_date
    body = body.strip()
    if not body:
        raise ArticleError(f"{where}: article text is empty")
    return Article(
        id=article_id or content_id(body),
        title=title.strip() or guess_title(body),
        date=date,
        url=url.strip(),
        text=body,
        source_path=source_path,
    )


def _optional_str(record: Mapping[str, Any], key: str, *, where: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ArticleError(f"{where}: field {key!r} must be a string, got {type(value).__name__}")
    return checked_text(str(value), where=f"{where}: field {key!r}")


def article_from_record(record: Mapping[str, Any], *, where: str, source_path: str = "") -> Article:
    """Build an article from a mapping with ``id``, ``title``, ``date``, ``url``, ``text``.

    Only ``text`` is required; ``id`` defaults to :func:`content_id` of the
    text and ``date`` (``YYYY-MM-DD`` or ISO date-time) to ``None``. A
    ``source`` (or else ``feed``) field names the outlet the article came
    from (its collection, :mod:`mapapp.geoparse.collection`). Other keys
    are ignored. The text is taken as it is (no seed prefix parsing).

    Parameters
    ----------
    record : Mapping
        The decoded JSON object.
    where : str
        Names the file and line for error messages, e.g. ``"a.jsonl:3"``.
    source_path : str
        Stored on the article.

    Raises
    ------
    ArticleError
        When ``record`` is not a mapping, ``text`` is missing or empty, a
        field has the wrong type or the date is invalid.

    Examples
    --------
    >>> a = article_from_record({"id": "n1", "date": "2020-07-01",
    ...                          "text": "Floods in Dhaka."}, where="x")
    >>> a.id, a.date, a.title, article_from_record({"text": "x", "feed": " Ohio Daily "}, where="x").source
    ('n1', datetime.date(2020, 7, 1), '', 'Ohio Daily')
    """
    if not isinstance(record, Mapping):
        raise ArticleError(f"{where}: expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise ArticleError(f"{where}: field 'text' is missing or not a string")
    checked_text(text, where=f"{where}: field 'text'")
    body = _normalise_text(text).strip()
    if not body:
        raise ArticleError(f"{where}: field 'text' is empty")
    date, warnings = _record_date(record.get("date"), where=where)
    return Article(
        id=_optional_str(record, "id", where=where).strip() or content_id(body),
        title=_optional_str(record, "title", where=where).strip(),
        date=date,
        url=_optional_str(record, "url", where=where).strip(),
        text=body,
        source_path=source_path,
        warnings=warnings,
        source=(
            _optional_str(record, "source", where=where).strip()
            or _optional_str(record, "feed", where=where).strip()
        ),
    )


def _record_date(raw: object, *, where: str) -> tuple[dt.date | None, tuple[str, ...]]:
    """A record's date; one it cannot read leaves the article undated, with a warning."""
    if raw is None or raw == "":
        return None, ()
    if not isinstance(raw, str):
        return None, (f"{where}: field 'date' is a {type(raw).__name__}, not a date string: stored undated",)
    date = read_date(raw)
    if date is None:
        return None, (f"{where}: cannot read the date {raw[:100]!r}: stored undated",)
    return date, ()


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(f"{path}: file is {size} bytes, more than the {max_bytes}-byte limit")
        with path.open("rb") as handle:
            # Read one byte past the cap in case the file grew after stat().
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise ArticleError(f"{path}: file is more than the {max_bytes}-byte limit")
    if not data.strip():
        raise ArticleError(f"{path}: file is empty")
    return data


def _article_from_html(html: str, *, where: str, source_path: str) -> Article:
    import trafilatura  # local: heavy import, only needed for HTML

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        # No guessing from the file's own date or loose patterns: a wrong date
        # would put an incident on the wrong day.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ArticleError(f"{where}: no article text found in the HTML")
    raw_date = getattr(document, "date", None)
    # A bad page date is metadata noise, not a broken file.
    date = read_date(raw_date) if raw_date else None
    return article_from_text(
        text,
        source_path=source_path,
        date=date,
        title=getattr(document, "title", None) or "",
        url=getattr(document, "url", None) or "",
    )


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file, dispatching on its suffix (not ``.jsonl``).

    Parameters
    ----------
    path : Path
        A ``.txt``, ``.json``, ``.html`` or ``.htm`` file.
    max_bytes : int
        Files larger than this are refused.

    Raises
    ------
    ArticleError
        For an unsupported suffix, a missing, empty, oversized, binary or
        non-UTF-8 file, invalid JSON, or an invalid record.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    where = str(path)
    if suffix == ".jsonl":
        raise ArticleError(f"{path}: a .jsonl file holds many articles; use read_articles()")
    if suffix not in SUFFIXES:
        raise ArticleError(f"{path}: unsupported suffix {suffix!r} (expected one of {sorted(SUFFIXES)})")
    text = decode_utf8(_read_bytes(path, max_bytes=max_bytes), where=where)
    if suffix in TEXT_SUFFIXES:
        return article_from_text(text, source_path=where)
    if suffix in HTML_SUFFIXES:
        return _article_from_html(text, where=where, source_path=where)
    record = load_json(text, where=where, whole_file=True)
    return article_from_record(record, where=where, source_path=where)


def _jsonl_lines(path: Path, *, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, bytes)``, with ``None`` for a line over the cap."""
    with path.open("rb") as handle:
        number = 0
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the over-long line without holding it.
                while (chunk := handle.readline(max_bytes + 1)) and not chunk.endswith(b"\n"):
                    pass
                yield number, None
                continue
            yield number, line


def iter_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ArticleError]:
    """Yield an :class:`Article` or an :class:`ArticleError` for each JSONL line.

    Blank lines are skipped. A bad line yields an error naming ``path:line``
    and reading carries on, so one broken record does not stop a batch.
    ``max_bytes`` caps each line. A file that cannot be opened yields a single
    error.
    """
    path = Path(path)
    try:
        for number, line in _jsonl_lines(path, max_bytes=max_bytes):
            where = f"{path}:{number}"
            if line is None:
                yield ArticleError(f"{where}: line is more than the {max_bytes}-byte limit")
                continue
            if number == 1 and line.startswith(BOM):
                line = line[len(BOM) :]
            if not line.strip():
                continue
            try:
                record = load_json(decode_utf8(line, where=where), where=where)
                yield article_from_record(record, where=where, source_path=str(path))
            except ArticleError as exc:
                yield exc
            except Exception as exc:
                yield ArticleError(f"{where}: cannot read the record ({type(exc).__name__}: {exc})")
    except OSError as exc:
        yield ArticleError(f"{path}: cannot read file ({exc.strerror or exc})")


def read_articles(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ArticleError]:
    """Yield the articles of a file or directory, with errors as values.

    A ``.jsonl`` file yields one item per non-blank line (see
    :func:`iter_jsonl`); another supported file yields its article or its
    error; a directory yields the items of its supported files in name order
    (not recursing). Errors are yielded, not raised, so a batch can continue.
    """
    path = Path(path)
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() in SUFFIXES:
                yield from read_articles(child, max_bytes=max_bytes)
        return
    if path.suffix.lower() == ".jsonl":
        yield from iter_jsonl(path, max_bytes=max_bytes)
        return
    try:
        yield read_article(path, max_bytes=max_bytes)
    except ArticleError as exc:
        yield exc
    except Exception as exc:
        yield ArticleError(f"{path}: cannot read the article ({type(exc).__name__}: {exc})")
