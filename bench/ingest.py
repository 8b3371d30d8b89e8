"""Benchmark of ingest: articles/s over the shared corpora, and query latency.

1. The articles of ``../shared/corpora`` (TR-News, GeoWebNews, GeoVirus; the
   texts only, written to a temporary JSONL file) are ingested into a fresh
   temporary store with 1 and then 2 workers; the wall time includes loading
   spaCy and the gazetteer in each process, as a user would see it.
2. The incidents extracted there are cloned (new article ids, dates spread
   over 900 days) until the store holds ``--incidents`` of them, and a
   30-day date-range query is timed (p50/p95 over ``--runs``), decoding every
   row into an :class:`~mapapp.models.Incident`.

3. ``--stages``: in one process with one loaded geoparser, the articles are
   processed alternately with and without the incident stage's sentence
   parser (negation, modality, the event's own clause; the lexicon runs in
   both), twice each, so the ratio is measured in one run on a noisy machine.

4. ``--sizes 100k,1m,5m``: one synthetic article of each size (varied news
   sentences about many places, in paragraphs) is geoparsed and its
   incidents extracted by one loaded :class:`~mapapp.pipeline.ArticleProcessor`;
   seconds, seconds per KB and the article's own peak resident memory (the
   peak is reset before each, on Linux) are printed per size, then the
   growth from the smallest to the largest, so a cost that grows faster
   than the text shows.

Run from the repository root:
``.venv/bin/python -m bench.ingest [--limit N] [--workers 1 2] [--incidents 100000] [--stages]
[--sizes 100k,1m,5m] [--dask local:2]``

5. ``--dask local:N [--rounds R]``: the same input is ingested with the
   N-worker pool and then on a Dask LocalCluster of N workers (``ingest
   --dask``), alternated R times in the same run (so both see the same
   load), each run end to end with its start-up; the summed articles/s of
   each and their ratio are printed, then each worker's resident memory
   with the processor loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from mapapp.evaluation.corpora import load_corpus
from mapapp.models import Article, Incident
from mapapp.pipeline.ingest import ingest_paths
from mapapp.store import IncidentStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = ("trnews/TR-News.xml", "geowebnews/GWN.xml", "geovirus/GeoVirus.xml")
START = dt.date(2022, 1, 1)
DAYS = 900
BATCH = 200


def write_jsonl(target: Path, *, limit: int | None) -> int:
    """The corpora's articles as JSONL records; how many were written."""
    count = 0
    with target.open("w", encoding="utf-8") as out:
        for rel in CORPORA:
            for doc in load_corpus(SHARED / rel):
                if limit is not None and count >= limit:
                    return count
                record = {
                    "id": f"{rel.split('/')[0]}-{doc.id}",
                    "title": doc.title,
                    "url": doc.url,
                    "date": doc.date.isoformat() if doc.date else None,
                    "text": doc.text,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def time_ingest(corpus: Path, db: Path, *, workers: int, dask: str | None = None) -> tuple[float, int, int]:
    """``(seconds, articles stored, incidents stored)`` of one ingest run (on ``dask`` if given)."""
    t0 = time.perf_counter()
    report = ingest_paths([corpus], db_path=db, workers=workers, dask=dask)
    return time.perf_counter() - t0, report.stored, report.incidents


def compare_dask(corpus: Path, tmp: Path, *, address: str, rounds: int) -> Path:
    """Ingest ``corpus`` with the N-worker pool, then on the Dask cluster ``address``, ``rounds`` times.

    The two alternate, so a change in the machine's load touches both
    alike; each run has a fresh store and includes starting its processes.
    Prints each run, then each engine's articles over its summed seconds and
    their ratio; returns the last pool store.
    """
    n = int(address.split(":")[1])
    seconds = {"pool": 0.0, "dask": 0.0}
    articles = 0
    for number in range(1, rounds + 1):
        for engine in ("pool", "dask"):
            db = tmp / f"{engine}{number}.sqlite3"
            took, stored, found = time_ingest(
                corpus, db, workers=n, dask=address if engine == "dask" else None
            )
            label = f"{n}-worker pool" if engine == "pool" else f"--dask {address}"
            print(
                f"round {number}, {label}: {stored} articles, {found} incidents in {took:.1f} s "
                f"= {stored / took:.2f} articles/s",
                flush=True,
            )
            seconds[engine] += took
            articles = stored
    db = tmp / f"pool{rounds}.sqlite3"
    pool, dask = rounds * articles / seconds["pool"], rounds * articles / seconds["dask"]
    print(
        f"over {rounds} round(s): pool {pool:.2f} articles/s, --dask {address} {dask:.2f} articles/s "
        f"= {dask / pool:.0%} of the pool's"
    )
    return db


def worker_memory(address: str, article: Article) -> list[float]:
    """Resident MB of each Dask worker once its processor is loaded and has parsed ``article``."""
    import psutil
    from distributed import Client, LocalCluster

    from mapapp.pipeline import ArticleProcessor
    from mapapp.pipeline.dask_worker import ArticleWorker, run_on_worker

    n = int(address.split(":")[1])
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        client.register_plugin(ArticleWorker(ArticleProcessor.default))
        workers = list(client.scheduler_info()["workers"])
        for worker in workers:
            client.submit(run_on_worker, [article], workers=[worker], pure=False).result()
        rss = client.run(lambda: psutil.Process().memory_info().rss / 2**20)
    return [rss[w] for w in workers]


def clones(
    templates: Sequence[Incident], total: int, *, seed: int = 5
) -> Iterator[tuple[Article, list[Incident]]]:
    """Articles holding copies of ``templates`` until ``total`` incidents are made."""
    rng = random.Random(seed)
    made = 0
    n = 0
    while made < total:
        aid = f"clone{n:07d}"
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        size = min(rng.randint(1, 8), total - made)
        picks = [rng.choice(templates) for _ in range(size)]
        article = Article(id=aid, title=f"Clone {n}", date=day, url="", text=f"clone {n}")
        yield (
            article,
            [dataclasses.replace(t, id=f"{aid}-{i}", article_id=aid, date=day) for i, t in enumerate(picks)],
        )
        made += size
        n += 1


def query_latency(
    templates: Sequence[Incident], db: Path, *, incidents: int, runs: int
) -> tuple[float, float, float, int]:
    """``(p50 ms, p95 ms, mean rows, stored incidents)`` of 30-day date-range queries."""
    rng = random.Random(9)
    with IncidentStore.open(db) as store:
        batch: list[tuple[Article, list[Incident]]] = []
        for item in clones(templates, incidents):
            batch.append(item)
            if len(batch) == BATCH:
                store.put_many(batch)
                batch = []
        if batch:
            store.put_many(batch)
        times, rows = [], []
        for _ in range(runs):
            since = START + dt.timedelta(days=rng.randrange(DAYS - 30))
            t0 = time.perf_counter()
            rows.append(len(store.query(since=since, until=since + dt.timedelta(days=29))))
            times.append((time.perf_counter() - t0) * 1000)
        count = store.incidents_count()
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    return statistics.median(times), p95, statistics.mean(rows), count


def compare_stages(articles: Sequence[Article], *, rounds: int = 2) -> tuple[float, float]:
    """Articles/s of parse + incidents with the sentence reader, and without it (same models)."""
    from mapapp.geoparse import Geoparser
    from mapapp.incidents.reading import SentenceReader
    from mapapp.pipeline import ArticleProcessor

    geoparser = Geoparser()
    with_reader = ArticleProcessor(geoparser.parse, reader=SentenceReader(geoparser.nlp))
    without = ArticleProcessor(geoparser.parse)
    with_reader(articles[0])  # warm both paths once
    times = {"with": 0.0, "without": 0.0}
    for _ in range(rounds):
        for name, process in (("without", without), ("with", with_reader)):
            t0 = time.perf_counter()
            for article in articles:
                process(article)
            times[name] += time.perf_counter() - t0
    return rounds * len(articles) / times["with"], rounds * len(articles) / times["without"]


TOWNS = ("Dhaka", "Lagos", "Nairobi", "Kabul", "Aleppo", "Mosul", "Karachi", "Manila", "Caracas", "Lima",
         "Cairo", "Beirut", "Gaza", "Kyiv", "Kharkiv", "Mogadishu", "Khartoum", "Jakarta", "Bogota", "Quito",
         "Tripoli", "Sanaa", "Baghdad", "Istanbul", "Tehran", "Mumbai", "Delhi", "Lahore", "Peshawar")  # fmt: skip
NEWS = (
    "Floods hit {p} on Monday.",
    "Police arrested 12 people in {p}.",
    "A bomb exploded near a market in {p} on Tuesday, killing 5 people.",
    "Protesters gathered in {p} to demand reforms.",
    "An earthquake struck 30 km north of {p} on Friday.",
    "Officials in {p} said the fire had been contained.",
    "Fighting continued in {p} overnight, residents said.",
)


def parse_size(word: str) -> int:
    """``"100k"`` -> 100_000, ``"1m"`` -> 1_000_000 characters."""
    word = word.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(word[-1:], 1)
    return int(float(word[:-1] if scale > 1 else word) * scale)


def synthetic_text(size: int, *, seed: int = 1) -> str:
    """About ``size`` characters of news paragraphs mixing places and events."""
    rng = random.Random(seed)
    paragraphs, n = [], 0
    while n < size:
        para = " ".join(rng.choice(NEWS).format(p=rng.choice(TOWNS)) for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        n += len(para) + 1
    return "\n".join(paragraphs)[:size]


def _status_mb(field: str) -> float | None:
    """``VmRSS``/``VmHWM`` of this process in MB, from /proc (``None`` elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak RSS of this process (Linux ``clear_refs`` 5); whether it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def time_sizes(sizes: Sequence[int]) -> None:
    """Seconds and memory of parse + incidents for one article of each size, in one loaded process.

    A 20 KB article first loads everything loaded lazily (land mask, coast
    lines). Before each article the peak RSS is reset, so "peak" is that
    article's own high-water mark; the last line gives the growth between
    the smallest and largest article, per MB of text.
    """
    import resource

    from mapapp.pipeline import ArticleProcessor

    process = ArticleProcessor.default()
    process(Article(id="warm", title="", date=START, url="", text=synthetic_text(20_000, seed=2)))
    rows: list[tuple[int, float, float]] = []
    for size in sizes:
        article = Article(id=f"size{size}", title="Floods", date=START, url="", text=synthetic_text(size))
        reset = _reset_peak()
        base = _status_mb("VmRSS") or 0.0
        t0 = time.perf_counter()
        out = process(article)
        seconds = time.perf_counter() - t0
        peak = _status_mb("VmHWM") if reset else None
        if peak is None:  # no /proc: the process's peak so far
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append((size, seconds, peak))
        print(
            f"{size / 1000:,.0f} KB article: {seconds:.1f} s ({1000 * seconds / size:.3f} s/KB), "
            f"{len(out.incidents)} incidents, peak RSS {peak:,.0f} MB (RSS before {base:,.0f} MB)"
            + ("" if reset else " [peak so far]"),
            flush=True,
        )
    if len(rows) > 1:
        (s0, t0_, m0), (s1, t1, m1) = min(rows), max(rows)
        print(
            f"from {s0 / 1000:,.0f} KB to {s1 / 1000:,.0f} KB ({s1 / s0:.0f}x the text): "
            f"{t1 / t0_:.1f}x the seconds, peak memory +{m1 - m0:,.0f} MB "
            f"({(m1 - m0) / ((s1 - s0) / 1e6):.0f} MB per MB of text)",
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="ingest at most this many articles")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=None,
        help="pool sizes to time (default 1 2; none with --dask)",
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--stages", action="store_true", help="only compare with and without the sentence parser"
    )
    parser.add_argument(
        "--sizes", default=None, help="only time one synthetic article per size, e.g. 100k,1m,5m"
    )
    parser.add_argument(
        "--dask", default=None, metavar="local:N", help="also ingest on a Dask LocalCluster of N workers"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --dask: pool and Dask runs alternated this many times"
    )
    args = parser.parse_args(argv)
    if args.sizes:
        time_sizes([parse_size(w) for w in args.sizes.split(",")])
        return
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: the corpora are needed for this benchmark")
    if args.stages:
        from mapapp.io.articles import iter_jsonl

        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpora.jsonl"
            write_jsonl(corpus, limit=args.limit)
            articles = [a for a in iter_jsonl(corpus) if isinstance(a, Article)]
        with_rate, without_rate = compare_stages(articles)
        print(
            f"one process, {len(articles)} articles x 2 rounds: with the sentence parser {with_rate:.2f} "
            f"articles/s, without {without_rate:.2f} articles/s ({100 * (1 - with_rate / without_rate):.1f}% slower)"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpora.jsonl"
        n = write_jsonl(corpus, limit=args.limit)
        print(f"corpora: {n} articles from {', '.join(CORPORA)}")
        last_db = None
        for workers in args.workers if args.workers is not None else ([] if args.dask else [1, 2]):
            db = Path(tmp) / f"w{workers}.sqlite3"
            seconds, stored, found = time_ingest(corpus, db, workers=workers)
            print(
                f"ingest, {workers} worker(s): {stored} articles, {found} incidents in {seconds:.1f} s "
                f"= {stored / seconds:.2f} articles/s"
            )
            last_db = db
        if args.dask:
            last_db = compare_dask(corpus, Path(tmp), address=args.dask, rounds=args.rounds)
            from mapapp.io.articles import iter_jsonl

            first = next(a for a in iter_jsonl(corpus) if isinstance(a, Article))
            memory = ", ".join(f"{mb:,.0f}" for mb in worker_memory(args.dask, first))
            print(f"resident memory per Dask worker with the processor loaded: {memory} MB")
        assert last_db is not None
        with IncidentStore.open(last_db) as store:
            templates = store.query()
        if not templates:
            raise SystemExit("no incidents were extracted; cannot build the query benchmark")
        p50, p95, rows, count = query_latency(
            templates, Path(tmp) / "query.sqlite3", incidents=args.incidents, runs=args.runs
        )
        print(
            f"date-range query (30 of {DAYS} days) over {count:,} incidents: "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {rows:,.0f} rows on average"
        )


if __name__ == "__main__":
    main()
