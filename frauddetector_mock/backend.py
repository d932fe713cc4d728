"""The in-memory service: one Store per (account, region), a shared clock, a log of calls, and
the controls a test steers. The backend hands each store its hooks (the pace of statuses, the
trainer, batch predictions), so the store never imports the layers above it."""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from frauddetector_mock.calls import CALL_LOG_SIZE, CallLog
from frauddetector_mock.calls import Call as Call  # re-exported: the package's public name
from frauddetector_mock.clock import Clock
from frauddetector_mock.store import Store
from frauddetector_mock.store.state import Hooks

if TYPE_CHECKING:
    from frauddetector_mock.controls.endpoints import Endpoints
    from frauddetector_mock.controls.faults import Faults
    from frauddetector_mock.controls.predicting import Predicting
    from frauddetector_mock.controls.scores import Scores
    from frauddetector_mock.controls.training import TrainingPolicy
    from frauddetector_mock.controls.transitions import Moved, Transitions
    from frauddetector_mock.store.batch_jobs import BatchPredictionJob
    from frauddetector_mock.store.learned import TrainingOutcome
    from frauddetector_mock.store.models import ModelVersion

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
ACCOUNT_ENV = "FRAUDDETECTOR_MOCK_ACCOUNT_ID"
_REQUEST_ID_PREFIX = "f7a3c0de-5eed-4d00-8000-"
T = TypeVar("T")


def configured_account_id() -> str:
    """The account answered for unless a mock names one: the environment's, or AWS's example."""
    return os.environ.get(ACCOUNT_ENV) or DEFAULT_ACCOUNT_ID


class Backend:
    """All the state the mock holds, for every account and region.

    ``store(region, account_id)`` gives the typed records of one account in one region;
    ``calls`` lists the most recent requests, oldest first, up to ``CALL_LOG_SIZE`` (10,000)
    and ``CALL_LOG_BYTES`` (64 MiB of bodies: older ones drop out), with ``assert_call_count``
    and ``of`` (calls.py); ``clock`` is the time every timestamp comes from and can be frozen;
    ``transitions`` says when model versions move on (immediately, after some reads, or by
    hand).

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
        self.calls = CallLog(CALL_LOG_SIZE)
        self._stores: dict[tuple[str, str], Store] = {}
        self._lock = threading.Lock()
        self._request_numbers = itertools.count(1)
        self._predicting: Predicting | None = None
        self._faults: Faults | None = None  # the service skips faults while this is None
        self._training: TrainingPolicy | None = None
        self._hooks = Hooks(
            reads_per_status=self._reads_per_status,
            train=self._train,
            predict_batch=self._predict_batch,
        )

    def store(self, region: str = DEFAULT_REGION, account_id: str | None = None) -> Store:
        """The state of ``account_id`` (default: the mock's account) in ``region``."""
        key = (account_id or self.default_account_id, region)
        store = self._stores.get(key)
        if store is None:
            with self._lock:
                store = self._stores.setdefault(key, Store(key[0], region, self.clock, self._hooks))
        return store

    # The store's hooks: they read the controls at each call, so a reset or a new mode applies
    # to stores that already exist.

    def _reads_per_status(self) -> int | None:
        transitions = self._transitions
        return 0 if transitions is None else transitions.reads_per_status()

    def _train(self, store: Store, version: ModelVersion) -> TrainingOutcome:
        # Training (and scikit-learn behind it) loads with the first training that completes.
        from frauddetector_mock.training.train import train

        return train(store, version, strict=self.training.is_strict)

    def _predict_batch(self, store: Store, job: BatchPredictionJob) -> None:
        # Predictions load with the first batch prediction job that runs.
        from frauddetector_mock.predict.batch import run

        run(store, job, self.predicting)

    def _made_once(self, attribute: str, make: Callable[[], T]) -> T:
        # The controls are made when first needed; the lock makes sure every store shares the
        # same one.
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
        # Controls load when a test first uses them: starting the mock stays cheap.
        from frauddetector_mock.controls.transitions import Transitions

        return self._made_once("_transitions", lambda: Transitions(_StoreMover(self)))

    @property
    def predicting(self) -> Predicting:
        """What predictions use besides the registry: scores, endpoints, EventBridge."""
        made = self._predicting
        if made is not None:  # every prediction asks: the common case first
            return made
        # Controls load when a test first uses them: starting the mock stays cheap.
        from frauddetector_mock.controls.predicting import Predicting

        return self._made_once("_predicting", Predicting)

    @property
    def scores(self) -> Scores:
        """The model scores predictions use (docs/predictions.md)."""
        return self.predicting.scores

    @property
    def endpoints(self) -> Endpoints:
        """What the SageMaker endpoints of external models answer (docs/predictions.md)."""
        return self.predicting.endpoints

    @property
    def eventbridge(self) -> list[dict[str, Any]]:
        """The EventBridge events predictions emitted, oldest first."""
        return self.predicting.eventbridge

    @property
    def training(self) -> TrainingPolicy:
        """What a training without usable data ends in (docs/models.md)."""
        # Controls load when a test first uses them: starting the mock stays cheap.
        from frauddetector_mock.controls.training import TrainingPolicy

        return self._made_once("_training", TrainingPolicy)

    @property
    def faults_if_any(self) -> Faults | None:
        """The faults control once a test has used it; None costs a request nothing."""
        return self._faults

    @property
    def faults(self) -> Faults:
        """Errors and delays injected before the service answers (docs/faults.md)."""
        # Controls load when a test first uses them: starting the mock stays cheap.
        from frauddetector_mock.controls.faults import Faults

        return self._made_once("_faults", lambda: Faults(deque(maxlen=CALL_LOG_SIZE)))

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
            if self._predicting is not None:
                self._predicting.scores.reset()
                self._predicting.endpoints.reset()
                self._predicting.eventbridge.clear()
            if self._faults is not None:
                self._faults.reset()
            if self._training is not None:
                self._training.reset()


class _StoreMover:
    """Moves things on their way in every store of a backend, for its transitions control."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def versions(
        self, model_id: str | None, number: str | None, model_type: str | None, *, to_the_end: bool
    ) -> list[Moved]:
        # The store's families load with their first call, not with the backend.
        from frauddetector_mock.controls.transitions import Moved
        from frauddetector_mock.store import lifecycle

        moved: list[Moved] = []
        for store in self._backend.stores.values():
            with store.lock:
                for version in lifecycle.move(
                    store, model_id, number, model_type, to_the_end=to_the_end
                ):
                    moved.append(
                        Moved(
                            store.account_id,
                            store.region,
                            version.model_id,
                            version.model_type,
                            version.model_version_number,
                            version.status,
                        )
                    )
        return moved

    def jobs(self, job_id: str | None, *, to_the_end: bool) -> list[str]:
        # The store's families load with their first call, not with the backend.
        from frauddetector_mock.store import batch_jobs

        moved: list[str] = []
        for store in self._backend.stores.values():
            with store.lock:
                moved.extend(batch_jobs.move(store, job_id, to_the_end=to_the_end))
        return moved

    def pending(self) -> dict[str, list[str]]:
        # The store's families load with their first call, not with the backend.
        from frauddetector_mock.store import lifecycle

        found: dict[str, list[str]] = {}
        for store in self._backend.stores.values():
            with store.lock:
                for version in lifecycle.all_versions(store):
                    if version.pending:
                        found[version.arn] = list(version.pending)
        return found


_DEFAULT = Backend()


def default_backend() -> Backend:
    """The backend every mock of this process answers from."""
    return _DEFAULT
