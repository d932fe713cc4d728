"""Batch import and batch prediction jobs (docs/behaviour.md, "Batch jobs"; AWS API reference:
"CreateBatchImportJob", "CreateBatchPredictionJob"), with S3 served by moto's mock_aws."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.moto_s3 import s3_bucket
from tests.prediction.helpers import ROLE, create_rules, create_version, set_up_event_type

BUCKET = "fraud-data"
START = "2024-03-01T09:30:00Z"  # the frozen clock, to the second
EPOCH = 1709285400  # START in epoch seconds, as output file names carry it
ARN = "arn:aws:frauddetector:us-east-1:123456789012"
IMPORT_CSV = (
    "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,EVENT_LABEL,LABEL_TIMESTAMP,"
    "amount,card_bin,email_address,ip_address\n"
    "ev_1,2024-02-01T10:00:00Z,cust_1,customer,fraud,2024-02-02T10:00:00Z,"
    "950.5,411111,a@example.com,10.0.0.1\n"
    "ev_2,2024-02-01T11:00:00Z,cust_2,customer,,,12.0,422222,b@example.com,10.0.0.2\n"
    "ev_3,2024-02-01T12:00:00Z,cust_3,customer,legit,2024-02-02T12:00:00Z,"
    "not-a-number,433333,c@example.com,10.0.0.3\n"
)
PREDICT_CSV = (
    "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount,card_bin\n"
    "p_1,2024-03-01T08:00:00Z,cust_1,customer,950.5,411111\n"
    "p_2,2024-03-01T08:01:00Z,cust_2,customer,12.0,422222\n"
    "p_3,2024-03-01T08:02:00Z,cust_3,customer,lots,433333\n"
)


@pytest.fixture
def s3(client: Any) -> Iterator[Any]:
    with s3_bucket(BUCKET) as s3:
        yield s3


@pytest.fixture
def payments(client: Any) -> Any:
    set_up_event_type(client)
    refs = create_rules(
        client,
        [
            ("big", "$amount > 500", ["review"]),
            ("bin", '$card_bin == "411111"', ["block"]),
            ("rest", "$amount <= 500", ["approve"]),
        ],
    )
    create_version(client, refs, mode="ALL_MATCHED")
    return client


def put(s3: Any, key: str, text: str) -> str:
    s3.put_object(Bucket=BUCKET, Key=key, Body=text.encode())
    return f"s3://{BUCKET}/{key}"


def import_job(client: Any, job_id: str = "imp_1", path: str = "", **kw: Any) -> None:
    client.create_batch_import_job(
        jobId=job_id,
        inputPath=path or f"s3://{BUCKET}/import.csv",
        outputPath=f"s3://{BUCKET}/import-out",
        eventTypeName="payment",
        iamRoleArn=ROLE,
        **kw,
    )


def prediction_job(client: Any, job_id: str = "pred_1", path: str = "", **kw: Any) -> None:
    client.create_batch_prediction_job(
        jobId=job_id,
        inputPath=path or f"s3://{BUCKET}/predict.csv",
        outputPath=f"s3://{BUCKET}/out",
        eventTypeName="payment",
        detectorName="payments",
        iamRoleArn=ROLE,
        **kw,
    )


def imported(client: Any, job_id: str = "imp_1") -> dict[str, Any]:
    item: dict[str, Any] = client.get_batch_import_jobs(jobId=job_id)["batchImports"][0]
    return item


def predicted(client: Any, job_id: str = "pred_1") -> dict[str, Any]:
    item: dict[str, Any] = client.get_batch_prediction_jobs(jobId=job_id)["batchPredictions"][0]
    return item


# Batch import -----------------------------------------------------------------------------------


def test_batch_import_stores_good_rows_and_counts_bad_ones(payments: Any, s3: Any) -> None:
    """Rows become stored events; a row SendEvent would refuse is a failed record, and is
    processed all the same (processed = total, as AWS answers)."""
    path = put(s3, "import.csv", IMPORT_CSV)
    assert (
        payments.create_batch_import_job(
            jobId="imp_1",
            inputPath=path,
            outputPath=f"s3://{BUCKET}/import-out",
            eventTypeName="payment",
            iamRoleArn=ROLE,
            tags=[{"key": "team", "value": "risk"}],
        )["ResponseMetadata"]["HTTPStatusCode"]
        == 200
    )
    assert imported(payments) == {
        "jobId": "imp_1",
        "status": "COMPLETE",
        "startTime": START,
        "completionTime": START,
        "inputPath": path,
        "outputPath": f"s3://{BUCKET}/import-out",
        "eventTypeName": "payment",
        "iamRoleArn": ROLE,
        "arn": f"{ARN}:batch-import/imp_1",
        "processedRecordsCount": 3,
        "failedRecordsCount": 1,
        "totalRecordsCount": 3,
    }
    event = payments.get_event(eventId="ev_1", eventTypeName="payment")["event"]
    assert event == {
        "eventId": "ev_1",
        "eventTypeName": "payment",
        "eventTimestamp": "2024-02-01T10:00:00Z",
        "eventVariables": {
            "amount": "950.5",
            "card_bin": "411111",
            "email_address": "a@example.com",
            "ip_address": "10.0.0.1",
        },
        "currentLabel": "fraud",
        "labelTimestamp": "2024-02-02T10:00:00Z",
        "entities": [{"entityType": "customer", "entityId": "cust_1"}],
    }
    assert (
        "currentLabel" not in payments.get_event(eventId="ev_2", eventTypeName="payment")["event"]
    )
    with pytest.raises(payments.exceptions.ResourceNotFoundException):
        payments.get_event(eventId="ev_3", eventTypeName="payment")
    tags = payments.list_tags_for_resource(resourceARN=f"{ARN}:batch-import/imp_1")["tags"]
    assert tags == [{"key": "team", "value": "risk"}]


def test_import_takes_the_timestamp_forms_of_send_event(payments: Any, s3: Any) -> None:
    """EVENT_TIMESTAMP and LABEL_TIMESTAMP in any form SendEvent takes, '-' between the parts of
    the date included (AWS's page "Store event data using the SendEvent API operation"); the
    stored event keeps the text as sent, as SendEvent's does. A row in none is a failed record."""
    put(
        s3,
        "import.csv",
        "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,EVENT_LABEL,LABEL_TIMESTAMP,amount\n"
        "ev_1,2024-02-01 10:00:00,cust_1,customer,fraud,02-02-2024 9:30 AM,950.5\n"
        "ev_2,2024-02-01,cust_2,customer,,,12.0\n"
        "ev_3,2024-02-01 10,cust_3,customer,,,12.0\n",
    )
    import_job(payments)
    job = imported(payments)
    assert (job["processedRecordsCount"], job["failedRecordsCount"]) == (3, 1)
    events = [
        payments.get_event(eventId=event_id, eventTypeName="payment")["event"]
        for event_id in ("ev_1", "ev_2")
    ]
    assert [(e["eventTimestamp"], e.get("labelTimestamp")) for e in events] == [
        ("2024-02-01 10:00:00", "02-02-2024 9:30 AM"),
        ("2024-02-01", None),
    ]
    statistics = payments.get_event_types(name="payment")["eventTypes"][0]
    assert (
        statistics["ingestedEventStatistics"]["leastRecentEvent"],
        statistics["ingestedEventStatistics"]["mostRecentEvent"],
    ) == ("2024-02-01T00:00:00.000Z", "2024-02-01T10:00:00.000Z")


@pytest.mark.parametrize(
    ("key", "body", "reason"),
    [
        (
            "missing.csv",
            None,
            "The input file s3://fraud-data/missing.csv could not be read: "
            "The specified key does not exist.",
        ),
        (
            "bad.csv",
            "EVENT_ID,ENTITY_ID,amount\nx,y,1\n",
            "The input file header lacks the required columns ['EVENT_TIMESTAMP', 'ENTITY_TYPE'].",
        ),
        (
            "unknown.csv",
            "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,colour\n",
            "The input file header has columns ['colour'] that are not variables of the event "
            "type 'payment'.",
        ),
        (
            "empty.csv",
            "",
            "The input file s3://fraud-data/empty.csv could not be read: the file is empty.",
        ),
    ],
)
def test_unreadable_import_input_ends_failed(
    payments: Any, s3: Any, key: str, body: str | None, reason: str
) -> None:
    """Issue 7: the job is created, then ends FAILED with a failureReason."""
    if body is not None:
        put(s3, key, body)
    import_job(payments, path=f"s3://{BUCKET}/{key}")
    job = imported(payments)
    assert (job["status"], job["failureReason"], job["processedRecordsCount"]) == (
        "FAILED",
        reason,
        0,
    )
    assert job["completionTime"] == START


def test_without_moto_the_job_fails_and_reaches_no_s3(payments: Any) -> None:
    """[I] outside mock_aws the mock never talks to S3; the job ends FAILED."""
    import_job(payments)
    job = imported(payments)
    assert job["status"] == "FAILED"
    assert job["failureReason"] == (
        "The input file s3://fraud-data/import.csv could not be read: no S3 is available to the "
        "mock: run the job inside moto's mock_aws so that the input file can be read."
    )


def test_import_errors(payments: Any, store: Store, s3: Any) -> None:
    """Unknown event type → RNF; a jobId used before (even deleted) → Validation."""
    put(s3, "import.csv", IMPORT_CSV)
    params = {
        "jobId": "imp_1",
        "inputPath": f"s3://{BUCKET}/import.csv",
        "outputPath": f"s3://{BUCKET}/o",
        "iamRoleArn": ROLE,
    }
    refused(
        lambda: payments.create_batch_import_job(eventTypeName="nope", **params),
        "ResourceNotFoundException",
        "The event type 'nope' does not exist.",
        unchanged=store,
    )
    payments.create_batch_import_job(eventTypeName="payment", **params)
    expected = "A batch job with the jobId 'imp_1' already exists or existed; use a new jobId."
    refused(
        lambda: payments.create_batch_import_job(eventTypeName="payment", **params),
        "ValidationException",
        expected,
        unchanged=store,
    )
    payments.delete_batch_import_job(jobId="imp_1")
    refused(
        lambda: payments.create_batch_import_job(eventTypeName="payment", **params),
        "ValidationException",
        expected,
        unchanged=store,
    )


def test_get_cancel_delete_unknown_jobs(payments: Any, store: Store) -> None:
    """Get and Cancel of an unknown job → RNF; Delete models no RNF and succeeds."""
    for method, noun in [
        ("get_batch_import_jobs", "batch import"),
        ("get_batch_prediction_jobs", "batch prediction"),
    ]:
        refused(
            partial(getattr(payments, method), jobId="x"),
            "ResourceNotFoundException",
            f"The {noun} 'x' does not exist.",
            unchanged=store,
        )
    for method, noun in [
        ("cancel_batch_import_job", "batch import job"),
        ("cancel_batch_prediction_job", "batch prediction job"),
    ]:
        refused(
            partial(getattr(payments, method), jobId="x"),
            "ResourceNotFoundException",
            f"The {noun} 'x' does not exist.",
            unchanged=store,
        )
    assert payments.delete_batch_import_job(jobId="x")["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (
        payments.delete_batch_prediction_job(jobId="x")["ResponseMetadata"]["HTTPStatusCode"] == 200
    )
    assert payments.get_batch_import_jobs()["batchImports"] == []
    assert payments.get_batch_prediction_jobs()["batchPredictions"] == []


def test_manual_progression_cancel_and_delete(payments: Any, store: Store, s3: Any) -> None:
    """IN_PROGRESS_INITIALIZING → IN_PROGRESS; cancel → CANCEL_IN_PROGRESS → CANCELED;
    a running job cannot be deleted [I]; an ended one cannot be canceled [I]."""
    put(s3, "import.csv", IMPORT_CSV)
    transitions = get_backend().transitions
    with transitions.manual():
        import_job(payments)
        job = imported(payments)
        assert (job["status"], job["processedRecordsCount"]) == ("IN_PROGRESS_INITIALIZING", 0)
        assert "totalRecordsCount" not in job and "completionTime" not in job
        assert transitions.advance_jobs() == [f"{ARN}:batch-import/imp_1"]
        assert imported(payments)["status"] == "IN_PROGRESS"
        refused(
            lambda: payments.delete_batch_import_job(jobId="imp_1"),
            "ValidationException",
            "The batch import job 'imp_1' is IN_PROGRESS; cancel it and wait until it ends first.",
            unchanged=store,
        )
        payments.cancel_batch_import_job(jobId="imp_1")
        assert imported(payments)["status"] == "CANCEL_IN_PROGRESS"
        refused(
            lambda: payments.cancel_batch_import_job(jobId="imp_1"),
            "ValidationException",
            "The batch import job 'imp_1' is CANCEL_IN_PROGRESS and cannot be canceled.",
            unchanged=store,
        )
        transitions.finish_jobs("imp_1")
        job = imported(payments)
    assert (job["status"], job["completionTime"], job["processedRecordsCount"]) == (
        "CANCELED",
        START,
        0,
    )
    assert "payment" not in store.events  # a canceled import stores nothing
    refused(
        lambda: payments.cancel_batch_import_job(jobId="imp_1"),
        "ValidationException",
        "The batch import job 'imp_1' is CANCELED and cannot be canceled.",
        unchanged=store,
    )
    payments.delete_batch_import_job(jobId="imp_1")
    assert payments.get_batch_import_jobs()["batchImports"] == []


def test_after_reads_polling_sees_each_status(payments: Any, s3: Any) -> None:
    """issue 7: the same controllable schedule as model versions."""
    put(s3, "import.csv", IMPORT_CSV)
    with get_backend().transitions.after_reads(1):
        import_job(payments)
        seen = [imported(payments)["status"] for _ in range(4)]
    assert seen == ["IN_PROGRESS_INITIALIZING", "IN_PROGRESS", "COMPLETE", "COMPLETE"]


def test_listing_pages(payments: Any, s3: Any) -> None:
    """Jobs by jobId, a page at a time (docs/behaviour.md, "Pagination")."""
    put(s3, "import.csv", IMPORT_CSV)
    for job_id in ("c", "a", "b"):
        import_job(payments, job_id)
    first = payments.get_batch_import_jobs(maxResults=2)
    assert [j["jobId"] for j in first["batchImports"]] == ["a", "b"]
    second = payments.get_batch_import_jobs(maxResults=2, nextToken=first["nextToken"])
    assert [j["jobId"] for j in second["batchImports"]] == ["c"]
    assert "nextToken" not in second


# Batch prediction -------------------------------------------------------------------------------


def rows_of(s3: Any, key: str) -> list[dict[str, str]]:
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_round_trip_import_then_predict(payments: Any, store: Store, s3: Any) -> None:
    """The output CSV holds every input column plus MODEL_SCORES, OUTCOMES, STATUS,
    RULE_RESULTS; the ACTIVE version is used when none is named [I]. A scored row's
    EVENT_TIMESTAMP is written with milliseconds, a failed row's as given."""
    put(s3, "import.csv", IMPORT_CSV)
    import_job(payments)
    assert imported(payments)["processedRecordsCount"] == 3
    put(s3, "predict.csv", PREDICT_CSV)
    prediction_job(payments)
    assert predicted(payments) == {
        "jobId": "pred_1",
        "status": "COMPLETE",
        "startTime": START,
        "completionTime": START,
        "inputPath": f"s3://{BUCKET}/predict.csv",
        "outputPath": f"s3://{BUCKET}/out",
        "eventTypeName": "payment",
        "iamRoleArn": ROLE,
        "arn": f"{ARN}:batch-prediction/pred_1",
        "processedRecordsCount": 3,
        "totalRecordsCount": 3,
        "detectorName": "payments",
        "detectorVersion": "1",
        "lastHeartbeatTime": START,
    }
    rows = rows_of(s3, f"out/pred_1_{EPOCH}_output.csv")
    base = {"ENTITY_TYPE": "customer"}
    assert rows == [
        {
            **base,
            "EVENT_ID": "p_1",
            "EVENT_TIMESTAMP": "2024-03-01T08:00:00.000Z",
            "ENTITY_ID": "cust_1",
            "amount": "950.5",
            "card_bin": "411111",
            "MODEL_SCORES": "{}",
            "OUTCOMES": "review,block",
            "STATUS": "Success",
            "RULE_RESULTS": (
                "[{'ruleId': 'big', 'outcomes': ['review']}, "
                "{'ruleId': 'bin', 'outcomes': ['block']}]"
            ),
        },
        {
            **base,
            "EVENT_ID": "p_2",
            "EVENT_TIMESTAMP": "2024-03-01T08:01:00.000Z",
            "ENTITY_ID": "cust_2",
            "amount": "12.0",
            "card_bin": "422222",
            "MODEL_SCORES": "{}",
            "OUTCOMES": "approve",
            "STATUS": "Success",
            "RULE_RESULTS": "[{'ruleId': 'rest', 'outcomes': ['approve']}]",
        },
        {
            **base,
            "EVENT_ID": "p_3",
            "EVENT_TIMESTAMP": "2024-03-01T08:02:00Z",  # failed: as given
            "ENTITY_ID": "cust_3",
            "amount": "lots",
            "card_bin": "433333",
            "MODEL_SCORES": "",
            "OUTCOMES": "",
            "STATUS": rows[2]["STATUS"],
            "RULE_RESULTS": "",
        },
    ]
    assert rows[2]["STATUS"] == (
        "ValidationException: The value of the event variable 'amount' is not a valid FLOAT."
    )


def test_prediction_errors(payments: Any, store: Store, s3: Any) -> None:
    """Unknown event type, detector or version → RNF; one job at a time [I]."""
    put(s3, "predict.csv", PREDICT_CSV)
    params = {
        "jobId": "pred_1",
        "inputPath": f"s3://{BUCKET}/predict.csv",
        "outputPath": f"s3://{BUCKET}/out",
        "iamRoleArn": ROLE,
    }
    for extra, message in [
        (
            {"eventTypeName": "nope", "detectorName": "payments"},
            "The event type 'nope' does not exist.",
        ),
        (
            {"eventTypeName": "payment", "detectorName": "ghost"},
            "The detector 'ghost' does not exist.",
        ),
    ]:
        refused(
            partial(payments.create_batch_prediction_job, **params, **extra),
            "ResourceNotFoundException",
            message,
            unchanged=store,
        )
    refused(
        lambda: payments.create_batch_prediction_job(
            eventTypeName="payment", detectorName="payments", detectorVersion="9", **params
        ),
        "ResourceNotFoundException",
        unchanged=store,
    )
    with get_backend().transitions.manual():
        prediction_job(payments)
        refused(
            lambda: payments.create_batch_prediction_job(
                eventTypeName="payment", detectorName="payments", **{**params, "jobId": "pred_2"}
            ),
            "ValidationException",
            (
                "The batch prediction job 'pred_1' is still running; only one batch prediction job "
                "may run at a time per account."
            ),
            unchanged=store,
        )
        payments.cancel_batch_prediction_job(jobId="pred_1")
        get_backend().transitions.finish_jobs()
    assert predicted(payments)["status"] == "CANCELED"
    prediction_job(payments, "pred_2")  # the first ended: a new one may run
    assert predicted(payments, "pred_2")["status"] == "COMPLETE"
    refused(
        lambda: payments.cancel_batch_prediction_job(jobId="pred_2"),
        "ValidationException",
        "The batch prediction job 'pred_2' is COMPLETE and cannot be canceled.",
        unchanged=store,
    )
    payments.delete_batch_prediction_job(jobId="pred_2")
    assert [j["jobId"] for j in payments.get_batch_prediction_jobs()["batchPredictions"]] == [
        "pred_1"
    ]


def test_prediction_job_failures(payments: Any, s3: Any) -> None:
    """Issue 7: a missing input or an output bucket that does not exist ends FAILED."""
    prediction_job(payments, "missing", path=f"s3://{BUCKET}/nothing.csv")
    job = predicted(payments, "missing")
    assert (job["status"], job["failureReason"]) == (
        "FAILED",
        "The input file s3://fraud-data/nothing.csv could not be read: "
        "The specified key does not exist.",
    )
    assert "totalRecordsCount" not in job
    put(s3, "predict.csv", PREDICT_CSV)
    payments.create_batch_prediction_job(
        jobId="nowhere",
        inputPath=f"s3://{BUCKET}/predict.csv",
        outputPath="s3://no-such-bucket/scored.csv",
        eventTypeName="payment",
        detectorName="payments",
        iamRoleArn=ROLE,
    )
    job = predicted(payments, "nowhere")
    assert (job["status"], job["failureReason"]) == (
        "FAILED",
        f"The output file s3://no-such-bucket/scored.csv/nowhere_{EPOCH}_output.csv could not "
        "be written: The specified bucket does not exist",
    )


def test_named_version_of_any_status_and_event_type_check(
    payments: Any, store: Store, s3: Any
) -> None:
    """Any detector version status will do; the event type must be the detector's."""
    refs = create_rules(payments, [("small", "$amount < 100", ["approve"])])
    assert create_version(payments, refs, activate=False) == "2"
    put(s3, "predict.csv", PREDICT_CSV)
    prediction_job(payments, path=f"s3://{BUCKET}/predict.csv", detectorVersion="2")
    job = predicted(payments)
    assert (job["status"], job["detectorVersion"]) == ("COMPLETE", "2")
    outcomes = [row["OUTCOMES"] for row in rows_of(s3, f"out/pred_1_{EPOCH}_output.csv")]
    assert outcomes == ["", "approve", ""]
    payments.put_event_type(
        name="login", eventVariables=["amount"], entityTypes=["customer"], eventIngestion="DISABLED"
    )
    refused(
        lambda: payments.create_batch_prediction_job(
            jobId="pred_2",
            inputPath=f"s3://{BUCKET}/predict.csv",
            outputPath=f"s3://{BUCKET}/out",
            eventTypeName="login",
            detectorName="payments",
            iamRoleArn=ROLE,
        ),
        "ValidationException",
        "The detector 'payments' evaluates events of the event type 'payment', not 'login'.",
        unchanged=store,
    )


def test_jobs_are_taggable(payments: Any, s3: Any) -> None:
    """batch-prediction/<jobId> is a taggable ARN."""
    put(s3, "predict.csv", PREDICT_CSV)
    prediction_job(payments)
    arn = f"{ARN}:batch-prediction/pred_1"
    payments.tag_resource(resourceARN=arn, tags=[{"key": "k", "value": "v"}])
    assert payments.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "k", "value": "v"}]
    payments.delete_batch_prediction_job(jobId="pred_1")
    with pytest.raises(payments.exceptions.ResourceNotFoundException):
        payments.list_tags_for_resource(resourceARN=arn)


def test_listing_reads_move_jobs_under_after_reads(payments: Any, s3: Any) -> None:
    """issue 7: a poller listing every job sees them move too."""
    put(s3, "predict.csv", PREDICT_CSV)
    with get_backend().transitions.after_reads(1):
        prediction_job(payments)
        seen = [
            payments.get_batch_prediction_jobs()["batchPredictions"][0]["status"] for _ in range(3)
        ]
    assert seen == ["IN_PROGRESS_INITIALIZING", "IN_PROGRESS", "COMPLETE"]
    assert predicted(payments)["processedRecordsCount"] == 3
