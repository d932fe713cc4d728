"""How much 100,000 stored events of one event type cost, and how long one SendEvent takes.

Part 1 stores 100,000 events (six variables, one entity, distinct values, the shape of a card
transaction) through ``events.ingest``, the path GetEventPrediction takes for an event type with
ingestion ENABLED, and prints the peak of memory traced by tracemalloc while they are stored
(the target is well under 200 MB), then the cost per GetEventTypes with all of them stored.
Part 2 sends a smaller number through boto3's SendEvent and prints µs per call, next to a
GetEvent on the same events for scale.

    .venv/bin/python benchmarks/bench_events.py [number of events, default 100000]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from typing import Any

import boto3

from frauddetector_mock import get_backend, mock_frauddetector
from frauddetector_mock.store import events

VARIABLES = {
    "email_address": "STRING",
    "ip_address": "STRING",
    "card_bin": "STRING",
    "amount": "FLOAT",
    "currency": "STRING",
    "quantity": "INTEGER",
}
SENT_THROUGH_BOTO3 = 2_000


def setup(client: Any) -> None:
    client.batch_create_variable(
        variableEntries=[
            {"name": name, "dataType": data_type, "dataSource": "EVENT", "defaultValue": "0"}
            if data_type != "STRING"
            else {"name": name, "dataType": data_type, "dataSource": "EVENT", "defaultValue": ""}
            for name, data_type in VARIABLES.items()
        ]
    )
    for label in ("fraud", "legit"):
        client.put_label(name=label)
    client.put_entity_type(name="customer")
    client.put_event_type(
        name="transaction",
        eventVariables=list(VARIABLES),
        labels=["fraud", "legit"],
        entityTypes=["customer"],
        eventIngestion="ENABLED",
    )


def event(i: int) -> tuple[str, str, dict[str, str], list[dict[str, str]]]:
    """Event ``i`` as a request would carry it: every string fresh, as a JSON parse makes them."""
    variables = {
        "email_address": f"user{i}@example{i % 97}.com",
        "ip_address": f"10.{i % 256}.{i // 256 % 256}.{i % 7}",
        "card_bin": str(400000 + i % 9000),
        "amount": f"{(i * 37) % 5000}.{i % 100:02d}",
        "currency": "USD" if i % 3 else "EUR",
        "quantity": str(1 + i % 5),
    }
    timestamp = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
    entities = [{"entityType": "customer", "entityId": f"customer-{i % 20000}"}]
    return f"txn-{i:08d}", timestamp, variables, entities


def store_many(count: int) -> dict[str, float]:
    """Stores ``count`` events in the us-east-1 store of the running mock: µs per event, and the
    MB tracemalloc counts as held by the store and at the peak while they were stored."""
    store = get_backend().store("us-east-1")
    # Timed without tracing (tracemalloc slows every allocation), then traced in a fresh store
    # of the same content: each request's strings are made inside the traced loop, as a JSON
    # parse makes them, so what the store keeps of them is counted.
    prepared = [event(i) for i in range(count)]
    started = time.perf_counter()
    with store.lock:
        for event_id, timestamp, variables, entities in prepared:
            events.ingest(store, "transaction", event_id, timestamp, variables, entities)
    elapsed = time.perf_counter() - started
    del prepared
    store.events.clear()
    store.event_statistics.clear()
    store.entity_history.clear()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    with store.lock:
        for i in range(count):
            events.ingest(store, "transaction", *event(i))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "us_per_event": elapsed / count * 1e6,
        "held_mb": (current - base) / 2**20,
        "peak_mb": (peak - base) / 2**20,
    }


def stored_events_memory(count: int) -> dict[str, float]:
    """``store_many`` in a fresh mock of its own, set up for it."""
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name="us-east-1")
        setup(client)
        client.get_event_types()  # loads the operation table before memory is traced
        return store_many(count)


def time_calls(client: Any, count: int) -> None:
    started = time.perf_counter()
    for i in range(count):
        event_id, timestamp, variables, entities = event(10_000_000 + i)
        client.send_event(
            eventId=event_id,
            eventTypeName="transaction",
            eventTimestamp=timestamp,
            eventVariables=variables,
            entities=entities,
            assignedLabel="fraud" if i % 10 == 0 else "legit",
            labelTimestamp=timestamp,
        )
    sent = (time.perf_counter() - started) / count * 1e6
    started = time.perf_counter()
    for i in range(count):
        client.get_event(eventId=f"txn-{10_000_000 + i:08d}", eventTypeName="transaction")
    got = (time.perf_counter() - started) / count * 1e6
    started = time.perf_counter()
    for _ in range(200):
        statistics = client.get_event_types(name="transaction")["eventTypes"][0][
            "ingestedEventStatistics"
        ]
    listed = (time.perf_counter() - started) / 200 * 1e6
    print(f"{count:,} SendEvent through boto3: {sent:.0f} µs per call (GetEvent: {got:.0f} µs)")
    print(f"GetEventTypes with {statistics['numberOfEvents']:,} events stored: {listed:.0f} µs")
    print(f"  ingestedEventStatistics: {statistics}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name="us-east-1")
        setup(client)
        client.get_event_types()  # loads the operation table before memory is traced
        stored = store_many(count)
        print(f"{count:,} events through ingest: {stored['us_per_event']:.1f} µs per event")
        print(
            f"  traced memory: {stored['held_mb']:.1f} MB held by the store, peak "
            f"{stored['peak_mb']:.1f} MB ({stored['held_mb'] * 2**20 / count:.0f} bytes per event)"
        )
        time_calls(client, SENT_THROUGH_BOTO3)


if __name__ == "__main__":
    main()
