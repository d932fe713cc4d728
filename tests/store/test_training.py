"""Training for real: model versions learn from labelled events and report honest metrics
(docs/behaviour.md, "Models and model versions"); no data, too little, or no scikit-learn is
said plainly."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend, mock_frauddetector, persistence
from frauddetector_mock.store import Store
from tests.moto_s3 import s3_bucket
from tests.store.training_data import (
    ATI,
    BUCKET,
    EVENT_TIME,
    EVENT_TYPE,
    MODEL,
    OFI,
    SCORE,
    WINDOW,
    as_csv,
    deploy,
    detail,
    examples,
    score,
    send,
    set_up,
    set_up_and_train,
    train_external,
    train_ingested,
)


@pytest.fixture
def fd(client: Any) -> Any:
    set_up(client)
    return client


@pytest.fixture
def trained(fd: Any) -> dict[str, Any]:
    send(fd, examples(1500))
    return train_ingested(fd)


@pytest.fixture
def s3(client: Any) -> Iterator[Any]:
    with s3_bucket(BUCKET) as s3:
        yield s3


def file_messages(version: dict[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = version["trainingResult"]["dataValidationMetrics"][
        "fileLevelMessages"
    ]
    return found


# Learning from stored events -------------------------------------------------------------------


def test_training_learns_what_makes_fraud(trained: dict[str, Any]) -> None:
    """[D] AUC 0.5 is no power; a model of this data must do far better, on events it
    did not learn from, and find the variable fraud does not depend on the least important."""
    assert trained["status"] == "TRAINING_COMPLETE"
    metrics = trained["trainingResult"]["trainingMetrics"]
    assert metrics["auc"] > 0.8
    importance = {
        m["variableName"]: m["variableImportance"]
        for m in trained["trainingResult"]["variableImportanceMetrics"]["logOddsMetrics"]
    }
    assert set(importance) == {"amount", "category", "noise"}
    assert (
        importance["noise"] < importance["amount"] and importance["noise"] < importance["category"]
    )
    points = metrics["metricDataPoints"]
    assert [p["threshold"] for p in points] == [float(t) for t in range(0, 1001, 5)]
    # Raising the threshold never flags more events.
    assert all(a["tpr"] >= b["tpr"] and a["fpr"] >= b["fpr"] for a, b in itertools.pairwise(points))


def test_v2_reports_the_same_model_with_its_uncertainty(trained: dict[str, Any]) -> None:
    v1 = trained["trainingResult"]
    v2 = trained["trainingResultV2"]
    ofi = v2["trainingMetricsV2"]["ofi"]
    assert ofi["modelPerformance"]["auc"] == v1["trainingMetrics"]["auc"]
    bounds = ofi["modelPerformance"]["uncertaintyRange"]
    assert bounds["lowerBoundValue"] < ofi["modelPerformance"]["auc"] < bounds["upperBoundValue"]
    assert ofi["metricDataPoints"] == v1["trainingMetrics"]["metricDataPoints"]
    assert v2["variableImportanceMetrics"] == v1["variableImportanceMetrics"]
    aggregated = v2["aggregatedVariablesImportanceMetrics"]["logOddsMetrics"]
    assert [a["variableNames"] for a in aggregated] == [["amount"], ["category"], ["noise"]]


def test_the_data_summary_counts_what_was_used(trained: dict[str, Any]) -> None:
    fraud = sum(e.fraud for e in examples(1500))
    (summary,) = file_messages(trained)
    assert summary["title"] == "Training data"
    assert summary["type"] == "INFO"
    assert summary["content"].startswith(
        f"1500 events read; 1500 used ({fraud} fraud, {1500 - fraud} legitimate); "
    )


def test_fraud_scores_higher_than_legitimate_events(fd: Any, trained: dict[str, Any]) -> None:
    """The version scores new events with the model it learned, on the 0-1000 scale."""
    deploy(fd, trained["modelVersionNumber"])
    fresh = examples(300, seed=99, start=100_000)
    scored = [(score(fd, e.event_id, e.values), e.fraud) for e in fresh]
    assert all(0 <= s <= 1000 and s == int(s) for s, _ in scored)
    fraud = [s for s, is_fraud in scored if is_fraud]
    legit = [s for s, is_fraud in scored if not is_fraud]
    assert sum(fraud) / len(fraud) > sum(legit) / len(legit) + 200
    risky = {"amount": "900.00", "category": "risky", "noise": "0.5"}
    safe = {"amount": "12.00", "category": "grocery", "noise": "0.5"}
    assert score(fd, "risky_1", risky) > 800 > 200 > score(fd, "safe_1", safe)


def test_missing_variables_score_with_their_defaults(fd: Any, trained: dict[str, Any]) -> None:
    deploy(fd, trained["modelVersionNumber"])
    assert score(fd, "a", {"amount": "12.00"}) == score(
        fd, "b", {"amount": "12.00", "category": "none", "noise": "0"}
    )


def test_the_users_scores_still_win(fd: Any, trained: dict[str, Any]) -> None:
    deploy(fd, trained["modelVersionNumber"])
    risky = {"amount": "900.00", "category": "risky", "noise": "0.5"}
    learned = score(fd, "r1", risky)
    with get_backend().scores.pin(MODEL, 5):
        assert score(fd, "r2", risky) == 5.0
    assert score(fd, "r3", risky) == learned


def test_the_same_data_gives_the_same_model(fd: Any, trained: dict[str, Any]) -> None:
    again = detail(
        fd,
        fd.update_model_version(
            modelId=MODEL,
            modelType=OFI,
            majorVersionNumber="1",
            ingestedEventsDetail=WINDOW,
        )["modelVersionNumber"],
    )
    assert again["modelVersionNumber"] == "1.01"
    assert again["trainingResult"] == trained["trainingResult"]
    assert again["trainingResultV2"] == trained["trainingResultV2"]


def test_a_retraining_learns_from_the_new_data(fd: Any, trained: dict[str, Any]) -> None:
    """UpdateModelVersion trains again on what is stored now."""
    send(fd, examples(1500, seed=2, start=5000))
    again = train_ingested(fd)
    (summary,) = file_messages(again)
    assert summary["content"].startswith("3000 events read; 3000 used")
    assert again["trainingResult"] != trained["trainingResult"]


def test_the_time_window_chooses_the_events(fd: Any) -> None:
    send(fd, examples(400))
    outside = examples(50, seed=3, start=9000)
    for example in outside:
        fd.send_event(
            eventId=example.event_id,
            eventTypeName=EVENT_TYPE,
            eventTimestamp="2023-06-01T00:00:00Z",
            eventVariables=example.values,
            entities=[{"entityType": "customer", "entityId": "c"}],
            assignedLabel="fraud",
            labelTimestamp="2023-06-01T00:00:00Z",
        )
    (summary,) = file_messages(train_ingested(fd))
    assert summary["content"].startswith("400 events read")


@pytest.mark.parametrize(
    ("treatment", "used"),
    [("IGNORE", 300), ("FRAUD", 400), ("LEGIT", 400), ("AUTO", 400)],
)
def test_unlabelled_events_follow_the_schema(fd: Any, treatment: str, used: int) -> None:
    """[D] unlabeledEventsTreatment IGNORE (the default) | FRAUD | LEGIT | AUTO; AUTO
    counts them legitimate [I]."""
    send(fd, examples(300))
    send(fd, examples(100, seed=5, start=7000), labelled=False)
    labelled_fraud = sum(e.fraud for e in examples(300))
    version = train_ingested(
        fd,
        labelSchema={
            "labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]},
            "unlabeledEventsTreatment": treatment,
        },
    )
    fraud = labelled_fraud + (100 if treatment == "FRAUD" else 0)
    (summary,) = file_messages(version)
    assert summary["content"].startswith(
        f"400 events read; {used} used ({fraud} fraud, {used - fraud} legitimate); "
        f"{400 - used} unlabelled"
    )


def test_labels_the_mapper_does_not_name_are_left_out(fd: Any) -> None:
    fd.put_label(name="suspicious")
    fd.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["amount", "category", "noise"],
        labels=["fraud", "legit", "suspicious"],
        entityTypes=["customer"],
        eventIngestion="ENABLED",
    )
    send(fd, examples(300))
    for example in examples(20, seed=8, start=8000):
        fd.send_event(
            eventId=example.event_id,
            eventTypeName=EVENT_TYPE,
            eventTimestamp=EVENT_TIME,
            eventVariables=example.values,
            entities=[{"entityType": "customer", "entityId": "c"}],
            assignedLabel="suspicious",
            labelTimestamp=EVENT_TIME,
        )
    (summary,) = file_messages(train_ingested(fd))
    assert summary["content"].startswith("320 events read; 300 used")
    assert "0 unlabelled and 20 with a label the label mapper does not name" in summary["content"]


def test_ati_reports_its_own_metrics(client: Any) -> None:
    """AWS's samples read trainingResultV2.trainingMetricsV2.ati for ATI."""
    version = set_up_and_train(client, examples(600), ATI)
    ati = version["trainingResultV2"]["trainingMetricsV2"]["ati"]
    assert ati["modelPerformance"]["asi"] == version["trainingResult"]["trainingMetrics"]["auc"]
    first, last = ati["metricDataPoints"][0], ati["metricDataPoints"][-1]
    assert first["threshold"] == 0.0 and last["threshold"] == 1000.0
    assert first["cr"] >= last["cr"] == 0.0


def test_the_learned_scorer_survives_a_state_snapshot(fd: Any, trained: dict[str, Any]) -> None:
    deploy(fd, trained["modelVersionNumber"])
    risky = {"amount": "900.00", "category": "risky", "noise": "0.5"}
    before = score(fd, "r1", risky)
    saved = persistence.snapshot()
    get_backend().reset()
    persistence.restore(saved)
    assert score(fd, "r2", risky) == before


# From a CSV in S3 ------------------------------------------------------------------------------


def test_external_events_from_moto_s3(fd: Any, s3: Any) -> None:
    data = examples(10_000, seed=11)
    s3.put_object(Bucket=BUCKET, Key="train/payments.csv", Body=as_csv(data).encode())
    version = train_external(fd, f"s3://{BUCKET}/train/payments.csv")
    assert version["status"] == "TRAINING_COMPLETE"
    assert version["trainingResult"]["trainingMetrics"]["auc"] > 0.8
    fraud = sum(e.fraud for e in data)
    (summary,) = file_messages(version)
    assert summary["content"].startswith(f"10000 events read; 10000 used ({fraud} fraud, ")


@pytest.mark.parametrize("location", ["train", "train/"])
def test_a_location_that_is_a_folder_reads_every_csv_under_it(
    fd: Any, s3: Any, location: str
) -> None:
    """A data location names a place in S3 (AWS API reference: "ExternalEventsDetail", "The
    Amazon S3 bucket location for the data"); public pipelines pass a folder of CSV files."""
    data = examples(3_000, seed=5)
    s3.put_object(Bucket=BUCKET, Key="train/part-1.csv", Body=as_csv(data[:1_000]).encode())
    s3.put_object(Bucket=BUCKET, Key="train/part-2.csv", Body=as_csv(data[1_000:]).encode())
    s3.put_object(Bucket=BUCKET, Key="train/_SUCCESS", Body=b"")
    s3.put_object(Bucket=BUCKET, Key="trainer.csv", Body=b"not,the,data\n")
    version = train_external(fd, f"s3://{BUCKET}/{location}")
    assert version["status"] == "TRAINING_COMPLETE"
    assert version["trainingResult"]["trainingMetrics"]["auc"] > 0.8
    (summary,) = file_messages(version)
    assert summary["content"].startswith("3000 events read; 3000 used (")


def test_files_of_a_folder_must_share_their_columns(fd: Any, s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="train/a.csv", Body=as_csv(examples(50)).encode())
    s3.put_object(Bucket=BUCKET, Key="train/b.csv", Body=b"EVENT_LABEL,amount\nfraud,3\n")
    (message,) = file_messages(train_external(fd, f"s3://{BUCKET}/train"))
    assert message["content"].startswith(
        f"The input file s3://{BUCKET}/train could not be read: s3://{BUCKET}/train/b.csv has "
        f"other columns than train/a.csv."
    )


def test_a_missing_object_completes_without_a_model(fd: Any, s3: Any, store: Store) -> None:
    """A test that only exercises set-up code has no data behind it: training completes, the
    version scores with the default scorer, and says why there are no metrics."""
    version = train_external(fd, f"s3://{BUCKET}/missing.csv")
    assert version["status"] == "TRAINING_COMPLETE"
    assert "trainingMetrics" not in version["trainingResult"]
    assert "trainingMetricsV2" not in version["trainingResultV2"]
    (message,) = file_messages(version)
    assert message["title"] == "No model was learned from data"
    assert message["type"] == "WARNING"
    assert message["content"].startswith(
        f"The input file s3://{BUCKET}/missing.csv could not be read: "
    )
    assert message["content"].endswith(
        "No model was learned, so this version has no training metrics; it scores events "
        "with the mock's default scorer."
    )
    assert store.models[(MODEL, OFI)].versions["1.0"].learned is None
    assert SCORE in store.variables


def test_a_file_without_labels_is_said_so(fd: Any, s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="x.csv", Body=b"EVENT_TIMESTAMP,amount\n2024-01-01,3\n")
    (message,) = file_messages(train_external(fd, f"s3://{BUCKET}/x.csv"))
    assert message["content"].startswith(
        f"The training data at s3://{BUCKET}/x.csv has no EVENT_LABEL column."
    )


# Strict: fail as AWS would ---------------------------------------------------------------------


def test_strict_training_ends_in_error_with_the_reason(fd: Any, store: Store) -> None:
    with get_backend().training.strict():
        version = train_ingested(fd)
    assert version["status"] == "ERROR"
    (message,) = file_messages(version)
    assert message == {
        "title": "Insufficient training data",
        "content": "No events of the event type payment are stored with an event timestamp "
        "between 2024-01-01T00:00:00Z and 2024-02-01T00:00:00Z.",
        "type": "ERROR",
    }
    assert SCORE not in store.variables  # a failed training publishes no score variable
    # The context manager restored the default: the next training completes.
    assert train_ingested(fd)["status"] == "TRAINING_COMPLETE"


def test_strict_for_a_whole_mock() -> None:
    with mock_frauddetector(strict_training=True):
        client = boto3.client("frauddetector", region_name="us-east-1")
        version = set_up_and_train(client, [e for e in examples(200) if not e.fraud])
        assert version["status"] == "ERROR"
        assert file_messages(version)[0]["content"].startswith("The training data holds 0 fraud")
        get_backend().training.lenient()
        assert train_ingested(client)["status"] == "TRAINING_COMPLETE"
    with mock_frauddetector():  # a new outermost mock starts lenient again
        assert not get_backend().training.is_strict


def test_without_scikit_learn_training_completes_and_says_so(
    fd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    send(fd, examples(300))
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    with get_backend().training.strict():  # not a data problem: strict does not apply
        version = train_ingested(fd)
    assert version["status"] == "TRAINING_COMPLETE"
    (message,) = file_messages(version)
    assert message["content"].startswith(
        "Training needs scikit-learn, which is not installed: pip install "
        "'frauddetector-mock[training]'."
    )


def test_huge_numbers_are_learned_from_not_failed_on(fd: Any) -> None:
    """Values near the float limit would overflow a mean; they count as 10^12 [I]."""
    data = examples(300)
    for example in data[:5]:
        example.values["amount"] = "1e308"
    send(fd, data)
    version = train_ingested(fd)
    assert version["status"] == "TRAINING_COMPLETE"
    assert version["trainingResult"]["trainingMetrics"]["auc"] > 0.5


def test_data_the_learner_refuses_is_a_data_problem(
    fd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frauddetector_mock.training import train

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ValueError("Input X contains NaN.")

    send(fd, examples(300))
    monkeypatch.setattr(train, "fit", refuse)  # what training calls scikit-learn through
    (message,) = file_messages(train_ingested(fd))
    assert message["type"] == "WARNING"
    assert message["content"].startswith(
        "The training data could not be learned from: Input X contains NaN. No model was learned"
    )
    with get_backend().training.strict():
        assert train_ingested(fd)["status"] == "ERROR"
