"""The mock needs no AWS credentials, sets none, and opens no socket: checked in a fresh
interpreter with no AWS configuration at all, so nothing from the test suite helps it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import os, socket
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse

    before = dict(os.environ)
    import boto3
    from frauddetector_mock import mock_frauddetector

    with mock_frauddetector():
        assert dict(os.environ) == before, "the mock changed the environment"
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        assert [l["name"] for l in fd.get_labels()["labels"]] == ["fraud"]
        try:
            fd.get_labels(name="absent")
        except fd.exceptions.ResourceNotFoundException:
            pass
    with mock_frauddetector(wire=True):
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_outcome(name="block")
        assert [o["name"] for o in fd.get_outcomes()["outcomes"]] == ["block"]
    assert dict(os.environ) == before
    assert attempts == [], attempts
    print("ok")
    """
)


def test_no_credentials_no_environment_no_socket(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and not key.startswith("BOTO")
    }
    env.update(
        HOME=str(tmp_path),
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
