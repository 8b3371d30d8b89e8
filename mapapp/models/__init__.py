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

from mapapp.models.articles import (
    Article,
    ParsedArticle,
)
from mapapp.models.incidents import (
    Derivation,
    Incident,
    IncidentPlace,
    Provenance,
    Retelling,
    Source,
)
from mapapp.models.kinds import (
    EVENT_FAMILY,
    EVENT_LABELS,
    FAMILY_LABELS,
    GEO_EXACT,
    GEO_NEAR,
    GEO_REGION,
    TIME_DAY,
    TIME_MONTH_OR_MORE,
    TIME_WEEK,
    DatePrecision,
    DateSource,
    DerivationMethod,
    EventFamily,
    EventType,
    GeoPrecision,
    IncidentKind,
    LocationSource,
    MatchKind,
    TimePrecision,
)
from mapapp.models.places import (
    FOCUS_GUESS,
    GUESS_MARK,
    Candidate,
    DerivedLocation,
    Entity,
    Extent,
    Mention,
    Place,
    ResolvedMention,
    resolved_mentions,
)
from mapapp.models.regions import ArticleRegions, RegionKey, RegionShares

__all__ = [
    "EVENT_FAMILY",
    "EVENT_LABELS",
    "FAMILY_LABELS",
    "FOCUS_GUESS",
    "GEO_EXACT",
    "GEO_NEAR",
    "GEO_REGION",
    "GUESS_MARK",
    "TIME_DAY",
    "TIME_MONTH_OR_MORE",
    "TIME_WEEK",
    "Article",
    "ArticleRegions",
    "Candidate",
    "DatePrecision",
    "DateSource",
    "Derivation",
    "DerivationMethod",
    "DerivedLocation",
    "Entity",
    "EventFamily",
    "EventType",
    "Extent",
    "GeoPrecision",
    "Incident",
    "IncidentKind",
    "IncidentPlace",
    "LocationSource",
    "MatchKind",
    "Mention",
    "ParsedArticle",
    "Place",
    "Provenance",
    "RegionKey",
    "RegionShares",
    "ResolvedMention",
    "Retelling",
    "Source",
    "TimePrecision",
    "resolved_mentions",
]
