"""The README's first command runs the real-time pipeline demo (issue 9): both detector versions
answer, alerts are raised, the outputs are written and the dashboard is a valid PNG."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from frauddetector_mock import demo
from frauddetector_mock.demo import summary as demo_summary

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def run_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    output = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "frauddetector_mock",
            "demo",
            "-n",
            "120",
            "--seed",
            "3",
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, output


def test_demo_uses_both_versions_and_raises_alerts(run_demo: tuple[str, Path]) -> None:
    stdout, output = run_demo
    records = [
        json.loads(line)
        for line in (output / "processed_transactions.jsonl").read_text().splitlines()
    ]
    assert len(records) == 120
    assert [r["detector_version"] for r in records] == ["1"] * 60 + ["2"] * 60
    assert {r["outcome"] for r in records} <= {"approve", "investigate", "block"}
    alerts = (output / "alerts.jsonl").read_text().splitlines()
    assert len(alerts) == sum(r["outcome"] == "block" for r in records) > 0
    assert "detector version 1: 60 transactions" in stdout
    assert "detector version 2: 60 transactions" in stdout
    assert f"alerts (block): {len(alerts)}" in stdout


def test_dashboard_is_a_png(run_demo: tuple[str, Path]) -> None:
    stdout, output = run_demo
    assert (output / "dashboard.png").read_bytes()[:8] == PNG_MAGIC
    assert f"Dashboard:              {output / 'dashboard.png'}" in stdout


def test_the_seed_makes_runs_repeat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.run(40, 11, tmp_path / "a") == 0
    assert demo.run(40, 11, tmp_path / "b") == 0
    first = (tmp_path / "a" / "processed_transactions.jsonl").read_text()
    assert first == (tmp_path / "b" / "processed_transactions.jsonl").read_text()
    assert first != ""


def test_the_trained_model_knows_fraud(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The model is trained on the labelled history, not told the truth: fraud scores far above
    legitimate transactions, and what is blocked is fraud."""
    demo.run(400, 7, tmp_path)
    records = [json.loads(x) for x in (tmp_path / "processed_transactions.jsonl").open()]
    fraud = [r["model_score"] for r in records if r["fraud"]]
    legit = [r["model_score"] for r in records if not r["fraud"]]
    assert sum(fraud) / len(fraud) > sum(legit) / len(legit) + 300
    summary = demo_summary.Summary()
    for record in records:
        summary.add(record)
    precision, recall = summary.precision_recall()
    assert precision > 0.9 and recall > 0.6
    printed = capsys.readouterr().out
    assert "trained model version 1.0: AUC 0." in printed
    assert "trained model version 2.0: AUC 0." in printed


def test_without_matplotlib_the_demo_says_where_the_picture_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    line = demo_summary.write_dashboard(demo_summary.Summary(), tmp_path / "dashboard.png")
    assert line == (
        f"Dashboard:              not drawn, matplotlib is missing; it would be "
        f"{tmp_path / 'dashboard.png'} (pip install 'frauddetector-mock[plot]')"
    )
    assert not (tmp_path / "dashboard.png").exists()


def test_the_console_script_answers_demo_help() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frauddetector-mock"), "demo", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "--transactions" in done.stdout and "--seed" in done.stdout
