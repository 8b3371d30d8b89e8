"""The worker pool feeds articles in chunks, runs a task's batch step on each, and keeps input order.

Uses :class:`tests.helpers.BatchFakeProcessor` (no spaCy), whose incident
names say which batch each article was prepared in; the real geoparser's
batch NER is checked against its one-article NER on the seeds.
"""

from __future__ import annotations

from typing import Any

import pytest

from mapapp.models import Article
from mapapp.pipeline import ParseFailure, constant, map_articles
from mapapp.pipeline.pool import CHUNK, CHUNKS_AHEAD
from tests.helpers import SEED_PATH, BatchFakeProcessor


def articles(words: list[str]) -> list[Article]:
    return [
        Article(id=f"a{i}", title="", date=None, url="", text=f"{w} floods.") for i, w in enumerate(words)
    ]


def names(results: list[Any]) -> list[str]:
    return [r.reason if isinstance(r, ParseFailure) else r.incidents[0].location_name for r in results]


# More chunks than the pool keeps in flight, and a last chunk that is not full.
COUNT = 2 * CHUNKS_AHEAD * CHUNK * 2 + 3


@pytest.mark.parametrize("workers", [1, 2])
def test_articles_are_prepared_a_chunk_at_a_time_and_come_back_in_input_order(workers: int) -> None:
    words = [f"w{i}" for i in range(COUNT)]
    results = list(map_articles(articles(words), factory=constant(BatchFakeProcessor()), workers=workers))
    sizes = [CHUNK] * (COUNT - COUNT % CHUNK) + [COUNT % CHUNK] * (COUNT % CHUNK)
    assert names(results) == [f"w{i}@{size}" for i, size in enumerate(sizes)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_that_raises_runs_its_articles_alone_and_only_the_one_at_fault_fails(workers: int) -> None:
    words = ["w0", "w1", "raise", "w3", *(f"w{i}" for i in range(4, CHUNK)), "w8", "w9"]
    words[1] = "poison"  # the first chunk's batch step raises
    results = list(map_articles(articles(words), factory=constant(BatchFakeProcessor()), workers=workers))
    expected = ["w0@0", "poison@0", "ValueError: cannot read 'raise'", "w3@0"]
    expected += [f"w{i}@0" for i in range(4, CHUNK)] + ["w8@2", "w9@2"]
    assert names(results) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_without_a_batch_step_runs_each_article(workers: int) -> None:
    from tests.helpers import FakeProcessor

    results = list(
        map_articles(articles(["Lima", "raise", "Oslo"]), factory=constant(FakeProcessor()), workers=workers)
    )
    assert names(results) == ["Lima", "ValueError: cannot read 'raise'", "Oslo"]


def test_the_geoparser_s_batch_ner_finds_what_its_one_article_ner_finds(gazetteer: Any) -> None:
    from mapapp.geoparse import Geoparser
    from mapapp.io.articles import read_article

    geoparser = Geoparser(gazetteer=gazetteer)
    seed = read_article(SEED_PATH)
    # the seed, and each of its paragraphs as an article of its own
    paragraphs = [part for part in seed.text.split("\n\n") if part.strip()]
    seeds = [
        seed,
        *(Article(id=f"p{i}", title="", date=None, url="", text=t) for i, t in enumerate(paragraphs)),
    ]
    alone = [geoparser.parse(a) for a in seeds]
    geoparser.prepare([a.text for a in seeds])
    assert geoparser._prepared.keys() == {a.text for a in seeds}
    batched = [geoparser.parse(a) for a in seeds]
    assert [p.entities for p in batched] == [p.entities for p in alone]
    assert [p.mentions for p in batched] == [p.mentions for p in alone]
    assert sum(len(p.mentions) for p in batched) > 10
