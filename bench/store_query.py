"""Benchmark of the incident store: insert throughput and query latency.

Inserts ``--incidents`` synthetic incidents (10 per article, dates spread
over 900 days) into a temporary database in batches, then times queries.
The date-range query covers 30 of the 900 days, so it returns ~1/30 of
the incidents, decoded into :class:`~mapapp.models.Incident` records.

With ``--db postgresql://...`` the same inserts and queries also run on that
PostGIS database (its ``mapapp`` schema is dropped first), and both engines'
figures are printed side by side: measured in one run, so a shared machine's
load affects both alike.

Run from the repository root:
``.venv/bin/python -m bench.store_query [--incidents 100000] [--runs 50] [--db postgresql://...]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from mapapp.models import Article, EventType, Incident
from mapapp.store import IncidentStore, StoreTarget

PER_ARTICLE = 10
DAYS = 900
START = dt.date(2022, 1, 1)
COUNTRIES = ("SY", "LB", "IL", "UA", "SD", "YE", "ML", "MM")
TYPES: tuple[EventType, ...] = ("attack", "protest", "airstrike", "shelling", "disaster", "arrest")
WORDS = ("shelling", "convoy", "market", "bridge", "village", "airport", "checkpoint", "port")


def synthetic(n_articles: int, *, seed: int = 7) -> Iterator[tuple[Article, list[Incident]]]:
    """Deterministic articles with :data:`PER_ARTICLE` incidents each."""
    rng = random.Random(seed)
    for a in range(n_articles):
        aid = f"bench{a:07d}"
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        article = Article(
            id=aid, title=f"Report {a}", date=day, url=f"https://x.test/{a}", text=f"Synthetic article {a}"
        )
        incidents = [
            Incident(
                id=f"{aid}-{i}",
                article_id=aid,
                kind="event",
                event_type=rng.choice(TYPES),
                date=day,
                time_precision=1,
                lat=rng.uniform(-60, 70),
                lon=rng.uniform(-180, 180),
                location_name=f"Place{rng.randrange(5000)}",
                country_code=rng.choice(COUNTRIES),
                geo_precision=1,
                snippet=f"{rng.choice(WORDS)} near {rng.choice(WORDS)} {a}-{i}",
                place_start=0,
                place_end=5,
                title=article.title,
                source="x.test",
                confidence=rng.random(),
            )
            for i in range(PER_ARTICLE)
        ]
        yield article, incidents


Item = tuple[Article, list[Incident]]


def chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size``."""
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """``(p50, p95)`` of ``samples``."""
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def timed(fn: Callable[[], int], runs: int) -> tuple[float, float, float]:
    """``(p50 ms, p95 ms, mean rows)`` over ``runs`` calls of ``fn``."""
    times, rows = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows.append(fn())
        times.append((time.perf_counter() - t0) * 1000)
    p50, p95 = percentiles(times)
    return p50, p95, statistics.mean(rows)


def bench_store(fresh: Callable[[str], StoreTarget], args: argparse.Namespace) -> dict[str, float]:
    """Insert rates and query times (ms) of one engine, ``fresh(name)`` giving an empty store each time."""
    n_articles = args.incidents // PER_ARTICLE
    rng = random.Random(11)
    results: dict[str, float] = {}
    with IncidentStore.open(fresh("one")) as store:
        single = list(synthetic(500, seed=3))
        t0 = time.perf_counter()  # one article per transaction, as ingest does
        for article, incidents in single:
            store.put_article(article, incidents)
        results["insert/s, 1 article per transaction"] = 500 * PER_ARTICLE / (time.perf_counter() - t0)
    with IncidentStore.open(fresh("bench")) as store:
        insert_s = 0.0  # only the writes are timed, not making the records
        for chunk in chunks(synthetic(n_articles), args.batch_articles):
            t0 = time.perf_counter()
            store.put_many(chunk)
            insert_s += time.perf_counter() - t0
        results[f"insert/s, {args.batch_articles} articles per transaction"] = (
            store.incidents_count() / insert_s
        )

        def window() -> tuple[dt.date, dt.date]:
            since = START + dt.timedelta(days=rng.randrange(DAYS - 30))
            return since, since + dt.timedelta(days=29)

        def date_query() -> int:
            since, until = window()
            return len(store.query(since=since, until=until))

        def box_query() -> int:
            south, west = rng.uniform(-60, 60), rng.uniform(-180, 150)
            return len(store.query(bbox=(south, west, south + 5, west + 10)))

        def country_query() -> int:
            since, until = window()
            return len(store.query(country=rng.choice(COUNTRIES), since=since, until=until))

        def text_query() -> int:
            return len(store.query(text=f"{rng.choice(WORDS)} {rng.choice(WORDS)}", limit=500))

        cases = [
            ("date range (30 of 900 days)", date_query),
            ("bbox 5 x 10 deg", box_query),
            ("country + date range", country_query),
            ("place name", lambda: len(store.query(place=f"Place{rng.randrange(5000)}"))),
            ("free text, 2 words, limit 500", text_query),
            ("stats()", lambda: store.stats().incidents),
        ]
        print(
            f"{store.kind}: {store.incidents_count():,} incidents, {store.articles_count():,} articles",
            flush=True,
        )
        for name, fn in cases:
            p50, p95, rows = timed(fn, args.runs)
            results[f"{name} p50 ms"] = p50
            results[f"{name} p95 ms"] = p95
            results[f"{name} rows"] = rows
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--batch-articles", type=int, default=100, help="articles per transaction in the bulk insert"
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="also run on this PostGIS database (postgresql://...; its mapapp schema is dropped first)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engines = {"sqlite": bench_store(lambda name: Path(tmp) / f"{name}.db", args)}
        if args.db:
            engines["postgis"] = bench_store(lambda _: _emptied(args.db), args)
    names = list(engines["sqlite"])
    print()
    print(f"{'':<48}" + "".join(f"{e:>12}" for e in engines) + f"   ({args.runs} runs per query)")
    for name in names:
        print(f"{name:<48}" + "".join(f"{engines[e][name]:>12,.1f}" for e in engines))


def _emptied(url: str) -> str:
    """``url`` with no mapapp store in it (a benchmark starts from nothing)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS mapapp CASCADE")
    return url


if __name__ == "__main__":
    main()
