"""Failures of the store file, told in one line: disk full, damage, read-only opening.

Kept apart from :mod:`mapapp.store.schema` (which decides *what* a store
is) so the transaction helper can use it without importing the schema.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import urllib.parse
from pathlib import Path

from mapapp.errors import StoreError

_SQLITE_FULL = getattr(sqlite3, "SQLITE_FULL", 13)


class SchemaTooOldError(StoreError):
    """A store opened read-only has an older schema and must be migrated (opened writable) first."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's ``SQLITE_FULL`` or the OS's ``ENOSPC``.

    >>> is_disk_full(sqlite3.OperationalError("database or disk is full"))
    True
    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_disk_full(sqlite3.OperationalError("database is locked"))
    False
    """
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return (isinstance(code, int) and code & 0xFF == _SQLITE_FULL) or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def describe(exc: BaseException) -> str:
    """The error text, led by "disk full" when that is the cause.

    >>> describe(sqlite3.OperationalError("database or disk is full"))
    'disk full (database or disk is full)'
    """
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"disk full ({text})" if is_disk_full(exc) else text


def unreadable(path: Path, exc: BaseException) -> StoreError:
    """The error for a store SQLite cannot read (damaged pages, not a database)."""
    return StoreError(f"cannot open the store {path}: it is damaged or not a mapapp SQLite store ({exc})")


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI opening ``path`` read-only.

    ``immutable=1`` when its folder is not writable and no ``-wal`` file is
    left: SQLite could not create the ``-shm`` file WAL readers need, and
    no other process can be writing there.
    """
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path, *, timeout: float) -> sqlite3.Connection:
    """Open ``path`` read-only (never created, never written)."""
    if not path.is_file():
        raise StoreError(f"no incident store at {path}")
    try:
        return sqlite3.connect(
            read_only_uri(path), uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path} read-only: {exc}") from exc
