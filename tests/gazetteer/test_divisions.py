"""Where first-level divisions are placed: their towns' box, a constituent country among its people."""

from __future__ import annotations

import pytest

from mapapp.gazetteer import haversine_km
from mapapp.gazetteer.divisions import CONSTITUENT_COUNTRY, _division
from mapapp.models import Extent

# (name, id, points the division must lie within 161 km of): GeoNames' point and, for a
# constituent country, the capital that maps label it by.
DIVISIONS = [
    ("England", "adm1:GB-ENG", [(52.16, -0.70), (51.51, -0.13)]),
    ("Scotland", "adm1:GB-SCT", [(56.0, -4.0), (55.95, -3.19), (55.86, -4.25)]),
    ("Wales", "adm1:GB-WLS", [(52.5, -3.5), (51.48, -3.18)]),
    ("Queensland", "adm1:AU-QLD", [(-20.0, 145.0)]),
    ("Texas", "adm1:US-TX", [(31.25, -99.25)]),
    ("California", "adm1:US-CA", [(37.25, -119.75)]),
]


@pytest.mark.parametrize(("query", "place_id", "points"), DIVISIONS, ids=[d[0] for d in DIVISIONS])
def test_a_division_lies_within_161_km_of_its_reference_points(gazetteer, query, place_id, points):
    place = next(c.place for c in gazetteer.lookup(query, feature_classes=["A"]) if c.place.id == place_id)
    for lat, lon in points:
        assert haversine_km(place.lat, place.lon, lat, lon) <= 161.0, (query, place.lat, place.lon, lat, lon)


class _Sub:
    def __init__(self, kind: str) -> None:
        self.name, self.type, self.iso_code, self.geonames_code, self.aliases = "X", kind, "XX-X", "XX.X", ()


# Twelve towns crowded in the south, five strung out to the north: the box centre sits in the empty north.
TOWNS = [(50.0 + k / 10, -1.0, 1000) for k in range(12)] + [(54.0 + k, -3.0, 500) for k in range(5)]


@pytest.mark.parametrize(
    ("kind", "lat", "lon"),
    [("Province", 54.0, -2.0), ("State", 54.0, -2.0), (CONSTITUENT_COUNTRY, 52.1529, -1.5882)],
)
def test_a_constituent_country_is_placed_at_its_towns_mean_others_at_their_box_centre(kind, lat, lon):
    place = _division(_Sub(kind), TOWNS, country="XX", code="ADM1", admin1="").place
    assert (round(place.lat, 4), round(place.lon, 4)) == (lat, lon)
    assert place.extent == Extent(south=50.0, west=-3.0, north=58.0, east=-1.0)
