"""Region priors of resolution: where the user, or the source's own past, says the news is.

Two priors multiply a candidate's gazetteer prior before the article's own
context does (:func:`prior_factor` is the one place both are applied):

* a user-given region bias: an analyst who knows that a feed covers Syria
  says so (``--prefer-country SY``, ``--prefer-region Latakia``) and every
  candidate there is lifted (:class:`RegionBias`);
* a collection prior: the home regions a source's articles were resolved to
  before (:class:`~mapapp.models.RegionShares`, learned without labels by
  :mod:`~mapapp.geoparse.collection`), lifting a candidate by its country's
  and its division's mean share (:func:`home_factor`); a local paper's
  "Springfield" is the one in its home state.

Both are priors, not filters: explicit containment ("Moscow, Idaho") is
applied first and a prior never brings back a candidate it excluded; the
lift is bounded (at most ``1 + HOME_COUNTRY_WEIGHT + HOME_ADMIN1_WEIGHT``
for the collection), so a name whose reading is strong ("Paris" in a Texan
paper, gazetteer prior 0.83 against 0.52) keeps it, and a name with no
candidate in the region still resolves elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from mapapp.errors import QueryError
from mapapp.models import Candidate, Place, RegionShares

#: A candidate in the preferred country has its prior multiplied by 1 + this.
COUNTRY_BIAS = 0.8
#: ... and one in the preferred region (same division, or inside its extent) by 1 + this again.
REGION_BIAS = 0.5
#: A region is home to a source when at least this share of the source's places lie in it; the lift
#: grows from 0 there to its weight when every place does (a world desk, with a quarter of its places in
#: one country, has no home, so its priors stay the gazetteer's).
HOME_MIN_SHARE = 0.3
#: A candidate's prior is multiplied by 1 + this at most for its country being the source's home ...
HOME_COUNTRY_WEIGHT = 0.1
#: ... plus this at most for its first-level division being home (the share among places that have one):
#: most of the lift, as a local paper's losses are namesakes in another state of its own country.
HOME_ADMIN1_WEIGHT = 0.4
#: A source is given a home once this many of its articles have resolved places (fewer say too little).
MIN_HOME_ARTICLES = 3


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


def home_factor(place: Place, home: RegionShares | None) -> float:
    """How much a source's home regions multiply a candidate's prior (1.0: no home, or not in it).

    This one function is the collection prior (a ranker may take it as a feature). It is
    at most ``1 + HOME_COUNTRY_WEIGHT + HOME_ADMIN1_WEIGHT`` (1.5): a reading the
    gazetteer rates 1.5 times as likely as the home one is never overturned by it alone.

    >>> ohio = RegionShares(4, {("US", ""): 4.0, ("US", "Ohio"): 3.0, ("US", "Illinois"): 1.0})
    >>> town = Place("gn:1", "Springfield", 39.9, -83.8, "P", "PPL", "US", "Ohio", 58000, None, "t")
    >>> il = Place("gn:2", "Springfield", 39.8, -89.6, "P", "PPL", "US", "Illinois", 116000, None, "t")
    >>> home_factor(town, ohio), home_factor(il, ohio), home_factor(town, RegionShares(2, ohio.shares))
    (1.357143, 1.1, 1.0)
    """
    if home is None or home.articles < MIN_HOME_ARTICLES or not place.country_code:
        return 1.0
    lift = HOME_COUNTRY_WEIGHT * _above_floor(home.mean((place.country_code, "")))
    if place.admin1 and not place.is_country:
        lift += HOME_ADMIN1_WEIGHT * _above_floor(home.mean((place.country_code, place.admin1)))
    return round(1.0 + lift, 6)


def _above_floor(share: float) -> float:
    """0 up to :data:`HOME_MIN_SHARE`, then rising linearly to 1 for a share of 1."""
    return max(share - HOME_MIN_SHARE, 0.0) / (1.0 - HOME_MIN_SHARE)


def prior_factor(place: Place, *, bias: RegionBias | None, home: RegionShares | None = None) -> float:
    """The user's region bias and the source's home prior together (what multiplies a candidate's prior)."""
    return (bias.factor(place) if bias is not None else 1.0) * home_factor(place, home)


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
