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
        ("San Francisco Bay Area", ["San Francisco Bay", "San Francisco", "Bay"]),
        ("Stade de France", ["France"]),
        ("Air Balloon", ["Balloon"]),
        ("Royal Street", ["Royal"]),
    ],
)
def test_sub_queries(name: str, expected: list[str]) -> None:
    assert sub_queries(name) == expected
