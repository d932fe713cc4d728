"""Batch prediction jobs at work: each row of the input scored by GetEventPrediction with the
backend's controls, and the output written to S3 (store/batch_jobs.py holds the jobs and their
status; the store calls ``run`` through its hooks when a job reaches COMPLETE).

The added columns follow the one public output of the service (docs/behaviour.md, "Batch
jobs"): MODEL_SCORES as Python-literal text ``{'<modelId>': 953.0}``, OUTCOMES as plain text,
STATUS ``Success``; RULE_RESULTS, which AWS's "Batch predictions" page lists, in the same
literal style. A row's EVENT_TIMESTAMP may be in any form SendEvent takes (``2020-04-11
17:27:38`` in that output): it is scored, and written back, as ISO 8601 in UTC with milliseconds
(``2020-04-11T17:27:38.000Z``), as the service wrote it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import format_instant
from frauddetector_mock.controls.predicting import Predicting
from frauddetector_mock.detectorpl.values import parse_datetime
from frauddetector_mock.errors import FraudDetectorError, ValidationException
from frauddetector_mock.messages import batch_jobs as batch_job_messages
from frauddetector_mock.predict.handler import check_timestamp, handle_get_event_prediction
from frauddetector_mock.store.batch_jobs import (
    ADDED_COLUMNS,
    SUCCESS,
    BatchPredictionJob,
    cells_of,
    event_params,
    write_output,
)
from frauddetector_mock.store.event_timestamps import parse_event_timestamp
from frauddetector_mock.store.lifecycle import score_variable

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


def run(store: Store, job: BatchPredictionJob, controls: Predicting) -> None:
    """Score every row of ``job``'s input as GetEventPrediction would, and write the output CSV
    with the added columns. Every row read counts as processed; a row that fails says why in
    its STATUS, leaves the other added columns empty and keeps the input's text; a scored row
    carries the timestamp it was scored with."""
    variables = store.event_types[job.event_type_name].event_variables
    width = len(job.header)
    timestamp_at = job.header.index("EVENT_TIMESTAMP")  # a required column
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*job.header, *ADDED_COLUMNS])
    job.total_records = len(job.rows)
    for row in job.rows:
        job.processed_records += 1
        # A ragged row is cut or padded to the header, so that the added columns line up.
        kept = row[:width] + [""] * (width - len(row))
        cells = cells_of(job.header, row)
        if isinstance(cells, str):
            job.failed_records += 1
            writer.writerow([*kept, "", "", f"ValidationException: {cells}", ""])
            continue
        params = event_params(job, cells, variables)
        params["detectorId"] = job.detector_name
        params["detectorVersionId"] = job.detector_version
        given = cells["EVENT_TIMESTAMP"]
        params["eventTimestamp"], reason = _as_scored(given)
        try:
            if reason is not None:
                _check_row_timestamp(given, reason)
            result = handle_get_event_prediction(store, params, controls)
        except FraudDetectorError as error:
            job.failed_records += 1
            writer.writerow([*kept, "", "", f"{error.code}: {error.message}", ""])
            continue
        kept[timestamp_at] = format_instant(parse_datetime(params["eventTimestamp"]))
        writer.writerow([*kept, *_added(result)])
    write_output(store, job, out.getvalue())


def _as_scored(text: str) -> tuple[str, str | None]:
    """The row's EVENT_TIMESTAMP as GetEventPrediction is to take it, and why it is in none of
    SendEvent's forms (None when it is in one). Those forms become ISO 8601 in UTC with
    milliseconds; any other text goes as it is, so that GetEventPrediction's own ISO 8601 forms
    (fractions of a second, offsets) are scored as a direct call scores them."""
    try:
        return format_instant(parse_event_timestamp(text)), None
    except ValueError as error:
        return text, str(error)


def _check_row_timestamp(text: str, reason: str) -> None:
    """A timestamp in none of SendEvent's forms is scored only in GetEventPrediction's own; in
    neither, the row's status says which forms a row takes."""
    try:
        check_timestamp(text)
    except ValidationException:
        raise ValidationException(batch_job_messages.batch_event_timestamp(text, reason)) from None


def _added(result: dict[str, Any]) -> list[str]:
    """MODEL_SCORES, OUTCOMES, STATUS, RULE_RESULTS of a scored row."""
    scores: dict[str, float] = {}
    for entry in result["modelScores"]:
        model_id = entry["modelVersion"]["modelId"]
        for name, value in entry["scores"].items():
            # Keyed by the model's id, as AWS's output is, not by its score variable.
            key = model_id if name == score_variable(model_id) else name
            scores[key] = float(value)
    outcomes = [o for rule in result["ruleResults"] for o in rule["outcomes"]]
    rules = [
        {"ruleId": rule["ruleId"], "outcomes": list(rule["outcomes"])}
        for rule in result["ruleResults"]
    ]
    # repr() writes the Python-literal text AWS's output shows: single quotes, ": ", floats.
    return [repr(scores), ",".join(outcomes), SUCCESS, repr(rules)]
