"""News datelines: the place (and often the day) an agency story is filed from, at its start."""

from __future__ import annotations

import re

# After the name: an optional ", Country" or ", Dec. 3", an optional "(Agency)", then the dash or
# colon that opens the story: "BAKU, Azerbaijan (Reuters) -", "GAZA CITY (AP) —", "LOS ANGELES:".
_AFTER_NAME = re.compile(
    r"(?:[ \t]*,[ \t]*[^\n()\u2014\u2013:]{1,40}?)?[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:[\u2014\u2013:]|--?(?=\s))"
)


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a capitalised dateline name opening a line.

    A dateline spells a name in capitals ("BAKU", "ROME"), so the spelling
    says nothing of whether it is an abbreviation.

    >>> is_dateline("BAKU, Azerbaijan (Reuters) - Talks began.", 0, 4)
    True
    >>> is_dateline("Title\\nOSLO (AP) \\u2014 Norway said", 6, 10)
    True
    >>> is_dateline("GLASGOW, Ky. (WBKO) -- A woman died", 0, 7)
    True
    >>> is_dateline("The NATO summit - in Riga", 4, 8), is_dateline("NATO said on Monday", 0, 4)
    (False, False)
    """
    name = text[start:end]
    if not name.isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and _AFTER_NAME.match(text, end) is not None


# "(November 28, 2016) - ", "WASHINGTON, Dec. 5 (Reuters) - ": a few capitalised or
# numeric words before a dash that opens the text
_DATELINE = re.compile(r"\s*(?:[(\[]?[A-Z0-9][\w.,'’()\[\]/ ]{0,60}?)\s[-–—]{1,2}\s")


def dateline_end(text: str) -> int:
    """Where the dateline opening a text ends (0 when there is none).

    A dateline says where and when a story was filed; its words are never the
    story's own.

    >>> dateline_end("(November 28, 2016) – KSP Post 15 received a call on Sunday.")
    22
    >>> dateline_end("WASHINGTON, Dec. 5 (Reuters) - Fans cheered.")
    31
    >>> dateline_end("Police said on Monday - a day late - that two died.")
    0
    """
    match = _DATELINE.match(text)
    if match is None:
        return 0
    words = re.findall(r"[^\W\d_]+", match.group(0))
    if any(w[0].islower() for w in words) or len(words) > 8:
        return 0
    return match.end()
