"""A user-given region bias: the country or region a collection of news is about.

An analyst who knows that a feed covers Syria says so (``--prefer-country
SY``, ``--prefer-region Latakia``); the resolver then multiplies the prior of
every candidate there, as the article's own context does. It is a
prior, not a filter: explicit containment ("Moscow, Idaho") is applied first
and a bias never brings back a candidate it excluded, and a name with no
candidate in the region still resolves elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from mapapp.errors import QueryError
from mapapp.models import Candidate, Place

#: A candidate in the preferred country has its prior multiplied by 1 + this.
COUNTRY_BIAS = 0.8
#: ... and one in the preferred region (same division, or inside its extent) by 1 + this again.
REGION_BIAS = 0.5


class BiasGazetteer(Protocol):
    """What resolving a bias needs from a gazetteer."""

    def country(self, code: str) -> Place | None: ...

    def lookup(
        self, query: str, *, feature_classes: list[str] | None = None, limit: int | None = 10
    ) -> list[Candidate]: ...


@dataclass(frozen=True, slots=True)
class RegionBias:
    """The preferred country (ISO 3166-1 alpha-2) and region (a gazetteer place), either optional."""

    country: str = ""
    region: Place | None = None

    def __post_init__(self) -> None:
        if self.country and not (
            len(self.country) == 2 and self.country.isalpha() and self.country.isupper()
        ):
            raise QueryError(f"a preferred country is a two-letter upper-case ISO code, not {self.country!r}")

    def factor(self, place: Place) -> float:
        """How much the bias multiplies a candidate's prior (1.0: not in the preferred area).

        >>> syria = RegionBias(country="SY")
        >>> town = Place("gn:1", "Jableh", 35.36, 35.93, "P", "PPL", "SY", "Latakia", 65000, None, "t")
        >>> syria.factor(town), syria.factor(Place("gn:2", "Tripoli", 34.4, 35.8, "P", "PPL", "LB", "", 1, None, "t"))
        (1.8, 1.0)
        """
        factor = 1.0
        countries = {self.country, self.region.country_code if self.region else ""} - {""}
        if place.country_code in countries:
            factor *= 1.0 + COUNTRY_BIAS
        if self.region is not None and _in_region(place, self.region):
            factor *= 1.0 + REGION_BIAS
        return round(factor, 6)


def _in_region(place: Place, region: Place) -> bool:
    if place.country_code != region.country_code:
        return False
    if region.division and place.division == region.division:
        return True
    extent = region.extent
    return extent is not None and extent.contains(place.lat, place.lon)


def region_bias(
    gazetteer: BiasGazetteer, *, country: str | None = None, region: str | None = None
) -> RegionBias | None:
    """The bias for a country code and a region name, or ``None`` when neither is given.

    Raises :class:`~mapapp.errors.QueryError` naming the option when the code
    is not a country's or the gazetteer knows no such region; a region is
    looked up among divisions first ("Latakia" is the governorate), then
    among all places, within the preferred country when one is given; a town
    stands for its first-level division.
    """
    code = ""
    if country is not None:
        code = country.strip().upper()
        if not (len(code) == 2 and code.isalpha()) or gazetteer.country(code) is None:
            raise QueryError(f"--prefer-country: {country!r} is not an ISO 3166-1 alpha-2 country code")
    place = None
    if region is not None:
        name = region.strip()
        found = _region_places(gazetteer, name, country=code)
        if not found:
            where = f" in {code}" if code else ""
            raise QueryError(f"--prefer-region: no region named {name!r}{where} in the gazetteer")
        place = found[0]
    if not code and place is None:
        return None
    return RegionBias(country=code, region=place)


def _region_places(gazetteer: BiasGazetteer, name: str, *, country: str) -> list[Place]:
    """Places named ``name`` (divisions first), in ``country`` when it is given; no countries."""
    if not name:
        return []
    try:
        candidates = [
            c for classes in (["A"], None) for c in gazetteer.lookup(name, feature_classes=classes, limit=25)
        ]
    except QueryError as exc:
        raise QueryError(f"--prefer-region: {exc}") from None
    return [
        c.place
        for c in candidates
        if not c.place.is_country and (not country or c.place.country_code == country)
    ]
