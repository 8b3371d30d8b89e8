"""Red-team finding 2 (part): one article's parse has a time budget, in a process of its own.

The worker runs :class:`tests.helpers.FakeProcessor` (no spaCy), whose
article's first word makes it sleep, crash or raise.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from mapapp.errors import ParseTimeout, WorkerError
from mapapp.models import Article
from mapapp.pipeline.worker import ArticleWorker
from tests.helpers import FakeProcessor


def article(text: str, aid: str = "a1") -> Article:
    return Article(id=aid, title="", date=None, url="", text=text)


@pytest.fixture
def worker() -> Iterator[ArticleWorker]:
    made = ArticleWorker(FakeProcessor, budget_s=1.5, start_timeout_s=60)
    try:
        yield made
    finally:
        made.stop()


def test_an_article_over_its_time_budget_is_its_failure_and_the_next_one_parses(
    worker: ArticleWorker,
) -> None:
    assert worker(article("Dhaka floods.")).incidents[0].location_name == "Dhaka"
    t0 = time.monotonic()
    with pytest.raises(ParseTimeout, match=r"longer than the 1.5-second budget .* nothing of this article"):
        worker(article("sleep:30 Kano"))
    assert time.monotonic() - t0 < 10  # stopped at the budget, not after the 30 s
    assert not worker.running
    assert worker(article("Lima floods.", "a2")).incidents[0].location_name == "Lima"
    assert worker.starts == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("crash now", r"the parser process stopped while parsing \(exit code 3\)"),
        ("raise now", r"ValueError: cannot read 'raise'"),
    ],
)
def test_a_crash_or_error_in_the_parser_process_is_the_article_s_failure(
    worker: ArticleWorker, text: str, message: str
) -> None:
    with pytest.raises(WorkerError, match=message):
        worker(article(text))
    assert worker(article("Quito floods.")).incidents[0].location_name == "Quito"


def _broken_factory() -> object:
    raise OSError("model files missing")


def test_a_parser_that_cannot_start_says_why() -> None:
    worker = ArticleWorker(_broken_factory, budget_s=5)  # type: ignore[arg-type]
    with pytest.raises(WorkerError, match=r"could not start: OSError: model files missing"):
        worker(article("Dhaka"))
    assert not worker.running


def test_the_budget_counts_from_a_ready_process(worker: ArticleWorker) -> None:
    worker.start()
    assert worker.running and worker.starts == 1
    worker.start()  # already running: nothing new
    assert worker.starts == 1
    worker.stop()
    assert not worker.running


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="budget_s must be positive"):
        ArticleWorker(FakeProcessor, budget_s=0)
