"""The one status machine of model versions and batch jobs (AWS API reference:
"UpdateModelVersionStatus"), and what happens on a version's way.

Anything on its way (a model version, a batch job) holds its ``pending`` statuses; its ``step``
moves it to the next one; ``settle`` (at the end of a request) and ``read`` (before a user sees
the status) move it as far as the store's pace allows: the backend's transition mode
(controls/transitions.py), handed in as ``Hooks.reads_per_status``. Training that completes
creates the model's score variable and learns from the version's data through the trainer the
backend hands in (``Hooks.train``): the model it scores with and its training results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from frauddetector_mock.messages import models as model_messages
from frauddetector_mock.messages import training as training_messages
from frauddetector_mock.store.variables import Variable

if TYPE_CHECKING:
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.state import Store

TRAINING_IN_PROGRESS = "TRAINING_IN_PROGRESS"
TRAINING_COMPLETE = "TRAINING_COMPLETE"
TRAINING_CANCELLED = "TRAINING_CANCELLED"
ACTIVE = "ACTIVE"
ERROR = "ERROR"

# The ways a request sends a version: its status at once, then the statuses to come.
TRAINING = (TRAINING_IN_PROGRESS, (TRAINING_COMPLETE,))
ACTIVATION = ("ACTIVATE_REQUESTED", ("ACTIVATE_IN_PROGRESS", ACTIVE))
# Undeploying returns a version to "Ready to deploy": it rests in TRAINING_COMPLETE
# (docs/behaviour.md, "Models and model versions").
DEACTIVATION = ("INACTIVATE_REQUESTED", ("INACTIVATE_IN_PROGRESS", TRAINING_COMPLETE))

# Deployed, or on the way in or out: what the quota of deployed versions counts
# (docs/behaviour.md, "Models and model versions").
DEPLOYED = frozenset(
    {
        "ACTIVATE_REQUESTED",
        "ACTIVATE_IN_PROGRESS",
        ACTIVE,
        "INACTIVATE_REQUESTED",
        "INACTIVATE_IN_PROGRESS",
    }
)
# Versions that can never be deployed: they go when their model goes.
DEAD = frozenset({TRAINING_CANCELLED, ERROR})

SCORE_DATA_TYPE = "FLOAT"
SCORE_DEFAULT = "0.0"


def score_variable(model_id: str) -> str:
    """The variable a model's versions write their score to."""
    return f"{model_id}_insightscore"


class OnItsWay(Protocol):
    """A record with a status machine: a model version or a batch job."""

    status: str
    pending: list[str]  # the statuses still to pass through
    reads: int  # reads of the current status, for a pace of n reads per status


Item = TypeVar("Item", bound=OnItsWay)


def settle_item(store: Store, item: Item, step: Callable[[Store, Item], None]) -> None:
    """Move ``item`` on its way as far as the pace lets a request do."""
    if store.hooks.reads_per_status() == 0:
        while item.pending:
            step(store, item)


def read_item(store: Store, item: Item, step: Callable[[Store, Item], None]) -> None:
    """A user is about to see the status of ``item``: under a pace of n reads, that counts."""
    reads = store.hooks.reads_per_status()
    if reads:  # at once (0) and by hand (None) never move on a read
        if item.pending and item.reads >= reads:
            step(store, item)
        item.reads += 1


def all_versions(store: Store) -> Iterator[ModelVersion]:
    for model in store.models.values():
        yield from model.versions.values()


def begin(store: Store, version: ModelVersion, way: tuple[str, tuple[str, ...]]) -> None:
    """Send ``version`` on ``way``, then let it move as far as the mode allows."""
    version.status, version.pending = way[0], list(way[1])
    version.reads = 0
    version.last_updated_time = store.timestamp()
    settle(store, version)


def settle(store: Store, version: ModelVersion) -> None:
    """Move ``version`` on its way as far as the pace lets a request do."""
    settle_item(store, version, step)


def read(store: Store, version: ModelVersion) -> None:
    """A user is about to see the status of ``version``."""
    read_item(store, version, step)


def move(
    store: Store,
    model_id: str | None,
    number: str | None,
    model_type: str | None,
    *,
    to_the_end: bool,
) -> list[ModelVersion]:
    """Move every matching version on its way by one status, or to the end; the ones moved."""
    moved: list[ModelVersion] = []
    for version in all_versions(store):
        if not version.pending or (
            (model_id is not None and version.model_id != model_id)
            or (number is not None and version.model_version_number != number)
            or (model_type is not None and version.model_type != model_type)
        ):
            continue
        step(store, version)
        while to_the_end and version.pending:
            step(store, version)
        moved.append(version)
    return moved


def step(store: Store, version: ModelVersion) -> None:
    """Move ``version`` to its next status."""
    target = version.pending.pop(0)
    if version.status == TRAINING_IN_PROGRESS and target == TRAINING_COMPLETE:
        target = _complete_training(store, version)
    version.status = target
    version.reads = 0
    version.last_updated_time = store.timestamp()


def _complete_training(store: Store, version: ModelVersion) -> str:
    """The status training ends in: the score variable is created once per model id, unless a
    variable of the user's holds its name, which fails the training as it could not publish
    its score."""
    name = score_variable(version.model_id)
    existing = store.variables.get(name)
    if existing is not None and existing.data_source != "MODEL_SCORE":
        version.pending.clear()
        _record_result(
            version,
            training_messages.training_failed_title(),
            model_messages.score_variable_taken(name, existing.data_source),
            "ERROR",
        )
        return ERROR
    outcome = store.hooks.train(store, version)
    version.learned = outcome.learned
    version.training_result = outcome.result
    version.training_result_v2 = outcome.result_v2
    if outcome.failed:  # a failed training publishes no score variable
        version.pending.clear()
        return ERROR
    if existing is None:
        now = store.timestamp()
        store.variables[name] = Variable(
            name=name,
            arn=store.arn(f"variable/{name}"),
            created_time=now,
            last_updated_time=now,
            data_type=SCORE_DATA_TYPE,
            data_source="MODEL_SCORE",
            default_value=SCORE_DEFAULT,
        )
    return TRAINING_COMPLETE


def _record_result(version: ModelVersion, title: str, content: str, kind: str) -> None:
    """Both training results hold one file-level message and no metrics: none were measured."""

    def result() -> dict[str, Any]:
        return {
            "dataValidationMetrics": {
                "fileLevelMessages": [{"title": title, "content": content, "type": kind}],
                "fieldLevelMessages": [],
            }
        }

    version.training_result = result()
    version.training_result_v2 = result()
