"""Incident scoring: matching, background, duplicates, places, dates, false alarms, gold files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mapapp.errors import CorpusError
from mapapp.evaluation.corpora import load_corpus
from mapapp.evaluation.incidents import (
    GoldArticle,
    GoldIncident,
    GoldPlace,
    aggregate_incidents,
    date_right,
    gold_for,
    load_gold,
    place_right,
    score_article,
    split_of,
)
from mapapp.models import Provenance
from mapapp.text import split_sentences
from tests.helpers import CORPORA, make_incident

D = dt.date
LATAKIA = GoldPlace(lat=35.53, lon=35.79, tolerance_km=25, precision=1, span=None)


def gold_incident(**overrides: object) -> GoldIncident:
    fields: dict[str, object] = dict(
        family="conflict",
        type="airstrike",
        sentences=((0, 40), (80, 120)),
        background=False,
        place=LATAKIA,
        date=D(2018, 9, 17),
        date_precision="day",
    )
    fields.update(overrides)
    return GoldIncident(**fields)  # type: ignore[arg-type]


def article(*incidents: GoldIncident) -> GoldArticle:
    return GoldArticle(corpus="trnews", doc="1", split="dev", topic="conflict", incidents=incidents)


def at(start: int, end: int, **overrides: object):
    return make_incident(provenance=Provenance(sentence_start=start, sentence_end=end), **overrides)


def test_a_match_on_any_reporting_sentence_counts_once() -> None:
    score = score_article([at(80, 120), at(0, 40)], article(gold_incident()))
    assert (score.predicted, score.gold, score.matched) == (2, 1, 1)  # the second report is a false positive


def test_events_of_one_sentence_pair_with_the_gold_incidents_at_their_places() -> None:
    homs = GoldPlace(lat=34.73, lon=36.71, tolerance_km=25, precision=1, span=None)
    gold = article(gold_incident(), gold_incident(place=homs))
    # listed Homs first: an arbitrary pairing would put both events at the wrong gold place
    events = [at(0, 40, lat=34.73, lon=36.71), at(0, 40, lat=35.53, lon=35.79)]
    score = score_article(events, gold)
    assert (score.matched, score.located, score.located_of) == (2, 2, 2)


def test_neighbours_within_each_others_tolerance_pair_nearest_first() -> None:
    # New York state (tolerance 300 km) and Connecticut (70 km) are listed in one sentence; the
    # Connecticut event also lies within New York's tolerance and comes first
    new_york = GoldPlace(lat=42.76, lon=-75.83, tolerance_km=300, precision=3, span=None)
    connecticut = GoldPlace(lat=41.52, lon=-72.75, tolerance_km=70, precision=3, span=None)
    gold = article(gold_incident(place=new_york), gold_incident(place=connecticut))
    events = [at(0, 40, lat=41.52, lon=-72.75), at(0, 40, lat=42.76, lon=-75.83)]
    score = score_article(events, gold)
    assert (score.matched, score.located, score.located_of) == (2, 2, 2)


def test_family_must_agree() -> None:
    score = score_article([at(0, 40, event_type="arrest")], article(gold_incident()))
    assert score.matched == 0


def test_background_is_not_recall_and_a_match_is_a_false_positive() -> None:
    score = score_article([at(0, 40)], article(gold_incident(background=True)))
    assert (score.predicted, score.gold, score.matched, score.false_alarm) == (1, 0, 0, True)


def test_mentions_are_not_predictions() -> None:
    score = score_article([at(0, 40, kind="mention", event_type="mention")], article())
    assert (score.predicted, score.false_alarm) == (0, False)


@pytest.mark.parametrize(
    ("lat", "lon", "tolerance", "expected"),
    [
        (35.53, 35.79, 25, True),
        (35.70, 35.79, 25, True),  # 19 km north
        (35.80, 35.79, 25, False),  # 30 km north
        (None, None, 25, False),  # unlocated
    ],
)
def test_place_within_tolerance(lat, lon, tolerance, expected) -> None:
    gold = gold_incident(
        place=GoldPlace(lat=35.53, lon=35.79, tolerance_km=tolerance, precision=1, span=None)
    )
    assert place_right(make_incident(lat=lat, lon=lon), gold) is expected


def test_place_unknown_in_gold_is_not_judged() -> None:
    assert place_right(make_incident(), gold_incident(place=None)) is None


@pytest.mark.parametrize(
    ("predicted", "precision", "gold", "gold_precision", "expected"),
    [
        (D(2018, 9, 17), 1, D(2018, 9, 17), "day", True),
        (D(2018, 9, 16), 1, D(2018, 9, 17), "day", False),
        (D(2018, 9, 17), 2, D(2018, 9, 17), "day", False),  # a week where the day is known
        (D(2018, 9, 19), 2, D(2018, 9, 17), "week", True),
        (D(2018, 9, 30), 2, D(2018, 9, 17), "week", False),
        (D(2018, 9, 1), 3, D(2018, 9, 1), "month", True),
        (D(2018, 9, 17), 1, D(2018, 9, 1), "month", False),  # a fake day inside a known month
        (None, 1, None, "unknown", True),
        (D(2018, 9, 17), 1, None, "unknown", False),
        (None, 1, D(2018, 9, 17), "day", False),
    ],
)
def test_date_at_the_gold_precision(predicted, precision, gold, gold_precision, expected) -> None:
    incident = make_incident(date=predicted, time_precision=precision)
    assert date_right(incident, gold_incident(date=gold, date_precision=gold_precision)) is expected


def test_aggregate_rates() -> None:
    scores = [
        score_article([at(0, 40)], article(gold_incident())),
        score_article([at(0, 40, lat=10.0, lon=10.0, date=None)], article(gold_incident())),
        score_article([at(0, 40)], article()),
        score_article([], article()),
    ]
    total = aggregate_incidents(scores)
    assert (
        total.precision,
        total.recall,
        total.located_right,
        total.dated_right,
        total.false_alarm_rate,
    ) == (2 / 3, 1.0, 0.5, 0.5, 0.5)


def write(tmp_path: Path, record: dict) -> Path:
    path = tmp_path / "trnews.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


GOOD = {
    "corpus": "trnews",
    "doc": "1040001",
    "split": "dev",
    "topic": "crime",
    "incidents": [
        {
            "family": "crime",
            "type": "shooting",
            "sentence": [0, 254],
            "also": [],
            "background": False,
            "place": {"lat": 39.93, "lon": 32.86, "tolerance_km": 25, "precision": 1, "span": None},
            "date": {"value": "2016-12-19", "precision": "day"},
        }
    ],
}


def test_load_gold_reads_a_record(tmp_path: Path) -> None:
    (gold,) = load_gold(write(tmp_path, GOOD))
    assert (gold.doc, gold.split, gold.incidents[0].date, gold.incidents[0].place.tolerance_km) == (
        "1040001",
        "dev",
        D(2016, 12, 19),
        25.0,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"split": "test"}, "split must be 'dev'"),
        ({"incidents": [{**GOOD["incidents"][0], "family": "sports"}]}, "unknown family 'sports'"),
        (
            {"incidents": [{**GOOD["incidents"][0], "date": {"value": "2016-12", "precision": "day"}}]},
            "does not match precision",
        ),
        (
            {"incidents": [{**GOOD["incidents"][0], "date": {"value": "2016", "precision": "unknown"}}]},
            "an unknown date has no value",
        ),
        ({"incidents": [{"family": "crime"}]}, "malformed incident"),
    ],
)
def test_load_gold_errors_name_file_and_line(tmp_path: Path, change: dict, message: str) -> None:
    path = write(tmp_path, {**GOOD, **change})
    with pytest.raises(CorpusError, match=f"{path.name}:1: .*{message}"):
        load_gold(path)


FILES = {
    "geowebnews": "geowebnews/GWN.xml",
    "trnews": "trnews/TR-News.xml",
    "geovirus": "geovirus/GeoVirus.xml",
}


@pytest.mark.parametrize("corpus", sorted(FILES))
def test_committed_gold_fits_its_corpus(corpus: str) -> None:
    """Offsets are whole sentences of the loader's text, or whole lines of one (the gold was coded
    when every line break ended a sentence; a hard-wrapped sentence now runs on over its lines),
    and place spans are names in it."""
    if not CORPORA.is_dir():
        pytest.skip(f"{CORPORA} is absent")
    docs = {d.id: d for d in load_corpus(CORPORA / FILES[corpus])}
    gold = gold_for(corpus)
    assert len(gold) >= 20
    for doc_id, entry in gold.items():
        assert entry.split == split_of(corpus, doc_id)
        text = docs[doc_id].text
        sentences = split_sentences(text)
        bounds = {(s.start, s.end) for s in sentences}
        for incident in entry.incidents:
            for span in incident.sentences:
                inside = any(s.start <= span[0] and span[1] <= s.end for s in sentences)
                opens = span[0] in {s.start for s in sentences} or text[: span[0]].rstrip(" ").endswith("\n")
                closes = span[1] in {s.end for s in sentences} or text[span[1] :].lstrip(" ").startswith("\n")
                assert span in bounds or (inside and opens and closes), (doc_id, span)
            if incident.place is not None and incident.place.span is not None:
                start, end = incident.place.span
                assert 0 <= start < end <= len(text) and text[start].isupper(), (doc_id, incident.place.span)


def test_gold_set_size_and_mix() -> None:
    articles = [a for corpus in FILES for a in gold_for(corpus).values()]
    assert len(articles) >= 100
    assert {a.split for a in articles} == {"dev", "test"}
    assert sum(not a.has_news_incident for a in articles) >= 20
    families = {i.family for a in articles for i in a.incidents}
    assert families == {"conflict", "crime", "disaster", "accident", "protest"}
