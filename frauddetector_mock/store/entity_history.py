"""Which entities the stored events of each event type name: the history an Account Takeover
Insights model reads to tell a new entity, whose first event scores -1 (AWS's "Model scores"
page), from one it knows.

The counts follow every store and delete of an event (store/events.py calls ``added`` and
``removed``), so that a prediction asks in O(1) however many events are stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frauddetector_mock.store.events import StoredEvent
    from frauddetector_mock.store.state import Store

EntityKey = tuple[str, str]  # (entityType, entityId)
ATI = "ACCOUNT_TAKEOVER_INSIGHTS"


def added(store: Store, event: StoredEvent, previous: StoredEvent | None) -> None:
    """``event`` is now stored in place of ``previous`` (None when its id is new)."""
    counts = _counts(store, event.event_type_name)
    if counts is None:
        return  # counted from the events themselves, ``event`` included
    if previous is not None:
        _count_out(counts, previous)
    for key in _keys(event):
        counts[key] = counts.get(key, 0) + 1


def removed(store: Store, event: StoredEvent) -> None:
    """``event`` is no longer stored."""
    counts = _counts(store, event.event_type_name)
    if counts is not None:
        _count_out(counts, event)


def forget(store: Store, event_type_name: str) -> None:
    """Every event of the type is gone (DeleteEventsByEventType, DeleteEventType)."""
    store.entity_history.pop(event_type_name, None)


def rebuild(store: Store, event_type_name: str) -> None:
    """Count the stored events of the type afresh (a state loaded without its counts)."""
    store.entity_history.pop(event_type_name, None)
    _counts(store, event_type_name)


def has_history(store: Store, event_type_name: str, key: EntityKey) -> bool:
    """Whether a stored event of the type names the entity ``key``."""
    counts = store.entity_history.get(event_type_name)
    if counts is not None:
        return key in counts
    # Only a state saved before the counts existed gets here with events: they are read, not
    # counted, since a read (a prediction that may yet be refused) changes nothing in the store.
    stored = store.events.get(event_type_name, {})
    return any(key in _keys(event) for event in stored.values())


def first_event(
    store: Store, model_id: str, model_type: str, event_type_name: str, key: EntityKey
) -> bool:
    """Whether an event of the entity ``key`` is, to the model (``model_id``, ``model_type``) of
    the event type, the first of a new entity. Only ATI models tell (AWS's "Model scores" page).

    With ``eventIngestion`` ENABLED the service keeps an entity's history in its stored events
    (AWS API reference: "EventType"): SendEvent, batch imports and earlier predictions, and no
    more once they are deleted. An event type that stores nothing leaves only the model's
    memory of the entities it has scored (``Store.entities_seen``).
    """
    if model_type != ATI:
        return False
    event_type = store.event_types.get(event_type_name)
    if event_type is not None and event_type.event_ingestion == "ENABLED":
        return not has_history(store, event_type_name, key)
    return key not in store.entities_seen.get(model_id, ())


def _counts(store: Store, event_type_name: str) -> dict[EntityKey, int] | None:
    """The counts of the type, made from its stored events when there are none yet (then they
    already hold the change being made, and None is returned)."""
    counts = store.entity_history.get(event_type_name)
    if counts is not None:
        return counts
    made: dict[EntityKey, int] = {}
    for event in store.events.get(event_type_name, {}).values():
        for key in _keys(event):
            made[key] = made.get(key, 0) + 1
    store.entity_history[event_type_name] = made
    return None


def _count_out(counts: dict[EntityKey, int], event: StoredEvent) -> None:
    for key in _keys(event):
        left = counts.get(key, 0) - 1
        if left > 0:
            counts[key] = left
        else:
            counts.pop(key, None)


def _keys(event: StoredEvent) -> Iterable[EntityKey]:
    return [(entity["entityType"], entity["entityId"]) for entity in event.entities]
