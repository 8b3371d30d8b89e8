"""Names whose namesakes lie together: "Edmonton" and "Enfield" in one story are the two
north London neighbours, not Edmonton, Alberta, and Enfield, Connecticut.

When two of an article's names, each most likely a town, have candidates
within :data:`PAIR_KM` of each other, those two candidates are likely the
places meant, even when neither is the bigger namesake: writers name
neighbouring towns together. Hamlets (a prior below
:data:`MIN_PARTNER_PRIOR`) are too many to count as partners, and a name
whose likeliest sense is a country or province ("Mexico") is not moved to a
town by it.
The resolver reads this as a lift (:mod:`~mapapp.geoparse.ranking`), so a
candidate with a partner can win over a bigger namesake alone, while the
article's own picks (closeness) still count for more.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from mapapp.gazetteer import haversine_km
from mapapp.models import Candidate, Place

#: Two candidates of different names this close are taken as named together for being neighbours.
PAIR_KM = 15.0
#: A namesake below this prior (a hamlet) is too common a coincidence to count as a partner.
MIN_PARTNER_PRIOR = 0.4
_CELL_DEG = 1.0


def _specific(place: Place) -> bool:
    # Towns, sites and districts: a province or country is "near" everything in it.
    return place.feature_class in ("P", "S") or place.feature_code == "ADM2"


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


@dataclass(frozen=True, slots=True)
class NearPairs:
    """The specific candidates of an article's names, by grid cell, to find each one's partners.

    >>> from mapapp.models import Candidate, Place
    >>> def town(pid, lat, lon):
    ...     return Place(id=pid, name=pid, lat=lat, lon=lon, feature_class="P", feature_code="PPL",
    ...                  country_code="GB", admin1="", population=1, extent=None, source="t")
    >>> def cands(*places):
    ...     return [Candidate(p, 0.5, p.name, "name") for p in places]
    >>> pairs = NearPairs.of([("Edmonton", cands(town("e1", 51.62, -0.06), town("e2", 53.55, -113.5))),
    ...                       ("Enfield", cands(town("f1", 51.65, -0.08), town("f2", 41.98, -72.59)))])
    >>> pairs.has_partner(town("e1", 51.62, -0.06), "Edmonton"), pairs.has_partner(town("e2", 53.55, -113.5), "Edmonton")
    (True, False)
    """

    cells: dict[tuple[int, int], list[tuple[Hashable, Place]]] = field(default_factory=dict)

    @classmethod
    def of(cls, names: Iterable[tuple[Hashable, Iterable[Candidate]]]) -> NearPairs:
        """From each name (any key) and its candidates."""
        cells: defaultdict[tuple[int, int], list[tuple[Hashable, Place]]] = defaultdict(list)
        for key, candidates in names:
            for cand in candidates:
                if _specific(cand.place) and cand.score >= MIN_PARTNER_PRIOR:
                    cells[_cell(cand.place.lat, cand.place.lon)].append((key, cand.place))
        return cls(dict(cells))

    def has_partner(self, place: Place, key: Hashable) -> bool:
        """Whether a candidate of another name than ``key`` lies within :data:`PAIR_KM` of ``place``."""
        if not self.cells or not _specific(place):
            return False
        row, col = _cell(place.lat, place.lon)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for other_key, other in self.cells.get((row + dr, col + dc), ()):
                    if (
                        other_key != key
                        and haversine_km(place.lat, place.lon, other.lat, other.lon) <= PAIR_KM
                    ):
                        return True
        return False
