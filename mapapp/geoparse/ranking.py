"""How a name's candidates are scored in context: the hand-set weights or a learned model.

Both rankers read the same :class:`CandidateFeatures` of each candidate,
computed by :func:`mapapp.geoparse.context.choose` from the gazetteer's
prior and the article's other places; they differ in what they make of them:

* :class:`HandRanker` multiplies the prior by ``1 + lift`` with hand-set
  weights (the resolver's behaviour before learning);
* :class:`LinearRanker` is a logistic model trained on the shared corpora's
  gold spans (``bench/train_ranker.py``), optionally as corrections to the
  log of the hand score: its score, at a name's best candidate, is the
  chance that this candidate is within 161 km of the place meant.

Both scores are read against the same "none of these" threshold
(:data:`~mapapp.geoparse.context.MIN_SCORE`): for the learned ranker, a
name whose best candidate has less than that chance of being right is left
unplaced. Explicit containment ("Moscow, Idaho") filters the candidates
before any ranker sees them, and a user's region bias multiplies the prior
each ranker reads; neither ranker can undo containment.

A feature the model file does not name weighs nothing, so a new feature (a
collection prior) can be computed before a model is trained with it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

from mapapp.errors import QueryError
from mapapp.models import Candidate

# Hand-set context weights: a candidate's prior is multiplied by 1 + COUNTRY_WEIGHT times the share of the
# article's other places in its country, ADMIN1_WEIGHT times the share in its
# province, and up to PROXIMITY_BONUS for being near one of them.
COUNTRY_WEIGHT = 0.8
ADMIN1_WEIGHT = 0.4
PROXIMITY_BONUS = 0.4

#: The learned features, in the order of a model file's weights.
FEATURES = (
    "prior",
    "log_prior",
    "prior_gap",
    "alias",
    "code",
    "demonym",
    "fuzzy",
    "country",
    "division",
    "water",
    "land",
    "site",
    "country_share",
    "country_named",
    "admin1_share",
    "closeness",
)
MODEL_FORMAT = "mapapp-ranker-1"
RankerName = Literal["hand", "learned"]
RANKER_NAMES: tuple[RankerName, ...] = ("hand", "learned")
_MODEL_FILE = "ranker.json"
_FEATURE_CLASS_FLAGS = {
    "H": "water",
    "T": "land",
    "L": "land",
    "U": "land",
    "V": "land",
    "S": "site",
    "R": "site",
}


@dataclass(frozen=True, slots=True)
class CandidateFeatures:
    """What is known of one candidate of a name in an article.

    ``prior`` is the gazetteer's context-free score, ``top_prior`` the best
    prior among the name's candidates; the shares are those of the article's
    other places in the candidate's country and first-level division;
    ``closeness`` is 1 at another place of the article, decaying with
    distance; ``bias`` is the user's region-bias factor (1: none).
    """

    prior: float
    top_prior: float
    match: str
    feature_class: str
    feature_code: str
    population: int
    country_share: float
    admin1_share: float
    closeness: float
    bias: float = 1.0

    def vector(self) -> tuple[float, ...]:
        """The learned features, in :data:`FEATURES` order.

        >>> f = CandidateFeatures(0.5, 1.0, "alias", "A", "ADM1", 999, 0.25, 0.0, 1.0)
        >>> dict(zip(FEATURES, (round(v, 4) for v in f.vector())))  # doctest: +NORMALIZE_WHITESPACE
        {'prior': 0.5, 'log_prior': -0.6931, 'prior_gap': -0.6931, 'alias': 1.0, 'code': 0.0,
         'demonym': 0.0, 'fuzzy': 0.0, 'country': 0.0, 'division': 1.0, 'water': 0.0, 'land': 0.0,
         'site': 0.0, 'country_share': 0.25, 'country_named': 1.0, 'admin1_share': 0.0,
         'closeness': 1.0}
        """
        # The user's bias multiplies the prior, as it does for the hand weights.
        biased = self.prior * self.bias
        prior = max(biased, 1e-3)
        country = self.feature_class == "A" and self.feature_code.startswith("PCL")
        kind = _FEATURE_CLASS_FLAGS.get(self.feature_class, "")
        return (
            biased,
            math.log(prior),
            math.log(prior / max(self.top_prior, prior)),
            float(self.match == "alias"),
            float(self.match == "code"),
            float(self.match == "demonym"),
            float(self.match == "fuzzy"),
            float(country),
            float(self.feature_class == "A" and not country),
            float(kind == "water"),
            float(kind == "land"),
            float(kind == "site"),
            self.country_share,
            float(self.country_share > 0.0),
            self.admin1_share,
            self.closeness,
        )


def candidate_features(
    cand: Candidate,
    *,
    top_prior: float,
    country_share: float = 0.0,
    admin1_share: float = 0.0,
    closeness: float = 0.0,
    bias: float = 1.0,
) -> CandidateFeatures:
    """The features of one candidate, from its gazetteer match and what the article says."""
    place = cand.place
    return CandidateFeatures(
        prior=cand.score,
        top_prior=top_prior,
        match=cand.match,
        feature_class=place.feature_class,
        feature_code=place.feature_code,
        population=place.population,
        country_share=country_share,
        admin1_share=admin1_share,
        closeness=closeness,
        bias=bias,
    )


class Ranker(Protocol):
    """Scores a candidate from its features; higher is better, below MIN_SCORE is "none of these"."""

    @property
    def name(self) -> str: ...

    def score(self, features: CandidateFeatures) -> float: ...


@dataclass(frozen=True, slots=True)
class HandRanker:
    """The hand-set weights: the prior times the region bias times ``1 + lift`` from the article.

    Context multiplies the prior rather than adding to it: it can lift
    London, Ontario over London, England in a Canadian story, but not a
    hamlet called Russia over the country.

    >>> HandRanker().score(CandidateFeatures(0.5, 0.5, "name", "P", "PPL", 1000, 0.5, 0.0, 1.0))
    0.9
    """

    name: str = "hand"

    def score(self, features: CandidateFeatures) -> float:
        score = features.prior * features.bias
        lift = COUNTRY_WEIGHT * features.country_share
        lift += ADMIN1_WEIGHT * features.admin1_share
        lift += PROXIMITY_BONUS * features.closeness
        return score * (1.0 + lift)


@dataclass(frozen=True, slots=True)
class LinearRanker:
    """A logistic model: the chance that a candidate is the place meant.

    ``weights`` maps feature names (of :data:`FEATURES`) to weights over the
    raw feature values; the region bias multiplies the prior features. A
    model that corrects the hand weights also adds ``hand_weight`` times the
    log of the hand score.

    >>> r = LinearRanker(weights={"prior": 2.0}, intercept=-1.0)
    >>> round(r.score(CandidateFeatures(0.5, 0.5, "name", "P", "PPL", 10, 0.0, 0.0, 0.0)), 4)
    0.5
    """

    weights: dict[str, float]
    intercept: float
    hand_weight: float = 0.0
    name: str = "learned"

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise QueryError(f"ranker model has unknown features {unknown} (known: {', '.join(FEATURES)})")

    def score(self, features: CandidateFeatures) -> float:
        z = self.intercept
        if self.hand_weight:
            z += self.hand_weight * math.log(max(HandRanker().score(features), 1e-3))
        for name, value in zip(FEATURES, features.vector(), strict=True):
            z += self.weights.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def linear_ranker_from(data: dict[str, Any], *, where: str) -> LinearRanker:
    """A :class:`LinearRanker` from a model file's JSON object."""
    if data.get("format") != MODEL_FORMAT:
        raise QueryError(f"{where}: not a {MODEL_FORMAT} model file")
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        intercept = float(data["intercept"])
        hand_weight = float(data.get("hand_weight", 0.0))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise QueryError(f"{where}: malformed ranker model ({exc})") from None
    return LinearRanker(weights=weights, intercept=intercept, hand_weight=hand_weight)


def load_ranker(choice: str | Path = "hand") -> Ranker:
    """``"hand"``, ``"learned"`` (the model shipped with mapapp) or a model file's path.

    Raises :class:`~mapapp.errors.QueryError` for a file that is missing or not a model.
    """
    if choice == "hand":
        return HandRanker()
    if choice == "learned":
        text = resources.files("mapapp.geoparse").joinpath(_MODEL_FILE).read_text(encoding="utf-8")
        return linear_ranker_from(json.loads(text), where=_MODEL_FILE)
    path = Path(choice)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QueryError(f"{path}: cannot read ranker model ({exc})") from None
    return linear_ranker_from(data, where=str(path))
