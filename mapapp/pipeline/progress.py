"""The progress bar of an ingest: articles to expect, drawn on stderr."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _estimate_items(files: Sequence[Path]) -> int:
    """Articles to expect: one per file, one per non-blank line of JSONL files."""
    total = 0
    for path in files:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1
    return total


def progress_bar(files: Sequence[Path], *, enabled: bool) -> Any:
    """An ingest's progress bar over ``files`` (``None`` when not ``enabled``)."""
    if not enabled:
        return None
    from tqdm import tqdm  # local: only the command line shows progress

    # disable=None: drawn only when stderr is a terminal, so logs stay clean
    return tqdm(
        total=_estimate_items(files),
        unit="article",
        file=sys.stderr,
        disable=None,
        dynamic_ncols=True,
        leave=False,
    )
