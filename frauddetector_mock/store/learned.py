"""What a model version learned in training, as plain numbers: a logistic model over the model's
variables that scores an event on the service's 0-1000 scale (AWS's "Model scores" page).

Plain frozen dataclasses rather than a scikit-learn object: scoring needs no scikit-learn, costs
a few microseconds, and the state file (persistence.py) saves and restores it like any record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Numbers beyond this count as this: far past any amount or count, and small enough that sums
# and squares over a whole training set stay finite.
NUMBER_LIMIT = 1e12


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
    """A variable read as a category: each value seen often enough in training has its weight;
    any other value weighs nothing."""

    name: str
    default: str
    weights: tuple[tuple[str, float], ...]

    def contribution(self, text: str | None) -> float:
        value = self.default if text is None else text
        for category, weight in self.weights:
            if category == value:
                return weight
        return 0.0


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """A trained model version's scorer: the fraud probability times 1000, a whole number."""

    intercept: float
    inputs: tuple[NumericInput | CategoryInput, ...]

    def score(self, variables: Mapping[str, str]) -> float:
        log_odds = self.intercept + sum(
            each.contribution(variables.get(each.name)) for each in self.inputs
        )
        if log_odds >= 0:
            probability = 1.0 / (1.0 + math.exp(-log_odds))
        else:  # the same value, without overflowing exp for very negative log-odds
            odds = math.exp(log_odds)
            probability = odds / (1.0 + odds)
        return float(round(probability * 1000))


@dataclass(frozen=True)
class TrainingOutcome:
    """How a training ended: learned (a model and results) or not (a reason)."""

    failed: bool  # ERROR rather than TRAINING_COMPLETE
    learned: LearnedModel | None
    result: dict[str, Any]
    result_v2: dict[str, Any]
