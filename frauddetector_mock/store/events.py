"""Stored events: SendEvent, GetEvent, UpdateEventLabel, DeleteEvent,
DeleteEventsByEventType, GetDeleteEventsByEventTypeStatus, and the ingestion that
GetEventPrediction performs for event types with ``eventIngestion`` ENABLED.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from frauddetector_mock.detectorpl import convert
from frauddetector_mock.detectorpl.values import parse_datetime
from frauddetector_mock.errors import (
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import events as event_messages
from frauddetector_mock.store import entity_history, event_statistics
from frauddetector_mock.store.event_statistics import EventStatistics
from frauddetector_mock.store.event_timestamps import parse_event_timestamp
from frauddetector_mock.store.resource import Handler, Params

if TYPE_CHECKING:
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.state import Store


@dataclass(eq=False, slots=True)
class StoredEvent:
    """One stored event. Slots keep 100,000 of them small; values stay the strings that were
    sent, as GetEvent returns them."""

    event_id: str
    event_type_name: str
    event_timestamp: str  # as sent
    variables: dict[str, str]
    entities: list[dict[str, str]]  # [{entityType, entityId}]
    label: str | None = None
    label_timestamp: str | None = None
    size: int = 0  # bytes counted in ingestedEventStatistics.eventDataSizeInBytes
    stored_time: str = ""  # when the mock stored it (the backend clock)
    instant: int = 0  # eventTimestamp in milliseconds since the epoch, for the statistics

    def to_event(self) -> dict[str, Any]:
        """The ``Event`` shape of GetEvent."""
        event: dict[str, Any] = {
            "eventId": self.event_id,
            "eventTypeName": self.event_type_name,
            "eventTimestamp": self.event_timestamp,
            "eventVariables": dict(self.variables),
        }
        if self.label is not None:
            event["currentLabel"] = self.label
            event["labelTimestamp"] = self.label_timestamp
        event["entities"] = [dict(entity) for entity in self.entities]
        return event


@dataclass(eq=False, slots=True)
class EventDeletion:
    """A DeleteEventsByEventType run: its events left the store at once; the run reports
    IN_PROGRESS until ``deadline`` on the backend clock or until it has been asked
    ``READS_TO_COMPLETE`` times, whichever comes first."""

    started_time: str
    deadline: datetime
    reads: int = 0
    complete: bool = False


DELETION_SECONDS = 60.0
# A frozen clock never reaches the deadline; the teardown loops users write poll the status until
# COMPLETE, so a poll must end the run too. Two reads: a poller sees IN_PROGRESS once.
READS_TO_COMPLETE = 2
STORED_VALUE_LIMIT = 256  # the attributeValue shape of GetEvent's eventVariables
_SHORT = STORED_VALUE_LIMIT // 2  # no string this short is too long, even counted in UTF-16


def ingest(
    store: Store,
    event_type_name: str,
    event_id: str,
    event_timestamp: str,
    variables: dict[str, str],
    entities: list[dict[str, str]],
) -> bool:
    """Store an event scored by GetEventPrediction, already validated by it.

    Nothing is stored (False) unless the event type exists with ``eventIngestion`` ENABLED and no
    DeleteEventsByEventType runs for it. An event id stored before is replaced, but keeps its
    label: a prediction carries none, so it does not remove one.
    """
    event_type = store.event_types.get(event_type_name)
    if event_type is None or event_type.event_ingestion != "ENABLED":
        return False
    if deletion_running(store, event_type_name):
        return False
    try:
        instant = parse_event_timestamp(event_timestamp)
    except ValueError:
        try:  # GetEventPrediction takes any ISO 8601 UTC form, fractions of a second included
            instant = parse_datetime(event_timestamp)
        except ValueError:
            instant = store.clock.now()
    previous = store.events.get(event_type_name, {}).get(event_id)
    _put(
        store,
        _new_event(
            event_type,
            event_id,
            event_timestamp,
            instant,
            variables,
            entities,
            None if previous is None else previous.label,
            None if previous is None else previous.label_timestamp,
        ),
    )
    return True


def check_unicode(params: Params) -> int:
    """Refuse event data holding an unpaired surrogate (JSON can carry ``"\\ud800"``): an event
    is sized, stored and exported as UTF-8, which has no form for it (docs/behaviour.md,
    "Stored events"). ASCII text, nearly all of it, costs one ``isascii`` for the whole event.

    Answers how many characters the event's texts hold (id, variable names and values, entity
    types and ids), or 0 when some are not text.
    """
    entities = params.get("entities") or ()
    variables: dict[str, Any] = params.get("eventVariables") or {}
    try:
        texts = [params.get("eventId") or "", *variables, *variables.values()]
        for entity in entities:
            texts += (entity.get("entityType") or "", entity.get("entityId") or "")
        joined = "".join(texts)
        if joined.isascii():
            return len(joined)
    except (TypeError, AttributeError):
        joined = (
            ""  # a value of another type: the checks below pass over it, the shape check names it
        )
    _check_text(params.get("eventId"), "eventId")
    for index, entity in enumerate(entities, start=1):
        _check_text(entity.get("entityType"), f"entityType of entities.{index}")
        _check_text(entity.get("entityId"), f"entityId of entities.{index}")
    for name, value in variables.items():
        _check_text(name, "name of an event variable")
        _check_text(value, f"value of the event variable '{name}'")
    return len(joined)


def _check_text(value: Any, member: str) -> None:
    if not isinstance(value, str) or value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationException(
            event_messages.unpaired_surrogate(member, error.start, ord(value[error.start]))
        ) from None


def deletion_running(store: Store, event_type_name: str) -> bool:
    """Whether a DeleteEventsByEventType for the event type still runs (no event is stored)."""
    run = store.event_deletions.get(event_type_name)
    return run is not None and not run.complete and store.clock.now() < run.deadline


def statistics(store: Store, event_type: EventType) -> dict[str, Any]:
    """``ingestedEventStatistics`` of ``event_type``."""
    name = event_type.name
    return event_statistics.summary(
        store.event_statistics.get(name), store.events.get(name, {}), event_type.created_time
    )


def delete_event_type_conflict(store: Store, name: str) -> str | None:
    """Why DeleteEventType must refuse ``name`` because of its events, or None."""
    stats = store.event_statistics.get(name)
    if stats is not None and stats.number:
        return event_messages.event_type_has_events(name, stats.number)
    if deletion_running(store, name):
        return event_messages.events_deletion_running(name)
    return None


def forget_event_type(store: Store, name: str) -> None:
    """Drop what the events of a deleted event type left behind (a new type of that name starts
    afresh)."""
    store.events.pop(name, None)
    _changed(store, name, None)
    entity_history.forget(store, name)
    store.event_statistics.pop(name, None)
    store.event_deletions.pop(name, None)


def handle_send_event(store: Store, params: Params) -> dict[str, Any]:
    check_unicode(params)
    event_type = _event_type(store, params["eventTypeName"])
    label = params.get("assignedLabel")
    label_timestamp = params.get("labelTimestamp")
    if (label is None) != (label_timestamp is None):
        raise ValidationException(event_messages.label_without_timestamp())
    instant = _timestamp(params["eventTimestamp"], "eventTimestamp")
    if label is not None:
        _check_label(event_type, label, label_timestamp)
    variables = _checked_variables(store, event_type, params["eventVariables"])
    _check_entities(event_type, params["entities"])
    if deletion_running(store, event_type.name):
        raise ConflictException(event_messages.events_deletion_running(event_type.name))
    if event_type.event_ingestion != "ENABLED":
        raise ConflictException(event_messages.event_ingestion_disabled(event_type.name))
    # SendEvent sends the whole event: a label stored before and not sent again is gone.
    _put(
        store,
        _new_event(
            event_type,
            params["eventId"],
            params["eventTimestamp"],
            instant,
            variables,
            params["entities"],
            label,
            label_timestamp,
        ),
    )
    return {}


def handle_get_event(store: Store, params: Params) -> dict[str, Any]:
    return {"event": _stored(store, params).to_event()}


def handle_update_event_label(store: Store, params: Params) -> dict[str, Any]:
    event = _stored(store, params)
    event_type = store.event_types[event.event_type_name]
    _check_label(event_type, params["assignedLabel"], params["labelTimestamp"])
    relabelled = replace(
        event,
        label=params["assignedLabel"],
        label_timestamp=params["labelTimestamp"],
        stored_time=_now(store, event.event_type_name),
    )
    relabelled.size = event_statistics.event_size(relabelled)
    _put(store, relabelled)
    return {}


def handle_delete_event(store: Store, params: Params) -> dict[str, Any]:
    # DeleteEvent models no ResourceNotFoundException: deleting what is not there succeeds.
    name, event_id = params["eventTypeName"], params["eventId"]
    event = store.events.get(name, {}).pop(event_id, None)
    if event is not None:
        _changed(store, name, event_id)
        stats = store.event_statistics[name]
        event_statistics.count_out(stats, event)
        entity_history.removed(store, event)
        stats.last_updated_time = _now(store, name)
    if params.get("deleteAuditHistory"):
        # The history of a prediction goes too, whether or not its event was stored.
        store.predictions[:] = [
            p
            for p in store.predictions
            if not (p.event_id == event_id and p.event_type_name == name)
        ]
    return {}


def handle_delete_events_by_event_type(store: Store, params: Params) -> dict[str, Any]:
    name = _event_type(store, params["eventTypeName"]).name
    if deletion_running(store, name):
        raise ConflictException(event_messages.events_deletion_running(name))
    now = store.clock.now()
    timestamp = store.timestamp()
    store.events.pop(name, None)
    _changed(store, name, None)
    entity_history.forget(store, name)
    store.event_statistics[name] = EventStatistics(last_updated_time=timestamp)
    store.event_deletions[name] = EventDeletion(
        started_time=timestamp, deadline=now + timedelta(seconds=DELETION_SECONDS)
    )
    return {"eventTypeName": name, "eventsDeletionStatus": "IN_PROGRESS_INITIALIZING"}


def handle_get_delete_events_by_event_type_status(store: Store, params: Params) -> dict[str, Any]:
    name = _event_type(store, params["eventTypeName"]).name
    run = store.event_deletions.get(name)
    if run is None:
        raise ResourceNotFoundException(event_messages.no_events_deletion(name))
    run.reads += 1
    if run.reads >= READS_TO_COMPLETE or store.clock.now() >= run.deadline:
        run.complete = True
    status = "COMPLETE" if run.complete else "IN_PROGRESS"
    return {"eventTypeName": name, "eventsDeletionStatus": status}


def _event_type(store: Store, name: str) -> EventType:
    event_type = store.event_types.get(name)
    if event_type is None:
        raise ResourceNotFoundException(common.not_found("event type", name))
    return event_type


def _stored(store: Store, params: Params) -> StoredEvent:
    name, event_id = params["eventTypeName"], params["eventId"]
    _event_type(store, name)
    event = store.events.get(name, {}).get(event_id)
    if event is None:
        raise ResourceNotFoundException(event_messages.event_not_found(name, event_id))
    return event


def _timestamp(text: str, member: str) -> datetime:
    try:
        return parse_event_timestamp(text)
    except ValueError as error:
        raise ValidationException(
            event_messages.invalid_event_timestamp(member, text, str(error))
        ) from None


def _check_label(event_type: EventType, label: str, label_timestamp: str | None) -> None:
    if label not in event_type.labels:
        raise ValidationException(event_messages.label_not_in_event_type(label, event_type.name))
    assert label_timestamp is not None
    _timestamp(label_timestamp, "labelTimestamp")


def _checked_variables(store: Store, event_type: EventType, sent: dict[str, str]) -> dict[str, str]:

    unknown = [name for name in sent if name not in event_type.event_variables]
    if unknown:
        raise ValidationException(event_messages.event_variables_unknown(event_type.name, unknown))
    for name, value in sent.items():
        if _too_long(value):
            raise ValidationException(event_messages.event_value_too_long(name, STORED_VALUE_LIMIT))
        data_type = store.variables[name].data_type
        try:
            convert(value, data_type)
        except ValueError:
            raise ValidationException(event_messages.event_value_invalid(name, data_type)) from None
    return sent


def _check_entities(event_type: EventType, entities: list[dict[str, str]]) -> None:
    if not entities:
        raise ValidationException(event_messages.entities_missing(event_type.name))
    unknown = [e["entityType"] for e in entities if e["entityType"] not in event_type.entity_types]
    if unknown:
        raise ValidationException(
            event_messages.entity_types_unknown(event_type.name, list(dict.fromkeys(unknown)))
        )


def _new_event(
    event_type: EventType,
    event_id: str,
    event_timestamp: str,
    instant: datetime,
    variables: dict[str, str],
    entities: list[dict[str, str]],
    label: str | None,
    label_timestamp: str | None,
) -> StoredEvent:
    # Names are interned: 100,000 events then share one string per variable and entity type.
    intern = sys.intern
    event = StoredEvent(
        event_id=event_id,
        event_type_name=event_type.name,
        event_timestamp=event_timestamp,
        # A prediction's values may be longer than GetEvent can return (SendEvent refuses them).
        variables={
            intern(name): value if len(value) <= _SHORT else _cut(value)
            for name, value in variables.items()
        },
        entities=[
            {"entityType": intern(e["entityType"]), "entityId": e["entityId"]} for e in entities
        ],
        label=label,
        label_timestamp=label_timestamp,
        instant=(instant - event_statistics.EPOCH) // timedelta(milliseconds=1),
    )
    event.size = event_statistics.event_size(event)
    return event


def _put(store: Store, event: StoredEvent) -> None:
    """Store ``event``, replacing one of the same id, and keep the statistics current."""
    name = event.event_type_name
    if not event.stored_time:
        event.stored_time = _now(store, name)
    bucket = store.events.setdefault(name, {})
    stats = store.event_statistics.get(name)
    if stats is None:
        stats = store.event_statistics[name] = EventStatistics()
    previous = bucket.get(event.event_id)
    if previous is not None:
        event_statistics.count_out(stats, previous)
    bucket[event.event_id] = event
    _changed(store, name, event.event_id)
    entity_history.added(store, event, previous)
    event_statistics.count_in(stats, event)
    stats.last_updated_time = event.stored_time


def _changed(store: Store, name: str, event_id: str | None) -> None:
    if store.events_changed is not None:
        store.events_changed.add((name, event_id))


def _now(store: Store, name: str) -> str:
    now = store.timestamp()
    stats = store.event_statistics.get(name)
    # Events stored in the same millisecond share one timestamp string rather than one each.
    if stats is not None and stats.last_updated_time == now:
        return stats.last_updated_time
    return now


def _too_long(value: str) -> bool:
    # The service (Java) counts UTF-16 code units: a character outside the BMP counts twice.
    if len(value) <= _SHORT:
        return False
    return len(value.encode("utf-16-le")) // 2 > STORED_VALUE_LIMIT


def _cut(value: str) -> str:
    """``value`` cut to what GetEvent can return."""
    if not _too_long(value):
        return value
    units = value.encode("utf-16-le")[: STORED_VALUE_LIMIT * 2]
    return units.decode("utf-16-le", errors="ignore")  # never half a surrogate pair


HANDLERS: dict[str, Handler] = {
    "SendEvent": handle_send_event,
    "GetEvent": handle_get_event,
    "UpdateEventLabel": handle_update_event_label,
    "DeleteEvent": handle_delete_event,
    "DeleteEventsByEventType": handle_delete_events_by_event_type,
    "GetDeleteEventsByEventTypeStatus": handle_get_delete_events_by_event_type_status,
}
