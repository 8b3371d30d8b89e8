"""Word lists and patterns that more than one stage reads: one home for each.

Compass points (spatial phrases and the detail panel), direction words (the
recogniser, sub-names, spatial phrases) and the cues of photo captions and
credits (the recogniser masks them, the incident stage skips them).
"""

from __future__ import annotations

import re

#: The 16 compass points, clockwise from north, 22.5 degrees apart.
COMPASS_POINTS: tuple[str, ...] = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip

#: Numbers written as words, zero to nineteen ("twenty-two" is built from these and the tens).
SMALL_NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        " sixteen seventeen eighteen nineteen".split()
    )
}

#: Words that name a part of a place ("northern Syria", "central Aleppo", "downtown").
DIRECTION_WORDS = frozenset(
    """
    north south east west northern southern eastern western central greater upper lower downtown
    northeast northwest southeast southwest north-east north-west south-east south-west
    """.split()
)

#: Where a photo caption's credit starts: "Photo: ...", "Credit: Alamy", "AFP/Getty Images".
PHOTO_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?|image|picture)\s*(?:credit)?\s*:|\bcredits?\s*:|\(?\bphoto\s*:"
    r"|\b(?:getty\s+images|alamy|reuters/|afp/|ap\s+photo|epa-efe|shutterstock)\b",
    re.IGNORECASE,
)


def compass_point(bearing_deg: float) -> str:
    """The nearest of the 16 compass points.

    >>> compass_point(0.0), compass_point(250.0), compass_point(359.0)
    ('N', 'WSW', 'N')
    """
    return COMPASS_POINTS[round((bearing_deg % 360.0) / 22.5) % 16]
