"""Standard geoparsing metrics, so mapapp's numbers compare with published ones.

Definitions follow Gritta et al. ("What's missing in geographical parsing?",
2018; "A Pragmatic Guide to Geoparsing Evaluation", 2019):

* **Gold locations** of a document are its :class:`~mapapp.evaluation.corpora.GoldToponym`
  spans that have coordinates (optionally only those whose ``kind`` is in
  ``kinds``, e.g. a strict toponym set for GeoWebNews).
* **Recognition**: a prediction matches a gold location when the spans
  overlap; each gold location and each prediction is matched at most once
  (for each gold span in order, the unused overlapping prediction with an
  exact span, else the largest overlap, else the earliest start). Precision
  = matched / predictions, recall = matched / gold, F1 their harmonic mean.
  Predictions overlapping only gold spans that are not gold locations count
  as false positives unless ``ignore_other_spans=True``.
* **Resolution, end to end**: every gold location gets an error in km - the
  great-circle distance to its matched prediction's point, or
  :data:`MAX_ERROR_KM` (half the Earth's circumference) when it has no
  matched prediction or the prediction has no point. acc@161 is the share of
  gold locations with error <= 161 km (100 miles); AUC is computed from the
  same errors (:func:`auc`). Mean and median km are over the gold locations
  whose matched prediction has a point.
* **Resolution given gold spans**: the same measures, computed by the same
  functions on predictions made for the gold spans themselves (see
  :func:`gold_locations`).

All functions are pure; nothing is read from disk here.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from mapapp.evaluation.corpora import GoldDoc, GoldToponym
from mapapp.gazetteer import haversine_km

MAX_ERROR_KM = 20039.0
ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted toponym span in a gold document's text, with its point if resolved."""

    start: int
    end: int
    lat: float | None
    lon: float | None

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class DocScore:
    """Counts and errors for one document (combine them with :func:`aggregate`).

    ``errors_km`` has one entry per gold location, in text order, with
    :data:`MAX_ERROR_KM` for a miss; ``resolved_errors_km`` only the errors
    of gold locations whose matched prediction had a point.
    """

    doc_id: str
    n_gold: int
    n_pred: int
    tp: int
    errors_km: tuple[float, ...]
    resolved_errors_km: tuple[float, ...]

    @property
    def fp(self) -> int:
        return self.n_pred - self.tp

    @property
    def fn(self) -> int:
        return self.n_gold - self.tp


@dataclass(frozen=True, slots=True)
class CorpusScore:
    """Micro-averaged scores over a corpus; ratios are in [0, 1].

    ``mean_km``/``median_km`` are None when no gold location was resolved.
    ``n_resolved`` counts gold locations whose matched prediction had a point.
    """

    precision: float
    recall: float
    f1: float
    acc161: float
    mean_km: float | None
    median_km: float | None
    auc: float
    n_gold: int
    n_pred: int
    docs: int
    tp: int = 0
    n_resolved: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the scores."""
        return asdict(self)


def auc(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted log errors, normalised to [0, 1] (lower is better).

    With the errors sorted ascending and ``y_i = ln(1 + e_i)``, the area is
    the trapezoidal rule with unit steps, divided by the area of the worst
    case (every error :data:`MAX_ERROR_KM`)::

        AUC = sum_{i=1}^{n-1} (y_{i-1} + y_i) / 2  /  ((n - 1) * ln(20039))

    as in Gritta et al. (2018), whose code applies ``np.trapz`` to
    ``ln(1 + errors)``. With one error, AUC is ``y_0 / ln(20039)``; with
    none, 0. Errors are capped at :data:`MAX_ERROR_KM`.

    Examples
    --------
    >>> auc([0.0, 0.0])
    0.0
    >>> auc([20039.0, 20039.0])
    1.0
    >>> round(auc([0.0, 20039.0]), 4)  # (0 + ln 20040) / 2 / ln 20039
    0.5
    >>> round(auc([20039.0, 0.0, 160.0]), 4)  # (ln161/2 + (ln161 + ln20040)/2) / (2 ln20039)
    0.5065
    """
    if not errors_km:
        return 0.0
    scale = math.log(MAX_ERROR_KM)
    ys = sorted(math.log1p(min(max(e, 0.0), MAX_ERROR_KM)) for e in errors_km)
    if len(ys) == 1:
        return min(ys[0] / scale, 1.0)
    area = sum((a + b) / 2.0 for a, b in itertools.pairwise(ys))
    return min(area / ((len(ys) - 1) * scale), 1.0)


def gold_locations(doc: GoldDoc, *, kinds: Collection[str] | None = None) -> tuple[GoldToponym, ...]:
    """The gold spans that are scored: those with coordinates, of the given kinds.

    Feed these spans to the resolver to measure resolution given gold spans.

    Examples
    --------
    >>> doc = GoldDoc("d", "", "Paris and Kurdish", None, (
    ...     GoldToponym(0, 5, "Paris", 48.85, 2.35, "toponym"),
    ...     GoldToponym(10, 17, "Kurdish", None, None, "toponym")))
    >>> [t.text for t in gold_locations(doc)]
    ['Paris']
    """
    return tuple(t for t in doc.toponyms if t.has_coordinates and (kinds is None or t.kind in kinds))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def match_spans(gold: Sequence[GoldToponym], predictions: Sequence[Prediction]) -> dict[int, int]:
    """Greedy one-to-one matching of overlapping spans: ``{gold index: prediction index}``.

    Gold spans are taken in text order; each takes the unused overlapping
    prediction with an exact span, else the largest overlap, else the
    earliest start.

    Examples
    --------
    >>> g = [GoldToponym(0, 5, "Pandi", 1, 1, "t"), GoldToponym(7, 14, "Bulacan", 1, 1, "t")]
    >>> match_spans(g, [Prediction(0, 14, None, None), Prediction(7, 14, None, None)])
    {0: 0, 1: 1}
    >>> match_spans(g, [Prediction(0, 14, None, None)])
    {0: 0}
    """
    matches: dict[int, int] = {}
    used: set[int] = set()
    order = sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end))
    for gi in order:
        g = gold[gi]
        best: tuple[int, int, int, int] | None = None
        for pi, p in enumerate(predictions):
            if pi in used:
                continue
            size = _overlap(g.start, g.end, p.start, p.end)
            if size <= 0:
                continue
            exact = int(p.start == g.start and p.end == g.end)
            key = (exact, size, -p.start, -pi)
            if best is None or key > best:
                best = key
        if best is not None:
            pi = -best[3]
            matches[gi] = pi
            used.add(pi)
    return matches


def score_document(
    gold: GoldDoc,
    predictions: Sequence[Prediction],
    *,
    kinds: Collection[str] | None = None,
    ignore_other_spans: bool = False,
) -> DocScore:
    """Score one document's predictions against its gold locations.

    Parameters
    ----------
    gold : GoldDoc
        The gold document.
    predictions : sequence of Prediction
        Predicted spans (offsets into ``gold.text``) with points or None.
    kinds : collection of str, optional
        Only gold spans of these kinds are gold locations (default: all
        spans with coordinates).
    ignore_other_spans : bool
        When True, an unmatched prediction that overlaps a gold span which
        is not a gold location (no coordinates, or another kind) is neither
        a true nor a false positive.

    Examples
    --------
    >>> doc = GoldDoc("d", "", "Paris and Lyon", None, (
    ...     GoldToponym(0, 5, "Paris", 48.8566, 2.3522, "toponym"),
    ...     GoldToponym(10, 14, "Lyon", 45.764, 4.8357, "toponym")))
    >>> s = score_document(doc, [Prediction(0, 5, 48.8566, 2.3522), Prediction(6, 9, 0.0, 0.0)])
    >>> s.tp, s.fp, s.fn, s.errors_km
    (1, 1, 1, (0.0, 20039.0))
    """
    locations = gold_locations(gold, kinds=kinds)
    matches = match_spans(locations, predictions)
    counted = len(predictions)
    if ignore_other_spans:
        others = [t for t in gold.toponyms if t not in locations]
        matched_preds = set(matches.values())
        for pi, p in enumerate(predictions):
            if pi not in matched_preds and any(_overlap(t.start, t.end, p.start, p.end) > 0 for t in others):
                counted -= 1
    errors: list[float] = []
    resolved: list[float] = []
    for gi, g in enumerate(locations):
        match = matches.get(gi)
        pred = predictions[match] if match is not None else None
        if pred is None or pred.lat is None or pred.lon is None or g.lat is None or g.lon is None:
            errors.append(MAX_ERROR_KM)
            continue
        km = min(haversine_km(g.lat, g.lon, pred.lat, pred.lon), MAX_ERROR_KM)
        errors.append(km)
        resolved.append(km)
    return DocScore(
        doc_id=gold.id,
        n_gold=len(locations),
        n_pred=counted,
        tp=len(matches),
        errors_km=tuple(errors),
        resolved_errors_km=tuple(resolved),
    )


def aggregate(scores: Iterable[DocScore]) -> CorpusScore:
    """Micro-average document scores into a :class:`CorpusScore`.

    Examples
    --------
    >>> a = DocScore("a", n_gold=2, n_pred=2, tp=1, errors_km=(10.0, 20039.0),
    ...              resolved_errors_km=(10.0,))
    >>> b = DocScore("b", n_gold=1, n_pred=2, tp=1, errors_km=(200.0,),
    ...              resolved_errors_km=(200.0,))
    >>> s = aggregate([a, b])
    >>> s.precision, round(s.recall, 4), s.f1, round(s.acc161, 4), s.mean_km, s.median_km
    (0.5, 0.6667, 0.5714285714285715, 0.3333, 105.0, 105.0)
    """
    items = list(scores)
    n_gold = sum(s.n_gold for s in items)
    n_pred = sum(s.n_pred for s in items)
    tp = sum(s.tp for s in items)
    errors = [e for s in items for e in s.errors_km]
    resolved = [e for s in items for e in s.resolved_errors_km]
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorpusScore(
        precision=precision,
        recall=recall,
        f1=f1,
        acc161=sum(1 for e in errors if e <= ACC_KM) / len(errors) if errors else 0.0,
        mean_km=statistics.fmean(resolved) if resolved else None,
        median_km=statistics.median(resolved) if resolved else None,
        auc=auc(errors),
        n_gold=n_gold,
        n_pred=n_pred,
        docs=len(items),
        tp=tp,
        n_resolved=len(resolved),
    )


def _km(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def format_table(results: Mapping[str, CorpusScore]) -> str:
    """A Markdown table, one row per named result; ratios shown as percentages.

    Examples
    --------
    >>> s = CorpusScore(0.75, 0.5, 0.6, 0.625, 12.34, 3.0, 0.25, 8, 6, 2)
    >>> print(format_table({"tr-news e2e": s}))
    | run | docs | gold | pred | P | R | F1 | acc@161 | mean km | median km | AUC |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
    | tr-news e2e | 2 | 8 | 6 | 75.0 | 50.0 | 60.0 | 62.5 | 12 | 3 | 0.250 |
    """
    lines = [
        "| run | docs | gold | pred | P | R | F1 | acc@161 | mean km | median km | AUC |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in results.items():
        cells = [
            name.replace("|", "\\|"),
            str(s.docs),
            str(s.n_gold),
            str(s.n_pred),
            f"{100 * s.precision:.1f}",
            f"{100 * s.recall:.1f}",
            f"{100 * s.f1:.1f}",
            f"{100 * s.acc161:.1f}",
            _km(s.mean_km),
            _km(s.median_km),
            f"{s.auc:.3f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
