"""Incidents: what happened, where and when, from a parsed article.

:mod:`~mapapp.incidents.events` finds candidate event sentences with a
lexicon; :mod:`~mapapp.incidents.reading` parses them (is the trigger real,
which phrases are its own); :mod:`~mapapp.incidents.locate` and
:mod:`~mapapp.incidents.places` choose where it happened,
:mod:`~mapapp.incidents.dates` when; :mod:`~mapapp.incidents.merge` joins the
retellings of one event; :mod:`~mapapp.incidents.build` makes the records
with their provenance, and :mod:`~mapapp.incidents.mentions` the place
mentions of articles without an event.
"""

from mapapp.incidents.build import extract_incidents
from mapapp.incidents.events import EVENT_TYPES, EventMatch, classify_events
from mapapp.incidents.mentions import incident_id, mention_incidents
from mapapp.incidents.reading import Reading, SentenceReader
from mapapp.incidents.senses import in_context

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
