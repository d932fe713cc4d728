"""Event types: PutEventType, GetEventTypes, DeleteEventType."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import event_types as event_type_messages
from frauddetector_mock.store import events, usage
from frauddetector_mock.store.pagination import get_or_list
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


@dataclass(eq=False, kw_only=True)
class EventType(Resource):
    name: str
    description: str | None = None
    event_variables: list[str] = field(default_factory=list)  # names, in the order given
    labels: list[str] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    event_ingestion: str | None = None  # ENABLED | DISABLED
    event_bridge_enabled: bool | None = None  # eventOrchestration.eventBridgeEnabled

    def to_summary(self, store: Store) -> dict[str, Any]:
        summary: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            summary["description"] = self.description
        summary["eventVariables"] = list(self.event_variables)
        summary["labels"] = list(self.labels)
        summary["entityTypes"] = list(self.entity_types)
        if self.event_ingestion is not None:
            summary["eventIngestion"] = self.event_ingestion
        summary["ingestedEventStatistics"] = ingested_event_statistics(store, self)
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["createdTime"] = self.created_time
        summary["arn"] = self.arn
        if self.event_bridge_enabled is not None:
            summary["eventOrchestration"] = {"eventBridgeEnabled": self.event_bridge_enabled}
        return summary


QUOTA = 100  # AWS's "Quotas" page
# Not documented (docs/behaviour.md, "Event types"); stored events are the reason to have event
# types at all, and the AWS samples that omit the member go on to store events.
DEFAULT_EVENT_INGESTION = "ENABLED"


def ingested_event_statistics(store: Store, event_type: EventType) -> dict[str, Any]:
    """What GetEventTypes reports about the stored events of ``event_type``; with none,
    the statistics are empty and date from the event type itself."""
    return events.statistics(store, event_type)


def handle_put_event_type(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    # A name listed twice counts once: the lists are sets of references.
    variables = list(dict.fromkeys(params["eventVariables"]))
    labels = list(dict.fromkeys(params.get("labels") or ()))
    entity_types = list(dict.fromkeys(params["entityTypes"]))
    existing = store.event_types.get(name)
    if existing is not None and params.get("labels") is None:
        labels = list(existing.labels)  # labels cannot be removed, so omitting them keeps them
    _check_references(store, variables, labels, entity_types)
    if existing is None:
        if len(store.event_types) >= QUOTA:
            raise ValidationException(common.quota_exceeded("event type", QUOTA))
        _create(store, params, variables, labels, entity_types)
        return {}
    _check_nothing_removed(existing, variables, labels)
    existing.description = params.get("description")
    existing.event_variables = variables
    existing.labels = labels
    existing.entity_types = entity_types
    # Switches keep their state unless the request sets them.
    if params.get("eventIngestion") is not None:
        existing.event_ingestion = params["eventIngestion"]
    if params.get("eventOrchestration") is not None:
        existing.event_bridge_enabled = params["eventOrchestration"]["eventBridgeEnabled"]
    existing.last_updated_time = store.timestamp()
    return {}


def _check_references(
    store: Store, variables: list[str], labels: list[str], entity_types: list[str]
) -> None:
    # PutEventType models no ResourceNotFoundException: a missing reference is invalid input.
    for kind, names, known in (
        ("variables", variables, store.variables),
        ("labels", labels, store.labels),
        ("entity types", entity_types, store.entity_types),
    ):
        missing = [name for name in names if name not in known]
        if missing:
            raise ValidationException(common.missing_references("event type", kind, missing))
    not_event = [name for name in variables if store.variables[name].data_source != "EVENT"]
    if not_event:
        raise ValidationException(event_type_messages.not_event_variables(not_event))


def _check_nothing_removed(existing: EventType, variables: list[str], labels: list[str]) -> None:
    removed_variables = [name for name in existing.event_variables if name not in variables]
    if removed_variables:
        raise ValidationException(
            event_type_messages.event_variables_removed(existing.name, removed_variables)
        )
    removed_labels = [name for name in existing.labels if name not in labels]
    if removed_labels:
        raise ValidationException(event_type_messages.labels_removed(existing.name, removed_labels))


def _create(
    store: Store,
    params: Params,
    variables: list[str],
    labels: list[str],
    entity_types: list[str],
) -> None:
    name = params["name"]
    now = store.timestamp()
    orchestration = params.get("eventOrchestration")
    store.event_types[name] = EventType(
        name=name,
        arn=store.arn(f"event-type/{name}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
        description=params.get("description"),
        event_variables=variables,
        labels=labels,
        entity_types=entity_types,
        event_ingestion=params.get("eventIngestion") or DEFAULT_EVENT_INGESTION,
        event_bridge_enabled=None if orchestration is None else orchestration["eventBridgeEnabled"],
    )


def handle_get_event_types(store: Store, params: Params) -> dict[str, Any]:
    return get_or_list(
        store,
        params,
        "GetEventTypes",
        "eventTypes",
        store.event_types,
        lambda event_type: event_type.to_summary(store),
        noun="event type",
    )


def handle_delete_event_type(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    if name not in store.event_types:
        return {}
    for user_kind, users in (
        ("detectors", usage.detectors_of_event_type(store, name)),
        ("external models", usage.external_models_of_event_type(store, name)),
        ("models", usage.models_of_event_type(store, name)),
    ):
        if users:
            raise ConflictException(common.in_use("event type", name, user_kind, users))
    stored = events.delete_event_type_conflict(store, name)
    if stored is not None:
        raise ConflictException(stored)
    del store.event_types[name]
    events.forget_event_type(store, name)
    return {}


HANDLERS: dict[str, Handler] = {
    "PutEventType": handle_put_event_type,
    "GetEventTypes": handle_get_event_types,
    "DeleteEventType": handle_delete_event_type,
}
