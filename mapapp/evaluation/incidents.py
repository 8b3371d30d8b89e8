"""Score incidents against gold incidents annotated by the rules in ``docs/incident-annotation.md``.

The gold (``mapapp/evaluation/gold/<corpus>.jsonl``) holds document ids,
offsets, coordinates and dates, never corpus text. A predicted event matches a
gold incident when its sentence overlaps one of the gold incident's sentences
and its event family is the gold family; each gold incident takes at most one
prediction (a second report of the same event in one article is a false
positive: one incident per real event). A prediction's sentences are its own
and the retellings merged into it. Background gold incidents (history)
are left out of recall, and a prediction matching one is a false positive,
since history must stay off the default map.

Of the matched incidents, *located right* is the share within the gold
tolerance of the gold point (gold incidents with no known place are left
out), *dated right* the share whose date has the gold precision and agrees at
it. The *false-alarm rate* is the share of articles without a gold incident
that get at least one predicted event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias

from mapapp.errors import CorpusError
from mapapp.gazetteer import haversine_km
from mapapp.models import EVENT_FAMILY, DatePrecision, EventFamily, Incident

Split: TypeAlias = Literal["dev", "test"]
GoldPrecision: TypeAlias = Literal["day", "week", "month", "year", "unknown"]

#: Corpus names used in the gold files, by the loader's format name.
CORPUS_OF_FORMAT: Mapping[str, str] = {"gwn": "geowebnews", "trnews": "trnews", "geovirus": "geovirus"}
GOLD_DIR = Path(__file__).resolve().parent / "gold"


@dataclass(frozen=True, slots=True)
class GoldPlace:
    lat: float
    lon: float
    tolerance_km: float
    precision: int
    span: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class GoldIncident:
    """One annotated event: its family, sentences, place and date."""

    family: EventFamily
    type: str
    sentences: tuple[tuple[int, int], ...]  # the main sentence first
    background: bool
    place: GoldPlace | None
    date: dt.date | None
    date_precision: GoldPrecision


@dataclass(frozen=True, slots=True)
class GoldArticle:
    corpus: str
    doc: str
    split: Split
    topic: str
    incidents: tuple[GoldIncident, ...]

    @property
    def has_news_incident(self) -> bool:
        """Whether the article reports at least one current (not background) incident."""
        return any(not g.background for g in self.incidents)


def split_of(corpus: str, doc: str) -> Split:
    """The half a document belongs to, from a hash of its name (stable, unbiased).

    >>> split_of("trnews", "1040001"), split_of("geowebnews", "0")
    ('dev', 'dev')
    """
    digest = int(hashlib.sha1(f"{corpus}:{doc}".encode()).hexdigest(), 16)
    return "dev" if digest % 2 == 0 else "test"


def _gold_date(raw: Mapping[str, Any], *, where: str) -> tuple[dt.date | None, GoldPrecision]:
    precision = raw.get("precision")
    value = raw.get("value")
    if precision == "unknown":
        if value is not None:
            raise CorpusError(f"{where}: an unknown date has no value")
        return None, "unknown"
    formats = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    if precision not in formats or not isinstance(value, str):
        raise CorpusError(f"{where}: date needs a precision of {sorted(formats)} or 'unknown' and a value")
    try:
        return dt.datetime.strptime(value, formats[precision]).date(), precision
    except ValueError:
        raise CorpusError(f"{where}: date {value!r} does not match precision {precision!r}") from None


def _gold_incident(raw: Mapping[str, Any], *, where: str) -> GoldIncident:
    try:
        family = raw["family"]
        if family not in EVENT_FAMILY.values():
            raise CorpusError(f"{where}: unknown family {family!r}")
        sentences = (tuple(raw["sentence"]), *(tuple(s) for s in raw.get("also", ())))
        place_raw = raw.get("place")
        place = None
        if place_raw is not None:
            span = place_raw.get("span")
            place = GoldPlace(
                lat=float(place_raw["lat"]),
                lon=float(place_raw["lon"]),
                tolerance_km=float(place_raw["tolerance_km"]),
                precision=int(place_raw["precision"]),
                span=tuple(span) if span else None,
            )
        date, precision = _gold_date(raw["date"], where=where)
    except (KeyError, TypeError, ValueError) as exc:
        raise CorpusError(f"{where}: malformed incident ({type(exc).__name__}: {exc})") from None
    return GoldIncident(
        family=family,
        type=str(raw.get("type", "")),
        sentences=sentences,
        background=bool(raw.get("background", False)),
        place=place,
        date=date,
        date_precision=precision,
    )


def load_gold(path: Path) -> tuple[GoldArticle, ...]:
    """Read one gold file; every problem names the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read gold incidents ({exc.strerror or exc})") from None
    articles = []
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
            corpus, doc = str(raw["corpus"]), str(raw["doc"])
            incidents = tuple(_gold_incident(r, where=where) for r in raw["incidents"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{where}: not a gold article record ({exc})") from None
        if raw.get("split") != split_of(corpus, doc):
            raise CorpusError(f"{where}: split must be {split_of(corpus, doc)!r} for {corpus}:{doc}")
        articles.append(
            GoldArticle(
                corpus=corpus,
                doc=doc,
                split=raw["split"],
                topic=str(raw.get("topic", "")),
                incidents=incidents,
            )
        )
    return tuple(articles)


def gold_for(corpus: str, *, gold_dir: Path = GOLD_DIR) -> dict[str, GoldArticle]:
    """The gold articles of one corpus, by document id."""
    return {a.doc: a for a in load_gold(gold_dir / f"{corpus}.jsonl")}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sentences(incident: Incident) -> list[tuple[int, int]]:
    """Every sentence an incident was read from: its own and the retellings merged into it."""
    p = incident.provenance
    own = [] if p.sentence_start is None or p.sentence_end is None else [(p.sentence_start, p.sentence_end)]
    return own + [(r.start, r.end) for r in p.also_reported]


def date_right(incident: Incident, gold: GoldIncident) -> bool:
    """Whether the predicted date has the gold precision and agrees at it (a week: within 6 days)."""
    if gold.date_precision == "unknown" or gold.date is None:
        return incident.date is None
    if incident.date is None or incident.date_precision != gold.date_precision:
        return False
    if gold.date_precision == "day":
        return incident.date == gold.date
    if gold.date_precision == "week":
        return 0 <= (incident.date - gold.date).days <= 6 or 0 <= (gold.date - incident.date).days <= 6
    if gold.date_precision == "month":
        return (incident.date.year, incident.date.month) == (gold.date.year, gold.date.month)
    return incident.date.year == gold.date.year


def place_right(incident: Incident, gold: GoldIncident) -> bool | None:
    """Within tolerance of the gold point; ``None`` when the gold has no place."""
    if gold.place is None:
        return None
    if incident.lat is None or incident.lon is None:
        return False
    return haversine_km(incident.lat, incident.lon, gold.place.lat, gold.place.lon) <= gold.place.tolerance_km


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Counts for one article."""

    predicted: int
    gold: int  # news incidents (background left out)
    matched: int
    located: int
    located_of: int
    dated: int
    false_alarm: bool | None  # None: the article has a gold incident


def _km(incident: Incident, gold: GoldIncident) -> float:
    """How far the predicted place is from the gold one (infinite when either is unknown)."""
    if gold.place is None or incident.lat is None or incident.lon is None:
        return math.inf
    return haversine_km(incident.lat, incident.lon, gold.place.lat, gold.place.lon)


def _matches(event: Incident, gold: GoldIncident) -> int | None:
    """How well ``event`` fits ``gold``: 0 when its own sentence is the gold's main one, 1 when
    any of its sentences is one of the gold's; ``None``: no match (or another family)."""
    if EVENT_FAMILY.get(event.event_type) != gold.family:
        return None
    sentences = _sentences(event)
    if sentences and _overlaps(sentences[0], gold.sentences[0]):
        return 0
    if any(_overlaps(mine, theirs) for mine in sentences for theirs in gold.sentences):
        return 1
    return None


def score_article(predicted: Sequence[Incident], gold: GoldArticle) -> ArticleScore:
    """Match one article's predicted events to its gold incidents (greedy, best fit first)."""
    events = [i for i in predicted if i.kind == "event"]
    # among equally good sentence fits, pair each event with a gold incident at its place, the
    # nearest first (one sentence may report an outbreak in eleven states, two of them neighbours)
    pairs = sorted(
        (fit, place_right(event, incident) is not True, _km(event, incident), e, g)
        for e, event in enumerate(events)
        for g, incident in enumerate(gold.incidents)
        if (fit := _matches(event, incident)) is not None
    )
    taken_e: set[int] = set()
    taken_g: set[int] = set()
    matched: list[tuple[Incident, GoldIncident]] = []
    for _, _, _, e, g in pairs:
        if e in taken_e or g in taken_g:
            continue
        taken_e.add(e)
        taken_g.add(g)
        if not gold.incidents[g].background:
            matched.append((events[e], gold.incidents[g]))
    places = [place_right(event, incident) for event, incident in matched]
    return ArticleScore(
        predicted=len(events),
        gold=sum(not g.background for g in gold.incidents),
        matched=len(matched),
        located=sum(p is True for p in places),
        located_of=sum(p is not None for p in places),
        dated=sum(date_right(event, incident) for event, incident in matched),
        false_alarm=None if gold.has_news_incident else bool(events),
    )


@dataclass(frozen=True, slots=True)
class IncidentScore:
    """The incident layer's figures over a set of articles."""

    articles: int
    predicted: int
    gold: int
    matched: int
    located: int
    located_of: int
    dated: int
    quiet_articles: int
    false_alarms: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def located_right(self) -> float:
        return self.located / self.located_of if self.located_of else 0.0

    @property
    def dated_right(self) -> float:
        return self.dated / self.matched if self.matched else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.quiet_articles if self.quiet_articles else 0.0

    def to_dict(self) -> dict[str, Any]:
        counts = {name: getattr(self, name) for name in self.__dataclass_fields__}
        rates = {
            name: round(getattr(self, name), 4)
            for name in ("precision", "recall", "located_right", "dated_right", "false_alarm_rate")
        }
        return {**counts, **rates}


def aggregate_incidents(scores: Iterable[ArticleScore]) -> IncidentScore:
    """Sum article counts into corpus figures."""
    rows = list(scores)
    return IncidentScore(
        articles=len(rows),
        predicted=sum(r.predicted for r in rows),
        gold=sum(r.gold for r in rows),
        matched=sum(r.matched for r in rows),
        located=sum(r.located for r in rows),
        located_of=sum(r.located_of for r in rows),
        dated=sum(r.dated for r in rows),
        quiet_articles=sum(r.false_alarm is not None for r in rows),
        false_alarms=sum(r.false_alarm is True for r in rows),
    )


def format_incident_table(results: Mapping[str, IncidentScore]) -> str:
    """A Markdown table, one row per corpus and split."""
    lines = [
        "| corpus | articles | predicted | gold | precision | recall | located right | dated right "
        "| false alarms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s.articles} | {s.predicted} | {s.gold} | {s.precision:.2f} | {s.recall:.2f} "
            f"| {s.located_right:.2f} ({s.located}/{s.located_of}) | {s.dated_right:.2f} "
            f"({s.dated}/{s.matched}) | {s.false_alarm_rate:.2f} ({s.false_alarms}/{s.quiet_articles}) |"
        )
    return "\n".join(lines)


__all__ = [
    "CORPUS_OF_FORMAT",
    "DatePrecision",
    "GoldArticle",
    "GoldIncident",
    "IncidentScore",
    "aggregate_incidents",
    "date_right",
    "format_incident_table",
    "gold_for",
    "load_gold",
    "place_right",
    "score_article",
    "split_of",
]
