"""The command line: the demo a newcomer runs first."""

from __future__ import annotations

import subprocess
import sys

import pytest

from frauddetector_mock.cli import main


def test_demo_runs_every_answered_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "  ok       label fraud" in out
    assert "  outcomes      block, investigate, approve" in out
    assert "arn:aws:frauddetector:us-east-1:123456789012:label/fraud" in out
    assert "FAILED" not in out


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frauddetector_mock", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "steps answered by the mock" in result.stdout
