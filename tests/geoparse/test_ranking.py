"""Candidate features and the two rankers: the hand weights and the shipped learned model."""

from __future__ import annotations

import json
import math

import pytest

from mapapp.errors import QueryError
from mapapp.geoparse.context import Context, Group, NameKey, features_of
from mapapp.geoparse.ranking import (
    FEATURES,
    CandidateFeatures,
    HandRanker,
    LinearRanker,
    load_ranker,
)
from mapapp.models import Candidate
from tests.geoparse.test_resolve import CANADA, LONDON_CA, LONDON_GB, TORONTO

LONDON = Group(
    key=NameKey("london", "", False),
    spans=(),
    candidates=(
        Candidate(place=LONDON_GB, score=0.88, matched_name="London", match="name"),
        Candidate(place=LONDON_CA, score=0.44, matched_name="London", match="alias"),
    ),
)
# A story whose other places are Canada and a town at London, Ontario's own point.
AT_LONDON_ON = TORONTO.__class__(
    **{**TORONTO.to_dict(), "lat": LONDON_CA.lat, "lon": LONDON_CA.lon, "extent": None}
)
CANADIAN_STORY = Context(
    country_share={"CA": 0.75, "US": 0.25},
    admin1_share={("CA", "Ontario"): 0.5},
    anchors=(AT_LONDON_ON,),
    places=(AT_LONDON_ON, CANADA),
)


def test_features_of_a_hand_made_case_are_exact():
    gb, ca = features_of(LONDON, context=CANADIAN_STORY)
    assert gb == CandidateFeatures(0.88, 0.88, "name", "P", "PPLC", 8_900_000, 0.0, 0.0, 0.0)
    assert ca == CandidateFeatures(0.44, 0.88, "alias", "P", "PPL", 350_000, 0.75, 0.5, 1.0)
    vector = dict(zip(FEATURES, ca.vector(), strict=True))
    assert vector == {
        "prior": 0.44,
        "log_prior": math.log(0.44),
        "prior_gap": math.log(0.5),
        "alias": 1.0,
        "code": 0.0,
        "demonym": 0.0,
        "fuzzy": 0.0,
        "country": 0.0,
        "division": 0.0,
        "water": 0.0,
        "land": 0.0,
        "site": 0.0,
        "country_share": 0.75,
        "country_named": 1.0,
        "admin1_share": 0.5,
        "closeness": 1.0,
    }


def test_without_context_only_the_gazetteer_speaks():
    gb, ca = features_of(LONDON, context=None)
    assert (ca.country_share, ca.admin1_share, ca.closeness, ca.bias) == (0.0, 0.0, 0.0, 1.0)
    assert gb.vector()[FEATURES.index("prior_gap")] == 0.0


@pytest.mark.parametrize(
    ("prior", "shares", "bias", "expected"),
    [
        # prior * bias * (1 + 0.8 country + 0.4 province + 0.4 closeness), as before learning
        (0.5, (0.0, 0.0, 0.0), 1.0, 0.5),
        (0.5, (1.0, 0.0, 0.0), 1.0, 0.5 * 1.8),
        (0.5, (0.5, 0.5, 1.0), 1.0, 0.5 * (1 + 0.4 + 0.2 + 0.4)),
        (0.5, (0.0, 0.0, 0.0), 1.8, 0.9),
    ],
)
def test_hand_ranker_keeps_the_hand_weights(prior, shares, bias, expected):
    features = CandidateFeatures(prior, prior, "name", "P", "PPL", 1, *shares, bias=bias)
    assert HandRanker().score(features) == pytest.approx(expected, abs=1e-12)


def test_the_shipped_model_loads_and_ranks_a_known_case():
    ranker = load_ranker("learned")
    assert isinstance(ranker, LinearRanker)
    assert set(ranker.weights) <= set(FEATURES)
    gb, ca = (ranker.score(f) for f in features_of(LONDON, context=CANADIAN_STORY))
    alone_gb, alone_ca = (ranker.score(f) for f in features_of(LONDON, context=None))
    assert ca > gb  # London, Ontario in a Canadian story
    assert alone_gb > alone_ca >= 0.0  # London, England by itself
    assert 0.3 <= alone_gb <= 1.0  # placed: above the "none of these" threshold


def test_a_linear_model_is_a_logistic_of_its_weights_and_the_bias_multiplies_the_prior():
    ranker = LinearRanker(weights={"prior": 2.0, "closeness": 1.0}, intercept=-1.0)
    features = CandidateFeatures(0.5, 0.5, "name", "P", "PPL", 10, 0.0, 0.0, 1.0)
    assert ranker.score(features) == pytest.approx(1 / (1 + math.exp(-1.0)))
    biased = CandidateFeatures(0.5, 0.5, "name", "P", "PPL", 10, 0.0, 0.0, 0.0, bias=3.0)
    assert ranker.score(biased) == pytest.approx(1 / (1 + math.exp(-2.0)))  # prior 0.5 -> 1.5


def test_a_model_file_without_a_feature_gives_it_no_weight(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"format": "mapapp-ranker-1", "intercept": 0.0, "weights": {"prior": 1.0}}))
    ranker = load_ranker(path)
    assert isinstance(ranker, LinearRanker)
    features = CandidateFeatures(0.5, 0.5, "name", "A", "PCLI", 10, 1.0, 1.0, 1.0)
    assert ranker.score(features) == pytest.approx(1 / (1 + math.exp(-0.5)))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "other"}', "not a mapapp-ranker-1 model file"),
        ('{"format": "mapapp-ranker-1", "weights": {}}', "malformed ranker model"),
        ('{"format": "mapapp-ranker-1", "intercept": 0, "weights": {"doc_id": 1}}', "unknown features"),
        ("not json", "cannot read ranker model"),
    ],
)
def test_a_bad_model_file_is_refused(tmp_path, content, message):
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(QueryError, match=message):
        load_ranker(path)


def test_a_missing_model_file_is_refused(tmp_path):
    with pytest.raises(QueryError, match="cannot read ranker model"):
        load_ranker(tmp_path / "absent.json")


def test_a_model_correcting_the_hand_weights_adds_the_log_of_the_hand_score(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(
        json.dumps({"format": "mapapp-ranker-1", "intercept": 0.0, "weights": {}, "hand_weight": 1.0})
    )
    ranker = load_ranker(path)
    features = CandidateFeatures(0.5, 0.5, "name", "P", "PPL", 1000, 0.5, 0.0, 1.0)
    assert ranker.score(features) == pytest.approx(0.9 / 1.9)  # odds = hand score 0.9
