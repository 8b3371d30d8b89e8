"""Trimming a recognised name and the kind words that may follow it ("Latakia province", "Hmeimim air base")."""

from __future__ import annotations

import re

_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_ADMIN_WORDS = (
    "province",
    "governorate",
    "region",
    "district",
    "state",
    "oblast",
    "county",
    "prefecture",
    "municipality",
    "department",
    "canton",
    "territory",
)
_FACILITY_WORDS = (
    "air base",
    "airbase",
    "airfield",
    "airport",
    "military base",
    "naval base",
    "naval facility",
    "base",
    "port",
    "dam",
    "nuclear power plant",
    "power plant",
    "crossing",
    "border crossing",
)
_SUFFIX = re.compile(
    r"(?:['\u2019]s)?\s+("
    + "|".join(sorted((re.escape(w) for w in _ADMIN_WORDS + _FACILITY_WORDS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# "Montana Department of Corrections", "Texas Department of Transportation": an organisation, not a division.
_ORGANISATION_AFTER = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive or punctuation.

    >>> s = "off Latakia\u2019s coast"
    >>> a, b = trim_span(s, 4, 13); s[a:b]
    'Latakia'
    >>> s = "to the Golan Heights."
    >>> a, b = trim_span(s, 3, 21); s[a:b]
    'Golan Heights'
    """
    piece = text[start:end]
    lead = _LEADING_THE.match(piece)
    if lead:
        start += lead.end()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    tail = re.search(r"['\u2019]s$", text[start:end])
    if tail:
        end -= 2
    return start, end


def extend_with_suffix(text: str, start: int, end: int) -> tuple[int, str]:
    """Extend a name over a following kind word: returns (new end, hint).

    >>> s = "targets in Latakia province and"
    >>> extend_with_suffix(s, 11, 18)
    (27, 'admin')
    >>> extend_with_suffix("the Hmeimim air base", 4, 11)
    (20, 'facility')
    """
    match = _SUFFIX.match(text, end)
    if not match or (match.group(1).lower() == "department" and _ORGANISATION_AFTER.match(text, match.end())):
        return end, ""
    word = match.group(1).lower()
    return match.end(), "admin" if word in _ADMIN_WORDS else "facility"


def ends_with_facility_word(name: str) -> bool:
    """Whether a name ends with a facility word: "Ben Gurion Airport", "Hmeimim Air Base".

    >>> ends_with_facility_word("Ben Gurion Airport"), ends_with_facility_word("Ben Gurion")
    (True, False)
    """
    return name.lower().endswith(tuple(f" {word}" for word in _FACILITY_WORDS))


def ends_with_admin_word(name: str) -> bool:
    """Whether a name ends with a division word: "Sichuan province", "Wright County".

    >>> ends_with_admin_word("Sichuan province"), ends_with_admin_word("Sichuan")
    (True, False)
    """
    return name.lower().endswith(tuple(f" {word}" for word in _ADMIN_WORDS))
