"""The state of one (account, region): typed collections of records, readable from tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frauddetector_mock.clock import Clock

if TYPE_CHECKING:  # the record modules load with the operation table, on the first call
    from frauddetector_mock.backend import Predicting
    from frauddetector_mock.controls.training import TrainingPolicy
    from frauddetector_mock.controls.transitions import Transitions
    from frauddetector_mock.store.batch_jobs import BatchImportJob, BatchPredictionJob
    from frauddetector_mock.store.detectors import Detector
    from frauddetector_mock.store.event_statistics import EventStatistics
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.events import EventDeletion, StoredEvent
    from frauddetector_mock.store.external_models import ExternalModel
    from frauddetector_mock.store.lists import AllowList
    from frauddetector_mock.store.models import Model
    from frauddetector_mock.store.named import EntityType, Label, Outcome
    from frauddetector_mock.store.predictions import Prediction
    from frauddetector_mock.store.variables import Variable

DEFAULT_KMS_KEY = "DEFAULT"


@dataclass(eq=False)
class Store:
    """Everything Fraud Detector holds for one account in one region.

    The service layer holds ``lock`` around every operation; read the collections freely from a
    test, but change them only through the API. Rules and detector versions live in their
    detector (``detectors[id].rules`` and ``.versions``).
    """

    account_id: str
    region: str
    clock: Clock
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    labels: dict[str, Label] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    entity_types: dict[str, EntityType] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    event_types: dict[str, EventType] = field(default_factory=dict)
    lists: dict[str, AllowList] = field(default_factory=dict)
    detectors: dict[str, Detector] = field(default_factory=dict)
    external_models: dict[str, ExternalModel] = field(default_factory=dict)
    kms_key: str = DEFAULT_KMS_KEY
    # event type -> event id -> event
    events: dict[str, dict[str, StoredEvent]] = field(default_factory=dict)
    event_statistics: dict[str, EventStatistics] = field(default_factory=dict)  # by event type
    event_deletions: dict[str, EventDeletion] = field(default_factory=dict)  # runs, by event type
    predictions: list[Prediction] = field(default_factory=list)  # oldest first
    predictions_made: int = 0  # numbers predictions; never goes back when some are deleted
    models: dict[tuple[str, str], Model] = field(default_factory=dict)  # (modelId, modelType)
    batch_imports: dict[str, BatchImportJob] = field(default_factory=dict)  # by jobId
    batch_predictions: dict[str, BatchPredictionJob] = field(default_factory=dict)  # by jobId
    batch_job_ids: dict[str, str] = field(default_factory=dict)  # every jobId used -> its ARN
    # When model versions leave their in-progress statuses: the backend's, shared by its stores.
    transitions: Transitions | None = field(default=None, repr=False)
    # GetEventPrediction's: the backend's score and endpoint controls and EventBridge log, and
    # the entities this store's ATI models have seen (frauddetector_mock/predict/handler.py).
    predicting: Predicting | None = field(default=None, repr=False)
    # What a training without usable data ends in: the backend's, shared by its stores.
    training: TrainingPolicy | None = field(default=None, repr=False)

    def arn(self, resource: str) -> str:
        """The ARN of ``resource`` (``label/fraud``, ``detector/my_detector``, ...), §3."""
        return f"arn:aws:frauddetector:{self.region}:{self.account_id}:{resource}"

    def timestamp(self) -> str:
        return self.clock.timestamp()
