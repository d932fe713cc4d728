"""Stored events (§4.12): SendEvent, GetEvent, UpdateEventLabel, DeleteEvent,
DeleteEventsByEventType, GetDeleteEventsByEventTypeStatus, and the ingestion that
GetEventPrediction performs for event types with ``eventIngestion`` ENABLED."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


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


HANDLERS: dict[str, Any] = {}
