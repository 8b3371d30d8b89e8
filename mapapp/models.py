"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass: stages never mutate what they are given,
they return new records. Geometry travels as shapely objects (immutable) or,
where a record must be stored or sent to a browser, as GeoJSON mappings.

Precision levels follow ACLED:

* ``geo_precision`` 1 = the exact place, 2 = near a place or part of a
  region, 3 = a large region or a whole country;
* ``time_precision`` 1 = the day, 2 = a few days or a week, 3 = a month or
  longer (a year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

GeoPrecision: TypeAlias = Literal[1, 2, 3]
TimePrecision: TypeAlias = Literal[1, 2, 3]

GEO_EXACT: GeoPrecision = 1
GEO_NEAR: GeoPrecision = 2
GEO_REGION: GeoPrecision = 3

TIME_DAY: TimePrecision = 1
TIME_WEEK: TimePrecision = 2
TIME_MONTH_OR_MORE: TimePrecision = 3

#: How a candidate's name matched the query.
MatchKind: TypeAlias = Literal["name", "alias", "code", "demonym", "fuzzy"]
#: How a derived location was computed from its spatial phrase.
DerivationMethod: TypeAlias = Literal[
    "offset", "offshore", "near", "outskirts", "border", "between", "part-of-region"
]
#: ``event`` for a reported event, ``mention`` for a place named without one.
IncidentKind: TypeAlias = Literal["event", "mention"]
#: ACLED-like event types, most specific first (the order breaks ties).
EventType: TypeAlias = Literal[
    "shootdown",
    "missile_attack",
    "airstrike",
    "shelling",
    "explosion",
    "armed_clash",
    "attack",
    "seizure",
    "arrest",
    "deployment",
    "disaster",
    "accident",
    "protest",
    "casualties",
    "other",
]
#: What an event is, broadly: the level analysts filter and the gold is scored at.
EventFamily: TypeAlias = Literal["conflict", "crime", "disaster", "accident", "protest"]
#: The family of each event type.
EVENT_FAMILY: Mapping[str, EventFamily] = MappingProxyType(
    {
        "shootdown": "conflict",
        "missile_attack": "conflict",
        "airstrike": "conflict",
        "shelling": "conflict",
        "explosion": "conflict",
        "armed_clash": "conflict",
        "attack": "conflict",
        "seizure": "conflict",
        "deployment": "conflict",
        "arrest": "crime",
        "disaster": "disaster",
        "accident": "accident",
        "protest": "protest",
        "casualties": "conflict",
        "other": "crime",
    }
)
#: How precisely a date is known, as shown to users.
DatePrecision: TypeAlias = Literal["day", "week", "month", "year"]
#: Where an event's date came from (``none``: undated).
DateSource: TypeAlias = Literal["sentence", "article", "retelling", "context", "bound", "none"]
#: Where an event's location came from.
LocationSource: TypeAlias = Literal["derived", "sentence", "previous", "demonym", "article", "none"]


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


@dataclass(frozen=True, slots=True)
class Article:
    """A news article as read from a file or a record."""

    id: str
    title: str
    date: dt.date | None
    url: str
    text: str
    source_path: str = ""
    #: Problems met while reading that did not stop it ("cannot read the date ...").
    warnings: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """The geoparser's output for one article.

    ``entities`` are the NER's entities of every label (persons,
    organisations, laws ...): the incident stage reads them to tell a place
    from a name that merely contains one.
    """

    article: Article
    mentions: tuple[Mention, ...]
    derived: tuple[DerivedLocation, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentPlace:
    """A place named in an incident's snippet, flattened for storage."""

    name: str
    lat: float
    lon: float
    country_code: str
    confidence: float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Derivation:
    """How an incident's point was computed from a spatial phrase ("22 miles off Latakia's coast").

    ``anchor_*`` is the resolved place the phrase is measured from;
    ``distance_m`` and ``bearing_deg`` are ``None`` where the phrase gives none.
    """

    method: DerivationMethod
    anchor_name: str
    anchor_lat: float
    anchor_lon: float
    distance_m: float | None = None
    bearing_deg: float | None = None


@dataclass(frozen=True, slots=True)
class Retelling:
    """Another sentence of the same article that reports the same event."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an incident was read from and how each of its fields was chosen.

    Offsets are into the article text. ``date_text``/``date_rule`` are the time
    expression and the rule that read it; ``unresolved`` lists names in the
    sentence the gazetteer could not place (for review); ``mentions`` counts a
    mention incident's mentions of its place.
    """

    url: str = ""
    source_path: str = ""
    place_id: str = ""
    sentence_start: int | None = None
    sentence_end: int | None = None
    trigger: str = ""
    trigger_start: int | None = None
    date_text: str = ""
    date_rule: str = ""
    date_from: DateSource = "none"
    location_from: LocationSource = "none"
    unresolved: tuple[str, ...] = ()
    also_reported: tuple[Retelling, ...] = ()
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class Incident:
    """Something that happened somewhere on some day, with its evidence.

    ``kind`` is ``"event"`` for a reported event (``event_type`` one of
    :data:`EventType`) or ``"mention"`` for a place an article names without
    an event (``event_type`` ``"mention"``). ``place_start``/``place_end``
    locate the place inside ``snippet``. ``uncertainty`` is a GeoJSON geometry
    mapping and ``derivation`` says how the point was made (derived locations
    only); ``provenance`` says where every field came from.
    """

    id: str
    article_id: str
    kind: IncidentKind
    event_type: EventType | Literal["mention"]
    date: dt.date | None
    time_precision: TimePrecision
    lat: float | None
    lon: float | None
    location_name: str
    country_code: str
    geo_precision: GeoPrecision
    snippet: str
    place_start: int | None
    place_end: int | None
    title: str
    source: str
    confidence: float
    places: tuple[IncidentPlace, ...] = ()
    uncertainty: Mapping[str, Any] | None = None
    derivation: Derivation | None = None
    provenance: Provenance = Provenance()

    @property
    def date_precision(self) -> DatePrecision:
        """``time_precision`` as a word (ACLED's 3 covers a month or longer)."""
        return ("day", "week", "month")[self.time_precision - 1]
