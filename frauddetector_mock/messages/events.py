"""Stored events; GetEventPrediction checks its event the same way."""

from __future__ import annotations


def event_not_found(event_type: str, event_id: str) -> str:
    return f"The event '{event_id}' of event type '{event_type}' is not stored."


def label_without_timestamp() -> str:
    return "assignedLabel and labelTimestamp go together: send both or neither."


def invalid_event_timestamp(member: str, value: str, reason: str) -> str:
    return f"The {member} '{value}' is not valid: {reason}."


def label_not_in_event_type(label: str, event_type: str) -> str:
    return f"The label '{label}' is not a label of the event type '{event_type}'."


def event_variables_unknown(event_type: str, names: list[str]) -> str:
    return f"The event type '{event_type}' has no event variables {', '.join(names)}."


def event_value_invalid(name: str, data_type: str) -> str:
    # Event values are sensitive in the model: the message names the variable, not the value.
    return f"The value of the event variable '{name}' is not a valid {data_type}."


def event_value_too_long(name: str, limit: int) -> str:
    return (
        f"The value of the event variable '{name}' is longer than {limit} characters, "
        "the most a stored event holds."
    )


def entities_missing(event_type: str) -> str:
    return f"An event of the event type '{event_type}' needs at least one entity."


def entity_types_unknown(event_type: str, names: list[str]) -> str:
    return f"The event type '{event_type}' has no entity types {', '.join(names)}."


def event_ingestion_disabled(event_type: str) -> str:
    return (
        f"The event type '{event_type}' has eventIngestion DISABLED; enable it with "
        "PutEventType to store events."
    )


def events_deletion_running(event_type: str) -> str:
    return (
        f"The events of the event type '{event_type}' are being deleted; wait until "
        "GetDeleteEventsByEventTypeStatus answers COMPLETE."
    )


def no_events_deletion(event_type: str) -> str:
    return f"No deletion of the events of the event type '{event_type}' has been requested."


def event_type_has_events(event_type: str, count: int) -> str:
    return (
        f"The event type '{event_type}' still has {count:,} stored "
        f"{'event' if count == 1 else 'events'}; delete them first with DeleteEventsByEventType "
        "or DeleteEvent."
    )


def carried_by_stored_events(kind: str, name: str, event_types: list[str]) -> str:
    return (
        f"The {kind} '{name}' is carried by stored events of the event types "
        f"{', '.join(event_types)}; delete those events first."
    )


def unpaired_surrogate(member: str, position: int, code: int) -> str:
    # The text itself is not echoed: a lone surrogate cannot be printed or written as UTF-8.
    return (
        f"The {member} is not valid Unicode: it holds an unpaired UTF-16 surrogate "
        f"(\\u{code:04x} at character {position + 1}); send whole characters, or surrogates "
        "in pairs."
    )
