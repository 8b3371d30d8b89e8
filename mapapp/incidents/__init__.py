"""Incidents: what happened, where and when, from a parsed article.

:mod:`~mapapp.incidents.events` finds candidate event sentences with a
lexicon; :mod:`~mapapp.incidents.reading` parses them (is the trigger real,
which phrases are its own); :mod:`~mapapp.incidents.locate` and
:mod:`~mapapp.incidents.places` choose where it happened,
:mod:`~mapapp.incidents.dates` when; :mod:`~mapapp.incidents.merge` joins the
retellings of one event and :mod:`~mapapp.incidents.dating` gives it the date
of its best report; :mod:`~mapapp.incidents.build` makes the records
with their provenance, and :mod:`~mapapp.incidents.mentions` the place
mentions of articles without an event.
"""

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
    from mapapp.incidents.build import extract_incidents
    from mapapp.incidents.events import EVENT_TYPES, EventMatch, classify_events
    from mapapp.incidents.mentions import incident_id, mention_incidents
    from mapapp.incidents.reading import Reading, SentenceReader
    from mapapp.incidents.senses import in_context

# Loaded on first use (mapapp.lazy): importing the package costs only the names used.
__getattr__ = exports(
    __name__,
    {
        "EVENT_TYPES": "events",
        "EventMatch": "events",
        "Reading": "reading",
        "SentenceReader": "reading",
        "classify_events": "events",
        "extract_incidents": "build",
        "in_context": "senses",
        "incident_id": "mentions",
        "mention_incidents": "mentions",
    },
)

__all__ = [
    "EVENT_TYPES",
    "EventMatch",
    "Reading",
    "SentenceReader",
    "classify_events",
    "extract_incidents",
    "in_context",
    "incident_id",
    "mention_incidents",
]
