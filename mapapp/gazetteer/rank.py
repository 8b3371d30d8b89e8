"""Context-free ranking of gazetteer candidates.

A candidate's score is the place's *importance* (how likely a news article
means this place when it names it, before reading the article) times a
factor for how the name matched. The geoparser adds article context on top;
these scores alone must already send "Paris" to France and "Georgia" to the
country.
"""

from __future__ import annotations

import math

from mapapp.models import MatchKind, Place

MATCH_NAME = 0
MATCH_ALIAS = 1
MATCH_CODE = 2
MATCH_DEMONYM = 3
MATCH_FUZZY = 4

MATCH_LABELS: dict[int, MatchKind] = {
    MATCH_NAME: "name",
    MATCH_ALIAS: "alias",
    MATCH_CODE: "code",
    MATCH_DEMONYM: "demonym",
    MATCH_FUZZY: "fuzzy",
}

# An alternate name is weaker evidence than a place's own name: GeoNames
# alternate names include historic and foreign forms that collide with other
# places' names ("Kashmir" is an alternate name of Cashmere, Washington).
_MATCH_FACTOR = {
    MATCH_NAME: 1.0,
    MATCH_ALIAS: 0.85,
    MATCH_CODE: 0.7,
    MATCH_DEMONYM: 0.9,
    MATCH_FUZZY: 0.7,
}

# Named features no package ships are curated because news names them often;
# their importance reflects that they are the usual referent of their name.
_CURATED_IMPORTANCE = {
    "OCN": 0.95,
    "SEA": 0.9,
    "GULF": 0.86,
    "STRT": 0.86,
    "BAY": 0.84,
    "CHN": 0.84,
}
_CLASS_IMPORTANCE = {"H": 0.8, "L": 0.85, "T": 0.8, "S": 0.75, "V": 0.7, "R": 0.7, "U": 0.8}


def _population_term(population: int, *, cap: float) -> float:
    return min(math.log10(max(population, 1) + 1), cap)


def importance(place: Place) -> float:
    """Prior probability-like weight of a place, in [0, 1].

    >>> from mapapp.models import Place
    >>> def town(pop, code="PPL"):
    ...     return Place(id="t", name="t", lat=0, lon=0, feature_class="P", feature_code=code,
    ...                  country_code="XX", admin1="", population=pop, extent=None, source="t")
    >>> importance(town(2_000_000)) > importance(town(25_000))
    True
    """
    fclass, fcode = place.feature_class, place.feature_code
    if fclass == "A" and fcode.startswith("PCL"):
        # Territories share names and demonyms with their states ("French"
        # is also Martinique's): the populous one is the usual referent.
        return 0.9 + 0.1 * min(_population_term(place.population, cap=9.0) / 9.0, 1.0)
    if fclass == "A" and fcode == "ADM2":
        # Counties and districts are named after their towns more often than not.
        return 0.4 + _population_term(place.population, cap=8.0) / 40.0
    if fclass == "A":
        # Divisions share names with better-known places (Gaza, Mozambique;
        # Red Sea, Egypt), so they start below a town of the same size.
        return 0.5 + _population_term(place.population, cap=8.0) / 40.0
    if fclass == "P":
        base = _population_term(place.population, cap=7.5) / 8.5
        return min(base + (0.08 if fcode == "PPLC" else 0.0), 1.0)
    if place.id.startswith("icao:"):
        return 0.55 if fcode == "AIRB" else 0.45
    return _CURATED_IMPORTANCE.get(fcode, _CLASS_IMPORTANCE.get(fclass, 0.6))


def match_score(place_importance: float, match_kind: int) -> float:
    """Score of a candidate found through a name of the given kind.

    >>> match_score(1.0, MATCH_NAME), match_score(1.0, MATCH_ALIAS)
    (1.0, 0.85)
    """
    return round(place_importance * _MATCH_FACTOR[match_kind], 6)
