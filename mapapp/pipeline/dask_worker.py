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
    """The worker's one task, built from ``factory`` once, by the worker's first articles.

    Registering it returns at once: the models load when the first task
    arrives (every worker at the same time, while the client goes on
    submitting), not inside ``Client.register_plugin``, which would wait
    for the slowest worker before the first article is sent. A factory that
    raises fails every article of this worker with its message.
    """

    name = PLUGIN

    def __init__(self, factory: Callable[[], Callable[[Article], Any]]) -> None:
        self.factory = factory
        self.task: Callable[[Article], Any] | None = None
        self.broken: BaseException | None = None
        self._building: threading.Lock | None = None

    def setup(self, worker: Any) -> None:
        self._building = threading.Lock()  # a worker started with several threads builds once

    def teardown(self, worker: Any) -> None:
        self.task = None

    def loaded(self) -> Callable[[Article], Any]:
        """The task, built on the first call."""
        assert self._building is not None, "the worker plugin was not set up"
        with self._building:
            if self.task is None and self.broken is None:
                try:
                    self.task = guarded(self.factory())
                except Exception as exc:
                    self.broken = exc
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
