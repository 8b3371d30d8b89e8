"""Incidents: what happened where and when, with how each field was chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mapapp.models.kinds import (
    DatePrecision,
    DateSource,
    DerivationMethod,
    EventType,
    GeoPrecision,
    IncidentKind,
    LocationSource,
    TimePrecision,
)


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
    mention incident's mentions of its place. ``date_precision`` keeps month and
    year apart where ACLED's ``time_precision`` 3 covers both (``None``: read
    before it was recorded, so from ``time_precision``). ``admin1`` is the
    first-level division of the chosen place (of the anchor for a derived
    point; empty for a country, a sea, or an incident stored before it was
    recorded).
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
    date_precision: DatePrecision | None = None
    admin1: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """One article's report of an incident: what a fused incident keeps of each source.

    ``snippet`` is the article's sentence; ``date``/``date_precision`` and the
    place are what that article says, so disagreement between sources stays
    visible.
    """

    incident_id: str
    article_id: str
    title: str
    url: str
    source: str
    snippet: str
    date: dt.date | None
    date_precision: DatePrecision | None
    location_name: str
    lat: float | None
    lon: float | None
    geo_precision: GeoPrecision


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
    #: Every article reporting this event (fused across articles by the store);
    #: empty for an incident read from one article only.
    sources: tuple[Source, ...] = ()

    @property
    def date_precision(self) -> DatePrecision:
        """How precisely the date is known: day, week, month or year.

        >>> import datetime as dt
        >>> Incident("i", "a", "event", "protest", dt.date(2016, 1, 1), 3, None, None, "", "", 3, "", None,
        ...          None, "", "", 0.5, provenance=Provenance(date_precision="year")).date_precision
        'year'
        """
        if self.provenance.date_precision is not None:
            return self.provenance.date_precision
        return ("day", "week", "month")[self.time_precision - 1]
