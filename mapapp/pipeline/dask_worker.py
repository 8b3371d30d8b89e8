"""What runs on a Dask worker: the plugin holding its one task, and the task call.

Imports ``distributed`` at import time (Dask accepts only real
``WorkerPlugin`` subclasses), so only :mod:`mapapp.pipeline.cluster` imports
this module, and only when an ingest runs on a cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin, get_worker

from mapapp.models import Article
from mapapp.pipeline.pool import guarded

#: The name the plugin is registered under (``get_worker().plugins[PLUGIN]``).
PLUGIN = "mapapp-articles"


class ArticleWorker(WorkerPlugin):
    """The worker's one task, built from ``factory`` once when the worker starts (models load once)."""

    name = PLUGIN

    def __init__(self, factory: Callable[[], Callable[[Article], Any]]) -> None:
        self.factory = factory
        self.task: Callable[[Article], Any] | None = None

    def setup(self, worker: Any) -> None:
        self.task = guarded(self.factory())

    def teardown(self, worker: Any) -> None:
        self.task = None


def run_on_worker(article: Article) -> Any:
    """The task of the worker this runs on, for one article (a ParseFailure if it raised)."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, ArticleWorker) and plugin.task is not None, "the worker plugin was not set up"
    return plugin.task(article)


def build_gazetteer(dask_worker: Any = None) -> str:
    """Build or find this host's gazetteer cache (``Client.run`` passes ``dask_worker``); its address."""
    from mapapp.gazetteer import Gazetteer

    Gazetteer.open().close()
    return str(getattr(dask_worker, "address", ""))
