"""What a model reads of each variable, as feature columns (docs/models.md, "What the model reads
of a variable"), and the plain-number inputs (store/learned.py) its weights become.

- FLOAT and INTEGER: the number, standardized.
- Any other variable of at most ``MAX_CATEGORIES`` values: one column per value seen on at least
  ``MIN_CATEGORY_SHARE`` of the events (one-hot).
- Any other variable of more values (IP addresses, e-mail addresses, ...): its value,
  target-encoded; and, whatever its number of values, the parts value_parts.py reads from it by
  its variable type (IP prefixes, e-mail domain, ...), each target-encoded.

Target encoding is scikit-learn's ``TargetEncoder``, cross-fitted: the column a training event
learns from comes from the other folds' events, never its own label. Each part's rate is shrunk
towards the overall rate by ``SMOOTHING`` events' worth of it, so a value seen on a few events
says little. What is kept for scoring is the encoding of every part seen (fitted on all learning
events), as fraud log-odds relative to the overall rate; an unseen part has none. No encoded
column may weigh against its own rate (fitting.py).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.learned import (
    RATE_EDGE,
    WHOLE_VALUE,
    CategoryInput,
    EncodedInput,
    EncodedPart,
    Input,
    NumericInput,
    as_number,
    log_odds,
)
from frauddetector_mock.store.value_parts import PARTS_OF, read_parts

if TYPE_CHECKING:
    import numpy as np

MAX_CATEGORIES = 20  # one-hot columns per variable: more values than this are target-encoded
MIN_CATEGORY_SHARE = 0.005  # a value rarer than this is "any other value" in one-hot
NUMERIC_TYPES = frozenset({"FLOAT", "INTEGER"})
FOLDS = 5  # of the cross-fitting
# Target encoding's shrinkage: a part's rate counts this many events at the overall rate besides
# its own, so a value seen on 2 events moves a sixth of the way from the overall rate to theirs,
# one seen on 10 half the way. scikit-learn's "auto" shrinks by the spread of a part's labels,
# which is none when its few events share a label: a value seen twice, legitimate both times,
# would read as a fraud rate of 0, the far edge of the log-odds.
SMOOTHING = 10.0
SEED = 0  # of every random choice of training: the same data gives the same model


@dataclass(frozen=True)
class VariableInfo:
    """What training needs to know of one model variable."""

    name: str
    data_type: str
    variable_type: str
    default: str


@dataclass
class _Block:
    """The columns of one thing the model reads of a variable."""

    info: VariableInfo
    kind: str  # "number", "one-hot", or the part encoded (WHOLE_VALUE or a name of PARTS)
    width: int = 1
    number_default: float = 0.0
    mean: float = 0.0
    scale: float = 1.0
    categories: tuple[str, ...] = ()
    shares: tuple[float, ...] = ()  # of each category among the learning events
    rates: dict[str, float] = field(default_factory=dict)  # the encoder's, per part seen
    prior: float = 0.0  # the encoder's overall rate

    def text(self, row: dict[str, str]) -> str:
        value = row.get(self.info.name)
        return self.info.default if value is None else value

    def part(self, row: dict[str, str]) -> str:
        text = self.text(row)
        if self.kind == WHOLE_VALUE:
            return text
        names = PARTS_OF[self.info.variable_type]
        return read_parts(self.info.variable_type, text)[names.index(self.kind)]


@dataclass
class Features:
    """The learning events as feature columns, and how weights over them become inputs."""

    matrix: np.ndarray[Any, Any]
    blocks: list[_Block]

    def owners(self) -> list[str]:
        """The variable each column reads."""
        return [block.info.name for block in self.blocks for _ in range(block.width)]

    def encoded(self) -> list[int]:
        """The columns that are target-encoded parts."""
        found: list[int] = []
        column = 0
        for block in self.blocks:
            if block.kind not in ("number", "one-hot"):
                found.append(column)
            column += block.width
        return found

    def inputs(self, weights: list[float]) -> tuple[float, tuple[Input, ...]]:
        """(what the intercept gains, the inputs): one-hot weights are measured from their
        average over the learning events, which the intercept takes over, so that every input
        contributes nothing on average."""
        gained = 0.0
        made: list[Input] = []
        parts: dict[str, list[EncodedPart]] = {}
        column = 0
        for block in self.blocks:
            mine = weights[column : column + block.width]
            column += block.width
            name = block.info.name
            if block.kind == "number":
                made.append(
                    NumericInput(name, block.number_default, block.mean, block.scale, mine[0])
                )
            elif block.kind == "one-hot":
                average = sum(w * s for w, s in zip(mine, block.shares, strict=True))
                gained += average
                centred = {c: w - average for c, w in zip(block.categories, mine, strict=True)}
                made.append(CategoryInput(name, block.info.default, centred, -average))
            else:
                parts.setdefault(name, []).append(
                    EncodedPart(
                        block.kind, block.rates, block.prior, block.mean, block.scale, mine[0]
                    )
                )
        for block in self.blocks:
            found = parts.pop(block.info.name, None)
            if found is not None:
                info = block.info
                made.append(EncodedInput(info.name, info.default, info.variable_type, tuple(found)))
        return gained, tuple(made)


def features(
    rows: list[dict[str, str]], fraud: list[int], variables: list[VariableInfo]
) -> Features:
    """The feature columns of the learning events ``rows`` (labels ``fraud``)."""
    # numpy is the training extra's, loaded with the first training.
    import numpy as np

    blocks: list[_Block] = []
    for info in variables:
        blocks.extend(_blocks(info, rows))
    if not blocks:  # no variable says anything: a model of the base rate alone
        return Features(np.zeros((len(rows), 1)), [])
    direct = [b for b in blocks if b.kind in ("number", "one-hot")]
    encoded = [b for b in blocks if b.kind not in ("number", "one-hot")]
    columns: dict[int, Any] = {}
    for block in direct:
        columns[id(block)] = np.array([_direct(block, row) for row in rows], dtype=float)
    if encoded:
        values = _encode(encoded, rows, fraud)
        for index, block in enumerate(encoded):
            columns[id(block)] = values[:, index : index + 1]
    matrix = np.hstack([columns[id(block)].reshape(len(rows), block.width) for block in blocks])
    return Features(matrix, blocks)


def _blocks(info: VariableInfo, rows: list[dict[str, str]]) -> list[_Block]:
    if info.data_type in NUMERIC_TYPES:
        default = as_number(info.default) or 0.0
        values = [default if (n := as_number(row.get(info.name))) is None else n for row in rows]
        mean = sum(values) / len(values)
        scale = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
        return [_Block(info, "number", number_default=default, mean=mean, scale=scale)]
    found: list[_Block] = []
    whole = _Block(info, WHOLE_VALUE)
    counts = Counter(whole.text(row) for row in rows)
    if len(counts) > MAX_CATEGORIES:
        found.append(whole)
    else:
        floor = max(2, math.ceil(MIN_CATEGORY_SHARE * len(rows)))
        kept = sorted(value for value, n in counts.items() if n >= floor)
        if kept:
            shares = tuple(counts[value] / len(rows) for value in kept)
            found.append(_Block(info, "one-hot", len(kept), categories=tuple(kept), shares=shares))
    for part in PARTS_OF.get(info.variable_type, ()):
        block = _Block(info, part)
        if len({block.part(row) for row in rows}) > 1:  # a part that never varies says nothing
            found.append(block)
    return found


def _direct(block: _Block, row: dict[str, str]) -> list[float]:
    if block.kind == "number":
        number = as_number(row.get(block.info.name))
        value = block.number_default if number is None else number
        return [(value - block.mean) / block.scale]
    text = block.text(row)
    return [1.0 if text == category else 0.0 for category in block.categories]


def _encode(blocks: list[_Block], rows: list[dict[str, str]], fraud: list[int]) -> Any:
    """The cross-fitted, standardized columns of the encoded ``blocks``; each block keeps its
    encodings, mean and scale."""
    # scikit-learn and numpy are the training extra's, loaded with the first training.
    import numpy as np
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import TargetEncoder

    parts = np.array([[block.part(row) for block in blocks] for row in rows], dtype=object)
    encoder = TargetEncoder(target_type="binary", smooth=SMOOTHING, cv=FOLDS)
    if encoder.get_params().get("random_state") == "deprecated":
        # scikit-learn 1.9 on: the folds' shuffling is given by the splitter alone.
        encoder.set_params(cv=StratifiedKFold(FOLDS, shuffle=True, random_state=SEED))
    else:  # scikit-learn 1.3 to 1.8
        encoder.set_params(shuffle=True, random_state=SEED)
    rates = encoder.fit_transform(parts, fraud)
    prior = float(encoder.target_mean_)
    kept = np.clip(rates, RATE_EDGE, 1.0 - RATE_EDGE)  # as log_odds reads a rate
    shifted = np.log(kept / (1.0 - kept)) - log_odds(prior)
    for index, block in enumerate(blocks):
        column = shifted[:, index]
        block.mean = float(column.mean())
        block.scale = float(column.std()) or 1.0
        block.prior = prior
        block.rates = {
            str(category): float(rate)
            for category, rate in zip(
                encoder.categories_[index], encoder.encodings_[index], strict=True
            )
        }
        shifted[:, index] = (column - block.mean) / block.scale
    return shifted
