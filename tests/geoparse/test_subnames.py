"""Names looked up inside a name the gazetteer lacks (the resolver's first fallback)."""

from __future__ import annotations

import pytest

from mapapp.geoparse.subnames import sub_queries


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("University of California", ["California"]),
        ("Southern California", ["California"]),
        ("Dubai World Cup", ["Dubai"]),
        ("St Edmund", []),  # a saint, not a place called Edmund
        ("St. Michael's Hospital", []),
        ("San Francisco Bay Area", ["San Francisco Bay", "San Francisco"]),  # never "Bay" alone
        ("Stade de France", ["France"]),
        ("Air Balloon", ["Balloon"]),
        ("Royal Street", ["Royal"]),
    ],
)
def test_sub_queries(name: str, expected: list[str]) -> None:
    assert sub_queries(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tangipahoa River", ["Tangipahoa"]),
        ("Kumquat Lake", ["Kumquat"]),
        ("Lake Louise Station", ["Lake Louise", "Louise"]),
        ("Mississippi River Bridge", ["Mississippi River", "Mississippi"]),
        ("River Lake Creek", []),
    ],
)
def test_the_inside_name_fallback_never_lands_on_a_generic_word(name: str, expected: list[str]) -> None:
    assert sub_queries(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bank of Mexico", ["Mexico"]),
        ("Reserve Bank of India", ["Reserve", "India"]),
        ("Embassy of Canada", ["Canada"]),
        ("Foreign Ministry of Kenya", ["Foreign", "Kenya"]),
        ("Carnegie Library Pittsburgh", ["Carnegie", "Pittsburgh"]),
    ],
)
def test_the_inside_name_fallback_skips_institution_words(name: str, expected: list[str]) -> None:
    assert sub_queries(name) == expected
