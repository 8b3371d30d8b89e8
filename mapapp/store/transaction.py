"""The one way the store writes: a ``BEGIN IMMEDIATE`` transaction.

Connections are in autocommit mode (:func:`mapapp.store.schema.connect`), so
every write opens its transaction explicitly. ``IMMEDIATE`` takes the write
lock at once: concurrent writers queue on the lock (up to the busy timeout)
instead of failing when they first write.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from mapapp.errors import StoreError


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, *, store: Path | None = None) -> Iterator[None]:
    """Run the ``with`` body in one transaction: committed at the end, rolled back on any exception.

    The exception is re-raised after the rollback. With ``store``, SQLite
    errors become :class:`~mapapp.errors.StoreError` naming it: "cannot lock"
    when the transaction cannot start, "cannot write" when the body or the
    commit fails. Without it they propagate as they are.

    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> _ = conn.execute("CREATE TABLE t (x)")
    >>> with write_transaction(conn):
    ...     _ = conn.execute("INSERT INTO t VALUES (1)")
    >>> try:
    ...     with write_transaction(conn):
    ...         _ = conn.execute("INSERT INTO t VALUES (2)")
    ...         raise KeyError("boom")
    ... except KeyError:
    ...     pass
    >>> conn.execute("SELECT x FROM t").fetchall()
    [(1,)]
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        if store is None:
            raise
        raise StoreError(f"cannot lock store {store} for writing: {exc}") from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if store is not None and isinstance(exc, sqlite3.Error):
            raise StoreError(f"cannot write to store {store}: {exc}") from exc
        raise
