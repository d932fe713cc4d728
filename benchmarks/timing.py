"""How the benchmarks time a call on a noisy machine: best rounds, interleaved with their anchor.

A ``Round`` runs one timed round of ``calls`` calls and returns microseconds per call; it sets up
(enters a mock, queues Stubber answers) outside the timed part. ``interleaved`` runs the rounds of
an anchor and its subjects alternately, so that a slow spell of the machine hits both, and keeps
each round's ratio to the anchor measured next to it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Round = Callable[[int], float]
WARM_UP = 200


def per_call(call: Callable[[], Any], calls: int, repeats: int) -> float:
    """Best mean time of one call, in microseconds, over ``repeats`` rounds of ``calls``."""
    for _ in range(min(calls, WARM_UP)):
        call()
    rounds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return min(rounds)


@dataclass
class Timings:
    """Every round of every subject (µs per call), and each subject's per-round ratios to the
    anchor."""

    anchor: str
    rounds: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)

    def best(self, name: str) -> float:
        return min(self.rounds[name])

    def ratio(self, name: str) -> float:
        """The median over rounds of the subject's time over the anchor's in the same round."""
        return statistics.median(self.ratios[name])


def interleaved(
    anchor: tuple[str, Round], subjects: Sequence[tuple[str, Round]], calls: int, rounds: int
) -> Timings:
    """ABAB: each round times the anchor, then every subject, each followed by the anchor again
    (order reversed every other round); a subject's ratio is to the mean of its two neighbours."""
    name, run = anchor
    timings = Timings(name, {name: []})
    for subject, _ in subjects:
        timings.rounds[subject], timings.ratios[subject] = [], []
    for index in range(rounds):
        order = list(subjects) if index % 2 == 0 else list(reversed(subjects))
        before = run(calls)
        timings.rounds[name].append(before)
        for subject, measure in order:
            took = measure(calls)
            after = run(calls)
            timings.rounds[name].append(after)
            timings.rounds[subject].append(took)
            timings.ratios[subject].append(took / ((before + after) / 2))
            before = after
    return timings


def import_time(modules: str, runs: int) -> float:
    """Best wall time of a fresh interpreter importing ``modules``, in milliseconds."""
    return _timed(f"import {modules}", runs)


FIRST_USE = (
    "import frauddetector_mock; m = frauddetector_mock.mock_frauddetector(); m.start(); m.stop()"
)


def first_use_times(runs: int) -> tuple[float, float]:
    """(import botocore's session and client, the same then importing the mock, starting and
    stopping it) in ms, best of ``runs`` alternated in fresh interpreters: what switching the
    mock on adds to a test process that already uses botocore."""
    base, with_mock = [], []
    for _ in range(runs):
        base.append(_timed("import botocore.session, botocore.client", 1))
        with_mock.append(_timed(f"import botocore.session, botocore.client; {FIRST_USE}", 1))
    return min(base), min(with_mock)


def _timed(code: str, runs: int) -> float:
    script = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return min(times) * 1000


def import_times(runs: int) -> tuple[float, float]:
    """(import botocore, import botocore and the mock) in ms, best of ``runs`` alternated."""
    base, with_mock = [], []
    for _ in range(runs):
        base.append(import_time("botocore", 1))
        with_mock.append(import_time("botocore, frauddetector_mock", 1))
    return min(base), min(with_mock)
