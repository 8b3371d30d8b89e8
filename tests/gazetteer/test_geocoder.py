"""OfflineGeocoder follows geopy's interface and never touches the network by default."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from mapapp.gazetteer import haversine_km
from mapapp.gazetteer.geocoder import OfflineGeocoder


@pytest.fixture(scope="module")
def geocoder(gazetteer):
    return OfflineGeocoder(gazetteer=gazetteer)


class FakeOnlineGeocoder(Geocoder):
    """Stands in for Nominatim: records calls, answers one made-up place."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        if query == "Nowhereville Depot":
            return [Location("Nowhereville Depot, Testland", Point(10.0, 20.0), {"osm_id": 42})]
        return None


def test_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


@pytest.mark.parametrize(
    ("query", "lat", "lon", "tolerance_km"),
    [
        ("Hmeimim", 35.40, 35.95, 15),
        ("Khmeimim", 35.40, 35.95, 15),
        ("Golan Heights", 33.0, 35.75, 40),
        ("Latakia", 35.52, 35.79, 10),
    ],
)
def test_geocode_returns_a_location(geocoder, query, lat, lon, tolerance_km):
    location = geocoder.geocode(query)
    assert isinstance(location, Location)
    assert haversine_km(location.latitude, location.longitude, lat, lon) <= tolerance_km
    assert location.raw["name"] and location.raw["source"] and "score" in location.raw


def test_geocode_many_and_country_filter(geocoder):
    many = geocoder.geocode("Tripoli", exactly_one=False, limit=3)
    assert [loc.raw["country_code"] for loc in many[:2]] == ["LY", "LB"]
    assert geocoder.geocode("Tripoli", country_codes="LB").raw["country_code"] == "LB"
    assert geocoder.geocode("Moscow", country_codes=["US"]).raw["admin1"] == "Idaho"


def test_unknown_is_none(geocoder):
    assert geocoder.geocode("Xqzzyplotz") is None


def test_reverse_accepts_anything_geopy_does(geocoder):
    assert geocoder.reverse("35.53, 35.79").raw["name"] == "Latakia"
    assert geocoder.reverse((35.53, 35.79)).raw["name"] == "Latakia"
    assert geocoder.reverse(Point(-33.87, 151.21), exactly_one=False)[0].raw["name"] == "Sydney"


def test_fallback_is_used_only_when_offline_has_nothing_and_is_cached(gazetteer, tmp_path):
    fake = FakeOnlineGeocoder()
    geocoder = OfflineGeocoder(
        gazetteer=gazetteer, fallback=fake, fallback_cache=tmp_path / "answers.sqlite3", min_delay_seconds=0.0
    )
    assert geocoder.geocode("Latakia").raw["country_code"] == "SY"
    assert fake.calls == []
    location = geocoder.geocode("Nowhereville Depot")
    assert (location.latitude, location.longitude, location.raw) == (10.0, 20.0, {"osm_id": 42})
    assert len(fake.calls) == 1 and fake.calls[0][1]["exactly_one"] is False
    again = OfflineGeocoder(
        gazetteer=gazetteer, fallback=fake, fallback_cache=tmp_path / "answers.sqlite3", min_delay_seconds=0.0
    )
    assert again.geocode("nowhereville depot").address == "Nowhereville Depot, Testland"
    assert len(fake.calls) == 1, "the second answer must come from the on-disk cache"
    assert geocoder.geocode("Xqzzyplotz") is None
    assert geocoder.geocode("Xqzzyplotz") is None
    assert [q for q, _ in fake.calls] == ["Nowhereville Depot", "Xqzzyplotz"]


def test_fallback_needs_a_cache(gazetteer):
    with pytest.raises(ValueError, match="fallback_cache"):
        OfflineGeocoder(gazetteer=gazetteer, fallback=FakeOnlineGeocoder())


def test_with_nominatim_builds_a_cached_rate_limited_fallback(gazetteer, tmp_path, monkeypatch):
    from geopy.geocoders import Nominatim

    asked: list[str] = []
    # Stands in for the network call only: nothing leaves the machine.
    monkeypatch.setattr(Nominatim, "geocode", lambda self, query, **kw: asked.append(query) or None)
    geocoder = OfflineGeocoder.with_nominatim(
        cache_path=tmp_path / "osm.sqlite3", gazetteer=gazetteer, min_delay_seconds=0.0
    )
    assert geocoder.geocode("Latakia").raw["id"] == "gn:173576"
    assert asked == []
    assert geocoder.geocode("Qqxyzzy Nowhere Depot") is None
    assert asked == ["Qqxyzzy Nowhere Depot"]
    assert (tmp_path / "osm.sqlite3").is_file()
