"""Collection context: the articles of one source share a geography.

A source is a user-given collection name, else the article's own ``source``
(a JSONL ``source`` or ``feed`` field), else its URL's domain
(:func:`source_key`). Each resolved article says where its places are
(:func:`regions_of`: the share of its places in each country and
first-level division); summed over a source's articles these are the
source's home regions (:class:`~mapapp.models.RegionShares`), learned from
resolved mentions alone, never from labels. The store keeps each article's
shares; :class:`CollectionPriors` hands every article the home of its
source as a prior of resolution (:func:`~mapapp.geoparse.bias.home_factor`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mapapp.models import Article, Mention, RegionKey, RegionShares


def source_key(article: Article, *, collection: str = "") -> str:
    """The source an article belongs to: ``collection``, else its ``source`` field, else its URL's domain.

    >>> a = Article(id="1", title="", date=None, url="https://www.Springfield-News.com/x?y=1", text="t")
    >>> source_key(a), source_key(a, collection="Ohio papers"), source_key(Article("2", "", None, "", "t"))
    ('springfield-news.com', 'Ohio papers', '')
    """
    if collection.strip():
        return " ".join(collection.split())
    if article.source.strip():
        return " ".join(article.source.split())
    try:
        host = (urlsplit(article.url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def regions_of(mentions: Iterable[Mention]) -> RegionShares:
    """One article's shares of countries and divisions among its resolved places (no place: no article).

    Each place counts once, weighted by the resolver's confidence; demonyms
    ("Syrian") say nothing of where the story is and do not count. Division
    shares are among the places that have a division.

    >>> from mapapp.models import Place, ResolvedMention
    >>> def m(name, admin1, code="US"):
    ...     place = Place("gn:" + name, name, 0.0, 0.0, "P", "PPL", code, admin1, 1000, None, "t")
    ...     return ResolvedMention(name, 0, 1, "GPE", place, 1.0)
    >>> regions_of([m("Springfield", "Ohio"), m("Dayton", "Ohio"), m("Dayton", "Ohio"), m("Peoria", "Illinois")])
    RegionShares(articles=1, shares={('US', ''): 1.0, ('US', 'Ohio'): 0.666667, ('US', 'Illinois'): 0.333333})
    >>> regions_of([])
    RegionShares(articles=0, shares={})
    """
    weights: dict[str, tuple[float, RegionKey]] = {}
    for mention in mentions:
        place = mention.place
        if place is None or mention.adjectival or not place.country_code:
            continue
        weight = max(mention.confidence, weights.get(place.id, (0.0, ("", "")))[0])
        weights[place.id] = (weight, (place.country_code, "" if place.is_country else place.admin1))
    countries: defaultdict[RegionKey, float] = defaultdict(float)
    divisions: defaultdict[RegionKey, float] = defaultdict(float)
    for weight, (code, admin1) in weights.values():
        countries[(code, "")] += weight
        if admin1:
            divisions[(code, admin1)] += weight
    shares = {**_normalised(countries), **_normalised(divisions)}
    return RegionShares(1 if shares else 0, shares)


def _normalised(weights: Mapping[RegionKey, float]) -> dict[RegionKey, float]:
    total = sum(weights.values())
    return {key: round(value / total, 6) for key, value in weights.items()} if total > 0 else {}


def learn_homes(articles: Iterable[tuple[str, RegionShares]]) -> dict[str, RegionShares]:
    """Each source's home regions: the sum of its articles' shares (in any order: the sum is the same).

    >>> one = RegionShares(1, {("US", ""): 1.0})
    >>> learn_homes([("a", one), ("", one), ("a", one)])
    {'a': RegionShares(articles=2, shares={('US', ''): 2.0})}
    """
    homes: dict[str, RegionShares] = {}
    for key, shares in articles:
        if key:
            homes[key] = homes.get(key, RegionShares()) + shares
    return homes


@dataclass(frozen=True, slots=True)
class CollectionPriors:
    """The home regions of every known source, and the collection a run's articles all belong to (if any)."""

    homes: Mapping[str, RegionShares] = field(default_factory=dict)
    collection: str = ""

    def key_of(self, article: Article) -> str:
        """The article's source (:func:`source_key`)."""
        return source_key(article, collection=self.collection)

    def home_of(self, article: Article, *, leave_out: RegionShares | None = None) -> RegionShares | None:
        """The home regions of the article's source; ``leave_out`` the article's own shares if they are in."""
        home = self.homes.get(self.key_of(article))
        if home is None or leave_out is None:
            return home
        return home - leave_out
