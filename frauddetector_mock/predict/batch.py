"""Batch prediction jobs at work: each row of the input scored by GetEventPrediction with the
backend's controls, and the output written to S3 (store/batch_jobs.py holds the jobs and their
status; the store calls ``run`` through its hooks when a job reaches COMPLETE)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from frauddetector_mock.controls.predicting import Predicting
from frauddetector_mock.errors import FraudDetectorError
from frauddetector_mock.predict.handler import handle_get_event_prediction
from frauddetector_mock.store.batch_jobs import (
    ADDED_COLUMNS,
    SUCCESS,
    BatchPredictionJob,
    cells_of,
    event_params,
    write_output,
)

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


def run(store: Store, job: BatchPredictionJob, controls: Predicting) -> None:
    """Score every row of ``job``'s input as GetEventPrediction would, and write the output CSV
    with the added columns; a row that fails is counted and says why in its STATUS."""
    variables = store.event_types[job.event_type_name].event_variables
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*job.header, *ADDED_COLUMNS])
    job.total_records = len(job.rows)
    for row in job.rows:
        cells = cells_of(job.header, row)
        if isinstance(cells, str):
            job.failed_records += 1
            writer.writerow([*row, "", "", f"ValidationException: {cells}", ""])
            continue
        params = event_params(job, cells, variables)
        params["detectorId"] = job.detector_name
        params["detectorVersionId"] = job.detector_version
        try:
            result = handle_get_event_prediction(store, params, controls)
        except FraudDetectorError as error:
            job.failed_records += 1
            writer.writerow([*row, "", "", f"{error.code}: {error.message}", ""])
            continue
        job.processed_records += 1
        writer.writerow([*row, *_added(result)])
    write_output(store, job, out.getvalue())


def _added(result: dict[str, Any]) -> list[str]:
    """MODEL_SCORES, OUTCOMES, STATUS, RULE_RESULTS of a scored row, as compact JSON."""
    scores: dict[str, float] = {}
    for entry in result["modelScores"]:
        scores.update(entry["scores"])
    for entry in result.get("externalModelOutputs", ()):
        scores.update(entry["outputs"])
    outcomes = [o for rule in result["ruleResults"] for o in rule["outcomes"]]
    return [_json(scores), _json(outcomes), SUCCESS, _json(result["ruleResults"])]


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))
