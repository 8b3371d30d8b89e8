"""The per-article work on a Dask cluster, when one machine is not enough (the ``mapapp[dask]`` extra).

:func:`map_on_cluster` is :func:`mapapp.pipeline.pool.map_articles` on Dask
distributed: ``tcp://host:8786`` joins a running scheduler, ``local:N``
starts a ``LocalCluster`` of N one-thread worker processes, in a thread while
this one builds or finds the gazetteer cache and reads the first articles.
Each worker builds its task once (the Geoparser and incident reader, through
:class:`ArticleWorker`, a ``WorkerPlugin`` registered with
``Client.register_plugin``), on its first task, so all workers load their
models while articles are already queued on them; on a remote cluster the
gazetteer cache is built or found by one worker per host before any article
is sent, so the others open it. Articles go a few per task
(:func:`in_tasks`), a bounded window of tasks in flight, and their results
stream back with ``as_completed``; they are yielded in input order (a bounded
reorder buffer), so the one writer stores exactly what a local ingest stores.
An exception for one article is that article's
:class:`~mapapp.pipeline.pool.ParseFailure`; the articles of a task whose
workers kept dying (Dask's ``KilledWorker``) are run once more, each alone, so
only the article that kills workers fails; the run goes on.

Dask is imported only when :func:`map_on_cluster` runs (:mod:`mapapp.pipeline.dask_worker`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from mapapp.errors import ClusterError
from mapapp.models import Article
from mapapp.pipeline.pool import ParseFailure

R = TypeVar("R")

#: Articles sent in one task, and the text they may hold together: fewer,
#: larger tasks cut the per-task work of the scheduler, the nannies and the
#: writer (which share the cores on a small cluster); a long article goes alone.
ARTICLES_PER_TASK = 4
TASK_CHARS = 16_000
#: Tasks queued per worker: one runs while the next ones wait on the worker,
#: so it never idles between tasks; few enough that memory stays bounded.
TASKS_PER_WORKER = 4
#: Dask settings of the clusters mapapp starts. By default every process
#: wakes every 10-20 ms (the workers' statistical profiler, the event loops'
#: health tick) and each wake-up takes the GIL from the parsing thread; on a
#: busy host a woken thread preempted while holding it stalls the parse.
#: Workers of a remote cluster take the same from their own configuration
#: (docs/scale.md).
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}

_LOCAL = re.compile(r"local:(?P<n>[1-9][0-9]?)\Z")
_REMOTE = re.compile(r"(tcp|tls)://[^\s/:]+(:[0-9]{1,5})?\Z")


def check_address(text: str) -> str:
    """``text`` if it names a cluster: ``local:N`` (1-64 workers) or ``tcp://host[:port]``.

    >>> check_address("local:2"), check_address("tcp://10.0.0.5:8786")
    ('local:2', 'tcp://10.0.0.5:8786')
    >>> check_address("local:0")
    Traceback (most recent call last):
    ...
    mapapp.errors.ClusterError: 'local:0' is not a Dask cluster: give local:N (N from 1 to 64) or tcp://HOST:PORT
    """
    text = text.strip()
    local = _LOCAL.match(text)
    if (local and int(local["n"]) <= 64) or _REMOTE.match(text):
        return text
    raise ClusterError(f"{text!r} is not a Dask cluster: give local:N (N from 1 to 64) or tcp://HOST:PORT")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError("--dask needs Dask distributed: pip install 'mapapp[dask]'") from exc
    return distributed


def one_worker_per_host(info: dict[str, Any]) -> list[str]:
    """One worker address per host of a scheduler's ``scheduler_info()`` (the first by address).

    >>> one_worker_per_host({"workers": {"tcp://a:1": {"host": "a"}, "tcp://a:2": {"host": "a"},
    ...                                  "tcp://b:1": {"host": "b"}}})
    ['tcp://a:1', 'tcp://b:1']
    """
    chosen: dict[str, str] = {}
    for address, worker in sorted(info.get("workers", {}).items()):
        chosen.setdefault(str(worker.get("host", address)), address)
    return sorted(chosen.values())


def _client(address: str, plugins: tuple[Any, ...] = ()) -> tuple[Any, Any]:
    """A connected ``Client`` and the ``LocalCluster`` it started (``None`` for a remote one).

    A local cluster's workers are started with ``plugins``, so they set up
    while the cluster starts.
    """
    distributed = _distributed()
    local = _LOCAL.match(address)
    try:
        if local:
            import dask

            with dask.config.set(QUIET):  # the nannies hand the settings to their workers
                cluster = distributed.LocalCluster(
                    n_workers=int(local["n"]),
                    threads_per_worker=1,  # spaCy is not thread-safe: one article at a time per process
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                    plugins=plugins,
                )
            return distributed.Client(cluster), cluster
        return distributed.Client(address, timeout="10s"), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask cluster {address}: {exc}") from exc


def _failure(article: Article, exc: BaseException) -> ParseFailure:
    return ParseFailure(article, f"{type(exc).__name__} on the Dask cluster: {exc}")


def in_tasks(
    articles: Iterable[Article], *, size: int = ARTICLES_PER_TASK, chars: int = TASK_CHARS
) -> Iterator[list[Article]]:
    """Consecutive ``articles`` grouped into tasks of at most ``size`` articles and ``chars`` characters.

    An article longer than ``chars`` goes alone.

    >>> def art(n, length):
    ...     return Article(id=str(n), title="", date=None, url="", text="x" * length)
    >>> [[a.id for a in task] for task in in_tasks([art(n, 10) for n in range(5)], size=2, chars=100)]
    [['0', '1'], ['2', '3'], ['4']]
    >>> [[a.id for a in task] for task in in_tasks([art(0, 60), art(1, 60), art(2, 500)], chars=100)]
    [['0'], ['1'], ['2']]
    """
    task: list[Article] = []
    held = 0
    for article in articles:
        if task and (len(task) == size or held + len(article.text) > chars):
            yield task
            task, held = [], 0
        task.append(article)
        held += len(article.text)
    if task:
        yield task


def _alone(client: Any, article: Article, others: list[Any]) -> Any:
    """``article`` run again once nothing else runs: a lost worker counts against every task it held."""
    from distributed import wait

    from mapapp.pipeline.dask_worker import run_on_worker

    wait(others)  # the others finish first, so if this one kills its worker again, it alone is blamed
    try:
        return client.submit(run_on_worker, [article], pure=False).result()[0]
    except Exception as exc:
        return _failure(article, exc)


def _in_order(client: Any, tasks: Iterator[list[Article]], window: int) -> Iterator[Any]:
    """Submit ``tasks`` ``window`` at a time; yield their articles' results in input order."""
    from distributed import KilledWorker, as_completed

    from mapapp.pipeline.dask_worker import run_on_worker

    numbered = enumerate(tasks)
    index_of: dict[Any, tuple[int, list[Article]]] = {}
    done: dict[int, list[Any]] = {}
    flow = as_completed()

    def send(count: int) -> None:
        for number, task in itertools.islice(numbered, count):
            future = client.submit(run_on_worker, task, pure=False)
            index_of[future] = (number, task)
            flow.add(future)

    send(window)
    following = 0
    for future in flow:
        number, task = index_of.pop(future)
        try:
            done[number] = future.result()
        except KilledWorker:  # each article of the task alone, so only the one that kills is failed
            done[number] = [_alone(client, article, list(index_of)) for article in task]
        except Exception as exc:  # the results could not come back
            done[number] = [_failure(article, exc) for article in task]
        future.release()
        send(1)  # one out, one in: the window stays full
        while following in done:
            yield from done.pop(following)
            following += 1


def _close(client: Any, cluster: Any) -> None:
    client.close()
    if cluster is not None:
        cluster.close()


def _start(
    address: str, articles: Iterator[Article], *, plugin: Any, ahead: int
) -> tuple[Any, Any, list[Article]]:
    """The client and cluster of :func:`_client`, and the first ``ahead`` articles.

    The cluster starts in a thread while this one reads those articles (and
    checks their hashes against the store) and, for a local cluster, builds
    or finds this host's gazetteer cache, which its workers then open.
    """
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mapapp-dask-start") as starter:
        starting = starter.submit(_client, address, (plugin,) if _LOCAL.match(address) else ())
        try:
            if _LOCAL.match(address):
                from mapapp.gazetteer import Gazetteer

                Gazetteer.open().close()
            first = list(itertools.islice(articles, ahead))
        except BaseException:
            with contextlib.suppress(Exception):
                _close(*starting.result())
            raise
        client, cluster = starting.result()
    return client, cluster, first


def map_on_cluster(
    articles: Iterable[Article], *, factory: Callable[[], Callable[[Article], R]], address: str
) -> Iterator[R | ParseFailure]:
    """Run ``factory()``'s task over ``articles`` on the Dask cluster at ``address``, in input order.

    Raises
    ------
    ClusterError
        If Dask is not installed, or the cluster cannot be reached or started.
    """
    address = check_address(address)
    _distributed()  # the missing extra is reported before anything starts
    local = _LOCAL.match(address)
    per_window = TASKS_PER_WORKER * ARTICLES_PER_TASK
    pending = iter(articles)
    from mapapp.pipeline.dask_worker import ArticleWorker, build_gazetteer

    plugin = ArticleWorker(factory)
    ahead = per_window * (int(local["n"]) if local else 1)
    client, cluster, first = _start(address, pending, plugin=plugin, ahead=ahead)
    try:
        hosts = one_worker_per_host(client.scheduler_info())
        if not hosts:
            raise ClusterError(f"the Dask cluster {address} has no workers")
        if not local:  # a local cluster's host is this one (_start): its workers started with the plugin
            client.run(build_gazetteer, workers=hosts)  # once per host, before the workers load it
            client.register_plugin(plugin)
        window = max(1, len(client.scheduler_info()["workers"])) * TASKS_PER_WORKER
        yield from _in_order(client, in_tasks(itertools.chain(first, pending)), window)
    finally:
        _close(client, cluster)
