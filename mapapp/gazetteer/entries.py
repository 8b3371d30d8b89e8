"""The record every gazetteer source yields, and helpers the source readers share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mapapp.gazetteer.names import normalize_name
from mapapp.models import Extent, Place


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A place and its names, as one source knows them.

    ``names`` are its own names (full trust), ``aliases`` alternate names,
    ``codes`` identifiers such as ICAO or ISO codes (only matched when asked
    for), ``demonyms`` adjectives naming its people ("Syrian").
    """

    place: Place
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


def _is_latin(name: str) -> bool:
    """Whether a name is written in Latin script.

    >>> _is_latin("Lādhiqīyah"), _is_latin("Латакия")
    (True, False)
    """
    return all(ord(ch) < 0x250 or ch in "\u2019\u02bc\u02bb" or ch.isspace() for ch in name)


def in_other_script(name: str) -> bool:
    """Whether a name's look-up key is wholly in a script other than Latin (Arabic, Cyrillic, ...).

    Such a key can never equal a word of English text, so indexing it lets
    the geocoder answer "اللاذقية" without the recogniser ever matching it;
    fullwidth or stylised Latin letters fold to Latin keys and do not count.

    >>> in_other_script("اللاذقية"), in_other_script("Латакия шаары"), in_other_script("Latakia")
    (True, True, False)
    >>> in_other_script("\uff22\uff21\uff2b\uff35"), in_other_script("Aleppo 2"), in_other_script("١٢")
    (False, False, False)
    """
    key = normalize_name(name)
    return any(ch.isalpha() for ch in key) and all(ord(ch) >= 0x250 or ch == " " for ch in key)


def indexed_alias(name: str) -> bool:
    """Whether the index keeps a source's alternate name: Latin script, or wholly another script.

    Names that mix scripts are dropped: they are neither what English news
    writes nor what a reader of another script would type.

    >>> indexed_alias("Lādhiqīyah"), indexed_alias("Латакия"), indexed_alias("Latakia шаары")
    (True, True, False)
    """
    return bool(name) and (_is_latin(name) or in_other_script(name))


def _looks_like_code(name: str) -> bool:
    return 2 <= len(name) <= 4 and name.isupper() and name.isalpha()


def _extent_around(lat: float, lon: float, *, radius_km: float) -> Extent:
    """A box of about ``radius_km`` around a point, clipped to valid ranges."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.05))
    return Extent(
        south=max(-90.0, lat - dlat),
        west=max(-180.0, lon - dlon),
        north=min(90.0, lat + dlat),
        east=min(180.0, lon + dlon),
    )


def city_radius_km(population: int) -> float:
    """Rough built-up radius of a town of this population (for its extent).

    >>> round(city_radius_km(1_000_000), 1)
    14.1
    """
    return max(1.0, math.sqrt(max(population, 1) / 5000.0))
