"""Character ranges of recognised spans: which overlap, which lie inside others, which to keep."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Protocol, TypeVar


class Ranged(Protocol):
    """A labelled stretch of text (a recogniser's span)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


R = TypeVar("R", bound=Ranged)


def overlaps(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` shares a character with any of ``ranges``.

    >>> overlaps([(0, 5)], 4, 9), overlaps([(0, 5)], 5, 9)
    (True, False)
    """
    return any(a < end and start < b for a, b in ranges)


def inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies within one of ``ranges``.

    >>> inside([(0, 5)], 1, 5), inside([(0, 5)], 1, 6)
    (True, False)
    """
    return any(a <= start and end <= b for a, b in ranges)


def longest_first(spans: Iterable[R]) -> tuple[R, ...]:
    """Keep the longest of overlapping spans, in text order; NER's wins over the scanner's ("GAZ") on ties."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.label == "GAZ", s.start))
    kept: list[R] = []
    # kept spans are disjoint, so sorted their ends rise: check the last starting before span.end
    bounds: list[tuple[int, int]] = []
    for span in ordered:
        at = bisect.bisect_left(bounds, (span.end,))
        if at == 0 or bounds[at - 1][1] <= span.start:
            kept.append(span)
            bisect.insort(bounds, (span.start, span.end))
    return tuple(sorted(kept, key=lambda s: s.start))
