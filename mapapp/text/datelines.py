"""News datelines: the place an agency story is filed from, written in capitals at its start."""

from __future__ import annotations

import re

# After the name: an optional ", Country" or ", Dec. 3", an optional "(Agency)", then the dash or
# colon that opens the story: "BAKU, Azerbaijan (Reuters) -", "GAZA CITY (AP) —", "LOS ANGELES:".
_AFTER_NAME = re.compile(
    r"(?:[ \t]*,[ \t]*[^\n()\u2014\u2013:]{1,40}?)?[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:[\u2014\u2013:]|-(?=\s))"
)


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a capitalised dateline name opening a line.

    A dateline spells a name in capitals ("BAKU", "ROME"), so the spelling
    says nothing of whether it is an abbreviation.

    >>> is_dateline("BAKU, Azerbaijan (Reuters) - Talks began.", 0, 4)
    True
    >>> is_dateline("Title\\nOSLO (AP) \\u2014 Norway said", 6, 10)
    True
    >>> is_dateline("The NATO summit - in Riga", 4, 8), is_dateline("NATO said on Monday", 0, 4)
    (False, False)
    """
    name = text[start:end]
    if not name.isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and _AFTER_NAME.match(text, end) is not None
