"""Datelines: a capitalised place name opening a line of an agency story."""

from __future__ import annotations

import pytest

from mapapp.text.datelines import is_dateline


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("BAKU, Azerbaijan (Reuters) - Talks began.", "BAKU", True),
        ("GAZA CITY (AP) \u2014 Strikes hit.", "GAZA CITY", True),
        ("ROME \u2014 The prime minister said.", "ROME", True),
        ("LOS ANGELES: Actress Jane Doe said.", "LOS ANGELES", True),
        ("Headline here\nOSLO, Dec. 3 (Reuters) - Norway said.", "OSLO", True),
        ("CAIRO - Egypt said.", "CAIRO", True),
        ("GLASGOW, Ky. (WBKO) -- A woman died.", "GLASGOW", True),  # a local station's two dashes
        ("SLIDELL, La. -- Two were hurt.", "SLIDELL", True),
        ("NASA---the agency--said.", "NASA", False),
        ("NATO said on Monday it would meet.", "NATO", False),
        ("The NATO summit - in Riga.", "NATO", False),
        ("Baku (Reuters) - Talks began.", "Baku", False),  # not in capitals: no question of an abbreviation
        ("US-backed forces said.", "US", False),
    ],
)
def test_is_dateline(text, name, expected):
    start = text.index(name)
    assert is_dateline(text, start, start + len(name)) is expected
