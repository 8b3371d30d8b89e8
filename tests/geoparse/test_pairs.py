"""Names whose namesakes lie together (:mod:`mapapp.geoparse.pairs`)."""

from __future__ import annotations

import pytest

from mapapp.geoparse.recognize import Span
from mapapp.geoparse.resolve import Resolver
from mapapp.models import Place
from tests.helpers import TableGazetteer


def town(pid: str, name: str, lat: float, lon: float, *, cc: str, admin1: str, pop: int) -> Place:
    return Place(pid, name, lat, lon, "P", "PPL", cc, admin1, pop, None, "test")


EDMONTON_CA = town("gn:1", "Edmonton", 53.55, -113.47, cc="CA", admin1="Alberta", pop=1_010_000)
EDMONTON_GB = town("gn:2", "Edmonton", 51.62, -0.06, cc="GB", admin1="England", pop=82_000)
ENFIELD_US = town("gn:3", "Enfield", 41.98, -72.59, cc="US", admin1="Connecticut", pop=45_000)
ENFIELD_GB = town("gn:4", "Enfield Town", 51.65, -0.08, cc="GB", admin1="England", pop=157_000)
MANCHESTER_GB = town("gn:5", "Manchester", 53.48, -2.24, cc="GB", admin1="England", pop=510_000)
MANCHESTER_US = town("gn:6", "Manchester", 41.78, -72.52, cc="US", admin1="Connecticut", pop=30_000)
COLCHESTER_GB = town("gn:7", "Colchester", 51.89, 0.9, cc="GB", admin1="England", pop=104_000)
COLCHESTER_US = town("gn:8", "Colchester", 41.58, -72.33, cc="US", admin1="Connecticut", pop=4_800)
MEXICO = Place("cc:MX", "Mexico", 23.0, -102.0, "A", "PCLI", "MX", "", 126_000_000, None, "test")
MEXICO_CITY = town("gn:9", "Mexico City", 19.43, -99.13, cc="MX", admin1="Ciudad de Mexico", pop=12_000_000)
COYOACAN = town("gn:10", "Coyoacan", 19.35, -99.16, cc="MX", admin1="Ciudad de Mexico", pop=600_000)

TABLE = {
    "Edmonton": [(EDMONTON_CA, 0.71, "name"), (EDMONTON_GB, 0.58, "name")],
    "Enfield": [(ENFIELD_US, 0.55, "name"), (ENFIELD_GB, 0.52, "alias")],
    "Manchester": [(MANCHESTER_GB, 0.67, "name"), (MANCHESTER_US, 0.53, "name")],
    "Colchester": [(COLCHESTER_GB, 0.59, "name"), (COLCHESTER_US, 0.43, "name")],
    "Mexico": [(MEXICO, 0.99, "name"), (MEXICO_CITY, 0.7, "alias")],
    "Coyoacan": [(COYOACAN, 0.6, "name")],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two north London neighbours, not Edmonton, Alberta, and Enfield, Connecticut.
        (
            "Pupils from an Edmonton school won the prize, Enfield councillors said.",
            {"Edmonton": "gn:2", "Enfield": "gn:4"},
        ),
        # Manchester and Colchester, Connecticut, are 27 km apart: too far to be read as neighbours.
        (
            "The club has fans in Manchester and Colchester.",
            {"Manchester": "gn:5", "Colchester": "gn:7"},
        ),
        # A country's name is not moved to a town beside another name.
        ("Sales in Mexico rose, a shop in Coyoacan said.", {"Mexico": "cc:MX", "Coyoacan": "gn:10"}),
    ],
)
def test_names_whose_namesakes_lie_together_are_those_neighbours(text, expected):
    spans = [Span(text.index(n), text.index(n) + len(n), n, "GPE", n) for n in expected]
    mentions = Resolver(gazetteer=TableGazetteer(TABLE)).resolve(text, spans)
    assert {m.text: (m.place.id if m.place else None) for m in mentions} == expected
