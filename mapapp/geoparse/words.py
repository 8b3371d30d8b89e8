"""Word-level tests of capitalised words: is this capitalised word, here, a place name at all?"""

from __future__ import annotations

import re

# Capitalised words that are far more often something else than the place
# of that name (the Aïr Mountains, Mobile, Reading, Congress in Arizona).
NOT_PLACES = frozenset(
    """
air gulf west western east eastern north northern south southern central valley congress capitol august broadway
may march june independence liberty mobile reading police union republic federal national justice prime hope
chance faith mission commerce energy unity paradise president minister general army navy force god church
centre drug tank media we
""".split()
)
# Words that are places only when written in capitals: "ACT" is the Australian Capital Territory, "Act" a law.
_PLACES_IN_CAPITALS = frozenset({"act"})


_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'-]*")


def lowercase_words(text: str) -> frozenset[str]:
    """The words a text uses in lower case.

    >>> sorted(lowercase_words("The Air Force cleared the air."))
    ['air', 'cleared', 'the']
    """
    return frozenset(_LOWER_WORD.findall(text))


def common_word(word: str, lowered_words: frozenset[str]) -> bool:
    """Whether a single capitalised word is, here, an ordinary English word.

    It is when it is on a short list of such words, or when the article
    itself also uses it in lower case ("the air", "a mobile phone").

    >>> common_word("Air", frozenset({"air"})), common_word("Latakia", frozenset({"in"}))
    (True, False)
    >>> common_word("Act", frozenset()), common_word("ACT", frozenset({"act"}))
    (True, False)
    """
    lowered = word.lower()
    if lowered in _PLACES_IN_CAPITALS:
        return not word.isupper()
    return lowered in NOT_PLACES or lowered in lowered_words


_NUMBER_BEFORE = re.compile(r"\d[\d,.]*\s*$")


def era_or_unit(text: str, start: int, end: int) -> bool:
    """An all-capitals abbreviation right after a number ("500 BC", "9 PM") is no place.

    >>> era_or_unit("built in 500 BC here", 13, 15), era_or_unit("Vancouver, BC", 11, 13)
    (True, False)
    """
    word = text[start:end]
    return (
        word.isupper()
        and len(word) <= 3
        and _NUMBER_BEFORE.search(text, max(0, start - 12), start) is not None
    )


def currency_prefix(text: str, start: int, end: int) -> bool:
    """Whether a word is part of a currency's sign ("US$5", "$US 15 billion", "HK$"), no place.

    >>> currency_prefix("paid US$460", 5, 7), currency_prefix("the $US 15", 5, 7), currency_prefix("US aid", 0, 2)
    (True, True, False)
    """
    return text[end : end + 1] == "$" or text[max(0, start - 1) : start] == "$"


def sentence_initial(text: str, index: int) -> bool:
    """Whether the word at ``index`` starts a sentence, line or quotation.

    >>> sentence_initial("Police said. Reading is", 13), sentence_initial("in Reading", 3)
    (True, False)
    """
    before = text[max(0, index - 3) : index].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:\n"
