"""Tests for mapapp.evaluation.metrics on hand-computed examples.

Points on the equator keep the arithmetic checkable: one degree of longitude
is 2 * pi * 6371.009 / 360 = 111.195 km, so 1.5 degrees is 166.793 km.
"""

from __future__ import annotations

import math

import pytest

from mapapp.evaluation.corpora import GoldDoc, GoldToponym, load_corpus
from mapapp.evaluation.metrics import (
    MAX_ERROR_KM,
    CorpusScore,
    DocScore,
    Prediction,
    aggregate,
    auc,
    format_table,
    gold_locations,
    match_spans,
    score_document,
)
from mapapp.gazetteer import haversine_km
from tests.helpers import CORPORA

KM_PER_DEG = 2 * math.pi * 6371.0088 / 360  # 111.195 km (the IUGG mean radius haversine_km uses)

TEXT = "Pandi and Bacan in Kurdish area near Lima."
A = GoldToponym(0, 5, "Pandi", 0.0, 0.0, "Literal")
B = GoldToponym(10, 15, "Bacan", 0.0, 10.0, "Metonymic")
C = GoldToponym(19, 26, "Kurdish", None, None, "Literal")  # no coordinates
DOC = GoldDoc("d1", "", TEXT, None, (A, B, C))


def test_distance_one_degree_on_equator() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(KM_PER_DEG, abs=1e-6)


def test_gold_locations_filters_coordinates_and_kinds() -> None:
    assert gold_locations(DOC) == (A, B)
    assert gold_locations(DOC, kinds={"Literal"}) == (A,)


def test_worked_example() -> None:
    predictions = [
        Prediction(0, 5, 0.0, 1.0),  # A, 111.195 km off: within 161
        Prediction(9, 15, 0.0, 11.5),  # overlaps B, 166.793 km off: a miss at 161
        Prediction(19, 26, 30.0, 40.0),  # the coordinate-less span
        Prediction(37, 41, -12.0, -77.0),  # not gold at all
    ]
    doc = score_document(DOC, predictions)
    assert (doc.n_gold, doc.n_pred, doc.tp, doc.fp, doc.fn) == (2, 4, 2, 2, 0)
    assert doc.errors_km == pytest.approx((KM_PER_DEG, 1.5 * KM_PER_DEG))
    score = aggregate([doc])
    assert (score.precision, score.recall) == (0.5, 1.0)
    assert score.f1 == pytest.approx(2 / 3)
    assert score.acc161 == 0.5
    assert score.mean_km == pytest.approx(1.25 * KM_PER_DEG)
    assert score.median_km == pytest.approx(1.25 * KM_PER_DEG)
    # (ln 112.195 + ln 167.793) / 2 / ln 20039
    assert score.auc == pytest.approx((4.72024 + 5.12273) / 2 / 9.90544, abs=1e-5)
    # The span without coordinates is neither right nor wrong when ignored.
    lenient = score_document(DOC, predictions, ignore_other_spans=True)
    assert (lenient.n_pred, lenient.tp) == (3, 2)
    assert aggregate([lenient]).precision == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("predictions", "tp", "errors", "resolved"),
    [
        ([], 0, (MAX_ERROR_KM, MAX_ERROR_KM), ()),
        # Recognised but not resolved: a hit for recognition, a miss for resolution.
        ([Prediction(0, 5, None, None)], 1, (MAX_ERROR_KM, MAX_ERROR_KM), ()),
        # One prediction over both names matches only the first.
        ([Prediction(0, 15, 0.0, 0.0)], 1, (0.0, MAX_ERROR_KM), (0.0,)),
        # Two predictions on one name: the exact span wins, the other is a false positive.
        ([Prediction(0, 9, 0.0, 5.0), Prediction(0, 5, 0.0, 0.0)], 1, (0.0, MAX_ERROR_KM), (0.0,)),
        # Otherwise the largest overlap wins.
        ([Prediction(0, 3, 0.0, 5.0), Prediction(1, 5, 0.0, 0.0)], 1, (0.0, MAX_ERROR_KM), (0.0,)),
        # Gold is matched in text order, whatever the prediction order.
        ([Prediction(10, 15, 0.0, 10.0), Prediction(0, 5, 0.0, 0.0)], 2, (0.0, 0.0), (0.0, 0.0)),
        # Adjacent but not overlapping (end is exclusive).
        ([Prediction(5, 10, 0.0, 0.0)], 0, (MAX_ERROR_KM, MAX_ERROR_KM), ()),
        # The antipode, pi * 6371.009 km, is still a little better than a miss
        # (20039 km is half the equator, with the equatorial radius).
        ([Prediction(0, 5, 0.0, 180.0)], 1, (180 * KM_PER_DEG, MAX_ERROR_KM), (180 * KM_PER_DEG,)),
    ],
)
def test_matching_cases(
    predictions: list[Prediction], tp: int, errors: tuple[float, ...], resolved: tuple[float, ...]
) -> None:
    doc = score_document(DOC, predictions)
    assert doc.tp == tp
    assert doc.n_pred == len(predictions)
    assert doc.errors_km == pytest.approx(errors)
    assert doc.resolved_errors_km == pytest.approx(resolved)


def test_match_spans_indices() -> None:
    assert match_spans([A, B], [Prediction(10, 15, None, None), Prediction(0, 15, None, None)]) == {
        0: 1,
        1: 0,
    }


def test_kinds_restrict_gold() -> None:
    doc = score_document(DOC, [Prediction(0, 5, 0.0, 0.0), Prediction(10, 15, 0.0, 10.0)], kinds={"Literal"})
    assert (doc.n_gold, doc.tp, doc.fp) == (1, 1, 1)
    strict = score_document(
        DOC,
        [Prediction(0, 5, 0.0, 0.0), Prediction(10, 15, 0.0, 10.0)],
        kinds={"Literal"},
        ignore_other_spans=True,
    )
    assert (strict.n_gold, strict.n_pred, strict.tp) == (1, 1, 1)


@pytest.mark.parametrize(
    ("errors", "expected"),
    [
        ([], 0.0),
        ([0.0], 0.0),
        ([MAX_ERROR_KM], 1.0),
        ([50000.0], 1.0),  # capped
        ([0.0, 0.0, 0.0], 0.0),
        ([MAX_ERROR_KM, 0.0], math.log(20040) / 2 / math.log(20039)),
        ([160.0, 0.0], math.log(161) / 2 / math.log(20039)),
        # sorted: 0, 160, 20039 -> (0 + ln161)/2 + (ln161 + ln20040)/2 over 2 ln20039
        ([20039.0, 0.0, 160.0], (2 * math.log(161) + math.log(20040)) / 2 / (2 * math.log(20039))),
    ],
)
def test_auc(errors: list[float], expected: float) -> None:
    assert auc(errors) == pytest.approx(min(expected, 1.0))


def test_aggregate_micro_averages_and_161_boundary() -> None:
    a = DocScore("a", n_gold=2, n_pred=3, tp=2, errors_km=(161.0, 161.01), resolved_errors_km=(161.0, 161.01))
    b = DocScore("b", n_gold=2, n_pred=0, tp=0, errors_km=(MAX_ERROR_KM, MAX_ERROR_KM), resolved_errors_km=())
    score = aggregate([a, b])
    assert (score.docs, score.n_gold, score.n_pred, score.tp, score.n_resolved) == (2, 4, 3, 2, 2)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(4 / 7)
    assert score.acc161 == 0.25  # 161.0 counts, 161.01 does not
    assert score.mean_km == pytest.approx(161.005)


def test_aggregate_empty() -> None:
    score = aggregate([])
    assert score == CorpusScore(0.0, 0.0, 0.0, 0.0, None, None, 0.0, 0, 0, 0)
    assert score.to_dict()["mean_km"] is None


def test_to_dict_keys() -> None:
    keys = set(aggregate([score_document(DOC, [])]).to_dict())
    assert {
        "precision",
        "recall",
        "f1",
        "acc161",
        "mean_km",
        "median_km",
        "auc",
        "n_gold",
        "n_pred",
        "docs",
    } <= keys


def test_format_table() -> None:
    good = CorpusScore(0.75, 0.5, 0.6, 0.625, 12.34, 3.0, 0.25, 8, 6, 2)
    empty = CorpusScore(0.0, 0.0, 0.0, 0.0, None, None, 0.0, 0, 0, 0)
    table = format_table({"gwn | e2e": good, "none": empty})
    assert table.splitlines() == [
        "| run | docs | gold | pred | P | R | F1 | acc@161 | mean km | median km | AUC |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| gwn \\| e2e | 2 | 8 | 6 | 75.0 | 50.0 | 60.0 | 62.5 | 12 | 3 | 0.250 |",
        "| none | 0 | 0 | 0 | 0.0 | 0.0 | 0.0 | 0.0 | - | - | 0.000 |",
    ]


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
@pytest.mark.parametrize(
    ("relative", "n_gold", "acc_at_zero"),
    [("trnews/TR-News.xml", 1275, 0.0), ("geovirus/GeoVirus.xml", 2170, 0.0)],
)
def test_gold_oracle_on_real_corpus(relative: str, n_gold: int, acc_at_zero: float) -> None:
    docs = load_corpus(CORPORA / relative)
    oracle = aggregate(
        score_document(d, [Prediction(t.start, t.end, t.lat, t.lon) for t in gold_locations(d)]) for d in docs
    )
    assert (oracle.n_gold, oracle.f1, oracle.acc161, oracle.auc, oracle.median_km) == (
        n_gold,
        1.0,
        1.0,
        0.0,
        0.0,
    )
    # Every point at (0, 0): no gold location in these corpora is within 161 km of it.
    null_island = aggregate(
        score_document(d, [Prediction(t.start, t.end, 0.0, 0.0) for t in gold_locations(d)]) for d in docs
    )
    assert null_island.acc161 == acc_at_zero
    assert null_island.f1 == 1.0
