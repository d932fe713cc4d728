"""``python -m benchmarks`` runs end to end (docs/performance.md); its figures are not tested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_command_runs_and_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--no-server"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("| measurement | value | against | ratio | target | met |")
    for row in ("GetLabels via botocore Stubber", "GetEventPrediction, 100 rules and a model"):
        assert f"| {row}" in done.stdout
    assert "peak memory, 1,000 stored events" in done.stdout
    assert "| first use: import, start() and stop(), over botocore |" in done.stdout
