"""The examples of docs/server.md run: every ``python`` block, in order, in one namespace, and
the AWS CLI lines of its ``console`` blocks, in a shell that has only what the page exports."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from frauddetector_mock import get_backend, reset
from tests.doc_examples import DOCS, run_examples
from tests.server.conftest import NOW

_CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)
_DOC_ENDPOINT = "http://127.0.0.1:5000"


def test_the_examples_of_docs_server_md(capsys: pytest.CaptureFixture[str]) -> None:
    reset()
    get_backend().clock.freeze("2024-03-01T09:30:00Z")
    try:
        run_examples("server.md", expected_blocks=3)
        assert capsys.readouterr().out.splitlines() == [
            "['arn:aws:frauddetector:us-east-1:123456789012:label/fraud']",
            "{'status': 'ok'}",
            "['PutLabel', 'GetLabels']",
            "['fraud']",
            "['fraud']",
        ]
        assert get_backend().scores.controlled == frozenset({"fraud_model"})
        assert get_backend().endpoints.registered == frozenset({"sagemaker-fraud"})
    finally:
        reset()


def cli_lines() -> tuple[dict[str, str], list[list[str]]]:
    """What the page's shell exports, and the arguments of each ``aws`` line it runs."""
    exported: dict[str, str] = {}
    commands: list[list[str]] = []
    for block in _CONSOLE.findall((DOCS / "server.md").read_text()):
        for line in block.splitlines():
            if line.startswith("$ export "):
                for pair in shlex.split(line.removeprefix("$ export ")):
                    name, value = pair.split("=", 1)
                    exported[name] = value
            elif line.startswith("$ aws "):
                commands.append(shlex.split(line.removeprefix("$ aws ")))
    return exported, commands


def run_cli(
    args: list[str], endpoint_url: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    args = [endpoint_url if arg == _DOC_ENDPOINT else arg for arg in args]
    return subprocess.run(
        [sys.executable, "-m", "awscli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_aws_cli_lines_of_docs_server_md_work_in_a_clean_shell(
    endpoint_url: str, tmp_path: Path
) -> None:
    exported, commands = cli_lines()
    assert exported == {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    assert [command[:2] for command in commands] == [
        ["frauddetector", "put-label"],
        ["frauddetector", "get-labels"],
    ]
    # A shell with no AWS setting at all: no variables, no config or credentials file, no
    # instance metadata to fall back on.
    clean = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    clean.update(
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    bare = run_cli(commands[-1], endpoint_url, clean)  # what the exports are there for
    assert bare.returncode != 0
    assert "You must specify a region." in bare.stderr
    put, get = (run_cli(command, endpoint_url, clean | exported) for command in commands)
    assert (put.returncode, put.stdout, put.stderr) == (0, "", "")
    assert get.returncode == 0, get.stderr
    assert json.loads(get.stdout) == {
        "labels": [
            {
                "name": "fraud",
                "arn": "arn:aws:frauddetector:us-east-1:123456789012:label/fraud",
                "createdTime": NOW,
                "lastUpdatedTime": NOW,
            }
        ]
    }
