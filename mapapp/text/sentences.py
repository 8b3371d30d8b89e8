"""A small rule-based sentence splitter that keeps character offsets.

News text needs only a few rules: a sentence ends at ``.``, ``!`` or ``?``
(optionally followed by closing quotes or brackets) when whitespace and an
upper-case letter, digit or opening quote follow, unless the word before the
full stop is a known abbreviation ("Mr.", "Gen.", "Sept.") or an initial.
Dotted acronyms ("U.S.") end a sentence only when a typical sentence opener
follows. A line break is a boundary, so headlines, captions and
paragraphs never run together, except where a sentence runs on over it
(:func:`logical_lines`: feeds that hard-wrap their text). spaCy would do this too but is ~100x slower.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Titles and short forms that are followed by a full stop mid-sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt maj adm brig cmdr cpl pte pvt gov sen
    rep pres rev hon st ste mt ft jr sr inc ltd co corp bros dept est approx vs
    etc al no nos vol fig jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun e.g i.e cf ca
    """.split()
)

# After a dotted acronym ("U.S.") these words start a new sentence.
_SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you his her its their our this that these
    those there but and however in on at after before when while meanwhile
    mr mrs ms officials police authorities
    """.split()
)

_CANDIDATE = re.compile(
    r"""(?<![.!?])                 # start at the first of a run: no quadratic rescans
        (?P<end>[.!?]++["'”’)\]]*+)   # terminal punctuation, closing quotes
        (?P<gap>[ \t\u00a0]+)         # horizontal whitespace (newlines handled apart)
        (?=["'“‘(\[]?[A-Z0-9])        # next sentence opens with a capital or digit
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]?([A-Za-z]+)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    """Whether the punctuation in ``match`` really ends a sentence."""
    end_punct = match.group("end")
    if not end_punct.startswith("."):
        return True  # "!" and "?" are not used in abbreviations
    # only the last few characters matter; a bounded window keeps this linear
    window = line[max(0, match.start() - 40) : match.start()]
    before = _WORD_BEFORE.search(window)
    if before is None:
        return True
    word = before.group(1)
    bare = word.rstrip(".").lower()
    if bare in _ABBREVIATIONS:
        return False
    if len(bare) == 1 and word[0].isupper():
        return False  # an initial: "George W. Bush"
    if "." in word.rstrip("."):
        # dotted acronym ("U.S.", "U.N."): ends a sentence only before an opener
        nxt = _NEXT_WORD.match(line, match.end())
        return nxt is not None and nxt.group(1).lower() in _SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences with offsets into ``text``.

    Leading and trailing whitespace is trimmed from each sentence; empty
    lines yield nothing.

    Examples
    --------
    >>> [s.text for s in split_sentences("Mr. Smith left. Gen. Lee won 1.5 m.\\nNext")]
    ['Mr. Smith left.', 'Gen. Lee won 1.5 m.', 'Next']
    >>> split_sentences("A b. C d.")[1]
    Sentence(start=5, end=9, text='C d.')
    """
    out: list[Sentence] = []
    offset = 0
    for line in logical_lines(text):
        start = 0
        for match in _CANDIDATE.finditer(line):
            if _is_boundary(line, match):
                _append(out, text, offset + start, offset + match.end("end"))
                start = match.end()
        _append(out, text, offset + start, offset + len(line))
        offset += len(line)
    return tuple(out)


def logical_lines(text: str) -> list[str]:
    """``text`` cut at its line breaks, except where a sentence runs on over one: the next
    line opens in lower case ("... officials" / "say."), or, in a text hard-wrapped at a
    fixed width (two such run-ons at least), a long line ends without a full stop.

    >>> text = "A bomb has killed 13 soldiers, officials" + chr(10) + "say." + chr(10) + "Next"
    >>> [line.split() for line in logical_lines(text)]
    [['A', 'bomb', 'has', 'killed', '13', 'soldiers,', 'officials', 'say.'], ['Next']]
    """
    lines = text.splitlines(keepends=True)
    open_ended = [not _ENDS_SENTENCE.search(line) for line in lines]
    lower_next = [
        open_ended[i] and i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower()
        for i in range(len(lines))
    ]
    wrapped = sum(lower_next) >= _WRAPPED_RUN_ONS
    out: list[str] = []
    joining = False
    for i, line in enumerate(lines):
        if joining:
            out[-1] += line
        else:
            out.append(line)
        long_open = wrapped and open_ended[i] and len(line.strip()) >= _WRAP_WIDTH
        joining = i + 1 < len(lines) and bool(lines[i + 1].strip()) and (lower_next[i] or long_open)
    return out


# A line that ends a sentence (or a heading: a colon, a closing quote or bracket), or is empty.
_ENDS_SENTENCE = re.compile(r"(?:[.!?:;\"'”’)\]]|^)\s*$")
_WRAPPED_RUN_ONS = 2
#: Lines of a hard-wrapped text at least this long run on; a shorter one is a heading.
_WRAP_WIDTH = 60


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` trimmed of whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start=start, end=end, text=text[start:end]))


def paragraph_starts(text: str, sentences: Sequence[Sentence]) -> list[bool]:
    """Whether each sentence of ``text`` opens a paragraph (a line break precedes it).

    >>> text = "One. Two." + chr(10) + "Three."
    >>> paragraph_starts(text, split_sentences(text))
    [True, False, True]
    """
    return [i == 0 or "\n" in text[sentences[i - 1].end : s.start] for i, s in enumerate(sentences)]
