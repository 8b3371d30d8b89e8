"""Gazetteer benchmark: cold build, warm load, lookup latency, peak memory.

Run from the repository root::

    .venv/bin/python -m bench.gazetteer            # full run (cold build ~1 min)
    .venv/bin/python -m bench.gazetteer --warm-only

Targets (issue 2): warm load < 1 s, lookup p50 < 100 us, peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "Latakia",
    "Paris",
    "Moscow",
    "Tripoli",
    "Georgia",
    "Hmeimim",
    "Golan Heights",
    "Mediterranean Sea",
    "Kyiv",
    "Odessa",
    "Aleppo",
    "Gaza",
    "Springfield",
    "New York",
    "Sao Paulo",
    "Xqzzyplotz",
    "Strait of Hormuz",
    "Donetsk Oblast",
    "Bassel Al-Assad International Airport",
    "Khmeimim",
]

_CHILD = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from mapapp.gazetteer import Gazetteer
gaz = Gazetteer.open(cache_dir=Path(sys.argv[1]))
opened = time.perf_counter() - started
gaz.lookup("Latakia")
print(json.dumps({"seconds": opened, "places": len(gaz),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(cache_dir: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(cache_dir)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm-only", action="store_true", help="skip the cold build")
    parser.add_argument("--repeat", type=int, default=200, help="lookups per query")
    args = parser.parse_args()
    from mapapp.gazetteer import Gazetteer
    from mapapp.paths import cache_dir as default_cache_dir

    rows = []
    if not args.warm_only:
        with tempfile.TemporaryDirectory() as tmp:
            cold = _child(Path(tmp))
            size_mb = sum(p.stat().st_size for p in Path(tmp).glob("*.sqlite3")) / 1e6
        rows.append(
            (
                "cold build (new process, empty cache)",
                f"{cold['seconds']:.1f} s",
                f"peak RSS {cold['peak_rss_mb']:.0f} MB, {cold['places']:,} places, index {size_mb:.0f} MB",
            )
        )
    Gazetteer.open().close()  # make sure the default cache is warm
    warm = _child(default_cache_dir())
    rows.append(
        (
            "warm load (new process)",
            f"{warm['seconds'] * 1000:.1f} ms",
            f"peak RSS {warm['peak_rss_mb']:.0f} MB (incl. interpreter and imports)",
        )
    )
    with Gazetteer.open() as gaz:
        timings = []
        for query in QUERIES:
            gaz.lookup(query)
            for _ in range(args.repeat):
                started = time.perf_counter_ns()
                gaz.lookup(query)
                timings.append((time.perf_counter_ns() - started) / 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    rows.append(("lookup latency", f"p50 {p50:.0f} us", f"p99 {p99:.0f} us over {len(timings):,} lookups"))
    rows.append(
        ("this process peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", "")
    )
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")


if __name__ == "__main__":
    main()
