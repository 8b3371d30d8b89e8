"""Abbreviated words of place names: "Mt." is "Mount", "St." is "Saint", "Co." is "County".

News and GeoNames each write some names one way and some the other ("Mt.
Pleasant", "Mount Pleasant"; "Ft. Myers", "Fort Myers"), so a look-up tries a
name's key as written, with its abbreviations spelt out and with those words
abbreviated. This is the one home of that rule; it acts on look-up keys only
(see :func:`mapapp.gazetteer.names.normalize_name`), so the index is unchanged.
"""

from __future__ import annotations

from types import MappingProxyType

#: Abbreviation -> the word it stands for, as normalised keys write them (no dots, lower case).
ABBREVIATIONS = MappingProxyType(
    {
        "mt": "mount",
        "mtn": "mountain",
        "ft": "fort",
        "st": "saint",
        "ste": "sainte",
        "co": "county",
        "twp": "township",
    }
)
_WORDS = MappingProxyType({word: short for short, word in ABBREVIATIONS.items()})


def spelt_out(key: str) -> str:
    """A normalised key with its abbreviated words spelt out: one form for every spelling of a name.

    >>> spelt_out("plymouth co"), spelt_out("plymouth county"), spelt_out("st")
    ('plymouth county', 'plymouth county', 'st')
    """
    words = key.split()
    if len(words) < 2:
        return key
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def key_variants(key: str) -> tuple[str, ...]:
    """A normalised key, then its spellings with abbreviations spelt out and with words abbreviated.

    A lone word is never varied: "St" or "Co" alone is no place's name.

    >>> key_variants("mt pleasant")
    ('mt pleasant', 'mount pleasant')
    >>> key_variants("fort myers")
    ('fort myers', 'ft myers')
    >>> key_variants("lower merion twp"), key_variants("st")
    (('lower merion twp', 'lower merion township'), ('st',))
    >>> key_variants("los angeles co")
    ('los angeles co', 'los angeles county')
    """
    words = key.split()
    if len(words) < 2:
        return (key,)
    abbreviated = " ".join(_WORDS.get(word, word) for word in words)
    return tuple(dict.fromkeys((key, spelt_out(key), abbreviated)))
