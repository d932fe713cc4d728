"""``frauddetector-mock demo --engine flink`` end to end (issue 19): the PyFlink job reads the
transactions from its watched folder, calls the mock's server for each, writes its sink, and a
detector version activated half-way answers the second half with no restart of the job.

Every outcome is checked against a separate in-process mock set up the same way: the same
history and first versions, the first half predicted in the order the server answered the job
(training reads the stored events in that order, so the retrained model is the same), the same
labels and retraining, then both detector versions asked by name for the second half.

Marked ``flink`` (``pytest -m flink``); skipped, saying why, without Java or the flink extra.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import boto3
import pytest

from frauddetector_mock import mock_frauddetector
from frauddetector_mock.demo import flink_checks, pipeline, stream

pytestmark = pytest.mark.flink

COUNT = 300
SEED = 7
HALF = COUNT // 2
OPTIONS = ("-n", str(COUNT), "--seed", str(SEED), "-o")


class FlinkRun:
    def __init__(self, stdout: str, output: Path) -> None:
        self.stdout = stdout
        self.output = output
        self.records = _lines(output / "processed_transactions.jsonl")
        self.sink_files = sorted((output / "flink" / "processed_transactions").iterdir())
        self.sink = [record for path in self.sink_files for record in _lines(path)]
        self.summary = json.loads((output / "summary.json").read_text())


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def flink_run(tmp_path_factory: pytest.TempPathFactory) -> FlinkRun:
    reason = flink_checks.missing_extra() or flink_checks.java_problem()
    if reason:
        pytest.skip(reason)
    output = tmp_path_factory.mktemp("flink") / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "frauddetector_mock", "demo", "--engine", "flink", *OPTIONS, output],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return FlinkRun(done.stdout, output)


@pytest.fixture(scope="module")
def produced() -> list[stream.Transaction]:
    return list(stream.produce(COUNT, SEED))


@pytest.fixture(scope="module")
def expected(
    flink_run: FlinkRun, produced: list[stream.Transaction]
) -> dict[str, dict[str, dict[str, Any]]]:
    """The in-process mock's answer to each transaction, by detector version: version 1's to
    the first half, both versions' to the second."""
    by_id = {transaction.event_id: transaction for transaction in produced}
    first_half = {transaction.event_id for transaction in produced[:HALF]}
    answered = [r["event_id"] for r in flink_run.records if r["event_id"] in first_half]
    answers: dict[str, dict[str, dict[str, Any]]] = {}
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name="us-east-1")
        assert pipeline.set_up(client, SEED) == "1"
        for event_id in answered:
            answers[event_id] = {"1": pipeline.process(client, by_id[event_id])}
        pipeline.label_seen(client, produced[:HALF], produced[HALF].event_time)
        window = pipeline.training_window(produced[HALF - 1].event_time)
        assert pipeline.publish(client, pipeline.RULES_V2, window) == "2"
        for transaction in produced[HALF:]:
            answers[transaction.event_id] = {
                version: _ask(client, transaction, version) for version in ("1", "2")
            }
    return answers


def _ask(client: Any, transaction: stream.Transaction, version: str) -> dict[str, Any]:
    """GetEventPrediction naming ``version``, read as the demo's processor reads it."""
    response = client.get_event_prediction(
        detectorId=pipeline.DETECTOR,
        detectorVersionId=version,
        eventId=transaction.event_id,
        eventTypeName=pipeline.EVENT_TYPE,
        eventTimestamp=transaction.event_time,
        entities=[{"entityType": "customer", "entityId": transaction.entity_id}],
        eventVariables=transaction.fields,
    )
    outcomes = [o for result in response["ruleResults"] for o in result["outcomes"]]
    return {
        "outcome": outcomes[0] if outcomes else "none",
        "rule": response["ruleResults"][0]["ruleId"] if response["ruleResults"] else None,
        "model_score": response["modelScores"][0]["scores"][f"{pipeline.MODEL}_insightscore"],
    }


def _decision(record: dict[str, Any]) -> tuple[str, str | None, float]:
    return record["outcome"], record["rule"], record["model_score"]


def test_every_transaction_has_exactly_one_record_in_the_sink(
    flink_run: FlinkRun, produced: list[stream.Transaction]
) -> None:
    """The filesystem sink commits its files at checkpoints: with no failure, no transaction is
    written twice, so the demo's de-duplication by event id has nothing to drop."""
    ids = [transaction.event_id for transaction in produced]
    assert Counter(record["event_id"] for record in flink_run.sink) == Counter(ids)
    assert sorted(record["event_id"] for record in flink_run.records) == sorted(ids)
    assert "duplicate record" not in flink_run.stdout
    # What the producer wrote comes back whole, next to what the detector made of it.
    by_id = {transaction.event_id: transaction for transaction in produced}
    for record in flink_run.records:
        transaction = by_id[record["event_id"]]
        sent = {"event_time": transaction.event_time, "entity_id": transaction.entity_id}
        assert {key: record[key] for key in [*sent, *transaction.fields]} == {
            **sent,
            **transaction.fields,
        }
        assert record["fraud"] is transaction.fraud


def test_one_job_run_with_both_subtasks_wrote_the_sink(flink_run: FlinkRun) -> None:
    """The sink names its files part-<the run's id>-<subtask>-<count>: one id, so the job was
    never restarted, and files of both subtasks, each reading some of the eight input files."""
    runs, subtasks = set(), set()
    for path in flink_run.sink_files:
        name = re.fullmatch(r"part-([0-9a-f-]{36})-(\d+)-\d+", path.name)
        assert name is not None, path.name
        runs.add(name[1])
        subtasks.add(name[2])
    assert len(runs) == 1
    assert subtasks == {"0", "1"}
    assert len(list((flink_run.output / "flink" / "transactions").iterdir())) == 8


def test_each_outcome_is_the_in_process_mocks_for_the_same_version(
    flink_run: FlinkRun,
    produced: list[stream.Transaction],
    expected: dict[str, dict[str, dict[str, Any]]],
) -> None:
    first_half = {transaction.event_id for transaction in produced[:HALF]}
    for record in flink_run.records:
        version = "1" if record["event_id"] in first_half else "2"
        assert record["detector_version"] == version
        answer = expected[record["event_id"]][version]
        assert _decision(record) == _decision(answer), record["event_id"]


def test_the_version_switch_shows_in_the_output(
    flink_run: FlinkRun,
    produced: list[stream.Transaction],
    expected: dict[str, dict[str, dict[str, Any]]],
) -> None:
    """The job was not restarted, yet the second half got version 2's answers, which differ
    from what version 1 would have said."""
    versions = {record["event_id"]: record["detector_version"] for record in flink_run.records}
    assert [versions[t.event_id] for t in produced] == ["1"] * HALF + ["2"] * (COUNT - HALF)
    second = [expected[t.event_id] for t in produced[HALF:]]
    changed = [answer for answer in second if _decision(answer["1"]) != _decision(answer["2"])]
    assert len(changed) >= HALF // 2  # the retrained model scores nearly every one anew
    # and some transactions get another outcome: version 2's, which the job's records carry
    assert any(answer["1"]["outcome"] != answer["2"]["outcome"] for answer in changed)
    by_id = {record["event_id"]: record for record in flink_run.records}
    for transaction in produced[HALF:]:
        assert _decision(by_id[transaction.event_id]) == _decision(
            expected[transaction.event_id]["2"]
        )


def test_the_job_never_names_a_detector_version(flink_run: FlinkRun) -> None:
    line = next(line for line in flink_run.stdout.splitlines() if "the server answered" in line)
    assert re.fullmatch(
        r"  the server answered 300 GetEventPrediction calls from the job in "
        r"[0-9.]+ ms \(median\), [0-9.]+ ms \(p99\), none naming a detector version",
        line,
    )


def test_the_blocker_and_the_summary_read_the_sink(flink_run: FlinkRun) -> None:
    blocked = [record for record in flink_run.records if record["outcome"] == "block"]
    alerts = _lines(flink_run.output / "alerts.jsonl")
    assert [alert["event_id"] for alert in alerts] == [record["event_id"] for record in blocked]
    assert all(alert["alert"] == "transaction blocked" for alert in alerts)
    summary = flink_run.summary
    assert summary["transactions"] == COUNT and summary["alerts"] == len(blocked) > 0
    assert {
        version: sum(part["truth"].values()) for version, part in summary["versions"].items()
    } == {"1": HALF, "2": COUNT - HALF}
    frauds = sum(record["fraud"] for record in flink_run.records)
    assert summary["overall"]["truth"] == {"fraud": frauds, "legit": COUNT - frauds}
    assert f"Summary of {COUNT} transactions" in flink_run.stdout
    assert (flink_run.output / "dashboard.png").read_bytes()[:4] == b"\x89PNG"
