"""While a mock is on, no Fraud Detector request leaves the process, whenever its client was
made: after the package's import the hooks answer it; before the import, a guard stops it with
an error that says what to do. Proven with credentials-like values in the environment and a
socket that refuses every connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter, so that the client is made before frauddetector_mock is imported.
SCRIPT = textwrap.dedent(
    """
    import json, socket
    attempts = []
    def refuse(sock, address):
        attempts.append(str(address))
        raise OSError("the network is off in this test")
    socket.socket.connect = refuse
    socket.create_connection = lambda address, *a, **k: refuse(None, address)

    import boto3
    from botocore.config import Config
    early = boto3.client(
        "frauddetector", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )

    import frauddetector_mock
    from frauddetector_mock import UnmockedClientError, mock_frauddetector

    late = boto3.client("frauddetector", region_name="us-east-1")
    out = {}
    with mock_frauddetector() as mock:
        late.put_label(name="fraud")
        out["late"] = [label["name"] for label in late.get_labels()["labels"]]
        try:
            early.put_label(name="legit")
        except UnmockedClientError as error:
            out["early_error"] = str(error)
        out["attempts_while_on"] = list(attempts)
        mock.attach(early)
        out["early_attached"] = [label["name"] for label in early.get_labels()["labels"]]
    out["attempts"] = attempts
    print(json.dumps(out))
    """
)


def test_no_request_leaves_the_process_whenever_its_client_was_made() -> None:
    environment = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["late"] == ["fraud"]
    assert out["early_error"] == (
        "A Fraud Detector request to https://frauddetector.us-east-1.amazonaws.com/ was "
        "stopped: the mock is on, but this client was made before frauddetector_mock was "
        "imported, so the mock cannot answer it, and it must not reach AWS. Make the client "
        "after importing frauddetector_mock, or route it through the mock: mock = "
        "mock_frauddetector(); mock.start(); mock.attach(client)."
    )
    assert out["attempts_while_on"] == []
    assert out["early_attached"] == ["fraud"]
    assert out["attempts"] == []


FORK_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import boto3
    from frauddetector_mock import mock_frauddetector
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name="us-east-1")
        pid = os.fork()
        if pid == 0:
            client.put_label(name="written_by_the_child")
            os._exit(0)
        os.waitpid(pid, 0)
        print([label["name"] for label in client.get_labels()["labels"]])
    """
)


def test_a_process_forked_while_the_mock_is_on_is_warned_that_its_writes_stay_its_own() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", FORK_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"  # the parent never sees what the child wrote
    assert "ForkedMockWarning: process " in done.stderr
    assert "was forked while frauddetector_mock was on: it answers from its own copy" in (
        done.stderr
    )
    assert done.stderr.count("ForkedMockWarning") == 1  # the child only, once
