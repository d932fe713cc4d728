"""``python -m frauddetector_mock serve`` as its own process: boto3 from this one, and a
``--state-file`` that keeps every acknowledged write through ``kill -9``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from benchmarks import bench_state
from tests.server.conftest import client_for

SERVE = (sys.executable, "-m", "frauddetector_mock", "serve")


@contextmanager
def serving(state_file: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    process = subprocess.Popen(
        [*SERVE, "--port", "0", "--state-file", str(state_file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("frauddetector-mock serving on http://127.0.0.1:"), line
        yield line.split()[-1], process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    state_file = tmp_path / "state.db"
    with serving(state_file) as (url, process):
        client = client_for(url, region="eu-central-1", access_key="210987654321")
        client.put_entity_type(name="customer")
        for name in ("fraud", "legit"):
            client.put_label(name=name)
        client.create_variable(
            name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0"
        )
        requests.post(url + "/_mock/scores", json={"modelId": "m", "score": 500}).raise_for_status()
        labels = client.get_labels()["labels"]
        variables = client.get_variables()["variables"]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # The database, its write-ahead log and index, and the lock file, which stays (removing it
    # could let two servers in).
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "state.db",
        "state.db-shm",
        "state.db-wal",
        "state.db.lock",
    ]
    with serving(state_file) as (url, _):
        client = client_for(url, region="eu-central-1", access_key="210987654321")
        assert client.get_labels()["labels"] == labels
        assert client.get_variables()["variables"] == variables
        assert [e["name"] for e in client.get_entity_types()["entityTypes"]] == ["customer"]
        assert labels[0]["arn"].startswith("arn:aws:frauddetector:eu-central-1:210987654321:")
        exported = requests.get(url + "/_mock/export").content
    from frauddetector_mock import Backend, restore

    backend = Backend()
    restore(exported, backend)
    assert backend.scores.controlled == frozenset({"m"})


def test_kill_9_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """A bounded loop of writes from another thread, and the server killed while it runs, four
    times (the benchmark's loop, ``benchmarks/bench_state.py``, on a small state): after the
    restarts, every write the server acknowledged is there."""
    killed = bench_state.kill_loop(events=10, kills=4, folder=tmp_path, seed=20261206)
    assert killed["acknowledged"] > 20
    assert killed["lost"] == 0


def test_serve_help_names_its_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "frauddetector_mock", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0
    for option in ("--host", "--port", "--state-file", "--control-token", "--allowed-host"):
        assert option in done.stdout


def test_serve_logs_one_line_per_request_on_stderr() -> None:
    """As moto's server prints its requests: time, method, operation or path, status, ms."""
    process = subprocess.Popen(
        [*SERVE, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        client_for(url).put_label(name="fraud")
        assert requests.get(url + "/_mock/nope", timeout=5).status_code == 404
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    lines = [line for line in stderr.splitlines() if " ms" in line]
    pattern = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} {} \d+\.\d ms"
    assert len(lines) == 2, stderr
    assert re.fullmatch(pattern.replace("{}", "POST PutLabel 200"), lines[0]), lines
    assert re.fullmatch(pattern.replace("{}", "GET /_mock/nope 404"), lines[1]), lines
