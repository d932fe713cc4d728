"""A server's state on disk, at scale: ``python -m benchmarks.bench_state [--events 0 10000]``.

For each number of stored events, a server of its own process (``frauddetector-mock serve``):

- its start-up, from the command to the first line it prints, with a state database holding
  the events and with none;
- the median and p99 of a write (PutLabel) and of a read (GetLabels) sent by boto3 on one
  keep-alive connection, with the database and without it (a second server of the same state,
  imported, running at the same time: the two are sent requests in turns);
- ``--kills N``: the server killed with SIGKILL at random moments of a bounded loop of writes,
  N times, on the database of the most events; every write acknowledged must be there after
  the restarts.

The state is made in this process (one event type, events of one variable and one entity) and
given to the server as a JSON state document, which it makes into its database at the first
start. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import requests
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

REGION = "us-east-1"
EVENT_TYPE = "transaction"
CALLS = 200  # per figure: the median of 200 requests after 10 to warm up (fsync times vary)


def state_document(events: int) -> bytes:
    """A state of ``events`` stored events, as ``/_mock/export`` gives it."""
    from frauddetector_mock import get_backend, mock_frauddetector, snapshot

    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name=REGION)
        client.create_variable(
            name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0"
        )
        client.put_entity_type(name="customer")
        for label in ("fraud", "legit"):
            client.put_label(name=label)
        client.put_event_type(
            name=EVENT_TYPE,
            eventVariables=["amount"],
            entityTypes=["customer"],
            labels=["fraud", "legit"],
            eventIngestion="ENABLED",
        )
        client.send_event(
            eventId="e0",
            eventTypeName=EVENT_TYPE,
            eventTimestamp="2026-01-01T00:00:00Z",
            eventVariables={"amount": "12.5"},
            entities=[{"entityType": "customer", "entityId": "c0"}],
            assignedLabel="legit",
            labelTimestamp="2026-01-01T00:00:00Z",
        )
        document = json.loads(snapshot(get_backend()))
    store = document["stores"][0]
    first = store["events"][EVENT_TYPE]["e0"]
    store["events"][EVENT_TYPE] = {
        f"e{n}": {
            **first,
            "event_id": f"e{n}",
            "entities": [{"entityType": "customer", "entityId": f"c{n % 5000}"}],
        }
        for n in range(events)
    }
    store["entity_history"] = {}
    store["event_statistics"] = {}
    return json.dumps(document).encode()


@contextmanager
def serving(state_file: Path | None) -> Iterator[tuple[str, subprocess.Popen[str], float]]:
    """A server process; yields its URL, the process and its start-up in seconds."""
    command = [sys.executable, "-m", "frauddetector_mock", "serve", "--port", "0"]
    if state_file is not None:
        command += ["--state-file", str(state_file)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("frauddetector-mock serving on "):
            raise RuntimeError(f"the server did not start: {line!r}")
        yield line.split()[-1], process, time.perf_counter() - started
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=60)


def client_for(url: str) -> Any:
    return boto3.client(
        "frauddetector",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}, read_timeout=120),
    )


def timed(calls: dict[str, Any], count: int = CALLS) -> dict[str, dict[str, float]]:
    """The median and p99 of each call, made in turns (one of each, again and again), so that
    a machine busier at one moment slows them alike."""
    for _ in range(10):
        for call in calls.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(count):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    figures = {}
    for name, taken in times.items():
        taken.sort()
        figures[name] = {"median_ms": taken[len(taken) // 2] * 1e3, "p99_ms": taken[-1] * 1e3}
    return figures


def writer(url: str) -> Any:
    client = client_for(url)
    numbers = iter(range(10**9))

    def write() -> None:
        # 50 labels, each written again with a new description: every call changes a record
        # (the service holds at most 100 labels).
        number = next(numbers)
        client.put_label(name=f"bench_{number % 50}", description=f"write {number}")

    return write


def reader(url: str) -> Any:
    client = client_for(url)
    return lambda: client.get_labels(maxResults=10)


def measure(events: int, folder: Path) -> dict[str, Any]:
    """Start-up and request times with ``events`` stored, with a database and without: both
    servers run at once, and their requests alternate."""
    document = state_document(events)
    state_file = folder / f"state-{events}.db"
    state_file.write_bytes(document)  # made into a database at the first start
    with serving(state_file) as (_, _, made):
        pass
    with serving(state_file) as (url, _, start_up), serving(None) as (bare, _, bare_start):
        reply = requests.post(
            bare + "/_mock/import",
            data=document,
            headers={"Content-Type": "application/json"},
            timeout=600,
        )
        reply.raise_for_status()
        writes = timed({"with": writer(url), "without": writer(bare)})
        reads = timed({"with": reader(url), "without": reader(bare)})
    return {
        "events": events,
        "database_mb": state_file.stat().st_size / 1e6,
        "first_start_s": made,
        "start_s": start_up,
        "bare_start_s": bare_start,
        "with": {"write": writes["with"], "read": reads["with"]},
        "without": {"write": writes["without"], "read": reads["without"]},
    }


def kill_loop(events: int, kills: int, folder: Path, seed: int = 7) -> dict[str, Any]:
    """SendEvent from a thread while the server is killed at random moments, ``kills`` times;
    then GetEvent of every event whose SendEvent was acknowledged."""
    state_file = folder / f"kills-{events}.db"
    state_file.write_bytes(state_document(events))
    acknowledged: list[str] = []
    refused: list[str] = []
    chance = random.Random(seed)
    for _ in range(kills):
        with serving(state_file) as (url, process, _):
            client = client_for(url)
            stop = threading.Event()

            def write(client: Any = client, stop: threading.Event = stop) -> None:
                while not stop.is_set() and len(acknowledged) < 2000:
                    event_id = f"acknowledged_{len(acknowledged)}"
                    try:
                        send(client, event_id)
                    except BotoCoreError:  # killed under the request: not acknowledged
                        return
                    except ClientError as error:  # the service refused it: a broken loop
                        refused.append(str(error))
                        return
                    acknowledged.append(event_id)

            writer = threading.Thread(target=write)
            writer.start()
            time.sleep(chance.uniform(0.3, 1.5))
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            stop.set()
            writer.join(timeout=60)
    if refused:
        raise RuntimeError(f"a write was refused: {refused[0]}")
    lost = []
    with serving(state_file) as (url, _, _):
        client = client_for(url)
        for event_id in acknowledged:
            try:
                client.get_event(eventTypeName=EVENT_TYPE, eventId=event_id)
            except client.exceptions.ResourceNotFoundException:
                lost.append(event_id)
    return {"events": events, "kills": kills, "acknowledged": len(acknowledged), "lost": len(lost)}


def send(client: Any, event_id: str) -> None:
    client.send_event(
        eventId=event_id,
        eventTypeName=EVENT_TYPE,
        eventTimestamp="2026-01-01T00:00:00Z",
        eventVariables={"amount": "12.5"},
        entities=[{"entityType": "customer", "entityId": "c1"}],
    )


def run(counts: list[int], kills: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    with tempfile.TemporaryDirectory() as folder:
        figures = [measure(events, Path(folder)) for events in counts]
        killed = kill_loop(max(counts), kills, Path(folder)) if kills else None
    return figures, killed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=[0, 10_000])
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    figures, killed = run(args.events, args.kills)
    print(
        "| events | DB MB | start-up with DB / without | PutLabel with / without | "
        "GetLabels with / without |"
    )
    print("|---:|---:|---|---|---|")
    for f in figures:
        print(
            f"| {f['events']:,} | {f['database_mb']:.1f} | {f['start_s']:.2f} / "
            f"{f['bare_start_s']:.2f} s | {f['with']['write']['median_ms']:.2f} / "
            f"{f['without']['write']['median_ms']:.2f} ms | {f['with']['read']['median_ms']:.2f}"
            f" / {f['without']['read']['median_ms']:.2f} ms |"
        )
    if killed:
        print(
            f"\nkill -9 x{killed['kills']} with {killed['events']:,} events: "
            f"{killed['acknowledged']} writes acknowledged, {killed['lost']} lost"
        )


if __name__ == "__main__":
    main()
