"""Map build bench: Python build/render time and HTML size for synthetic incidents.

Run::

    .venv/bin/python bench/map.py            # 1k, 10k, 50k incidents
    .venv/bin/python bench/map.py 500 2000   # chosen sizes

Prints one row per size: the path used (markers or clustered), the time to
build the folium map, the time to render it to HTML, and the page size.
Browser timing (the Streamlit app in Chromium) is in ``bench/map_browser.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapapp.render import build_map
from mapapp.render.samples import synthetic_incidents


def bench(n: int, *, cluster_threshold: int, derived_share: float) -> dict[str, float | int | str]:
    """Build and render one map of ``n`` synthetic incidents; return the figures."""
    incidents = synthetic_incidents(n, seed=n, derived_share=derived_share)
    started = time.perf_counter()
    fmap = build_map(incidents, cluster_threshold=cluster_threshold)
    built = time.perf_counter()
    page = fmap.get_root().render()
    rendered = time.perf_counter()
    return {
        "n": n,
        "path": "clustered" if n > cluster_threshold else "markers",
        "build_s": built - started,
        "render_s": rendered - built,
        "html_mb": len(page.encode("utf-8")) / 1e6,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print a table of build/render times and page sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--cluster-threshold", type=int, default=500)
    parser.add_argument("--derived-share", type=float, default=0.05)
    args = parser.parse_args(argv)
    print("| incidents | path | build s | render s | HTML MB |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        row = bench(n, cluster_threshold=args.cluster_threshold, derived_share=args.derived_share)
        print(
            f"| {row['n']} | {row['path']} | {row['build_s']:.2f} | {row['render_s']:.2f} "
            f"| {row['html_mb']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
