"""The per-article work on a Dask cluster, when one machine is not enough (the ``mapapp[dask]`` extra).

:func:`map_on_cluster` is :func:`mapapp.pipeline.pool.map_articles` on Dask
distributed: ``tcp://host:8786`` joins a running scheduler, ``local:N``
starts a ``LocalCluster`` of N one-thread worker processes. Each worker
builds its task once (the Geoparser and incident reader, through
:class:`ArticleWorker`, a ``WorkerPlugin`` registered with
``Client.register_plugin``); the gazetteer cache is built or found by one
worker per host before any article is sent, so the others open it. Articles
are submitted a window at a time and their results stream back with
``as_completed``; they are yielded in input order (a bounded reorder buffer),
so the one writer stores exactly what a local ingest stores. An exception
for one article is that article's :class:`~mapapp.pipeline.pool.ParseFailure`;
an article whose workers kept dying (Dask's ``KilledWorker``) is run once
more alone, so only the article that kills workers fails; the run goes on.

Dask is imported only when :func:`map_on_cluster` runs (:mod:`mapapp.pipeline.dask_worker`).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from mapapp.errors import ClusterError
from mapapp.models import Article
from mapapp.pipeline.pool import BATCH_PER_WORKER, ParseFailure

R = TypeVar("R")

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


def _client(address: str) -> tuple[Any, Any]:
    """A connected ``Client`` and the ``LocalCluster`` it started (``None`` for a remote one)."""
    distributed = _distributed()
    local = _LOCAL.match(address)
    try:
        if local:
            cluster = distributed.LocalCluster(
                n_workers=int(local["n"]),
                threads_per_worker=1,  # spaCy is not thread-safe: one article at a time per process
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            return distributed.Client(cluster), cluster
        return distributed.Client(address, timeout="10s"), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask cluster {address}: {exc}") from exc


def _failure(article: Article, exc: BaseException) -> ParseFailure:
    return ParseFailure(article, f"{type(exc).__name__} on the Dask cluster: {exc}")


def _alone(client: Any, article: Article, others: list[Any]) -> Any:
    """``article`` run again once nothing else runs: a lost worker counts against every task it held."""
    from distributed import wait

    from mapapp.pipeline.dask_worker import run_on_worker

    wait(others)  # the others finish first, so if this one kills its worker again, it alone is blamed
    try:
        return client.submit(run_on_worker, article, pure=False).result()
    except Exception as exc:
        return _failure(article, exc)


def _in_order(client: Any, articles: Iterator[Article], window: int) -> Iterator[Any]:
    """Submit ``articles`` ``window`` at a time; yield results in input order as they complete."""
    from distributed import KilledWorker, as_completed

    from mapapp.pipeline.dask_worker import run_on_worker

    numbered = enumerate(articles)
    index_of: dict[Any, tuple[int, Article]] = {}
    done: dict[int, Any] = {}
    flow = as_completed()
    for number, article in itertools.islice(numbered, window):
        future = client.submit(run_on_worker, article, pure=False)
        index_of[future] = (number, article)
        flow.add(future)
    following = 0
    for future in flow:
        number, article = index_of.pop(future)
        try:
            done[number] = future.result()
        except KilledWorker:
            done[number] = _alone(client, article, list(index_of))
        except Exception as exc:  # the result could not come back
            done[number] = _failure(article, exc)
        future.release()
        for pair in itertools.islice(numbered, 1):  # one out, one in: the window stays full
            fresh = client.submit(run_on_worker, pair[1], pure=False)
            index_of[fresh] = pair
            flow.add(fresh)
        while following in done:
            yield done.pop(following)
            following += 1


def map_on_cluster(
    articles: Iterable[Article], *, factory: Callable[[], Callable[[Article], R]], address: str
) -> Iterator[R | ParseFailure]:
    """Run ``factory()``'s task over ``articles`` on the Dask cluster at ``address``, in input order.

    Raises
    ------
    ClusterError
        If Dask is not installed, or the cluster cannot be reached or started.
    """
    client, cluster = _client(check_address(address))
    from mapapp.pipeline.dask_worker import ArticleWorker, build_gazetteer

    try:
        hosts = one_worker_per_host(client.scheduler_info())
        if not hosts:
            raise ClusterError(f"the Dask cluster {address} has no workers")
        client.run(build_gazetteer, workers=hosts)  # once per host, before the workers load it
        client.register_plugin(ArticleWorker(factory))
        window = max(1, len(client.scheduler_info()["workers"])) * BATCH_PER_WORKER
        yield from _in_order(client, iter(articles), window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
