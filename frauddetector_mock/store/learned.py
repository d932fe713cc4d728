"""What a model version learned in training, as plain numbers: a logistic model over the model's
variables, the calibration that puts its output on the service's 0-1000 scale (AWS's "Model
scores" page), and what explains a score (AWS API reference: "GetEventPredictionMetadata").

Plain frozen dataclasses rather than scikit-learn objects: scoring needs no scikit-learn, costs
a few microseconds, and the state file (persistence.py) saves and restores it like any record.

Every input's contribution is measured from the average training event (a number from its mean,
a category from the average of its values' weights, an encoded part from its average encoding),
so the intercept is the log-odds of that average event, and an event's log-odds are the
intercept plus the contributions, exactly: each is the variable's impact on the event's log-odds.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frauddetector_mock.store.value_parts import PARTS_OF, read_parts

# Numbers beyond this count as this: far past any amount or count, and small enough that sums
# and squares over a whole training set stay finite.
NUMBER_LIMIT = 1e12
LOWEST_SCORE = 0.0
HIGHEST_SCORE = 1000.0
RATE_EDGE = 1e-3  # encoded fraud rates are read within [RATE_EDGE, 1 - RATE_EDGE]
WHOLE_VALUE = "value"  # the part of a value that is the value itself
STARS = 5  # relativeImpact runs from "0" to "5" (AWS's "Prediction explanations" page)


def as_number(text: str | None) -> float | None:
    """The number a value stands for, or None: what the model reads of a numeric variable."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return max(-NUMBER_LIMIT, min(NUMBER_LIMIT, value))


@dataclass(frozen=True, slots=True)
class NumericInput:
    """A FLOAT or INTEGER variable: standardized, then weighted."""

    name: str
    default: float  # for a value that is missing or not a number
    mean: float
    scale: float
    weight: float

    def contribution(self, text: str | None) -> float:
        value = as_number(text)
        return self.weight * (((self.default if value is None else value) - self.mean) / self.scale)


@dataclass(frozen=True, slots=True)
class CategoryInput:
    """A variable of few values, one weight per value seen often enough in training; any other
    value weighs ``other``."""

    name: str
    default: str
    weights: Mapping[str, float]
    other: float

    def contribution(self, text: str | None) -> float:
        return self.weights.get(self.default if text is None else text, self.other)


@dataclass(frozen=True, slots=True)
class EncodedPart:
    """One target-encoded part of a variable's values: the value itself, or a part
    value_parts.py reads from it. ``rates`` and ``prior`` are the encoder's: the fraud rate
    learned for each part seen in training, and the overall rate, which an unseen part takes.
    The model reads a part as its log-odds relative to the prior, standardized, then weighted;
    ``table`` holds that product for each part seen, ``unseen`` for any other."""

    part: str  # WHOLE_VALUE, or a name of value_parts.PARTS_OF
    rates: Mapping[str, float]
    prior: float
    mean: float
    scale: float
    weight: float
    table: Mapping[str, float] = field(init=False, repr=False, compare=False)
    unseen: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        base = log_odds(self.prior)
        per = self.weight / self.scale
        table = {key: per * (log_odds(rate) - base - self.mean) for key, rate in self.rates.items()}
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "unseen", -per * self.mean)


@dataclass(frozen=True, slots=True)
class EncodedInput:
    """A variable whose values are read as target-encoded parts (store/value_parts.py)."""

    name: str
    default: str
    variable_type: str
    parts: tuple[EncodedPart, ...]
    # Each part's (table, unseen, where it is in read_parts' answer: -1 for the value itself).
    lookups: tuple[tuple[Mapping[str, float], float, int], ...] = field(
        init=False, repr=False, compare=False
    )
    reads: bool = field(init=False, repr=False, compare=False)  # any part but the value

    def __post_init__(self) -> None:
        names = PARTS_OF.get(self.variable_type, ())
        lookups = tuple(
            (each.table, each.unseen, -1 if each.part == WHOLE_VALUE else names.index(each.part))
            for each in self.parts
        )
        object.__setattr__(self, "lookups", lookups)
        object.__setattr__(self, "reads", any(at >= 0 for _, _, at in lookups))

    def contribution(self, text: str | None) -> float:
        value = self.default if text is None else text
        read = read_parts(self.variable_type, value) if self.reads else ()
        total = 0.0
        for table, unseen, at in self.lookups:
            total += table.get(value if at < 0 else read[at], unseen)
        return total


def log_odds(rate: float) -> float:
    """The log-odds of a rate kept within [RATE_EDGE, 1 - RATE_EDGE]: within about ±7."""
    rate = min(1.0 - RATE_EDGE, max(RATE_EDGE, rate))
    return math.log(rate / (1.0 - rate))


Input = NumericInput | CategoryInput | EncodedInput


@dataclass(frozen=True, slots=True)
class Calibration:
    """Raw log-odds to a score, rising: linear between knots, the lowest score below the first
    and the highest above the last (training/calibration.py builds it)."""

    raw: tuple[float, ...]
    scores: tuple[float, ...]

    def score(self, log_odds: float) -> float:
        knots = self.raw
        at = bisect.bisect_right(knots, log_odds)
        if at == 0:
            value = self.scores[0]
        elif at == len(knots):
            value = self.scores[-1]
        else:
            low, high = knots[at - 1], knots[at]
            share = (log_odds - low) / (high - low)
            value = self.scores[at - 1] + share * (self.scores[at] - self.scores[at - 1])
        return float(min(HIGHEST_SCORE, max(LOWEST_SCORE, math.floor(value + 0.5))))


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """A trained model version's scorer: whole-number scores on the service's scale."""

    intercept: float  # the log-odds of the average training event
    inputs: tuple[Input, ...]
    variables: tuple[str, ...]  # the model's variables, in the training schema's order
    calibration: Calibration
    aggregated: bool = False  # explanations also list aggregated variables (ATI)

    def log_odds(self, variables: Mapping[str, str]) -> float:
        total = self.intercept
        for each in self.inputs:
            total += each.contribution(variables.get(each.name))
        return total

    def score(self, variables: Mapping[str, str]) -> float:
        return self.calibration.score(self.log_odds(variables))

    def explain(self, variables: Mapping[str, str]) -> dict[str, Any]:
        """The ``PredictionExplanations`` of an event whose values are ``variables`` (those it
        sent; the others take their defaults, as in scoring)."""
        impacts = dict.fromkeys(self.variables, 0.0)
        for each in self.inputs:
            impacts[each.name] += each.contribution(variables.get(each.name))
        top = max((abs(value) for value in impacts.values()), default=0.0)
        rated = [(name, _stars(value, top), round(value, 4)) for name, value in impacts.items()]
        return {
            "variableImpactExplanations": [
                {"eventVariableName": name, "relativeImpact": stars, "logOddsImpact": value}
                for name, stars, value in rated
            ],
            # The model combines no variables: each aggregate is one variable's values.
            "aggregatedVariablesImpactExplanations": [
                {"eventVariableNames": [name], "relativeImpact": stars, "logOddsImpact": value}
                for name, stars, value in rated
            ]
            if self.aggregated
            else [],
        }


def _stars(value: float, top: float) -> str:
    """The impact's size against the largest of the event's impacts, in whole stars."""
    if top == 0.0:
        return "0"
    return str(math.floor(STARS * abs(value) / top + 0.5))


@dataclass(frozen=True, slots=True)
class PendingExplanations:
    """Stands for the ``predictionExplanations`` of a score the learned ``model`` gave, in a
    prediction record, until GetEventPredictionMetadata renders them from the record's values:
    predictions stay cheap, and records share it."""

    model: LearnedModel

    def render(self, sent: Mapping[str, str]) -> dict[str, Any]:
        return self.model.explain(sent)


@dataclass(frozen=True)
class TrainingOutcome:
    """How a training ended: learned (a model and results) or not (a reason)."""

    failed: bool  # ERROR rather than TRAINING_COMPLETE
    learned: LearnedModel | None
    result: dict[str, Any]
    result_v2: dict[str, Any]
