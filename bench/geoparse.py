"""Geoparser throughput on GeoWebNews-size articles, using both cores.

Run from the repository root::

    .venv/bin/python -m bench.geoparse [--docs 200] [--workers 2]

Reports docs/s with ``--workers`` processes (target >= 20 docs/s on a 2-core
machine), the share of single-process time spent outside the NER model, and
peak memory. Reads ../shared/corpora/geowebnews/GWN.xml when present, else
repeats the seed article.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from mapapp.models import Article

REPO = Path(__file__).resolve().parents[1]
GWN = REPO.parent / "shared" / "corpora" / "geowebnews" / "GWN.xml"


def _articles(count: int) -> list[Article]:
    if GWN.is_file():
        from mapapp.evaluation.corpora import load_corpus

        texts = [doc.text for doc in load_corpus(GWN)]
    else:
        from mapapp.io.articles import read_article

        texts = [read_article(REPO / "seeds" / "000_a331eced11eb70ce.txt").text]
    return [Article(id=str(i), title="", date=None, url="", text=texts[i % len(texts)]) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from mapapp.geoparse import Geoparser
    from mapapp.geoparse.pipeline import NER_ONLY_DISABLES
    from mapapp.pipeline import parse_articles

    articles = _articles(args.docs)
    chars = sum(len(a.text) for a in articles) / len(articles)
    single = Geoparser()
    ner_only = [name for name in single.nlp.pipe_names if name in NER_ONLY_DISABLES]
    sample = articles[: max(20, args.docs // 5)]
    single.parse(sample[0])  # warm caches
    ner = total = 0.0
    for article in sample:
        started = time.perf_counter()
        single.nlp(article.text, disable=ner_only)  # the same NER pass parse() makes
        ner += time.perf_counter() - started
        started = time.perf_counter()
        single.parse(article)
        total += time.perf_counter() - started
    started = time.perf_counter()
    count = sum(1 for _ in parse_articles(articles, workers=args.workers))
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles: {count} (mean {chars:,.0f} chars)")
    print(
        f"{args.workers} workers: {count / elapsed:.1f} docs/s ({elapsed:.1f} s, including worker start-up)"
    )
    print(
        f"1 process: {len(sample) / total:.1f} docs/s; time outside the NER model: {100 * (1 - ner / total):.0f}%"
    )
    print(f"peak RSS: main process {own:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
