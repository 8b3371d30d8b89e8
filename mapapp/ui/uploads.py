"""The app's upload queue: uploads are parsed in the background, small ones never behind big ones.

Each upload (one file: an article, or many in a ``.jsonl``) becomes an
:class:`UploadJob` in one of two lanes chosen by its size. Each lane has one
thread that takes its jobs in turn (alternating between sessions, so one
session's pile of files does not hold up another's) and one parser process
(:class:`~mapapp.pipeline.worker.ArticleWorker`, ~700 MB with the default md models, ~500 MB with sm):

* ``quick``: files up to :data:`QUICK_BYTES`; its process starts with the
  queue and stays, so a small upload waits at most for other small ones;
* ``large``: everything bigger; its process starts when a large upload
  arrives and ends after :data:`IDLE_S` without one, returning the memory.

Two processes fit the 2-core machine the app is sized for. Every article
has a time budget (``MAPAPP_ARTICLE_BUDGET`` seconds, default
:data:`BUDGET_S`; at most :data:`QUICK_BUDGET_S` in the quick lane): one
that takes longer becomes that article's failure and the lane goes on.
Parsing happens in the processes; the lane thread reads the file and writes
the store, one transaction per article, so ending a process never loses
anything stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from mapapp.errors import ConfigError
from mapapp.models import Article
from mapapp.pipeline import ArticleProcessor, Failure, IngestReport, Processed, processor_factory
from mapapp.pipeline.worker import ArticleWorker
from mapapp.store import StoreTarget
from mapapp.ui.data import UploadResult, ingest_upload, safe_upload_name, upload_digest

QUICK_BYTES = 256 * 1024
BUDGET_S = 1200.0
QUICK_BUDGET_S = 120.0
IDLE_S = 300.0
BUDGET_ENV = "MAPAPP_ARTICLE_BUDGET"

LaneName = Literal["quick", "large"]
State = Literal["queued", "parsing", "done"]
Factory = Callable[[], Callable[[Article], Processed]]


def budget_from_env(env: Mapping[str, str]) -> float:
    """The per-article budget in seconds from ``MAPAPP_ARTICLE_BUDGET`` (default 1200).

    >>> budget_from_env({}), budget_from_env({"MAPAPP_ARTICLE_BUDGET": "90"})
    (1200.0, 90.0)
    >>> budget_from_env({"MAPAPP_ARTICLE_BUDGET": "soon"})
    Traceback (most recent call last):
    ...
    mapapp.errors.ConfigError: MAPAPP_ARTICLE_BUDGET must be a number of seconds above 0, not 'soon'
    """
    raw = env.get(BUDGET_ENV, "").strip()
    if not raw:
        return BUDGET_S
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise ConfigError(f"{BUDGET_ENV} must be a number of seconds above 0, not {raw!r}")
    return value


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where one upload is: waiting (behind ``ahead`` jobs), parsing (article ``started`` of ``total``), done."""

    state: State
    lane: LaneName
    ahead: int = 0
    loading: bool = False  # the lane's parser process is loading its models
    started: int = 0
    total: int | None = None
    seconds: float = 0.0  # on the article being parsed
    budget_s: float = 0.0
    result: UploadResult | None = None


class UploadJob:
    """One uploaded file on its way into the store; :meth:`status` says where it is."""

    def __init__(self, name: str, data: bytes, *, db_path: StoreTarget, session: str, lane: _Lane) -> None:
        self.name = safe_upload_name(name)
        self.raw_name = name
        self.digest = upload_digest(data)
        self.db_path = db_path
        self.session = session
        self._data: bytes | None = data
        self._lane = lane
        self._lock = threading.Lock()
        self._state: State = "queued"
        self._started = 0
        self._total: int | None = None
        self._since = 0.0
        self._result: UploadResult | None = None
        self._finished = threading.Event()

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> UploadResult | None:
        """The result once done (``None`` if ``timeout`` seconds pass first)."""
        self._finished.wait(timeout)
        return self._result

    def status(self) -> JobStatus:
        with self._lock:
            if self._state == "queued":
                return JobStatus("queued", self._lane.name, ahead=self._lane.ahead_of(self))
            seconds = time.monotonic() - self._since if self._since else 0.0
            return JobStatus(
                self._state,
                self._lane.name,
                loading=self._state == "parsing" and self._started > 0 and not self._since,
                started=self._started,
                total=self._total,
                seconds=seconds,
                budget_s=self._lane.worker.budget_s,
                result=self._result,
            )

    # -- called by the lane's thread -------------------------------------------------
    def _run(self) -> None:
        data, self._data = self._data or b"", None  # the bytes are not kept once read
        with self._lock:
            self._state = "parsing"
        try:
            result = ingest_upload(
                self.raw_name, data, db_path=self.db_path, parser=self._parse, on_read=self._read
            )
        except Exception as exc:  # the store could not be opened or written (disk full): said per file
            self._finish(failure=str(exc) or type(exc).__name__)
            return
        self._finish(result=result)

    def _finish(self, *, result: UploadResult | None = None, failure: str = "") -> None:
        if result is None:
            report = IngestReport(failures=(Failure(self.name, None, failure),))
            result = UploadResult(self.name, self.digest, (), report)
        with self._lock:
            self._state, self._result, self._data = "done", result, None
        self._finished.set()

    def _read(self, count: int) -> None:
        with self._lock:
            self._total = count

    def _parse(self, article: Article) -> Processed:
        with self._lock:
            self._started, self._since = self._started + 1, 0.0
        self._lane.worker.start()  # loading the models is not the article's time
        with self._lock:
            self._since = time.monotonic()
        return self._lane.worker(article)


@dataclass(eq=False)
class _Lane:
    """One lane: a worker process, its waiting jobs and the thread that runs them."""

    name: LaneName
    worker: ArticleWorker
    idle_s: float | None  # None: the process stays
    pending: list[UploadJob] = dataclasses.field(default_factory=list)
    running: UploadJob | None = None
    last_session: str = ""
    closed: bool = False
    wake: threading.Condition = dataclasses.field(default_factory=threading.Condition)

    def _order(self) -> list[UploadJob]:
        """The waiting jobs in the order they will run: sessions take turns (hold ``wake``)."""
        rest, order, last = list(self.pending), [], self.last_session
        while rest:
            job = next((j for j in rest if j.session != last), rest[0])
            rest.remove(job)
            order.append(job)
            last = job.session
        return order

    def ahead_of(self, job: UploadJob) -> int:
        """How many jobs run before ``job`` (the running one included)."""
        with self.wake:
            order = self._order()
            return (order.index(job) if job in order else 0) + (self.running is not None)

    def put(self, job: UploadJob) -> None:
        with self.wake:
            if self.closed:
                raise RuntimeError("the upload queue is closed")
            self.pending.append(job)
            self.wake.notify()

    def _take(self) -> UploadJob | None:
        """The next job (another session's first, if one waits); ``None`` when closed or idle."""
        with self.wake:
            if not self.pending and not self.closed:
                self.wake.wait(self.idle_s)
            if self.closed or not self.pending:
                return None
            job = self._order()[0]
            self.pending.remove(job)
            self.running, self.last_session = job, job.session
            return job

    def serve(self) -> None:
        while not self.closed:
            job = self._take()
            if job is None:
                if self.idle_s is not None:
                    self.worker.stop()  # idle: give the models' memory back
                continue
            try:
                job._run()
            finally:
                with self.wake:
                    self.running = None


class UploadQueue:
    """The server's upload queue (see the module docstring); made once per server by the app.

    Parameters
    ----------
    factory
        Builds the article processor inside each parser process.
    budget_s
        Seconds one article may take to parse (``quick_budget_s`` at most in the quick lane).
    quick_bytes
        Files up to this size go to the quick lane.
    idle_s
        Seconds without a large upload after which the large lane's process ends.
    start_quick
        Start the quick lane's process now, in the background, so the first
        small upload does not wait for the models to load.
    """

    def __init__(
        self,
        factory: Factory = ArticleProcessor.default,
        *,
        budget_s: float = BUDGET_S,
        quick_budget_s: float = QUICK_BUDGET_S,
        quick_bytes: int = QUICK_BYTES,
        idle_s: float = IDLE_S,
        start_quick: bool = True,
    ) -> None:
        self.quick_bytes = quick_bytes
        self.lanes: dict[LaneName, _Lane] = {
            "quick": _Lane("quick", ArticleWorker(factory, budget_s=min(budget_s, quick_budget_s)), None),
            "large": _Lane("large", ArticleWorker(factory, budget_s=budget_s), idle_s),
        }
        self._threads = [
            threading.Thread(target=lane.serve, name=f"mapapp-upload-{name}", daemon=True)
            for name, lane in self.lanes.items()
        ]
        for thread in self._threads:
            thread.start()
        if start_quick:
            threading.Thread(target=self._warm, name="mapapp-upload-warm", daemon=True).start()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> UploadQueue:
        """The app's queue: the budget from ``MAPAPP_ARTICLE_BUDGET``, the spaCy pipeline from ``MAPAPP_MODEL``."""
        from mapapp.geoparse.nlp import model_from_env

        return cls(processor_factory(model=model_from_env(env)), budget_s=budget_from_env(env))

    @property
    def processor(self) -> ArticleWorker:
        """The quick lane's parser, for the seed articles at first start (calls are serialised)."""
        return self.lanes["quick"].worker

    def lane_for(self, size: int) -> LaneName:
        return "quick" if size <= self.quick_bytes else "large"

    def submit(self, name: str, data: bytes, *, db_path: StoreTarget, session: str) -> UploadJob:
        """Queue one uploaded file for ``db_path``; returns at once."""
        lane = self.lanes[self.lane_for(len(data))]
        job = UploadJob(name, data, db_path=db_path, session=session, lane=lane)
        lane.put(job)
        return job

    def close(self) -> None:
        """Stop the lanes after the jobs they are running, and end the parser processes."""
        for lane in self.lanes.values():
            with lane.wake:
                lane.closed = True
                dropped, lane.pending = lane.pending, []
                lane.wake.notify_all()
            for job in dropped:
                job._finish(failure="the app stopped before this file was parsed: upload it again")
        for thread in self._threads:
            thread.join()
        for lane in self.lanes.values():
            lane.worker.stop()

    def _warm(self) -> None:
        # A parser that cannot start is reported by the first upload, per file.
        with contextlib.suppress(Exception):
            self.lanes["quick"].worker.start()
