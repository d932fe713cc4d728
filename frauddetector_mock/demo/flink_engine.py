"""``frauddetector-mock demo --engine flink``: the demo's stream processor on Apache Flink.

The set-up, the stream, the half-way switch and the summary are the in-process demo's
(pipeline.py). The processor is the PyFlink job of flink_job.py, run as its own process as a user
runs it, calling the mock's server (``frauddetector_mock.server``) on a loopback port over HTTP.
This process keeps the mock: it sets the detector up, serves it, writes the transactions as
JSON-lines files into the folder the job watches, and reads what the job writes to its
``processed_transactions`` folder. Half-way, once the job has written every transaction of the
first half, a retrained model version and detector version 2 are activated while the job keeps
running; the second half's files follow.

The sink's files are read as at-least-once: a transaction written twice (a job restarted from a
checkpoint predicts again what followed it) is kept once, its first record. Each record gets
the detector version that answered it from the mock's prediction history, and the generator's
truth; the records are kept in the order the detector answered them, as the in-process
processor's are.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frauddetector_mock.backend import Backend
from frauddetector_mock.demo import flink_checks
from frauddetector_mock.demo.dashboard import Rules
from frauddetector_mock.demo.pipeline import (
    DETECTOR,
    EVENT_TYPE,
    HISTORY,
    REGION,
    RULES_V1,
    RULES_V2,
    finish,
    label_seen,
    missing_packages,
    publish,
    route,
    set_up,
    training_window,
)
from frauddetector_mock.demo.stream import Transaction, produce
from frauddetector_mock.demo.summary import Summary, plural
from frauddetector_mock.messages import demo as demo_messages
from frauddetector_mock.messages import extras as extra_messages
from frauddetector_mock.mock import mock_frauddetector
from frauddetector_mock.store.predictions import Prediction
from frauddetector_mock.wire.server import server

JOB = Path(__file__).with_name("flink_job.py")
PROCESSED = "processed_transactions"  # the sink's name, as the blog's topic
HOST = "127.0.0.1"
PARALLELISM = 2
FILES_PER_SUBTASK = 2  # input files per subtask and half of the stream: every subtask gets some
WAIT = 300.0  # seconds the job has to write a half of the stream (JVM start-up included)
POLL = 0.2  # seconds between two looks at the sink's folder
LOG_TAIL = 20  # lines of the job's log shown when it fails


class JobFailed(Exception):
    """The Flink job ended, or did not write every transaction in time."""


def run(
    count: int,
    seed: int,
    output: Path | None = None,
    *,
    parallelism: int = PARALLELISM,
    port: int = 0,
) -> int:
    missing = missing_packages()
    if missing:
        print(extra_messages.needs_extra("The demo", missing, "demo"), file=sys.stderr)
        return 2
    problem = flink_checks.missing_extra() or flink_checks.java_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    output = output or Path.cwd() / "frauddetector-demo"
    with mock_frauddetector() as mock, ExitStack() as stack:
        try:
            endpoint = stack.enter_context(server(port, HOST, backend=mock.backend))
        except OSError as refused:
            if refused.errno != errno.EADDRINUSE:
                raise
            print(demo_messages.port_in_use(HOST, port), file=sys.stderr)
            return 2
        folders = Folders.under(output)
        try:
            stream = Stream(mock.backend, endpoint, folders, count, seed, parallelism)
            records = stream.run(stack)
        except JobFailed as failed:
            print(f"demo: {failed}", file=sys.stderr)
            print(_tail(folders.log), file=sys.stderr)
            return 1
    summary = Summary()
    with (
        (output / "processed_transactions.jsonl").open("w") as processed,
        (output / "alerts.jsonl").open("w") as alerts,
    ):
        for record in records:
            route(record, processed, alerts, summary)
    finish(summary, output, stream.rules)
    return 0


@dataclass(frozen=True)
class Folders:
    """Where the job reads and writes, under the demo's output folder."""

    inbox: Path  # the folder the job watches
    staging: Path  # files are written here, then moved into the inbox whole
    sink: Path  # the job's processed_transactions
    log: Path  # the job's stdout and stderr
    flink_log: Path  # Flink's own log folder (PyFlink's default is inside its package)

    @classmethod
    def under(cls, output: Path) -> Folders:
        root = output / "flink"
        shutil.rmtree(root, ignore_errors=True)  # a previous run's sink would be read as this one's
        folders = cls(
            root / "transactions",
            root / "staging",
            root / PROCESSED,
            root / "job.log",
            root / "log",
        )
        for folder in (folders.inbox, folders.staging, folders.sink):
            folder.mkdir(parents=True)
        return folders


@dataclass
class Stream:
    """One run of the stream through the job: set-up, both halves, the switch between them."""

    backend: Backend
    endpoint: str
    folders: Folders
    count: int
    seed: int
    parallelism: int
    rules: dict[str, Rules] = field(default_factory=dict)

    def run(self, stack: ExitStack) -> list[dict[str, Any]]:
        import boto3  # the demo extra's, checked by run(); the command line loads without it

        client = boto3.client("frauddetector", region_name=REGION)
        # The JVM and the job start while the detector is set up: the job waits for files.
        timings = stack.enter_context(request_timings())
        job = stack.enter_context(flink_job(self.endpoint, self.folders, self.parallelism))
        print(
            f"Set-up (as AWS's guides), with {HISTORY} labelled past transactions, while a "
            f"PyFlink job (parallelism {self.parallelism}) starts:"
        )
        self.rules[set_up(client, self.seed)] = RULES_V1
        transactions = list(produce(self.count, self.seed))
        half = self.count // 2
        print(
            f"Streaming {self.count} transactions (seed {self.seed}) through the job, which "
            f"calls the mock's server at {self.endpoint}:"
        )
        sink = Sink(self.folders.sink)
        deliver(transactions[:half], self.folders, "first", self.parallelism)
        sink.wait_for({t.event_id for t in transactions[:half]}, job)
        print(f"  after {half} transactions, labelled and retrained on:")
        label_seen(client, transactions[:half], transactions[half].event_time)
        window = training_window(transactions[half - 1].event_time)
        self.rules[publish(client, RULES_V2, window)] = RULES_V2
        deliver(transactions[half:], self.folders, "second", self.parallelism)
        sink.wait_for({t.event_id for t in transactions}, job)
        store = self.backend.store(REGION)
        named = sum(
            "detectorVersionId" in call.request
            for call in self.backend.calls.of("GetEventPrediction")
        )
        print(f"  {timings.line()}, {named or 'none'} naming a detector version")
        records = sink.records(store.predictions, transactions)
        if sink.duplicates:
            print(f"  {plural(sink.duplicates, 'duplicate record')} of the sink left out")
        return records


def deliver(transactions: list[Transaction], folders: Folders, name: str, parallelism: int) -> None:
    """The producer: the transactions as JSON-lines files in the job's inbox, each file moved
    in whole (the job may look at the folder at any moment), a stretch of the stream each."""
    files = min(len(transactions), FILES_PER_SUBTASK * parallelism)
    for index in range(files):
        part = transactions[
            index * len(transactions) // files : (index + 1) * len(transactions) // files
        ]
        staged = folders.staging / f"{name}-{index}.jsonl"
        staged.write_text("".join(json.dumps(produced(t)) + "\n" for t in part))
        staged.replace(folders.inbox / staged.name)


def produced(transaction: Transaction) -> dict[str, str]:
    """A transaction as the producer writes it: no truth, which only the generator knows."""
    return {
        "event_id": transaction.event_id,
        "event_time": transaction.event_time,
        "entity_id": transaction.entity_id,
        **transaction.fields,
    }


class Sink:
    """The job's processed_transactions folder, read as its files are committed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.read: dict[str, list[dict[str, Any]]] = {}  # committed files never change
        self.duplicates = 0

    def lines(self) -> list[dict[str, Any]]:
        for path in sorted(self.folder.iterdir()):
            # In-progress files start with a dot until a checkpoint commits them.
            if path.name.startswith((".", "_")) or path.name in self.read:
                continue
            self.read[path.name] = [json.loads(line) for line in path.read_text().splitlines()]
        return [record for name in sorted(self.read) for record in self.read[name]]

    def wait_for(self, event_ids: set[str], job: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + WAIT
        while True:
            written = {record["event_id"] for record in self.lines()} & event_ids
            if len(written) == len(event_ids):
                return
            if job.poll() is not None:
                raise JobFailed(f"the Flink job ended (exit code {job.returncode})")
            if time.monotonic() > deadline:
                raise JobFailed(
                    f"the Flink job wrote {len(written)} of {len(event_ids)} transactions "
                    f"in {WAIT:g} s"
                )
            time.sleep(POLL)

    def records(
        self, predictions: Sequence[Prediction], transactions: list[Transaction]
    ) -> list[dict[str, Any]]:
        """One record per transaction, in the order the detector answered them, with the
        detector version that answered (the latest prediction of the event) and the truth."""
        first: dict[str, dict[str, Any]] = {}
        for record in self.lines():
            if record["event_id"] in first:
                self.duplicates += 1
            else:
                first[record["event_id"]] = record
        versions = {p.event_id: p.detector_version_id for p in predictions}
        truth = {t.event_id: t.fraud for t in transactions}
        records = []
        for event_id in versions:  # first prediction's place: the order answered
            if event_id in first and event_id in truth:
                record = first[event_id]
                records.append(
                    {**record, "detector_version": versions[event_id], "fraud": truth[event_id]}
                )
        return records


@contextmanager
def flink_job(
    endpoint: str, folders: Folders, parallelism: int
) -> Iterator[subprocess.Popen[bytes]]:
    """flink_job.py in its own process group (PyFlink starts a JVM and Python workers under
    it), stopped with the group when the stream has been read."""
    # Any key signs for the mock, which checks no signature; never send the user's own.
    environ = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE"):
        environ.pop(name, None)
    environ["FLINK_LOG_DIR"] = str(folders.flink_log)
    command = [
        sys.executable,
        str(JOB),
        str(folders.inbox),
        str(folders.sink),
        "--endpoint-url",
        endpoint,
        "--region",
        REGION,
        "--detector-id",
        DETECTOR,
        "--event-type",
        EVENT_TYPE,
        "--parallelism",
        str(parallelism),
    ]
    with folders.log.open("wb") as log:
        job = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environ, start_new_session=True
        )
        try:
            yield job
        finally:
            _stop(job)


def _stop(job: subprocess.Popen[bytes]) -> None:
    if job.poll() is not None:
        return
    if sys.platform == "win32":
        job.terminate()
    else:
        os.killpg(job.pid, signal.SIGTERM)  # the job's driver, its JVM and its workers
    try:
        job.wait(timeout=30)
    except subprocess.TimeoutExpired:
        job.kill()
        job.wait()


class Timings(logging.Handler):
    """The server's time for each GetEventPrediction, from its request log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.milliseconds: list[float] = []
        self.answered: list[float] = []  # time.perf_counter() as each answer was logged

    def emit(self, record: logging.LogRecord) -> None:
        # The server logs (method, operation, status, ms) per request.
        arguments = record.args
        if isinstance(arguments, tuple) and len(arguments) == 4:
            _, operation, _, milliseconds = arguments
            if operation == "GetEventPrediction" and isinstance(milliseconds, float):
                self.milliseconds.append(milliseconds)
                self.answered.append(time.perf_counter())

    def per_second(self) -> float:
        """Predictions answered per second, from the first answer to the last."""
        if len(self.answered) < 2:
            return 0.0
        return (len(self.answered) - 1) / (self.answered[-1] - self.answered[0])

    def percentile(self, share: float) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0

    def line(self) -> str:
        calls = plural(len(self.milliseconds), "GetEventPrediction call")
        return (
            f"the server answered {calls} from the job in {self.percentile(0.5):.1f} ms "
            f"(median), {self.percentile(0.99):.1f} ms (p99)"
        )


@contextmanager
def request_timings() -> Iterator[Timings]:
    """Collects the server's request log, which then goes nowhere else."""
    logger = logging.getLogger("frauddetector_mock.server")
    timings = Timings()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(timings)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield timings
    finally:
        logger.removeHandler(timings)
        logger.setLevel(level)
        logger.propagate = propagate


def _tail(log: Path) -> str:
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return "\n".join([f"the job's log ({log}), its last lines:", *lines[-LOG_TAIL:]])
