"""One sense per article: a known name read as a place once is that place where it stands alone again.

"Esperance" after "in" is a place, so "Esperance recorded 457mm of rain"
later in the article is the same place, though a small town's name alone,
or first in a sentence, is too weak a sign for the scanner. A repeat counts
only where the name stands alone ("Esperance Lakes" is another name), is
not spoken of as a person ("said Noma"), and is not a word the article also
writes in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

from mapapp.geoparse.cues import no_place, speaker
from mapapp.geoparse.overlaps import overlaps
from mapapp.geoparse.subnames import GENERIC_WORDS
from mapapp.geoparse.words import currency_prefix, lowercase_words

_CAPITAL_WORD_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*[ \t]+$")
_CAPITAL_WORD_AFTER = re.compile(r"(?:['\u2019]s)?[ \t]+[A-Z]")


def alone(text: str, names: Collection[str]) -> Iterator[tuple[int, int]]:
    """Where each name stands alone, with no capitalised word right before or after it.

    >>> t = "Rain hit Esperance. Esperance Lakes flooded; Esperance's mayor spoke."
    >>> [(a, t[a:b]) for a, b in alone(t, ["Esperance"])]
    [(9, 'Esperance'), (45, 'Esperance')]
    """
    for name in sorted(names):
        for match in re.finditer(rf"(?<![\w'\u2019.-]){re.escape(name)}(?![\w-])", text):
            a, b = match.span()
            if _CAPITAL_WORD_BEFORE.search(text, max(0, a - 30), a) is None and not _CAPITAL_WORD_AFTER.match(
                text, b
            ):
                yield a, b


def repeated_places(
    text: str,
    names: Collection[str],
    *,
    taken: list[tuple[int, int]],
    weight: Callable[[str], float],
    floor: float,
) -> list[tuple[int, int]]:
    """``(start, end)`` of the other mentions of ``names`` (read as places) that stand alone.

    ``taken`` are ranges already read (spans, a person's name, other NER entities);
    ``weight`` is a name's importance as a place, which must reach ``floor``.

    >>> t = "Birds died near Esperance. Esperance recorded rain, said Esperance Smith."
    >>> [t[a:b] for a, b in repeated_places(t, ["Esperance"], taken=[(16, 25)], weight=lambda n: 0.5, floor=0.45)]
    ['Esperance']
    """
    lowered = lowercase_words(text)
    found = []
    for a, b in alone(text, names):
        name = text[a:b]
        if (
            overlaps(taken, a, b)
            or no_place(text, a, b)
            or currency_prefix(text, a, b)
            or speaker(text, a, b)
            or (" " not in name and (name.lower() in lowered or name.lower() in GENERIC_WORDS))
        ):
            continue
        if weight(name) >= floor:
            found.append((a, b))
    return found
