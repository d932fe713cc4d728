"""Batch import and batch prediction jobs."""

from __future__ import annotations


def batch_job_id_used(job_id: str) -> str:
    return f"A batch job with the jobId '{job_id}' already exists or existed; use a new jobId."


def batch_job_not_cancellable(kind: str, job_id: str, status: str) -> str:
    return f"The {kind} job '{job_id}' is {status} and cannot be canceled."


def batch_job_running(kind: str, job_id: str, status: str) -> str:
    return f"The {kind} job '{job_id}' is {status}; cancel it and wait until it ends first."


def batch_prediction_job_running(job_id: str) -> str:
    return (
        f"The batch prediction job '{job_id}' is still running; only one batch prediction job "
        "may run at a time per account."
    )


def batch_input_unreadable(path: str, reason: str) -> str:
    return f"The input file {path} could not be read: {reason}"


def batch_output_unwritable(path: str, reason: str) -> str:
    return f"The output file {path} could not be written: {reason}"


def batch_no_s3() -> str:
    return (
        "no S3 is available to the mock: run the job inside moto's mock_aws so that the "
        "input file can be read."
    )


def batch_header_missing(columns: list[str]) -> str:
    return f"The input file header lacks the required columns {columns}."


def batch_header_unknown(event_type: str, columns: list[str]) -> str:
    return (
        f"The input file header has columns {columns} that are not variables of the event "
        f"type '{event_type}'."
    )


def batch_header_repeated(columns: list[str]) -> str:
    return f"The input file header repeats the columns {columns}."


def batch_row_width(expected: int, found: int) -> str:
    return f"The row has {found} values where the header has {expected} columns."


def batch_event_timestamp(value: str, reason: str) -> str:
    return f"The EVENT_TIMESTAMP '{value}' of the row is not valid: {reason}."
