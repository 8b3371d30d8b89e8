"""What runs on a Dask worker: the plugin holding its one task, and the task call.

Imports ``distributed`` at import time (Dask accepts only real
``WorkerPlugin`` subclasses), so only :mod:`mapapp.pipeline.cluster` imports
this module, and only when an ingest runs on a cluster.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from distributed import WorkerPlugin, get_worker

from mapapp.models import Article
from mapapp.pipeline.pool import guarded

#: The name the plugin is registered under (``get_worker().plugins[PLUGIN]``).
PLUGIN = "mapapp-articles"


class ArticleWorker(WorkerPlugin):
    """The worker's one task, built from ``factory`` once, in a thread started when the worker starts.

    Neither the worker's start nor ``Client.register_plugin`` waits for the
    models: they load while the cluster finishes starting and the first
    articles are queued, and the first task waits for them. A factory that
    raises fails every article of this worker with its message.
    """

    name = PLUGIN

    def __init__(self, factory: Callable[[], Callable[[Article], Any]]) -> None:
        self.factory = factory
        self.task: Callable[[Article], Any] | None = None
        self.broken: BaseException | None = None
        self._built: threading.Event | None = None

    def setup(self, worker: Any) -> None:
        self._built = threading.Event()
        threading.Thread(target=self._build, name="mapapp-load-models", daemon=True).start()

    def _build(self) -> None:
        assert self._built is not None
        try:
            self.task = guarded(self.factory())
        except Exception as exc:
            self.broken = exc
        finally:
            self._built.set()

    def teardown(self, worker: Any) -> None:
        self.task = None

    def loaded(self) -> Callable[[Article], Any]:
        """The task, once built."""
        assert self._built is not None, "the worker plugin was not set up"
        self._built.wait()
        if self.broken is not None:
            raise RuntimeError(f"cannot load the article processor: {self.broken}") from self.broken
        assert self.task is not None
        return self.task


def run_on_worker(articles: Sequence[Article]) -> list[Any]:
    """The results of the task of the worker this runs on for ``articles`` (ParseFailures if it raised)."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, ArticleWorker), "the worker plugin was not registered"
    task = plugin.loaded()
    return [task(article) for article in articles]


def build_gazetteer(dask_worker: Any = None) -> str:
    """Build or find this host's gazetteer cache (``Client.run`` passes ``dask_worker``); its address."""
    from mapapp.gazetteer import Gazetteer

    Gazetteer.open().close()
    return str(getattr(dask_worker, "address", ""))
