"""The state of one (account, region): typed collections of records, readable from tests."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import Clock

if TYPE_CHECKING:  # the record modules load with their family, on its first call
    from frauddetector_mock.store.batch_jobs import BatchImportJob, BatchPredictionJob
    from frauddetector_mock.store.detectors import Detector, DetectorVersion
    from frauddetector_mock.store.event_statistics import EventStatistics
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.events import EventDeletion, StoredEvent
    from frauddetector_mock.store.external_models import ExternalModel
    from frauddetector_mock.store.learned import TrainingOutcome
    from frauddetector_mock.store.lists import AllowList
    from frauddetector_mock.store.models import Model, ModelVersion
    from frauddetector_mock.store.named import EntityType, Label, Outcome
    from frauddetector_mock.store.predictions import Prediction
    from frauddetector_mock.store.variables import Variable

DEFAULT_KMS_KEY = "DEFAULT"


@dataclass(frozen=True)
class Hooks:
    """What a store asks of the layers above it, handed in by the backend that makes it, so that
    the store never imports the controls, training or predictions."""

    reads_per_status: Callable[[], int | None]
    """The pace of things on their way: 0, every status within the request; n, each status
    seen by n reads; None, only when a test moves them (the backend's transition mode)."""
    train: Callable[[Store, ModelVersion], TrainingOutcome]
    """Learn from a model version's data when its training completes."""
    predict_batch: Callable[[Store, BatchPredictionJob], None]
    """Score every row of a batch prediction job that reaches COMPLETE."""


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
    hooks: Hooks = field(repr=False)
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
    # modelId -> (entityType, entityId) of every entity the model has scored (an ordered set):
    # an ATI model scores -1 for an entity it has not seen.
    entities_seen: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)
    # event type -> (entityType, entityId) -> stored events naming it (store/entity_history.py):
    # with ingestion ENABLED, an entity with stored events is no new entity to an ATI model.
    entity_history: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    last_prediction_time: tuple[datetime, str] | None = None  # the last one, and as text
    # (event type, event id) of each event stored, replaced or deleted since a durable copy last
    # asked, (event type, None) for a type's events all deleted: what a write must carry to the
    # database (state_database.py), whose diff of the other collections would be O(events).
    # None when no durable copy is kept.
    events_changed: set[tuple[str, str | None]] | None = field(default=None, repr=False)
    # The names of the collections read since a durable copy last asked (state_database.py
    # watches them): one not read cannot have changed. Empty when no durable copy is kept.
    collections_read: set[str] = field(default_factory=set, repr=False)
    # What GetEventPrediction compiled for each detector version, by identity: a deleted
    # version takes its plan with it, and a reset takes the store's.
    plans: weakref.WeakKeyDictionary[DetectorVersion, Any] = field(
        default_factory=weakref.WeakKeyDictionary, repr=False
    )

    def arn(self, resource: str) -> str:
        """The ARN of ``resource`` (``label/fraud``, ``detector/my_detector``, ...)."""
        return f"arn:aws:frauddetector:{self.region}:{self.account_id}:{resource}"

    def timestamp(self) -> str:
        return self.clock.timestamp()
