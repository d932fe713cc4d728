"""Event types (§4.5): PutEventType, GetEventTypes, DeleteEventType."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.resource import Resource

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class EventType(Resource):
    name: str
    description: str | None = None
    event_variables: list[str] = field(default_factory=list)  # names, in the order given
    labels: list[str] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    event_ingestion: str | None = None  # ENABLED | DISABLED
    event_bridge_enabled: bool | None = None  # eventOrchestration.eventBridgeEnabled


HANDLERS: dict[str, Any] = {}
