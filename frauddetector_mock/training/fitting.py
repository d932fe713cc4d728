"""Learning a model version from its labelled events, and measuring it honestly
(docs/behaviour.md, "Models and model versions").

A logistic regression (scikit-learn) over what features.py reads of the model's variables, no
target-encoded column weighing against its own fraud rate (``_regression``). Its weights are
log-odds, which is what the service's ``variableImportanceMetrics.logOddsMetrics``
report. A stratified fifth of the events is held out: the calibration to the service's scores
(calibration.py) and every metric are measured on it, never on the events the model learned
from. Fixed seeds make the same data give the same model and the same metrics on every run.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frauddetector_mock.store.learned import Calibration, LearnedModel
from frauddetector_mock.training.calibration import calibrate
from frauddetector_mock.training.features import SEED, Features, VariableInfo, features

if TYPE_CHECKING:
    from frauddetector_mock.training.rows import Rows

__all__ = ["MIN_PER_CLASS", "THRESHOLDS", "Fit", "Point", "VariableInfo", "fit"]

MIN_PER_CLASS = 10  # fraud and legitimate events each, for a split that can be measured
HELD_OUT = 0.2
THRESHOLDS = range(0, 1001, 5)  # the score thresholds of the metric data points


@dataclass(frozen=True)
class Point:
    """The held-out events scored at or above ``threshold``, as rates."""

    threshold: float
    fpr: float
    tpr: float
    precision: float
    challenged: float  # the share of all events at or above the threshold (ATI's challenge rate)


@dataclass(frozen=True)
class Fit:
    model: LearnedModel
    auc: float
    auc_range: tuple[float, float]
    curve: list[Point]
    importance: dict[str, float]  # per variable: the spread of its log-odds contributions


def fit(rows: Rows, variables: list[VariableInfo], *, challenge: bool = False) -> Fit:
    """The model ``rows`` teach, measured on a held-out part; ``challenge``: scores follow the
    challenge rate (ATI) rather than the false positive rate. The caller has checked that
    scikit-learn imports and that each class has at least ``MIN_PER_CLASS`` events."""
    # scikit-learn is the training extra: loaded with the first training.
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    learn, hold = train_test_split(
        list(range(len(rows.fraud))), test_size=HELD_OUT, random_state=SEED, stratify=rows.fraud
    )
    learn_rows = [rows.values[i] for i in learn]
    learn_fraud = [rows.fraud[i] for i in learn]
    columns = features(learn_rows, learn_fraud, variables)
    intercept, weights = _regression(columns, learn_fraud)
    gained, inputs = columns.inputs(weights)
    model = LearnedModel(
        intercept=intercept + gained,
        inputs=inputs,
        variables=tuple(each.name for each in variables),
        calibration=Calibration((0.0,), (0.0,)),  # until measured on the held-out events
        aggregated=challenge,
    )

    truth = [rows.fraud[i] for i in hold]
    raw = [model.log_odds(rows.values[i]) for i in hold]
    reference = raw if challenge else [r for r, t in zip(raw, truth, strict=True) if not t]
    model = dataclasses.replace(model, calibration=calibrate(reference, challenge=challenge))
    scores = [model.calibration.score(r) for r in raw]
    auc = float(roc_auc_score(truth, raw))
    spread = columns.matrix.std(axis=0)
    importance = dict.fromkeys(model.variables, 0.0)
    for column, owner in enumerate(columns.owners()):
        importance[owner] += abs(weights[column]) * float(spread[column])
    positives = sum(truth)
    return Fit(
        model=model,
        auc=round(auc, 4),
        auc_range=_auc_range(auc, positives, len(truth) - positives),
        curve=_curve(truth, scores),
        importance={name: round(value, 4) for name, value in importance.items()},
    )


def _regression(columns: Features, fraud: list[int]) -> tuple[float, list[float]]:
    """(intercept, one weight per column) of the logistic regression, with no target-encoded
    column weighing less than nothing. Such a column is its part's fraud rate among other
    learning events, so a negative weight reads "the riskier the part, the safer the event": no
    pattern, but noise the regression fits, mostly where a customer's address, its /24 network
    and its card are nearly the same column taking opposite weights, or where cross-fitting gives
    a fraud event of a value seen a few times the rate of its legitimate others. Scoring, which
    reads the rate of all of a value's events, its own label included, then pushes each such
    event the wrong way. A column that comes out negative is left out (weight 0), the rest
    fitted again."""
    # scikit-learn is the training extra: loaded with the first training.
    from sklearn.linear_model import LogisticRegression

    matrix = columns.matrix.copy()
    left_out: set[int] = set()
    while True:
        regression = LogisticRegression(max_iter=1000, random_state=SEED)
        regression.fit(matrix, fraud)
        weights = [float(w) for w in regression.coef_[0]]
        against = [c for c in columns.encoded() if c not in left_out and weights[c] < 0.0]
        if not against:
            for column in left_out:
                weights[column] = 0.0
            return float(regression.intercept_[0]), weights
        left_out.update(against)
        matrix[:, against] = 0.0  # a column of zeros teaches nothing


def _auc_range(auc: float, positives: int, negatives: int) -> tuple[float, float]:
    """AUC ± 1.96 standard errors (Hanley and McNeil, 1982), within [0, 1]."""
    q1 = auc / (2 - auc)
    q2 = 2 * auc * auc / (1 + auc)
    variance = (
        auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)
    ) / (positives * negatives)
    error = 1.96 * math.sqrt(max(variance, 0.0))
    return round(max(0.0, auc - error), 4), round(min(1.0, auc + error), 4)


def _curve(truth: list[int], scores: list[float]) -> list[Point]:
    """One point per threshold; an event is flagged when its score is at or above it (AWS API
    reference: "MetricDataPoint")."""
    positives = sum(truth) or 1
    negatives = (len(truth) - sum(truth)) or 1
    ranked = sorted(zip(scores, truth, strict=True), reverse=True)
    points = []
    flagged = true_positives = 0
    for threshold in reversed(THRESHOLDS):
        while flagged < len(ranked) and ranked[flagged][0] >= threshold:
            true_positives += ranked[flagged][1]
            flagged += 1
        false_positives = flagged - true_positives
        points.append(
            Point(
                threshold=float(threshold),
                fpr=round(false_positives / negatives, 4),
                tpr=round(true_positives / positives, 4),
                precision=round(true_positives / flagged, 4) if flagged else 1.0,
                challenged=round(flagged / len(truth), 4),
            )
        )
    points.reverse()
    return points
