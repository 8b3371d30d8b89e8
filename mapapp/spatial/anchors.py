"""The resolved mentions a spatial phrase can hang on, found by offset and by sentence.

A trigger ("20 km north of ") takes the resolved mention that starts right
after it; offshore and border phrases also read the other mentions of the
anchor's sentence. Sentences are those of :func:`mapapp.text.split_sentences`,
the project's one splitter.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from mapapp.models import ResolvedMention
from mapapp.spatial.phrases import SpatialRelation, anchor_gap
from mapapp.text import split_sentences

# How far (in characters) after a trigger its anchor may start ("the coastal city of ").
_MAX_GAP = 60


def _sentence_breaks(text: str) -> tuple[int, ...]:
    """Offsets where sentences start (after the first)."""
    return tuple(s.start for s in split_sentences(text)[1:])


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence holding character ``pos``.

    The sentence runs up to the start of the next one, so the whitespace
    after it is included and every offset of ``text`` lies in one sentence.

    >>> t = "It rained. The plane was hit off Latakia. Then it sank."
    >>> s, e = sentence_bounds(t, 30)
    >>> t[s:e].strip()
    'The plane was hit off Latakia.'
    >>> t = "Mr. Smith sailed off Latakia. Then it sank."
    >>> t[slice(*sentence_bounds(t, 0))].strip()
    'Mr. Smith sailed off Latakia.'
    """
    return _bounds(_sentence_breaks(text), pos, len(text))


def _bounds(breaks: Sequence[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(breaks, pos)
    return (breaks[i - 1] if i else 0), (breaks[i] if i < len(breaks) else size)


@dataclass(frozen=True, slots=True)
class AnchorDoc:
    """The text with its resolved mentions (by start) and sentence breaks."""

    text: str
    resolved: tuple[ResolvedMention, ...]
    starts: tuple[int, ...]
    breaks: tuple[int, ...]

    @classmethod
    def build(cls, text: str, anchors: Sequence[ResolvedMention]) -> AnchorDoc:
        resolved = tuple(sorted(anchors, key=lambda m: m.start))
        return cls(
            text=text,
            resolved=resolved,
            starts=tuple(m.start for m in resolved),
            breaks=_sentence_breaks(text),
        )

    def mention_at(self, pos: int, *, relation: SpatialRelation | None = None) -> ResolvedMention | None:
        """The resolved mention starting right after ``pos`` (allowing "the city of")."""
        gap = anchor_gap(relation)
        i = bisect.bisect_left(self.starts, pos)
        while i < len(self.starts) and self.starts[i] <= pos + _MAX_GAP:
            if gap.fullmatch(self.text, pos, self.starts[i]):
                return self.resolved[i]
            i += 1
        return None

    def same_sentence(self, anchor: ResolvedMention) -> list[ResolvedMention]:
        """Other resolved mentions in the anchor's sentence."""
        s, e = _bounds(self.breaks, anchor.start, len(self.text))
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
        return [m for m in self.resolved[lo:hi] if m is not anchor]
