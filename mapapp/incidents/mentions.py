"""Mentions of places in an article: finding them by span, and the incidents of an article with no event.

An article that reports no event still names places; each becomes a
``kind="mention"`` record, kept for search and off the map by default. The
stable incident ids and source names every incident uses live here too, and
the copies of an event at each place its phrase coordinates.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from mapapp.incidents.dates import _TIME_PRECISIONS
from mapapp.incidents.merge import EventCandidate
from mapapp.incidents.places import snippet_places
from mapapp.models import (
    GEO_REGION,
    TIME_MONTH_OR_MORE,
    Article,
    DerivedLocation,
    Incident,
    Mention,
    ParsedArticle,
    Provenance,
)
from mapapp.text.sentences import Sentence, split_sentences
from mapapp.text.timex import default_date


def incident_id(article_id: str, start: int, event_type: str) -> str:
    """A stable incident id: 16 hex digits of SHA-256 over article, offset and type.

    >>> incident_id("a645aca88c5287c5", 443, "shootdown")
    'dab8163142ad739a'
    >>> incident_id("a", 0, "x") == incident_id("a", 0, "x") != incident_id("a", 0, "y")
    True
    """
    return hashlib.sha256(f"{article_id}:{start}:{event_type}".encode()).hexdigest()[:16]


def source_name(article: Article) -> str:
    """Where an article came from: its URL's host, else its file name.

    >>> source_name(Article(id="x", title="", date=None, url="https://www.bbc.co.uk/n/1", text="t"))
    'bbc.co.uk'
    >>> source_name(Article(id="x", title="", date=None, url="", text="t", source_path="/c/a.txt"))
    'a.txt'
    """
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return PurePath(article.source_path).name if article.source_path else ""


class MentionIndex:
    """Mentions sorted by start, for fast "which mentions lie in this span" look-ups."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions with ``start <= m.start`` and ``m.end <= end``, in text order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end, lo)
        return [m for m in self._mentions[lo:hi] if m.end <= end]


def mention_incidents(parsed: ParsedArticle) -> tuple[Incident, ...]:
    """One ``kind="mention"`` incident per distinct resolved place, at its first mention.

    The snippet is the sentence of the first mention; the date is the
    article date at week precision (or ``None``); confidence is the best
    confidence any mention of the place got.
    """
    article = parsed.article
    sentences = split_sentences(article.text)
    best: dict[str, list[Mention]] = {}
    for m in parsed.mentions:
        if m.place is not None:
            best.setdefault(m.place.id, []).append(m)
    date = default_date(article.date)
    index = MentionIndex(parsed.mentions)
    starts = [s.start for s in sentences]
    out = []
    for place_id, group in best.items():
        first = group[0]
        place = first.place
        assert place is not None  # filtered above
        k = bisect.bisect_right(starts, first.start) - 1
        sentence = (
            sentences[k]
            if k >= 0 and first.start < sentences[k].end
            else Sentence(first.start, first.end, first.text)
        )
        out.append(
            Incident(
                id=incident_id(article.id, first.start, f"mention:{place_id}"),
                article_id=article.id,
                kind="mention",
                event_type="mention",
                date=date.date if date else None,
                time_precision=_TIME_PRECISIONS[date.precision] if date else TIME_MONTH_OR_MORE,
                lat=place.lat,
                lon=place.lon,
                location_name=place.name,
                country_code=place.country_code,
                geo_precision=GEO_REGION if first.adjectival else first.precision,
                snippet=sentence.text,
                place_start=first.start - sentence.start,
                place_end=first.end - sentence.start,
                title=article.title,
                source=source_name(article),
                confidence=round(max(m.confidence for m in group), 4),
                places=snippet_places(index.within(sentence.start, sentence.end), offset=sentence.start),
                provenance=Provenance(
                    url=article.url,
                    source_path=article.source_path,
                    place_id=place_id,
                    mentions=len(group),
                    admin1=place.division,
                ),
            )
        )
    return tuple(out)


class DerivedIndex:
    """Derived locations by start offset: those inside a sentence by bisection."""

    def __init__(self, derived: Sequence[DerivedLocation]) -> None:
        self._order = sorted(range(len(derived)), key=lambda i: derived[i].start)
        self._starts = [derived[i].start for i in self._order]
        self._derived = derived

    def within(self, start: int, end: int) -> list[DerivedLocation]:
        """``[d for d in derived if d.start >= start and d.end <= end]``, in the given order."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_right(self._starts, end)
        found = (self._derived[i] for i in sorted(self._order[lo:hi]))
        return [d for d in found if d.start >= start and d.end <= end]


def spread_over_places(incident: Incident, main: EventCandidate) -> list[Incident]:
    """The incident of candidate ``main``, and a copy at each place far away that its phrase coordinates with its
    own ("shelling in Idlib and Hama"): ACLED codes one event per location."""
    if incident.place_start is None or not main.location.also:
        return [incident]
    copies = [incident]
    for loc in main.location.also:
        copies.append(
            replace(
                incident,
                id=incident_id(
                    incident.article_id, main.sentence.start, f"{incident.event_type}@{loc.place_id}"
                ),
                lat=loc.lat,
                lon=loc.lon,
                location_name=loc.name,
                country_code=loc.country_code,
                geo_precision=loc.geo_precision,
                place_start=loc.start - main.sentence.start,
                place_end=loc.end - main.sentence.start,
                provenance=replace(incident.provenance, place_id=loc.place_id, admin1=loc.admin1),
            )
        )
    return copies


def distinct_incidents(incidents: Sequence[Incident]) -> list[Incident]:
    """One incident per type, point and day: a list of places may repeat the lead's."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for i in incidents:
        key = (i.event_type, i.lat, i.lon, i.date)
        if i.lat is None or key not in seen:
            out.append(i)
            seen.add(key)
    return out


def capped(incidents: Sequence[Incident], limit: int) -> tuple[Incident, ...]:
    """The ``limit`` most confident incidents (earlier first among equals), in text order."""
    if len(incidents) <= limit:
        return tuple(incidents)
    best = sorted(range(len(incidents)), key=lambda i: -incidents[i].confidence)[:limit]
    return tuple(incidents[i] for i in sorted(best))


def _frozen(value: Any) -> Any:
    """Nested lists as tuples, the shape the store reads GeoJSON back in."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def geometry_mapping(geometry: Any) -> dict[str, Any] | None:
    """A shapely geometry as the GeoJSON mapping an incident stores (``None`` for none)."""
    if geometry is None:
        return None
    from shapely.geometry import mapping  # local: shapely only when a geometry exists

    # shapely gives a MultiPolygon's parts as a list; tuples throughout make the
    # incident equal to the one read back from the store.
    return {key: _frozen(value) for key, value in mapping(geometry).items()}
