"""The in-memory service: one Store per (account, region), a shared clock, and a log of calls."""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from frauddetector_mock.clock import Clock
from frauddetector_mock.store import Store

if TYPE_CHECKING:
    from frauddetector_mock.controls.endpoints import Endpoints
    from frauddetector_mock.controls.faults import Faults
    from frauddetector_mock.controls.training import TrainingPolicy
    from frauddetector_mock.controls.transitions import Transitions
    from frauddetector_mock.predict.scoring import Scores

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
ACCOUNT_ENV = "FRAUDDETECTOR_MOCK_ACCOUNT_ID"
CALL_LOG_SIZE = 10_000
_REQUEST_ID_PREFIX = "f7a3c0de-5eed-4d00-8000-"
T = TypeVar("T")


def configured_account_id() -> str:
    """The account answered for unless a mock names one: the environment's, or AWS's example."""
    return os.environ.get(ACCOUNT_ENV) or DEFAULT_ACCOUNT_ID


@dataclass(slots=True)
class Call:
    """One request the mock answered, like an entry of ``responses.calls``."""

    operation: str
    account_id: str
    region: str
    request: dict[str, Any]
    status: int
    request_id: str
    error_code: str | None
    error_message: str | None
    body: bytes

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def response(self) -> dict[str, Any] | None:
        """The answer as the caller received it, None for an error. Decoded from ``body`` on
        each read, so later calls cannot change what an entry of the log shows."""
        if self.error_code is not None:
            return None
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass(eq=False)
class Predicting:
    """What GetEventPrediction uses besides the registry: the backend's controls, shared by all
    its stores, and what one store's ATI models have seen."""

    scores: Scores
    endpoints: Endpoints
    eventbridge: list[dict[str, Any]]
    # modelId -> (entityType, entityId) of every entity the model has scored (an ordered set)
    entities_seen: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)
    last_timestamp: tuple[datetime, str] | None = None  # the last prediction time, formatted


class Backend:
    """All the state the mock holds, for every account and region.

    ``store(region, account_id)`` gives the typed records of one account in one region;
    ``calls`` lists the most recent requests (up to ``CALL_LOG_SIZE``); ``clock`` is the time
    every timestamp comes from and can be frozen; ``transitions`` says when model versions move
    on (immediately, after some reads, or by hand).

    GetEventPrediction's controls (docs/predictions.md): ``scores`` sets model scores (pinned,
    computed, per entity or event), ``endpoints`` answers for SageMaker endpoints, and
    ``eventbridge`` lists the EventBridge events predictions emitted, oldest first.

    ``faults`` injects throttling, server errors and latency for tests of retry code
    (docs/faults.md).
    """

    def __init__(self, account_id: str | None = None) -> None:
        self.clock = Clock()
        self._transitions: Transitions | None = None
        self.default_account_id = account_id or configured_account_id()
        self.calls: deque[Call] = deque(maxlen=CALL_LOG_SIZE)
        self._stores: dict[tuple[str, str], Store] = {}
        self._lock = threading.Lock()
        self._request_numbers = itertools.count(1)
        self._scores: Scores | None = None
        self._endpoints: Endpoints | None = None
        self._faults: Faults | None = None  # protocol.handle skips faults while this is None
        self._training: TrainingPolicy | None = None
        self.eventbridge: list[dict[str, Any]] = []

    def store(self, region: str = DEFAULT_REGION, account_id: str | None = None) -> Store:
        """The state of ``account_id`` (default: the mock's account) in ``region``."""
        key = (account_id or self.default_account_id, region)
        store = self._stores.get(key)
        if store is None:
            transitions = self.transitions
            predicting = Predicting(self.scores, self.endpoints, self.eventbridge)
            training = self.training
            with self._lock:
                store = self._stores.setdefault(
                    key,
                    Store(
                        key[0],
                        region,
                        self.clock,
                        transitions=transitions,
                        predicting=predicting,
                        training=training,
                    ),
                )
        return store

    def _made_once(self, attribute: str, make: Callable[[], T]) -> T:
        # The controls are made when first needed, not at import, so the package's import stays
        # light; the lock makes sure every store shares the same one.
        value: T | None = getattr(self, attribute)
        if value is None:
            with self._lock:
                value = getattr(self, attribute)
                if value is None:
                    value = make()
                    setattr(self, attribute, value)
        return value

    @property
    def transitions(self) -> Transitions:
        """When model versions leave their in-progress statuses (docs/models.md)."""
        from frauddetector_mock.controls.transitions import Transitions

        return self._made_once("_transitions", lambda: Transitions(lambda: self.stores.values()))

    @property
    def scores(self) -> Scores:
        """The model scores predictions use (docs/predictions.md)."""
        from frauddetector_mock.predict.scoring import Scores

        return self._made_once("_scores", Scores)

    @property
    def endpoints(self) -> Endpoints:
        """What the SageMaker endpoints of external models answer (docs/predictions.md)."""
        from frauddetector_mock.controls.endpoints import Endpoints

        return self._made_once("_endpoints", Endpoints)

    @property
    def training(self) -> TrainingPolicy:
        """What a training without usable data ends in (docs/models.md)."""
        from frauddetector_mock.controls.training import TrainingPolicy

        return self._made_once("_training", TrainingPolicy)

    @property
    def faults(self) -> Faults:
        """Errors and delays injected before the service answers (docs/faults.md)."""
        from frauddetector_mock.controls.faults import Faults

        return self._made_once("_faults", Faults)

    @property
    def stores(self) -> dict[tuple[str, str], Store]:
        """Every store that has been used, by (account, region)."""
        return dict(self._stores)

    def next_request_id(self) -> str:
        # A counter in UUID form, not random: two runs of a test see the same request ids.
        return _REQUEST_ID_PREFIX + format(next(self._request_numbers), "012x")

    def reset(self) -> None:
        """Forget every resource, every call, any frozen time and every prediction control."""
        with self._lock:
            self._stores.clear()
            self.calls.clear()
            self.clock.reset()
            if self._transitions is not None:
                self._transitions.reset()
            self._request_numbers = itertools.count(1)
            if self._scores is not None:
                self._scores.reset()
            if self._endpoints is not None:
                self._endpoints.reset()
            if self._faults is not None:
                self._faults.reset()
            if self._training is not None:
                self._training.reset()
            self.eventbridge.clear()
