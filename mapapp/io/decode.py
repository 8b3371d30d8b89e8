"""Bytes to text to JSON, refusing what is not article text, with errors naming the file and line."""

from __future__ import annotations

import json
from typing import Any

from mapapp.errors import ArticleError

BOM = b"\xef\xbb\xbf"


def checked_text(value: str, *, where: str) -> str:
    """``value``, refused the same way in every field when it holds a NUL or a lone surrogate.

    NUL marks binary data; a lone surrogate (``"\\ud800"`` in JSON) is no
    character at all and cannot be stored or hashed as UTF-8.

    >>> checked_text("Floods", where="x")
    'Floods'
    >>> checked_text("a" + chr(0xD800), where="a.jsonl:3: field 'title'")
    Traceback (most recent call last):
    ...
    mapapp.errors.ArticleError: a.jsonl:3: field 'title': contains a lone surrogate (not valid Unicode text)
    """
    if "\x00" in value:
        raise ArticleError(f"{where}: contains NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ArticleError(f"{where}: contains a lone surrogate (not valid Unicode text)") from None
    return value


def decode_utf8(data: bytes, *, where: str) -> str:
    if data.startswith(BOM):
        data = data[len(BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleError(f"{where}: NUL byte at offset {nul} (binary file?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{where}: not valid UTF-8 at byte offset {exc.start} "
            f"(byte 0x{data[exc.start]:02x}); re-encode the file as UTF-8"
        ) from None


def load_json(text: str, *, where: str, whole_file: bool = False) -> Any:
    """Decode one JSON document; every way it can fail is an :class:`ArticleError` naming ``where``.

    A ``whole_file`` error names the line (``a.json:3``); a JSONL record's
    ``where`` already does, so its error names the column. Beyond malformed
    JSON this covers input built to break the decoder: nesting
    deeper than Python's recursion limit, and integers longer than its
    4,300-digit conversion limit.

    >>> load_json("[" * 100000, where="a.json")
    Traceback (most recent call last):
    ...
    mapapp.errors.ArticleError: a.json: JSON nested too deeply to read
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if whole_file:
            raise ArticleError(f"{where}:{exc.lineno}: invalid JSON ({exc.msg})") from None
        raise ArticleError(f"{where}: invalid JSON at column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise ArticleError(f"{where}: JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer over the digit limit
        raise ArticleError(f"{where}: JSON value cannot be read ({exc})") from None
