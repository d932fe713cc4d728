"""A mixed, contended workload against one store, drawn from a weighted table of operations.

Every actor (one thread, one client, ``random.Random(index)``) owns a namespace (``t<n>_...``):
only it changes those records, so it knows each answer before the call and, after the run, what
the store must hold (own_operations.py). All actors also contend on shared records, each
writing only its own part of them so the result is still exact, and on a small pool of names
they create and delete in any order, checked for invariants (shared_operations.py).
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Callable

from tests.hardening.actor import Actor
from tests.hardening.own_operations import (
    own_blocklist,
    own_detector_version,
    own_label,
    own_list,
    own_prediction,
    own_rule,
    own_variable,
)
from tests.hardening.shared_operations import (
    pool,
    shared_detector_version,
    shared_list,
    shared_prediction,
    shared_rule,
    shared_tags,
    walks,
)

Operation = Callable[[Actor], None]

OPERATIONS: list[tuple[Operation, int]] = [
    (own_variable, 10),
    (own_label, 6),
    (own_list, 8),
    (own_detector_version, 10),
    (own_prediction, 12),
    (own_blocklist, 4),
    (own_rule, 6),
    (shared_list, 6),
    (shared_tags, 5),
    (shared_rule, 1),
    (shared_detector_version, 10),
    (shared_prediction, 10),
    (pool, 12),
    (walks, 3),
]
_FUNCTIONS = [operation for operation, _ in OPERATIONS]
_CUMULATIVE = list(itertools.accumulate(weight for _, weight in OPERATIONS))


def pick(rng: random.Random) -> Operation:
    return rng.choices(_FUNCTIONS, cum_weights=_CUMULATIVE)[0]


def run(actor: Actor, steps: int, stop: threading.Event | None = None) -> None:
    """``steps`` operations drawn from the table; ends early once ``stop`` is set."""
    for actor.step in range(1, steps + 1):
        if stop is not None and stop.is_set():
            return
        pick(actor.rng)(actor)
