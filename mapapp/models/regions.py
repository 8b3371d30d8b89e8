"""Where a source's articles are: the record behind the collection prior."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: A share keyed by ``(country code, "")`` is the country's; by ``(country code, admin1)`` the division's.
RegionKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class RegionShares:
    """The share of resolved places by country and first-level division, summed over ``articles``.

    One article's shares add up to 1 per level (its places' countries, its
    places' divisions); a source's are the sums over its articles, so a
    mean share is ``shares[key] / articles`` whichever order they came in.

    >>> one = RegionShares(1, {("US", ""): 1.0, ("US", "Ohio"): 0.5})
    >>> (one + one).mean(("US", "Ohio")), (one + one - one) == one
    (0.5, True)
    """

    articles: int = 0
    shares: Mapping[RegionKey, float] = field(default_factory=dict)

    def mean(self, key: RegionKey) -> float:
        """The mean share of one country (``(code, "")``) or division over the articles (0 when none)."""
        return self.shares.get(key, 0.0) / self.articles if self.articles > 0 else 0.0

    def __add__(self, other: RegionShares) -> RegionShares:
        return self._combined(other, sign=1)

    def __sub__(self, other: RegionShares) -> RegionShares:
        return self._combined(other, sign=-1)

    def _combined(self, other: RegionShares, *, sign: int) -> RegionShares:
        shares = dict(self.shares)
        for key, value in other.shares.items():
            total = round(shares.get(key, 0.0) + sign * value, 9)
            if total > 0:
                shares[key] = total
            else:
                shares.pop(key, None)
        return RegionShares(max(self.articles + sign * other.articles, 0), shares)


@dataclass(frozen=True, slots=True)
class ArticleRegions:
    """One article's source and the shares of its resolved places, as the store keeps them."""

    source: str
    shares: RegionShares
