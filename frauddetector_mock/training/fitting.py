"""Learning a model version from its labelled events, and measuring it honestly
(docs/behaviour.md, "Models and model versions").

A logistic regression (scikit-learn) over the model's variables: numbers standardized, other
variables one-hot over their frequent values. Its weights are log-odds, which is what the
service's ``variableImportanceMetrics.logOddsMetrics`` report. A stratified fifth of the events
is held out; every metric is measured on it, never on the events the model learned from. Fixed
seeds make the same data give the same model and the same metrics on every run.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frauddetector_mock.store.learned import CategoryInput, LearnedModel, NumericInput, as_number

if TYPE_CHECKING:
    from frauddetector_mock.training.rows import Rows

MIN_PER_CLASS = 10  # fraud and legitimate events each, for a split that can be measured
HELD_OUT = 0.2
SEED = 0
MAX_CATEGORIES = 20  # one-hot columns per variable: its most frequent values
MIN_CATEGORY_SHARE = 0.005  # a value rarer than this is "any other value"
NUMERIC_TYPES = frozenset({"FLOAT", "INTEGER"})
THRESHOLDS = range(0, 1001, 10)  # the score thresholds of the metric data points


@dataclass(frozen=True)
class VariableInfo:
    """What training needs to know of one model variable."""

    name: str
    data_type: str
    variable_type: str
    default: str


@dataclass(frozen=True)
class Point:
    """The held-out events scored above ``threshold``, as rates."""

    threshold: float
    fpr: float
    tpr: float
    precision: float
    challenged: float  # the share of all events above the threshold (ATI's challenge rate)


@dataclass(frozen=True)
class Fit:
    model: LearnedModel
    auc: float
    auc_range: tuple[float, float]
    curve: list[Point]
    importance: dict[str, float]  # per variable: the spread of its log-odds contributions


@dataclass(frozen=True)
class _Layout:
    """How one variable becomes feature columns: a number, or one column per kept value."""

    info: VariableInfo
    number_default: float = 0.0
    mean: float = 0.0
    scale: float = 1.0
    categories: tuple[str, ...] = ()

    @property
    def numeric(self) -> bool:
        return self.info.data_type in NUMERIC_TYPES

    def columns(self, row: dict[str, str]) -> list[float]:
        text = row.get(self.info.name)
        if self.numeric:
            number = as_number(text)
            value = self.number_default if number is None else number
            return [(value - self.mean) / self.scale]
        value_text = self.info.default if text is None else text
        return [1.0 if value_text == category else 0.0 for category in self.categories]


def fit(rows: Rows, variables: list[VariableInfo]) -> Fit:
    """The model ``rows`` teach, measured on a held-out part. The caller has checked that
    scikit-learn imports and that each class has at least ``MIN_PER_CLASS`` events."""
    # scikit-learn and numpy are the training extra: loaded with the first training.
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    learn, hold = train_test_split(
        list(range(len(rows.fraud))), test_size=HELD_OUT, random_state=SEED, stratify=rows.fraud
    )
    learn_rows = [rows.values[i] for i in learn]
    layouts = [_layout(each, learn_rows) for each in variables]
    matrix = np.array([[x for layout in layouts for x in layout.columns(r)] for r in learn_rows])
    if matrix.shape[1] == 0:  # no variable says anything: a model of the base rate alone
        matrix = np.zeros((len(learn_rows), 1))
    regression = LogisticRegression(max_iter=1000, random_state=SEED)
    regression.fit(matrix, [rows.fraud[i] for i in learn])
    weights = [float(w) for w in regression.coef_[0]]
    model = _learned(float(regression.intercept_[0]), weights, layouts)

    truth = [rows.fraud[i] for i in hold]
    scores = [model.score(rows.values[i]) for i in hold]
    auc = float(roc_auc_score(truth, scores))
    spread = matrix.std(axis=0)
    importance = {layout.info.name: 0.0 for layout in layouts}
    column = 0
    for layout in layouts:
        width = 1 if layout.numeric else len(layout.categories)
        for offset in range(width):
            importance[layout.info.name] += abs(weights[column + offset]) * float(
                spread[column + offset]
            )
        column += width
    positives = sum(truth)
    return Fit(
        model=model,
        auc=round(auc, 4),
        auc_range=_auc_range(auc, positives, len(truth) - positives),
        curve=_curve(truth, scores),
        importance={name: round(value, 4) for name, value in importance.items()},
    )


def _layout(info: VariableInfo, rows: list[dict[str, str]]) -> _Layout:
    texts = [row.get(info.name) for row in rows]
    if info.data_type in NUMERIC_TYPES:
        default = as_number(info.default) or 0.0
        values = [default if (n := as_number(t)) is None else n for t in texts]
        mean = sum(values) / len(values)
        scale = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
        return _Layout(info, number_default=default, mean=mean, scale=scale)
    counts = Counter(info.default if t is None else t for t in texts)
    floor = max(2, math.ceil(MIN_CATEGORY_SHARE * len(rows)))
    kept = sorted(value for value, n in counts.most_common(MAX_CATEGORIES) if n >= floor)
    return _Layout(info, categories=tuple(kept))


def _learned(intercept: float, weights: list[float], layouts: list[_Layout]) -> LearnedModel:
    inputs: list[NumericInput | CategoryInput] = []
    column = 0
    for layout in layouts:
        name = layout.info.name
        if layout.numeric:
            inputs.append(
                NumericInput(
                    name, layout.number_default, layout.mean, layout.scale, weights[column]
                )
            )
            column += 1
        elif layout.categories:
            width = len(layout.categories)
            pairs = tuple(zip(layout.categories, weights[column : column + width], strict=True))
            inputs.append(CategoryInput(name, layout.info.default, pairs))
            column += width
    return LearnedModel(intercept, tuple(inputs))


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
    positives = sum(truth) or 1
    negatives = (len(truth) - sum(truth)) or 1
    points = []
    for threshold in THRESHOLDS:
        above = [t for t, s in zip(truth, scores, strict=True) if s > threshold]
        true_positives = sum(above)
        false_positives = len(above) - true_positives
        points.append(
            Point(
                threshold=float(threshold),
                fpr=round(false_positives / negatives, 4),
                tpr=round(true_positives / positives, 4),
                precision=round(true_positives / len(above), 4) if above else 1.0,
                challenged=round(len(above) / len(truth), 4),
            )
        )
    return points
