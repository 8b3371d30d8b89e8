"""A geopy geocoder backed by the embedded gazetteer.

:class:`OfflineGeocoder` follows geopy's provider interface, so code written
for ``geopy.geocoders.Nominatim`` works unchanged and offline. An online
fallback (any geopy geocoder, Nominatim by default) is off unless asked for;
it is rate limited with geopy's ``RateLimiter`` and its answers are cached on
disk so a name is never asked twice.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from mapapp.gazetteer.core import Gazetteer
from mapapp.models import Candidate, Place


def _address(place: Place) -> str:
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country_code and not place.id.startswith("cc:"):
        parts.append(place.country_code)
    return ", ".join(parts)


def candidate_to_location(candidate: Candidate) -> Location:
    """A geopy ``Location`` whose ``raw`` is the candidate record."""
    place = candidate.place
    raw = {
        **place.to_dict(),
        "score": candidate.score,
        "match": candidate.match,
        "matched_name": candidate.matched_name,
    }
    return Location(_address(place), Point(place.lat, place.lon), raw)


class FallbackCache:
    """An on-disk memo of online answers: query key -> list of locations."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS answers(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self._conn.commit()

    def get(self, key: str) -> list[Location] | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return [
            Location(item["address"], Point(item["lat"], item["lon"]), item["raw"])
            for item in json.loads(row[0])
        ]

    def put(self, key: str, locations: list[Location]) -> None:
        value = json.dumps(
            [
                {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}
                for loc in locations
            ]
        )
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, value))
            self._conn.commit()

    def close(self) -> None:
        self._conn.close()


class OfflineGeocoder(Geocoder):
    """Geocode with the embedded gazetteer; optionally fall back online.

    Parameters
    ----------
    gazetteer
        An open :class:`~mapapp.gazetteer.Gazetteer`; opened (and built on
        first use) when omitted.
    fallback
        A geopy geocoder asked only when the gazetteer has no answer. ``None``
        (the default) keeps everything offline.
    fallback_cache
        Where online answers are remembered; required with ``fallback``.
    min_delay_seconds
        Minimum delay between online requests (Nominatim's policy is 1 s).
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        fallback: Geocoder | None = None,
        fallback_cache: Path | None = None,
        min_delay_seconds: float = 1.0,
    ) -> None:
        super().__init__()
        if fallback is not None and fallback_cache is None:
            raise ValueError("an online fallback needs fallback_cache, a file path for its answers")
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
        self._fallback: Callable[..., Any] | None = None
        self._cache: FallbackCache | None = None
        if fallback is not None and fallback_cache is not None:
            self._fallback = RateLimiter(
                fallback.geocode, min_delay_seconds=min_delay_seconds, max_retries=1, swallow_exceptions=False
            )
            self._cache = FallbackCache(fallback_cache)

    @classmethod
    def with_nominatim(
        cls, *, cache_path: Path, user_agent: str = "mapapp", **kwargs: Any
    ) -> OfflineGeocoder:
        """An offline geocoder that asks OpenStreetMap's Nominatim when it knows nothing."""
        from geopy.geocoders import Nominatim

        return cls(fallback=Nominatim(user_agent=user_agent), fallback_cache=cache_path, **kwargs)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
        feature_classes: Iterable[str] | None = None,
        limit: int | None = 10,
        timeout: Any = None,
    ) -> Location | list[Location] | None:
        """Locations for a place name, best first; ``None`` when nothing matches.

        ``timeout`` is accepted for interface compatibility and only passed
        to the online fallback.
        """
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        candidates = self.gazetteer.lookup(
            query, country_codes=codes, feature_classes=feature_classes, limit=1 if exactly_one else limit
        )
        locations = [candidate_to_location(c) for c in candidates]
        if not locations and self._fallback is not None:
            locations = self._geocode_online(query, country_codes=codes, timeout=timeout)
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _geocode_online(
        self, query: str, *, country_codes: Iterable[str] | None, timeout: Any
    ) -> list[Location]:
        assert self._fallback is not None and self._cache is not None
        codes = sorted(c.lower() for c in country_codes) if country_codes else []
        key = json.dumps([query.strip().casefold(), codes])
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        kwargs: dict[str, Any] = {"exactly_one": False}
        if codes:
            kwargs["country_codes"] = codes
        if timeout is not None:
            kwargs["timeout"] = timeout
        answer = self._fallback(query, **kwargs) or []
        locations = [answer] if isinstance(answer, Location) else list(answer)
        self._cache.put(key, locations)
        return locations

    def reverse(
        self, query: Any, *, exactly_one: bool = True, max_km: float = 300.0, timeout: Any = None
    ) -> Location | list[Location] | None:
        """The nearest populated place to a point (anything geopy's ``Point`` takes)."""
        point = Point(query)
        place = self.gazetteer.reverse(point.latitude, point.longitude, max_km=max_km)
        if place is None:
            return None
        location = candidate_to_location(
            Candidate(place=place, score=1.0, matched_name=place.name, match="name")
        )
        return location if exactly_one else [location]
