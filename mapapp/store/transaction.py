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
from mapapp.store.safety import describe, is_disk_full


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, *, store: Path | None = None) -> Iterator[None]:
    """Run the ``with`` body in one transaction: committed at the end, rolled back on any exception.

    The exception is re-raised after the rollback, which runs only while a
    transaction is still open: SQLite rolls back by itself on some errors
    (a full disk), and a second ROLLBACK would hide the real cause. With
    ``store``, SQLite errors become :class:`~mapapp.errors.StoreError`
    naming it: "cannot lock" when the transaction cannot start, "cannot
    write" when the body or the commit fails. Without it they propagate as
    they are, except a full disk, always a StoreError that says so.

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
    where = f" {store}" if store is not None else ""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        if store is None and not is_disk_full(exc):
            raise
        raise StoreError(f"cannot lock store{where} for writing: {describe(exc)}") from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and (store is not None or is_disk_full(exc)):
            raise StoreError(f"cannot write to store{where}: {describe(exc)}") from exc
        raise
