"""Gazetteer places, the candidates proposed for a name and the mentions resolved to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mapapp.models.kinds import GEO_EXACT, DerivationMethod, GeoPrecision, MatchKind


@dataclass(frozen=True, slots=True)
class Extent:
    """A latitude/longitude bounding box (west may exceed east across 180).

    >>> Extent(south=35.0, west=35.5, north=36.0, east=36.5).contains(35.5, 36.0)
    True
    """

    south: float
    west: float
    north: float
    east: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.south <= self.north <= 90.0):
            raise ValueError(f"extent latitudes out of order or range: {self}")
        for lon in (self.west, self.east):
            if not -180.0 <= lon <= 180.0:
                raise ValueError(f"extent longitude out of range: {self}")

    def contains(self, lat: float, lon: float, *, margin_deg: float = 0.0) -> bool:
        """Whether the point lies in the box, widened by ``margin_deg``."""
        if not self.south - margin_deg <= lat <= self.north + margin_deg:
            return False
        west, east = self.west - margin_deg, self.east + margin_deg
        if self.west <= self.east:
            return west <= lon <= east
        return lon >= west or lon <= east

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(south, west, north, east)``."""
        return (self.south, self.west, self.north, self.east)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable across rebuilds: ``gn:<geonameid>`` for GeoNames cities,
    ``cc:<ISO2>`` for countries, ``adm1:<ISO 3166-2>`` for first-level
    divisions, ``icao:<code>`` for airports, ``cur:<slug>`` for curated rows.
    ``feature_class``/``feature_code`` use GeoNames' codes (A/PCLI, P/PPL,
    H/SEA, S/AIRB, ...).
    """

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    population: int
    extent: Extent | None
    source: str

    @property
    def is_country(self) -> bool:
        """Whether the place is a country (GeoNames' PCL* codes: PCLI, PCLD, PCLS ...)."""
        return self.feature_class == "A" and self.feature_code.startswith("PCL")

    @property
    def is_division(self) -> bool:
        """Whether the place is a first-level division (a state, province, region: GeoNames' ADM1).

        >>> Place("d", "Indiana", 40.0, -86.3, "A", "ADM1", "US", "IN", 0, None, "t").is_division
        True
        """
        return self.feature_class == "A" and self.feature_code == "ADM1"

    @property
    def division(self) -> str:
        """The first-level division the place is in (ACLED's ``admin1``); a division is its own.

        >>> Place("d", "Latakia Governorate", 35.6, 36.0, "A", "ADM1", "SY", "", 0, None, "t").division
        'Latakia Governorate'
        >>> Place("c", "Syria", 35.0, 38.0, "A", "PCLI", "SY", "", 0, None, "t").division
        ''
        """
        if self.admin1:
            return self.admin1
        return self.name if self.feature_code == "ADM1" else ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the record."""
        return {
            "id": self.id,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "feature_class": self.feature_class,
            "feature_code": self.feature_code,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "population": self.population,
            "extent": list(self.extent.as_tuple()) if self.extent else None,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a name, with how it matched and its score.

    ``match`` is ``"name"`` (the place's own name), ``"alias"`` (an alternate
    name), ``"code"`` (an abbreviation), ``"demonym"`` or ``"fuzzy"`` (a near
    spelling). ``score`` is in [0, 1].
    """

    place: Place
    score: float
    matched_name: str
    match: MatchKind


#: What a resolver's reason says of a name it could only place at a place named near or inside
#: it ("Penn Park" at Whittier, "Southern California" at California): a guess.
GUESS_MARK = "; placed at "
#: What the reason of a name placed only at the article's main place says after :data:`GUESS_MARK`.
FOCUS_GUESS = "the article's main place "


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in an article, resolved or not.

    ``place`` is ``None`` when no candidate fitted ("none of these"), with the
    reason in ``reason``. ``label`` is the recogniser's label (GPE, LOC, FAC,
    NORP for demonyms, GAZ for gazetteer-only matches). ``adjectival`` marks
    demonyms used as country mentions ("Syrian missiles").
    """

    text: str
    start: int
    end: int
    label: str
    place: Place | None
    confidence: float
    alternatives: tuple[Place, ...] = ()
    precision: GeoPrecision = GEO_EXACT
    adjectival: bool = False
    reason: str = ""

    @property
    def guessed(self) -> bool:
        """Whether the place is a guess for a name the gazetteer does not know (see :data:`GUESS_MARK`).

        >>> Mention("Penn Park", 0, 9, "GPE", None, 0.2, reason="unknown; placed at Whittier").guessed
        True
        """
        return GUESS_MARK in self.reason

    @property
    def placed_at_focus(self) -> bool:
        """Whether the name was placed only at the article's main place: where it is says
        nothing of its own ("eggs distributed by Wright County Eggs")."""
        return GUESS_MARK + FOCUS_GUESS in self.reason

    def resolved(self) -> ResolvedMention | None:
        """This mention as a :class:`ResolvedMention`, or ``None`` when it has no place."""
        if self.place is None:
            return None
        if isinstance(self, ResolvedMention):
            return self
        return ResolvedMention(
            text=self.text,
            start=self.start,
            end=self.end,
            label=self.label,
            place=self.place,
            confidence=self.confidence,
            alternatives=self.alternatives,
            precision=self.precision,
            adjectival=self.adjectival,
            reason=self.reason,
        )

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place else None

    @property
    def name(self) -> str | None:
        return self.place.name if self.place else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``python -m mapapp geoparse --json``."""
        place = self.place
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "name": place.name if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "feature_class": place.feature_class if place else None,
            "feature_code": place.feature_code if place else None,
            "country_code": place.country_code if place else None,
            "place_id": place.id if place else None,
            "confidence": round(self.confidence, 4),
            "precision": self.precision,
            "adjectival": self.adjectival,
            "alternatives": [
                {
                    "name": alt.name,
                    "lat": alt.lat,
                    "lon": alt.lon,
                    "country_code": alt.country_code,
                    "place_id": alt.id,
                }
                for alt in self.alternatives
            ],
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ResolvedMention(Mention):
    """A mention the resolver placed: its ``place`` is never ``None``.

    Stages that need a place (spatial derivation, incident locations) take
    this type, so the check is made once, where the mention is resolved.
    """

    place: Place

    def __post_init__(self) -> None:
        if self.place is None:
            raise ValueError(f"a resolved mention needs a place: {self.text!r}")

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    @property
    def name(self) -> str:
        return self.place.name


def resolved_mentions(mentions: Iterable[Mention]) -> tuple[ResolvedMention, ...]:
    """The mentions that have a place, as :class:`ResolvedMention` records, in order."""
    return tuple(r for r in (m.resolved() for m in mentions) if r is not None)


@dataclass(frozen=True, slots=True)
class DerivedLocation:
    """A location computed from a spatial phrase around an anchor mention.

    ``uncertainty`` is a shapely geometry in lon/lat (WGS84); ``method`` says
    how the point was made ("offset", "offshore", "near", "outskirts",
    "border", "between", "part-of-region").
    """

    text: str
    start: int
    end: int
    lat: float
    lon: float
    uncertainty: Any  # shapely.geometry.base.BaseGeometry
    anchor: ResolvedMention
    distance_m: float | None
    bearing_deg: float | None
    method: DerivationMethod
    precision: GeoPrecision
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a ``derived`` entry in geoparse output."""
        from shapely.geometry import mapping  # local: keep models light to import

        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "lat": self.lat,
            "lon": self.lon,
            "anchor": self.anchor.name,
            "anchor_start": self.anchor.start,
            "anchor_end": self.anchor.end,
            "distance_m": self.distance_m,
            "bearing_deg": self.bearing_deg,
            "method": self.method,
            "precision": self.precision,
            "confidence": round(self.confidence, 4),
            "uncertainty": mapping(self.uncertainty) if self.uncertainty is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity the NER found (article offsets), kept for the stages after geoparsing."""

    start: int
    end: int
    label: str
    text: str
