"""Incidents: what happened, where and when, from a parsed article.

:mod:`~mapapp.incidents.events` finds event sentences, :mod:`~mapapp.incidents.places`
chooses where each happened, :mod:`~mapapp.incidents.build` dates them and builds
the records with their provenance.
"""

from mapapp.incidents.build import extract_incidents, incident_id
from mapapp.incidents.events import EVENT_TYPES, EventMatch, classify_events

__all__ = ["EVENT_TYPES", "EventMatch", "classify_events", "extract_incidents", "incident_id"]
