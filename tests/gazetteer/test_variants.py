"""Abbreviated words of place names, spelt out and abbreviated for look-ups."""

from __future__ import annotations

import pytest

from mapapp.gazetteer.names import normalize_name
from mapapp.gazetteer.variants import key_variants


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mt. Pleasant", ("mt pleasant", "mount pleasant")),
        ("Mount Pleasant", ("mount pleasant", "mt pleasant")),
        ("Ft. Worth", ("ft worth", "fort worth")),
        ("St. Louis", ("st louis", "saint louis")),
        ("Sainte-Foy", ("sainte foy", "ste foy")),
        ("Orange Co.", ("orange co", "orange county")),
        ("Lower Merion Twp.", ("lower merion twp", "lower merion township")),
        ("Mt. Washington Twp.", ("mt washington twp", "mount washington township")),
        ("Latakia", ("latakia",)),
        ("St.", ("st",)),  # a lone abbreviation names nothing
    ],
)
def test_key_variants(name, expected):
    assert key_variants(normalize_name(name)) == expected
