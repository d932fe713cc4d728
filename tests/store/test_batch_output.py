"""The output file of a batch prediction job, as AWS's one public output shows it
(docs/behaviour.md, "Batch jobs"): its name, its added columns, and the job's counts, with S3
served by moto's mock_aws."""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.moto_s3 import s3_bucket
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
    with s3_bucket(BUCKET) as s3:
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
    RULE_RESULTS (the matched rules, as Python-literal text); EVENT_TIMESTAMP is written back as
    it was scored, with milliseconds."""
    predict(scored, "pred_1", f"s3://{BUCKET}/out")
    body = s3.get_object(Bucket=BUCKET, Key=f"out/pred_1_{NINE_EPOCH}_output.csv")["Body"]
    assert body.read().decode() == (
        "EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount,email_address,"
        "MODEL_SCORES,OUTCOMES,STATUS,RULE_RESULTS\n"
        "p_1,2024-03-01T08:00:00.000Z,cust_1,customer,950.5,a@example.com,"
        "{'fraud_model': 953.0},review,Success,\"[{'ruleId': 'risky', 'outcomes': ['review']}]\"\n"
        "p_2,2024-03-01T08:01:00.000Z,cust_2,customer,12.0,b@example.com,"
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


# EVENT_TIMESTAMP of a row --------------------------------------------------------------------

FORMS = (
    "yyyy-mm-ddTHH:MM:SSZ, yyyy/mm/dd, mm/dd/yyyy or mm/dd/yy ('-' may stand for '/'), the last "
    "three alone or followed by HH:MM:SS or HH:MM and optionally AM or PM (UTC)"
)
# Each form SendEvent takes, and GetEventPrediction's own ISO 8601 forms, with the instant it is
# scored at and written back as.
ROW_TIMESTAMPS = [
    ("2024-02-29 23:59:58", "2024-02-29T23:59:58.000Z"),  # the saved run's form, dashes
    ("2024/03/01 8:01:00 AM", "2024-03-01T08:01:00.000Z"),
    ("03/01/2024 20:02", "2024-03-01T20:02:00.000Z"),
    ("3-1-24 8:03:30 PM", "2024-03-01T20:03:30.000Z"),
    ("2024-03-01", "2024-03-01T00:00:00.000Z"),
    ("2024-03-01T08:04:00Z", "2024-03-01T08:04:00.000Z"),
    ("2024-03-01T10:05:00.25+02:00", "2024-03-01T08:05:00.250Z"),
    ("2024-03-01T08:06:00.123456789Z", "2024-03-01T08:06:00.123Z"),
]


def _timestamp_rows(timestamps: list[str]) -> str:
    return HEADER + "".join(
        f"t_{n},{sent},cust_{n},customer,12.0,t{n}@example.com\n"
        for n, sent in enumerate(timestamps)
    )


def test_rows_take_every_form_sendevent_takes(scored: Any, s3: Any) -> None:
    """AWS scored rows stamped `2020-04-11 17:27:38` (STATUS Success) and wrote them back as
    `2020-04-11T17:27:38.000Z` (Fraud_Detector_BatchPrediction_API_Example.ipynb of
    aws-samples/aws-fraud-detector-samples): a row takes SendEvent's forms and GetEventPrediction's
    own; each is scored, recorded and written as ISO 8601 in UTC with milliseconds."""
    s3.put_object(
        Bucket=BUCKET,
        Key="stamps.csv",
        Body=_timestamp_rows([sent for sent, _ in ROW_TIMESTAMPS]).encode(),
    )
    for n in range(len(ROW_TIMESTAMPS)):
        get_backend().scores.for_event(MODEL, f"t_{n}", 100 + n)
    job = predict(scored, "stamps", f"s3://{BUCKET}/out", key="stamps.csv")
    assert (job["status"], job["processedRecordsCount"]) == ("COMPLETE", len(ROW_TIMESTAMPS))
    rows = rows_of(s3, f"out/stamps_{NINE_EPOCH}_output.csv")
    assert [(row["EVENT_TIMESTAMP"], row["STATUS"], row["MODEL_SCORES"]) for row in rows] == [
        (written, "Success", f"{{'fraud_model': {100 + n}.0}}")
        for n, (_, written) in enumerate(ROW_TIMESTAMPS)
    ]
    summaries = scored.list_event_predictions(eventType={"value": "payment"}, maxResults=50)[
        "eventPredictionSummaries"
    ]
    recorded = {summary["eventId"]: summary["eventTimestamp"] for summary in summaries}
    # SendEvent's forms are scored normalised; GetEventPrediction's own forms as sent.
    assert recorded == {
        f"t_{n}": written if n < 6 else sent for n, (sent, written) in enumerate(ROW_TIMESTAMPS)
    }


def test_a_row_stamped_in_none_of_the_forms_fails_saying_which_forms(scored: Any, s3: Any) -> None:
    """A timestamp in none of the forms, or naming no real instant, fails its row with the forms
    a row takes; the row keeps its text, and the other rows are scored."""
    bad = ["yesterday", "2024-03-01T08:00:00", "2024/02/30 10:00", "2024-03-01 08:00:00.250"]
    s3.put_object(
        Bucket=BUCKET, Key="bad.csv", Body=_timestamp_rows([*bad, "2024-03-01 08:00"]).encode()
    )
    get_backend().scores.for_event(MODEL, "t_4", 14)
    job = predict(scored, "bad", f"s3://{BUCKET}/out", key="bad.csv")
    assert (job["status"], job["processedRecordsCount"], job["totalRecordsCount"]) == (
        "COMPLETE",
        5,
        5,
    )
    rows = rows_of(s3, f"out/bad_{NINE_EPOCH}_output.csv")
    not_a_form = f"is not valid: it is not in one of the forms {FORMS}."
    assert [(row["EVENT_TIMESTAMP"], row["STATUS"], row["MODEL_SCORES"]) for row in rows] == [
        (
            "yesterday",
            f"ValidationException: The EVENT_TIMESTAMP 'yesterday' of the row {not_a_form}",
            "",
        ),
        (
            "2024-03-01T08:00:00",
            "ValidationException: The EVENT_TIMESTAMP '2024-03-01T08:00:00' of the row "
            + not_a_form,
            "",
        ),
        (
            "2024/02/30 10:00",
            "ValidationException: The EVENT_TIMESTAMP '2024/02/30 10:00' of the row is not valid: "
            "it names no real instant (day is out of range for month).",
            "",
        ),
        (
            "2024-03-01 08:00:00.250",
            "ValidationException: The EVENT_TIMESTAMP '2024-03-01 08:00:00.250' of the row "
            + not_a_form,
            "",
        ),
        ("2024-03-01T08:00:00.000Z", "Success", "{'fraud_model': 14.0}"),
    ]
    summaries = scored.list_event_predictions(eventType={"value": "payment"}, maxResults=50)[
        "eventPredictionSummaries"
    ]
    assert [summary["eventId"] for summary in summaries] == ["t_4"]


def test_a_direct_prediction_still_wants_iso_8601(scored: Any, store: Store) -> None:
    """Only a batch row is read in SendEvent's forms: GetEventPrediction's own check is AWS's
    (API reference: "GetEventPrediction", ISO 8601 in UTC)."""
    refused(
        lambda: scored.get_event_prediction(
            detectorId="payments",
            eventId="direct",
            eventTypeName="payment",
            eventTimestamp="2024-03-01 08:00:00",
            entities=[{"entityType": "customer", "entityId": "cust_1"}],
            eventVariables={"amount": "12.0"},
        ),
        "ValidationException",
        "The eventTimestamp '2024-03-01 08:00:00' is not an ISO 8601 date and time in UTC, such as "
        "2024-03-01T09:30:00Z.",
        unchanged=store,
    )
