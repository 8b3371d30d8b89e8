"""Text the recogniser must not read as places: photo credits and similar boilerplate."""

from __future__ import annotations

import re

from mapapp.text.lexicon import PHOTO_CREDIT

# A photo credit is its cue and the names that follow it ("Credit: Alamy More", "AP Photo/Hussein
# Malla, File)"): capitalised words, slashes and "via", never the lower-case words of the sentence
# that goes on after it, which on a page flattened to one line can be the whole article.
_CREDIT_WORD = r"(?-i:/?[A-Z0-9\u00a9][\w.'\u2019&/-]*,?|via|by|for|and|&|/|\||-|\u00a9)"
_NOISE = re.compile(
    rf"(?:{PHOTO_CREDIT.pattern})(?:[ \t]*{_CREDIT_WORD}){{0,8}}(?:[ \t]*\))?", PHOTO_CREDIT.flags
)


def noise_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges that are photo credits and similar boilerplate.

    >>> t = "A plane taking Credit: Alamy More\\nThe next line."
    >>> [t[a:b] for a, b in noise_ranges(t)]
    ['Credit: Alamy More']
    >>> t = "Smoke rose (AP Photo/Hussein Malla, File) as troops reached Latakia."
    >>> [t[a:b] for a, b in noise_ranges(t)]
    ['AP Photo/Hussein Malla, File)']
    """
    return [(m.start(), m.end()) for m in _NOISE.finditer(text)]
