"""Spatial bench: CPU time of an offshore point and of the seed article's derived locations.

Run::

    .venv/bin/python bench/spatial.py            # 20 rounds each
    .venv/bin/python bench/spatial.py --rounds 50

Prints the median CPU milliseconds per call (``time.process_time``, so another
job on the machine moves it less than the wall clock) against the targets: an
offshore point ("22 miles off Latakia") under 80 ms, the seed article's
derived locations, given its mentions, under 100 ms. These were timed tests
before; on a loaded 2-core machine they failed now and then, so they live here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mapapp.models import Article  # noqa: E402
from mapapp.spatial import derive_locations, offshore_point  # noqa: E402

LATAKIA = (35.53125, 35.79088)
MILE_M = 1609.344
SEED = REPO / "seeds" / "000_a331eced11eb70ce.txt"  # the Latakia shoot-down


def cpu_ms(call: Callable[[], object], *, rounds: int) -> float:
    """Median CPU milliseconds of ``call`` over ``rounds`` runs, after one warm-up run."""
    call()
    times = []
    for _ in range(rounds):
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Print one row per measured call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    from mapapp.geoparse import Geoparser

    text = SEED.read_text(encoding="utf-8")
    mentions = (
        Geoparser(derive=False).parse(Article(id="seed", title="", date=None, url="", text=text)).mentions
    )
    rows = [
        ("offshore point, 22 mi off Latakia", 80.0, lambda: offshore_point(*LATAKIA, distance_m=22 * MILE_M)),
        ("seed article's derived locations", 100.0, lambda: derive_locations(text, mentions)),
    ]
    print("| call | CPU ms per call, median | target ms |")
    print("|---|---:|---:|")
    for name, target, call in rows:
        print(f"| {name} | {cpu_ms(call, rounds=args.rounds):.1f} | < {target:g} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
