"""Red-team finding 2: parse cost grows with the article, not with its square.

The quadratic scans were: every candidate name span checked against every
kept one (recognize), every sentence scanning every derived point (incidents)
and every entity (sentence reader). Each is now an index; here each index
answers like the scan it replaced, on random input, and 4x the input reads
about 4x the offsets, not 16x as the old scans did (counted, not timed, so a
busy machine cannot sway it). The whole pipeline's seconds and memory per
article size: ``bench/ingest.py --sizes``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from mapapp.geoparse.overlaps import longest_first
from mapapp.geoparse.recognize import Span
from mapapp.incidents.mentions import DerivedIndex
from mapapp.incidents.reading import _EntityIndex
from mapapp.models import Entity


class _Stretch:
    """Stands in for a derived location: only its offsets are read."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end

    def __repr__(self) -> str:
        return f"({self.start}, {self.end})"


def _stretches(n: int, *, seed: int) -> list[tuple[int, int]]:
    """``n`` (start, end) pairs spread over ~60 characters per item, some overlapping."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        start = rng.randrange(60 * n)
        out.append((start, start + rng.randint(3, 30)))
    return out


def _sentences(n: int) -> list[tuple[int, int]]:
    return [(i * 60, i * 60 + 59) for i in range(n)]


def _spans(n: int, seed: int = 1) -> list[Span]:
    return [Span(a, b, "x" * (b - a), "GPE" if a % 2 else "GAZ", "x") for a, b in _stretches(n, seed=seed)]


def _naive_overlaps(spans: list[Span]) -> tuple[Span, ...]:
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.label == "GAZ", s.start))
    kept: list[Span] = []
    for span in ordered:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: s.start))


def test_finding2_indexes_answer_like_the_scans_they_replaced() -> None:
    spans = _spans(400)
    assert longest_first(spans) == _naive_overlaps(spans)
    pairs = _stretches(400, seed=2)
    stretches = [_Stretch(a, b) for a, b in pairs]
    derived = DerivedIndex(stretches)  # type: ignore[arg-type]
    entities = [Entity(a, b, "GPE", "x") for a, b in pairs]
    near = _EntityIndex(entities)
    for a, b in [*_sentences(400), (0, 10**9), (5, 5)]:
        assert derived.within(a, b) == [d for d in stretches if d.start >= a and d.end <= b]
        assert near.overlapping(a, b) == [e for e in entities if e.start < b and e.end > a]


class _Reads:
    """Counts reads of ``start``/``end`` on the objects :func:`_counted` makes."""

    count = 0


class _CountedSpan(Span):
    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name in ("start", "end"):
            _Reads.count += 1
        return super().__getattribute__(name)


class _CountedStretch(_Stretch):
    def __getattribute__(self, name: str) -> Any:
        if name in ("start", "end"):
            _Reads.count += 1
        return super().__getattribute__(name)


class _CountedEntity(Entity):
    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name in ("start", "end"):
            _Reads.count += 1
        return super().__getattribute__(name)


def _overlaps_reads(n: int) -> Callable[[], Any]:
    spans = [_CountedSpan(a, b, "x", "GPE" if a % 2 else "GAZ", "x") for a, b in _stretches(n, seed=1)]
    return lambda: longest_first(spans)


def _derived_reads(n: int) -> Callable[[], Any]:
    index = DerivedIndex([_CountedStretch(a, b) for a, b in _stretches(n, seed=2)])  # type: ignore[arg-type]
    return lambda: [index.within(a, b) for a, b in _sentences(n)]


def _entity_reads(n: int) -> Callable[[], Any]:
    index = _EntityIndex([_CountedEntity(a, b, "GPE", "x") for a, b in _stretches(n, seed=3)])
    return lambda: [index.overlapping(a, b) for a, b in _sentences(n)]


def _reads(make: Callable[[int], Callable[[], Any]], n: int) -> int:
    """Offsets read by building the work for ``n`` items and running it once."""
    _Reads.count = 0
    make(n)()
    return _Reads.count


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_overlaps_reads, id="name-spans"),
        pytest.param(_derived_reads, id="derived-points"),
        pytest.param(_entity_reads, id="entities"),
    ],
)
def test_finding2_four_times_the_input_reads_about_four_times_the_offsets(
    make: Callable[[int], Callable[[], Any]],
) -> None:
    """Counted, not timed: a busy machine cannot make this pass or fail."""
    small, large = _reads(make, 2_000), _reads(make, 8_000)
    assert large / small < 5, f"4x the input read {large / small:.1f}x the offsets (a scan of all: ~16x)"
