"""One article processor in its own process, with a time budget for each article.

The app parses uploads here, not in the server process, for two reasons: a
running spaCy parse cannot be interrupted, but a process can be ended, so
an article over its budget is stopped and becomes that article's failure;
and the server's threads stay free for other sessions. The process only
parses (it never opens the store), so ending it cannot lose stored data;
the next article starts a new process.

The process is *spawned* (a forked spaCy model and SQLite connection are not
safe to share) and ends by itself when its parent goes away (its pipe
closes), so no parser outlives the server.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from mapapp.errors import ParseTimeout, WorkerError
from mapapp.models import Article
from mapapp.pipeline.pool import ArticleProcessor, Processed

#: Seconds a new process may take to load its models before it counts as failed.
START_TIMEOUT_S = 300.0


def exit_text(code: int | None) -> str:
    """How a process ended, for people.

    >>> exit_text(1), exit_text(-9), exit_text(-11)
    ('exit code 1', 'killed: signal 9, often out of memory', 'ended by signal 11')
    """
    if code == -signal.SIGKILL:
        return "killed: signal 9, often out of memory"
    if code is not None and code < 0:
        return f"ended by signal {-code}"
    return f"exit code {code}"


def _serve(conn: Connection, factory: Callable[[], Callable[[Article], Processed]]) -> None:
    """The child's loop: build the task once, then answer one article at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which ends us
    try:
        task = factory()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        try:
            conn.send(("done", task(article)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class ArticleWorker:
    """``article -> Processed`` computed in a child process, each article within ``budget_s``.

    Parameters
    ----------
    factory
        Builds the per-article task in the child (picklable; loads the
        models there), by default :meth:`ArticleProcessor.default`.
    budget_s
        Seconds one article may take. Past it the process is ended and
        :class:`~mapapp.errors.ParseTimeout` is raised; the next call starts
        a new process (loading the models again).
    start_timeout_s
        Seconds a new process may take to be ready.

    Calls are serialised: one article at a time per process, whichever
    thread calls. The budget counts from the moment the article is sent to
    a ready process (loading the models is not part of it).

    Raises
    ------
    ParseTimeout
        From a call whose article took longer than ``budget_s``.
    WorkerError
        From a call when the process cannot start, stops while parsing, or
        the task raised on the article (the message holds its error).
    """

    def __init__(
        self,
        factory: Callable[[], Callable[[Article], Processed]] = ArticleProcessor.default,
        *,
        budget_s: float,
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        if not budget_s > 0:
            raise ValueError(f"budget_s must be positive, not {budget_s!r}")
        self.factory = factory
        self.budget_s = float(budget_s)
        self.start_timeout_s = float(start_timeout_s)
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        #: Processes started so far (a budget overrun or a crash makes a new one).
        self.starts = 0

    @property
    def running(self) -> bool:
        """Whether a ready process is waiting for articles."""
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the process now (blocks until it is ready), unless one is running."""
        with self._lock:
            self._ready()

    def stop(self) -> None:
        """End the process, if any (models are freed; the next call starts a new one)."""
        with self._lock:
            self._end()

    def __call__(self, article: Article) -> Processed:
        with self._lock:
            conn = self._ready()
            try:
                conn.send(article)
            except OSError as exc:
                self._end()
                raise WorkerError(f"cannot send the article to the parser process ({exc})") from None
            if not conn.poll(self.budget_s):
                self._end()
                raise ParseTimeout(
                    f"parsing took longer than the {self.budget_s:g}-second budget for one article: "
                    "stopped, and nothing of this article was stored"
                )
            try:
                kind, value = conn.recv()
            except (EOFError, OSError):
                code = self._end(grace_s=2.0)
                raise WorkerError(f"the parser process stopped while parsing ({exit_text(code)})") from None
        if kind == "error":
            raise WorkerError(str(value))
        if not isinstance(value, Processed):
            raise WorkerError(f"the parser process answered {kind!r}, not a parsed article")
        return value

    def _ready(self) -> Connection:
        """The pipe to a ready process, starting one if needed (hold the lock)."""
        if self.running and self._conn is not None:
            return self._conn
        self._end()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.factory), name="mapapp-parser", daemon=True
        )
        process.start()
        child.close()  # our copy: the child's end now closes when the child exits
        self._process, self._conn = process, parent
        self.starts += 1
        deadline = time.monotonic() + self.start_timeout_s
        try:
            ready = parent.poll(max(0.0, deadline - time.monotonic()))
            kind, value = parent.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            kind, value = "stopped", f"it stopped ({exit_text(self._end(grace_s=2.0))})"
        if kind != "ready":
            self._end()
            detail = f"not ready after {self.start_timeout_s:g} s" if kind == "timeout" else value
            raise WorkerError(f"the parser process could not start: {detail}")
        return parent

    def _end(self, *, grace_s: float = 0.0) -> int | None:
        """End the process and close the pipe; its exit code (``None`` when none ran).

        ``grace_s``: a process whose pipe closed is probably exiting by
        itself; waiting a moment reports its own exit code, not ours.
        """
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is None:
            return None
        process.join(grace_s)
        if process.is_alive():
            process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
        process.join()
        code = process.exitcode
        process.close()
        return int(code) if code is not None else None
