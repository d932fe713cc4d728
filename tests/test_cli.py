"""The command line: the demo a newcomer runs first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from frauddetector_mock.cli import main


def test_demo_writes_into_a_folder_of_the_cwd(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "-n", "20"]) == 0
    out = capsys.readouterr().out
    assert "published model version 2.0 and detector version 2 (ACTIVE)" in out
    assert (
        len(
            (tmp_path / "frauddetector-demo" / "processed_transactions.jsonl")
            .read_text()
            .splitlines()
        )
        == 20
    )


def test_demo_refuses_too_few_transactions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "-n", "1"]) == 2
    assert "--transactions must be at least 2" in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frauddetector_mock", "demo", "-n", "10", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "detector version 2: 5 transactions" in result.stdout
