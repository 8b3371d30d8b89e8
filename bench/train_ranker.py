"""Train the learned candidate ranker (:mod:`mapapp.geoparse.ranking`) on gold spans.

Run from the repository root::

    MAPAPP_CACHE_DIR=... .venv/bin/python -m bench.train_ranker \\
        --corpus ../shared/corpora/geowebnews/GWN.xml --corpus ../shared/corpora/trnews/TR-News.xml \\
        --corpus ../shared/corpora/geovirus/GeoVirus.xml \\
        [--out mapapp/geoparse/ranker.json] [--loco-dir DIR] [--features CACHE.pkl] [--l2 30] \\
        [--hand-offset] [--context-ranker hand|learned|FILE]

The shipped model is ``--hand-offset --l2 1000`` (docs/evaluation.md, "Learned ranking").

For every gold span of every article the resolver looks up the candidates
and reads the article's context exactly as it does when it resolves (the
other names picked with the hand weights); each candidate is one example,
labelled 1 when it is within 161 km of the gold point (or, when no
candidate is, a division or country whose extent holds it). A conditional
logit (softmax over each span's candidates, L2 penalty) learns the ranking,
a two-parameter logistic on its utility at each span's pick turns it into the
chance that the pick is right (read against "none of these"); both are fitted
by Newton's method (numpy only) and written back on the raw feature scale,
so inference is a dot product. Nothing about a document (ids, names, places) is a
feature: only the general ones of :data:`~mapapp.geoparse.ranking.FEATURES`.

It prints, per corpus, the share of gold spans whose best candidate is
within 161 km, for the hand weights, the model trained on all corpora and
(with ``--loco-dir``) the model trained on the other corpora only, which it
also writes to ``DIR/loco-<corpus>.json`` for ``mapapp evaluate --ranker``.
These are quick estimates on the recorded features; the real scores are
those of ``mapapp evaluate``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mapapp.geoparse.ranking import (
    FEATURES,
    MODEL_FORMAT,
    CandidateFeatures,
    HandRanker,
    Ranker,
    linear_ranker_from,
)

ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class Example:
    """The candidates of one gold span: their features, distance to the gold point and label."""

    corpus: str
    features: tuple[CandidateFeatures, ...]
    km: tuple[float, ...]
    labels: tuple[int, ...]


def labels_for(km: Sequence[float], *, holds: Sequence[bool]) -> tuple[int, ...]:
    """1 for candidates within 161 km of the gold point; else, for those whose extent holds it.

    >>> labels_for([500.0, 20.0], holds=[True, False]), labels_for([500.0, 900.0], holds=[True, False])
    ((0, 1), (1, 0))
    """
    near = tuple(int(k <= ACC_KM) for k in km)
    return near if any(near) else tuple(int(h) for h in holds)


def fit_calibration(u: np.ndarray, y: np.ndarray, *, l2: float = 1.0) -> tuple[float, float]:
    """``(a, b)`` of ``P(right) = 1 / (1 + exp(-(a * u + b)))``, with ``a`` held near 1 by ``l2 * (a - 1)^2 / 2``.

    The penalty keeps the ranking when every pick is right (or wrong) and
    the data alone would flatten it.
    """
    theta = np.array([1.0, 0.0])
    z = np.column_stack([u, np.ones_like(u)])
    prior = np.array([1.0, 0.0])
    penalty = np.array([l2, 1e-6])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ theta, -30, 30)))
        gradient = z.T @ (p - y) + penalty * (theta - prior)
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(theta[0]), float(theta[1])


def model_json(
    weights: np.ndarray, intercept: float, *, trained_on: Iterable[str], l2: float, n: int
) -> dict:
    """The model file's content (see :func:`mapapp.geoparse.ranking.linear_ranker_from`)."""
    return {
        "format": MODEL_FORMAT,
        "kind": "logistic",
        "trained_on": sorted(trained_on),
        "examples": n,
        "l2": l2,
        "intercept": round(float(intercept), 6),
        "weights": {name: round(float(w), 6) for name, w in zip(FEATURES, weights, strict=True)},
    }


def matrix(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """The features (one row per candidate) and labels of the examples."""
    rows = [f.vector() for e in examples for f in e.features]
    labels = [label for e in examples for label in e.labels]
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES)), np.array(labels, dtype=float)


def fit_listwise(
    groups: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], *, l2: float, iterations: int = 40
) -> np.ndarray:
    """Weights of a conditional logit: a softmax over each group's candidates, fitted to its labels.

    Each group is ``(features, labels, offsets)``: a candidate's utility is
    its offset plus its features times the weights, and the target spreads
    evenly over the group's positive candidates. The penalty is
    ``l2 * |w|^2 / 2``; Newton's method, as the loss is convex.
    """
    width = groups[0][0].shape[1]
    w = np.zeros(width)
    for _ in range(iterations):
        gradient = l2 * w
        hessian = np.diag(np.full(width, l2 + 1e-9))
        for x, y, offset in groups:
            u = x @ w + offset
            p = np.exp(u - u.max())
            p /= p.sum()
            gradient += x.T @ (p - y / y.sum())
            hessian += (x * p[:, None]).T @ x - np.outer(x.T @ p, x.T @ p)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _hand_offsets(example: Example, *, on: bool) -> np.ndarray:
    """Log of the hand score of each candidate (or zeros): what a correcting model starts from."""
    if not on:
        return np.zeros(len(example.features))
    hand = HandRanker()
    return np.log(np.maximum([hand.score(f) for f in example.features], 1e-3))


def train(examples: Sequence[Example], *, l2: float, hand_offset: bool = False) -> dict:
    """A model file's content, trained on ``examples``.

    Two stages on standardised features: a conditional logit learns which
    candidate of a name is meant (the ranking), then a logistic regression
    on its utility (two parameters) turns that into the chance of being
    right, read against the "none of these" threshold. With
    ``hand_offset`` the utility starts from the log of the hand score and
    the features only correct it (the penalty pulls towards the hand weights).
    """
    x, y = matrix(examples)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    groups = []
    for e in examples:
        if len(e.features) > 1 and 0 < sum(e.labels) < len(e.labels):
            rows = (np.array([f.vector() for f in e.features]) - mean) / scale
            groups.append((rows, np.array(e.labels, dtype=float), _hand_offsets(e, on=hand_offset)))
    w = fit_listwise(groups, l2=l2)
    # Calibrated on each name's pick only: its score is then the chance that the pick is right.
    picks, right = [], []
    for e in examples:
        if e.features:
            u = ((np.array([f.vector() for f in e.features]) - mean) / scale) @ w
            u = u + _hand_offsets(e, on=hand_offset)
            best = int(np.argmax(u))
            picks.append(u[best])
            right.append(e.labels[best])
    a, b = fit_calibration(np.array(picks), np.array(right, dtype=float))
    weights = a * w / scale
    model = model_json(weights, b - weights @ mean, trained_on={e.corpus for e in examples}, l2=l2, n=len(y))
    if hand_offset:
        model["hand_weight"] = round(a, 6)
    return model


def accuracy(examples: Sequence[Example], model: dict | None) -> float:
    """Share of examples whose best-scored candidate is within 161 km.

    A span without candidates, or whose best candidate scores below
    :data:`~mapapp.geoparse.context.MIN_SCORE` ("none of these"), is a miss.
    """
    from mapapp.geoparse.context import MIN_SCORE

    if not examples:
        return 0.0
    ranker: Ranker = HandRanker() if model is None else linear_ranker_from(model, where="model")
    hits = 0
    for e in examples:
        if not e.features:
            continue
        scores = [ranker.score(f) for f in e.features]
        best = max(range(len(scores)), key=lambda i: (scores[i], e.features[i].population, -i))
        hits += scores[best] >= MIN_SCORE and e.km[best] <= ACC_KM
    return hits / len(examples)


def collect(paths: Sequence[Path], *, context_ranker: str = "hand") -> list[Example]:
    """Examples of every gold span of the corpora, read with the resolver's own context.

    The article's other names are picked by ``context_ranker`` (see
    :func:`~mapapp.geoparse.ranking.load_ranker`): a model trained on the
    context of the hand weights can be trained again on its own.
    """
    from mapapp.evaluation import gold_locations, load_corpus
    from mapapp.gazetteer import haversine_km
    from mapapp.geoparse.context import Context, features_of
    from mapapp.geoparse.pipeline import Geoparser
    from mapapp.geoparse.ranking import load_ranker

    geoparser = Geoparser(derive=False, ranker=load_ranker(context_ranker))
    examples = []
    for path in paths:
        for doc in load_corpus(path):
            gold = {(t.start, t.end): t for t in gold_locations(doc)}
            given, context = geoparser.given_spans(doc.text, list(gold))
            groups, picks = geoparser.resolver.rank(doc.text, [*given, *context])
            for group in groups:
                rows = features_of(group, context=Context.of(groups, picks, besides=group))
                for span in group.spans:
                    toponym = next((t for t in gold.values() if t.start <= span.start < t.end), None)
                    if span.label != "GOLD" or toponym is None or toponym.lat is None or toponym.lon is None:
                        continue
                    lat, lon = toponym.lat, toponym.lon
                    km = tuple(haversine_km(lat, lon, c.place.lat, c.place.lon) for c in group.candidates)
                    holds = [
                        c.place.feature_class == "A"
                        and c.place.extent is not None
                        and c.place.extent.contains(lat, lon)
                        for c in group.candidates
                    ]
                    examples.append(Example(path.stem, tuple(rows), km, labels_for(km, holds=holds)))
            unplaced = len(gold) - sum(1 for g in groups for s in g.spans if s.label == "GOLD")
            examples.extend(Example(path.stem, (), (), ()) for _ in range(max(unplaced, 0)))
    return examples


def _save(path: Path, examples: Sequence[Example]) -> None:
    import pickle

    path.write_bytes(pickle.dumps(list(examples)))


def _load(path: Path) -> list[Example]:
    import pickle

    return list(pickle.loads(path.read_bytes()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[], help="gold corpus XML (repeatable)"
    )
    parser.add_argument("--out", type=Path, help="where to write the all-corpora model")
    parser.add_argument("--loco-dir", type=Path, help="also train leave-one-corpus-out models, written here")
    parser.add_argument("--features", type=Path, help="cache of the recorded examples (read when present)")
    parser.add_argument(
        "--context-ranker", default="hand", help="what picks the other names: hand, learned or a model file"
    )
    parser.add_argument(
        "--hand-offset", action="store_true", help="learn corrections to the hand score instead of a score"
    )
    parser.add_argument("--l2", type=float, default=30.0, help="L2 penalty on standardised weights")
    args = parser.parse_args(argv)
    if args.features is not None and args.features.exists():
        examples = _load(args.features)
    else:
        examples = collect(args.corpus, context_ranker=args.context_ranker)
        if args.features is not None:
            _save(args.features, examples)
    corpora = sorted({e.corpus for e in examples})
    model = train(examples, l2=args.l2, hand_offset=args.hand_offset)
    if args.out is not None:
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print("| corpus | spans | hand | all-corpora model | leave-one-out model |")
    print("|---|---:|---:|---:|---:|")
    for corpus in corpora:
        held = [e for e in examples if e.corpus == corpus]
        loco = "-"
        if args.loco_dir is not None:
            others = train(
                [e for e in examples if e.corpus != corpus], l2=args.l2, hand_offset=args.hand_offset
            )
            args.loco_dir.mkdir(parents=True, exist_ok=True)
            (args.loco_dir / f"loco-{corpus}.json").write_text(json.dumps(others, indent=1) + "\n")
            loco = f"{100 * accuracy(held, others):.1f}"
        print(
            f"| {corpus} | {len(held)} | {100 * accuracy(held, None):.1f} | "
            f"{100 * accuracy(held, model):.1f} | {loco} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
