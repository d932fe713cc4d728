"""The output file of a batch prediction job, as AWS's one public output shows it
(docs/behaviour.md, "Batch jobs"): its name, its added columns, and the job's counts, with S3
served by moto's mock_aws."""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from frauddetector_mock import get_backend
from tests.prediction.helpers import (
    ROLE,
    create_rules,
    create_version,
    deploy_model,
    set_up_event_type,
)

BUCKET = "fraud-data"
MODEL = "fraud_model"
NINE = "2024-03-01T09:00:00Z"
NINE_EPOCH = 1709283600  # NINE in epoch seconds
HEADER = "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount,email_address\n"
ROWS = (
    "p_1,2024-03-01T08:00:00Z,cust_1,customer,950.5,a@example.com\n"
    "p_2,2024-03-01T08:01:00Z,cust_2,customer,12.0,b@example.com\n"
)
BAD_VALUE = "p_3,2024-03-01T08:02:00Z,cust_3,customer,lots,c@example.com\n"
SHORT_ROW = "p_4,2024-03-01T08:03:00Z,cust_4\n"


@pytest.fixture
def scored(client: Any) -> Any:
    """The payment detector, version 1 ACTIVE: a model, and rules on its score."""
    get_backend().clock.freeze(NINE)
    set_up_event_type(client)
    model = deploy_model(client, MODEL)  # before mock_aws: its training reads no S3
    refs = create_rules(
        client,
        [
            ("risky", f"${MODEL}_insightscore > 900", ["review"]),
            ("calm", f"${MODEL}_insightscore <= 900", ["approve"]),
        ],
    )
    create_version(client, refs, models=[model])
    scores = get_backend().scores
    scores.for_event(MODEL, "p_1", 953)
    scores.for_event(MODEL, "p_2", 14)
    return client


@pytest.fixture
def s3(scored: Any) -> Iterator[Any]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key="in.csv", Body=(HEADER + ROWS).encode())
        yield s3


def predict(client: Any, job_id: str, output_path: str, key: str = "in.csv") -> dict[str, Any]:
    client.create_batch_prediction_job(
        jobId=job_id,
        inputPath=f"s3://{BUCKET}/{key}",
        outputPath=output_path,
        eventTypeName="payment",
        detectorName="payments",
        iamRoleArn=ROLE,
    )
    job: dict[str, Any] = client.get_batch_prediction_jobs(jobId=job_id)["batchPredictions"][0]
    return job


def keys(s3: Any) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"])


def rows_of(s3: Any, key: str) -> list[dict[str, str]]:
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_output_file_is_named_by_job_id_and_epoch_seconds(scored: Any, s3: Any) -> None:
    """`<outputPath>/<jobId>_<epochSeconds>_output.csv`, under the bucket itself, a folder with
    or without its slash, and a path ending in .csv alike (it names a folder too)."""
    for job_id, path in [
        ("at_root", f"s3://{BUCKET}"),
        ("in_folder", f"s3://{BUCKET}/scored"),
        ("slash", f"s3://{BUCKET}/scored/"),
        ("named_csv", f"s3://{BUCKET}/results/scored.csv"),
    ]:
        assert predict(scored, job_id, path)["status"] == "COMPLETE"
    assert keys(s3) == [
        f"at_root_{NINE_EPOCH}_output.csv",
        "in.csv",
        f"results/scored.csv/named_csv_{NINE_EPOCH}_output.csv",
        f"scored/in_folder_{NINE_EPOCH}_output.csv",
        f"scored/slash_{NINE_EPOCH}_output.csv",
    ]
    # The notebook's way of finding it: the one key that starts with the job id.
    found = s3.list_objects_v2(Bucket=BUCKET, Prefix="at_root")["Contents"]
    assert [item["Key"] for item in found] == [f"at_root_{NINE_EPOCH}_output.csv"]


def test_the_name_carries_when_scoring_began_not_completion(scored: Any, s3: Any) -> None:
    """AWS's file names carry a second ~30 s after startTime, minutes before completionTime:
    the moment the job reached IN_PROGRESS."""
    clock = get_backend().clock
    transitions = get_backend().transitions
    with transitions.manual():
        predict(scored, "slow", f"s3://{BUCKET}/out")
        clock.advance(29)
        transitions.advance_jobs("slow")  # IN_PROGRESS at 09:00:29
        clock.advance(minutes=5)
        transitions.finish_jobs("slow")
    job = scored.get_batch_prediction_jobs(jobId="slow")["batchPredictions"][0]
    assert (job["startTime"], job["completionTime"]) == (NINE, "2024-03-01T09:05:29Z")
    assert keys(s3) == ["in.csv", f"out/slow_{NINE_EPOCH + 29}_output.csv"]


def test_model_scores_text_reads_back_with_the_notebooks_slice(scored: Any, s3: Any) -> None:
    """`{'<modelId>': 953.0}`: single quotes, ': ', a float; the notebook cuts the number out
    with str.slice(19, -1) for its 15-letter model id, i.e. from len(modelId) + 4."""
    predict(scored, "pred_1", f"s3://{BUCKET}/out")
    rows = rows_of(s3, f"out/pred_1_{NINE_EPOCH}_output.csv")
    texts = [row["MODEL_SCORES"] for row in rows]
    assert texts == ["{'fraud_model': 953.0}", "{'fraud_model': 14.0}"]
    assert [text[len(MODEL) + 5 : -1] for text in texts] == ["953.0", "14.0"]
    assert [float(text[len(MODEL) + 4 : -1]) for text in texts] == [953.0, 14.0]
    assert ast.literal_eval(texts[0]) == {MODEL: 953.0}


def test_outcomes_status_and_rule_results_columns(scored: Any, s3: Any) -> None:
    """Columns after the input's: MODEL_SCORES, OUTCOMES (plain text), STATUS (`Success`),
    RULE_RESULTS (the matched rules, as Python-literal text)."""
    predict(scored, "pred_1", f"s3://{BUCKET}/out")
    body = s3.get_object(Bucket=BUCKET, Key=f"out/pred_1_{NINE_EPOCH}_output.csv")["Body"]
    assert body.read().decode() == (
        "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount,email_address,"
        "MODEL_SCORES,OUTCOMES,STATUS,RULE_RESULTS\n"
        "p_1,2024-03-01T08:00:00Z,cust_1,customer,950.5,a@example.com,"
        "{'fraud_model': 953.0},review,Success,\"[{'ruleId': 'risky', 'outcomes': ['review']}]\"\n"
        "p_2,2024-03-01T08:01:00Z,cust_2,customer,12.0,b@example.com,"
        "{'fraud_model': 14.0},approve,Success,\"[{'ruleId': 'calm', 'outcomes': ['approve']}]\"\n"
    )


def test_failed_rows_are_processed_and_say_why(scored: Any, s3: Any) -> None:
    """processedRecordsCount counts every row read, failed ones included (AWS's 5000-row run
    answered 5000 processed while some rows carry no score); a failed row's STATUS says why,
    its other added columns are empty, and a short row is padded so that they line up."""
    s3.put_object(Bucket=BUCKET, Key="mixed.csv", Body=(HEADER + ROWS + BAD_VALUE + SHORT_ROW))
    job = predict(scored, "mixed", f"s3://{BUCKET}/out", key="mixed.csv")
    assert (job["status"], job["processedRecordsCount"], job["totalRecordsCount"]) == (
        "COMPLETE",
        4,
        4,
    )
    assert "failedRecordsCount" not in job  # BatchPrediction has no such member
    rows = rows_of(s3, f"out/mixed_{NINE_EPOCH}_output.csv")
    added = [
        (row["EVENT_ID"], row["MODEL_SCORES"], row["OUTCOMES"], row["STATUS"], row["RULE_RESULTS"])
        for row in rows
    ]
    assert added[2:] == [
        (
            "p_3",
            "",
            "",
            "ValidationException: The value of the event variable 'amount' is not a valid FLOAT.",
            "",
        ),
        (
            "p_4",
            "",
            "",
            "ValidationException: The row has 3 values where the header has 6 columns.",
            "",
        ),
    ]
    assert [row["STATUS"] for row in rows[:2]] == ["Success", "Success"]
    assert (rows[3]["ENTITY_TYPE"], rows[3]["email_address"]) == ("", "")


def test_import_counts_every_row_read_as_processed(scored: Any, s3: Any) -> None:
    """GetBatchImportJobs: processed = total, failed ones included; failed = the refused rows
    (AWS's saved answers: 116705 processed, 1 failed, 116705 total)."""
    s3.put_object(
        Bucket=BUCKET,
        Key="import.csv",
        Body=(HEADER + ROWS + BAD_VALUE + SHORT_ROW),
    )
    scored.create_batch_import_job(
        jobId="imp_1",
        inputPath=f"s3://{BUCKET}/import.csv",
        outputPath=f"s3://{BUCKET}/import-out",
        eventTypeName="payment",
        iamRoleArn=ROLE,
    )
    job = scored.get_batch_import_jobs(jobId="imp_1")["batchImports"][0]
    counts = (job["processedRecordsCount"], job["failedRecordsCount"], job["totalRecordsCount"])
    assert (job["status"], counts) == ("COMPLETE", (4, 2, 4))
    stored = [
        scored.get_event(eventId=event_id, eventTypeName="payment")["event"]["eventId"]
        for event_id in ("p_1", "p_2")
    ]
    assert stored == ["p_1", "p_2"]
    assert keys(s3) == ["import.csv", "in.csv"]  # an import writes no output file
