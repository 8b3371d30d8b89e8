"""The literal types and constants the records use: precision levels, event types and families.

See :mod:`mapapp.models` for what the precision levels mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeAlias

GeoPrecision: TypeAlias = Literal[1, 2, 3]
TimePrecision: TypeAlias = Literal[1, 2, 3]

GEO_EXACT: GeoPrecision = 1
GEO_NEAR: GeoPrecision = 2
GEO_REGION: GeoPrecision = 3

TIME_DAY: TimePrecision = 1
TIME_WEEK: TimePrecision = 2
TIME_MONTH_OR_MORE: TimePrecision = 3

#: The spaCy pipelines the geoparser can run (:mod:`mapapp.geoparse.nlp`): ``md`` finds
#: more places, ``sm`` needs about 200 MB less memory per process.
ModelName: TypeAlias = Literal["sm", "md"]
MODEL_NAMES: tuple[ModelName, ...] = ("sm", "md")
DEFAULT_MODEL: ModelName = "md"

#: How a candidate's name matched the query.
MatchKind: TypeAlias = Literal["name", "alias", "code", "demonym", "fuzzy"]
#: How a derived location was computed from its spatial phrase.
DerivationMethod: TypeAlias = Literal[
    "offset", "offshore", "near", "outskirts", "border", "between", "part-of-region"
]
#: ``event`` for a reported event, ``mention`` for a place named without one.
IncidentKind: TypeAlias = Literal["event", "mention"]
#: ACLED-like event types, most specific first (the order breaks ties).
#: ``casualties`` and ``other`` are read from stores written before the
#: types below existed; new incidents never have them.
EventType: TypeAlias = Literal[
    "shootdown", "missile_attack", "airstrike", "shelling", "explosion", "armed_clash", "attack",
    "seizure", "deployment", "assault", "kidnapping", "arrest", "crime", "outbreak", "fire", "disaster",
    "accident", "protest", "casualties", "other",
]  # fmt: skip
#: What an event is, broadly: the level analysts filter and the gold is scored at.
EventFamily: TypeAlias = Literal["conflict", "crime", "disaster", "accident", "protest"]
#: The family of each event type.
EVENT_FAMILY: Mapping[str, EventFamily] = MappingProxyType({
    "shootdown": "conflict", "missile_attack": "conflict", "airstrike": "conflict", "shelling": "conflict",
    "explosion": "conflict", "armed_clash": "conflict", "attack": "conflict", "seizure": "conflict",
    "deployment": "conflict", "assault": "crime", "kidnapping": "crime", "arrest": "crime", "crime": "crime",
    "outbreak": "disaster", "fire": "disaster", "disaster": "disaster", "accident": "accident",
    "protest": "protest", "casualties": "conflict", "other": "crime",
})  # fmt: skip
#: What people read for each event type (the map, the table, the exports' notes).
EVENT_LABELS: Mapping[str, str] = MappingProxyType({
    "shootdown": "Aircraft shot down", "missile_attack": "Missile or rocket attack", "airstrike": "Air strike",
    "shelling": "Shelling", "explosion": "Explosion or bombing", "armed_clash": "Armed clash",
    "attack": "Armed attack", "seizure": "Territory or property seized", "deployment": "Troops deployed",
    "assault": "Violent crime", "kidnapping": "Kidnapping", "arrest": "Arrest", "crime": "Crime",
    "outbreak": "Disease outbreak", "fire": "Fire", "disaster": "Natural disaster", "accident": "Accident",
    "protest": "Protest", "casualties": "Casualties", "other": "Other", "mention": "Place mention",
})  # fmt: skip
#: Family names as people read them.
FAMILY_LABELS: Mapping[str, str] = MappingProxyType({
    "conflict": "Conflict", "crime": "Crime", "disaster": "Disaster", "accident": "Accident", "protest": "Protest",
})  # fmt: skip
#: How precisely a date is known, as shown to users.
DatePrecision: TypeAlias = Literal["day", "week", "month", "year"]
#: Where an event's date came from (``none``: undated).
DateSource: TypeAlias = Literal["sentence", "article", "retelling", "context", "bound", "none"]
#: Where an event's location came from.
LocationSource: TypeAlias = Literal[
    "derived", "sentence", "previous", "dateline", "demonym", "article", "none"
]
