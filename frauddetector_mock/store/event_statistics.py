"""The running statistics of the stored events of each event type, behind
``ingestedEventStatistics``: kept current on every store and delete, so that GetEventTypes
costs the same with 100,000 events as with none."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import format_instant

if TYPE_CHECKING:
    from frauddetector_mock.store.events import StoredEvent

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(eq=False, slots=True)
class EventStatistics:
    """The running totals behind ``ingestedEventStatistics`` of one event type."""

    number: int = 0
    size: int = 0
    least: int | None = None  # milliseconds since the epoch
    most: int | None = None
    # An event at ``least`` or ``most`` went away; the bounds are found again on the next read
    # rather than on every delete.
    stale: bool = False
    last_updated_time: str | None = None
    labels: dict[str, int] = field(default_factory=dict)  # label -> events carrying it


def summary(
    stats: EventStatistics | None, events: Mapping[str, StoredEvent], created_time: str
) -> dict[str, Any]:
    """``ingestedEventStatistics``: O(1) unless the oldest or newest of ``events`` has just gone;
    with no events ever stored, empty and dated ``created_time`` (the event type's)."""
    if stats is None or stats.last_updated_time is None:
        return {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": created_time}
    if stats.stale:
        instants = [event.instant for event in events.values()]
        stats.least, stats.most = (min(instants), max(instants)) if instants else (None, None)
        stats.stale = False
    result: dict[str, Any] = {
        "numberOfEvents": stats.number,
        "eventDataSizeInBytes": stats.size,
    }
    if stats.least is not None and stats.most is not None:
        result["leastRecentEvent"] = _format_ms(stats.least)
        result["mostRecentEvent"] = _format_ms(stats.most)
    result["lastUpdatedTime"] = stats.last_updated_time
    return result


def count_in(stats: EventStatistics, event: StoredEvent) -> None:
    stats.number += 1
    stats.size += event.size
    if not stats.stale:
        stats.least = event.instant if stats.least is None else min(stats.least, event.instant)
        stats.most = event.instant if stats.most is None else max(stats.most, event.instant)
    if event.label is not None:
        stats.labels[event.label] = stats.labels.get(event.label, 0) + 1


def count_out(stats: EventStatistics, event: StoredEvent) -> None:
    stats.number -= 1
    stats.size -= event.size
    if stats.number == 0:
        stats.least = stats.most = None
        stats.stale = False
    elif event.instant in (stats.least, stats.most):
        stats.stale = True
    if event.label is not None:
        left = stats.labels[event.label] - 1
        if left:
            stats.labels[event.label] = left
        else:
            del stats.labels[event.label]


def event_size(event: StoredEvent) -> int:
    """The event's data size: the UTF-8 bytes of its GetEvent ``event`` object as compact JSON
    (``json.dumps(event, ensure_ascii=False, separators=(",", ":"))``), counted without building
    the text, as every stored event pays for it."""
    text = _json_size
    size = _FIXED_SIZE + text(event.event_id) + text(event.event_type_name)
    size += text(event.event_timestamp)
    variables = event.variables
    for name, value in variables.items():
        size += text(name) + text(value) + 2  # the colon and the comma (or a brace: see below)
    size -= 1 if variables else 0
    if event.label is not None and event.label_timestamp is not None:
        size += _LABEL_SIZE + text(event.label) + text(event.label_timestamp)
    for entity in event.entities:
        size += _ENTITY_SIZE + text(entity["entityType"]) + text(entity["entityId"])
    size -= 1 if event.entities else 0
    return size


def _json_size(value: str) -> int:
    """The UTF-8 bytes of ``value`` as a JSON string, quotes included."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return len(value) + 2
    return len(json.dumps(value, ensure_ascii=False).encode())


# The JSON around the strings of an event: keys, quotes of keys, colons, commas and brackets.
_FIXED_SIZE = len(
    '{"eventId":,"eventTypeName":,"eventTimestamp":,"eventVariables":{},"entities":[]}'
)
_LABEL_SIZE = len(',"currentLabel":,"labelTimestamp":')
_ENTITY_SIZE = len('{"entityType":,"entityId":},')


def _format_ms(milliseconds: int) -> str:
    return format_instant(EPOCH + timedelta(milliseconds=milliseconds))
