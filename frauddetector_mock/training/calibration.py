"""Scores on the service's scale (docs/models.md, "Scores"; docs/behaviour.md, "Models and model
versions").

AWS's "Model scores" page ties an OFI or TFI score to the false positive rate (FPR) a threshold
at that score would have: 600 is an estimated 10 % FPR, 900 about 2 %. An ATI score is tied to
the challenge rate (CR), the share of all events at or above it: 500 is about 5 %, 900 about
0.1 %. A model learns raw log-odds; after training, each raw value's rate is measured on the
held-out events (FPR: the share of held-out legitimate events whose raw value is at or above it;
CR: the share of all held-out events), and a fixed map turns the rate into the score:

    score = 1000 * (1 - rate ** POWER) ** EXPONENT

1000 as the rate goes to 0, 0 at a rate of 1, falling all the way. For FPR, POWER is 1 and
EXPONENT makes 10 % score exactly 600; the map then passes within 5 points of every threshold
AWS's own output gives (955, 905, 860, 820, 775 and 740 for an FPR of 1 % to 6 %). For CR, POWER
and EXPONENT make 5 % score 500 and 0.1 % score 900.

The learned model keeps the result as knots (store/learned.py, ``Calibration``): each distinct
held-out raw value and its score, linear in between, 0 below the lowest, and 1000 from
``TOP_MARGIN`` log-odds above the highest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from frauddetector_mock.store.learned import HIGHEST_SCORE, LOWEST_SCORE, Calibration

FPR_POWER = 1.0
FPR_EXPONENT = math.log(0.6) / math.log(0.9)  # 4.848...: an FPR of 10 % scores 600
CR_POWER = 0.44989  # with CR_EXPONENT: a CR of 5 % scores 500 and one of 0.1 % scores 900
CR_EXPONENT = 2.3038
TOP_MARGIN = 1.0  # log-odds past the riskiest held-out reference event at which 1000 is reached


def fpr_score(fpr: float) -> float:
    """The score a threshold with this false positive rate has (OFI, TFI)."""
    return _mapped(fpr, FPR_POWER, FPR_EXPONENT)


def cr_score(challenge_rate: float) -> float:
    """The score a threshold with this challenge rate has (ATI)."""
    return _mapped(challenge_rate, CR_POWER, CR_EXPONENT)


def _mapped(rate: float, power: float, exponent: float) -> float:
    rate = min(1.0, max(0.0, rate))
    return HIGHEST_SCORE * float((1.0 - rate**power) ** exponent)


def calibrate(reference: Iterable[float], *, challenge: bool) -> Calibration:
    """The calibration of raw values measured against ``reference``: the held-out legitimate
    events' raw values (FPR), or all held-out events' (CR, ``challenge``)."""
    ordered = sorted(reference)
    count = len(ordered)
    to_score = cr_score if challenge else fpr_score
    raw: list[float] = []
    scores: list[float] = []
    at = 0
    while at < count:
        value = ordered[at]
        raw.append(value)
        scores.append(to_score((count - at) / count))  # the share at or above ``value``
        while at < count and ordered[at] == value:
            at += 1
    if not raw:  # no reference events: every raw value is as rare as can be
        return Calibration((0.0,), (HIGHEST_SCORE,))
    raw.append(raw[-1] + TOP_MARGIN)
    scores.append(HIGHEST_SCORE)
    return _thinned(raw, scores)


def _thinned(raw: list[float], scores: list[float]) -> Calibration:
    """The knots that make a difference to a whole-number score: of a run of knots that round
    to the same score, the first and the last (between them every raw value rounds to it too,
    as scores only rise)."""
    keep_raw: list[float] = []
    keep_scores: list[float] = []
    rounded = [math.floor(s + 0.5) for s in scores]
    for index, (value, score) in enumerate(zip(raw, scores, strict=True)):
        first = index == 0 or rounded[index - 1] != rounded[index]
        last = index == len(raw) - 1 or rounded[index + 1] != rounded[index]
        if first or last:
            keep_raw.append(value)
            keep_scores.append(max(LOWEST_SCORE, min(HIGHEST_SCORE, score)))
    return Calibration(tuple(keep_raw), tuple(keep_scores))
