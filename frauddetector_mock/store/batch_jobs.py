"""Batch import and batch prediction jobs: a CSV read from S3, stored as events or scored
as GetEventPrediction would score it, with the output CSV written back to S3.

S3 goes through store/s3.py, and only while moto's ``mock_aws`` is active: the mock never
reaches the real S3. The input is read when the job is created; the events are stored, or the
rows scored (predict/batch.py, through ``Hooks.predict_batch``) and the output written, when the
job reaches COMPLETE. When that happens follows the store's pace (store/lifecycle.py), as for
model versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    FraudDetectorError,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import batch_jobs as batch_job_messages
from frauddetector_mock.messages import common
from frauddetector_mock.store import lifecycle, s3
from frauddetector_mock.store.detectors import resolve_version
from frauddetector_mock.store.events import handle_send_event
from frauddetector_mock.store.pagination import listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

INITIALIZING = "IN_PROGRESS_INITIALIZING"
IN_PROGRESS = "IN_PROGRESS"
CANCEL_IN_PROGRESS = "CANCEL_IN_PROGRESS"
COMPLETE, FAILED, CANCELED = "COMPLETE", "FAILED", "CANCELED"
ENDED = frozenset({COMPLETE, FAILED, CANCELED})
IMPORT_KEYS = ("EVENT_ID", "EVENT_TIMESTAMP", "ENTITY_ID", "ENTITY_TYPE")
LABEL_KEYS = ("EVENT_LABEL", "LABEL_TIMESTAMP")
ADDED_COLUMNS = ("MODEL_SCORES", "OUTCOMES", "STATUS", "RULE_RESULTS")
SUCCESS = "Success"  # as AWS's output writes it (docs/behaviour.md, "Batch jobs")


@dataclass(eq=False, kw_only=True)
class BatchJob(Resource):
    job_id: str
    input_path: str
    output_path: str
    event_type_name: str
    iam_role_arn: str
    status: str = INITIALIZING
    start_time: str = ""
    completion_time: str | None = None
    last_heartbeat_time: str = ""
    failure_reason: str | None = None
    processed_records: int = 0
    failed_records: int = 0
    total_records: int | None = None
    pending: list[str] = field(default_factory=list)  # statuses still to pass through
    reads: int = 0  # reads of the current status, for the after_reads mode
    # The input read at creation: its header and rows, or why it could not be used.
    header: list[str] = field(default_factory=list, repr=False)
    rows: list[list[str]] = field(default_factory=list, repr=False)
    input_error: str | None = None


@dataclass(eq=False, kw_only=True)
class BatchImportJob(BatchJob):
    pass


@dataclass(eq=False, kw_only=True)
class BatchPredictionJob(BatchJob):
    detector_name: str
    detector_version: str
    # Epoch seconds of the moment the job began scoring (reached IN_PROGRESS): AWS names the
    # output file by it, not by completionTime (docs/behaviour.md, "Batch jobs").
    scoring_started: int | None = None


Job = BatchImportJob | BatchPredictionJob


# Status progression ---------------------------------------------------------------------------


def _seconds(store: Store) -> str:
    """Job times carry whole seconds: ``2021-04-19T11:20:42Z`` (docs/behaviour.md, "Batch jobs")."""
    return store.timestamp()[:19] + "Z"


def _start(store: Store, job: Job, pending: list[str]) -> None:
    job.pending = pending
    job.reads = 0
    lifecycle.settle_item(store, job, _step)


def _step(store: Store, job: Job) -> None:
    """Move ``job`` to its next status, doing the work when it reaches the end of its way."""
    job.status = job.pending.pop(0)
    job.reads = 0
    now = _seconds(store)
    job.last_heartbeat_time = job.last_updated_time = now
    if job.status == IN_PROGRESS and isinstance(job, BatchPredictionJob):
        job.scoring_started = int(store.clock.now().timestamp())
    if job.status == COMPLETE:
        _run(store, job)
    if job.status in ENDED:
        job.pending.clear()
        job.completion_time = now
        job.rows = []  # the input is not needed any more


def _read(store: Store, job: Job) -> None:
    """A Get read of ``job``: under a pace of n reads, each status is seen by n reads."""
    if job.pending:
        lifecycle.read_item(store, job, _step)


def move(store: Store, job_id: str | None, *, to_the_end: bool) -> list[str]:
    """Move the matching jobs on their way (Transitions.advance_jobs / finish_jobs); their ARNs."""
    moved = []
    jobs: list[Job] = [*store.batch_imports.values(), *store.batch_predictions.values()]
    for job in jobs:
        if not job.pending or (job_id is not None and job.job_id != job_id):
            continue
        _step(store, job)
        while to_the_end and job.pending:
            _step(store, job)
        moved.append(job.arn)
    return moved


def pending(store: Store) -> dict[str, list[str]]:
    return {
        job.arn: list(job.pending)
        for jobs in (store.batch_imports, store.batch_predictions)
        for job in jobs.values()
        if job.pending
    }


def _output_key(store: Store, job: BatchPredictionJob) -> tuple[str, str]:
    """``<outputPath>/<jobId>_<epochSeconds>_output.csv``: ``outputPath`` is always a folder,
    even when it ends in ``.csv`` (docs/behaviour.md, "Batch jobs")."""
    bucket, prefix = s3.location(job.output_path)
    started = job.scoring_started
    if started is None:  # a job restored from a state saved before the stamp existed
        started = int(store.clock.now().timestamp())
    name = f"{job.job_id}_{started}_output.csv"
    prefix = prefix.rstrip("/")
    return bucket, f"{prefix}/{name}" if prefix else name


def write_output(store: Store, job: BatchPredictionJob, text: str) -> None:
    """Put the output CSV; a job that cannot ends FAILED with the reason."""
    bucket, key = _output_key(store, job)
    path = f"s3://{bucket}/{key}"
    try:
        s3.write_csv(store.region, path, text)
    except s3.S3Failure as failure:
        job.status = FAILED
        job.failure_reason = batch_job_messages.batch_output_unwritable(path, str(failure))


def _load_input(
    store: Store, job: Job, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    """Read the input now; a job whose input is unusable will end FAILED with the reason."""
    try:
        header, rows = s3.read_csv(store.region, job.input_path)
    except s3.S3Failure as failure:
        job.input_error = batch_job_messages.batch_input_unreadable(job.input_path, str(failure))
        return
    event_type = store.event_types[job.event_type_name]
    missing = [name for name in required if name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    known = {*required, *optional, *event_type.event_variables}
    unknown = [name for name in header if name not in known]
    if missing:
        job.input_error = batch_job_messages.batch_header_missing(missing)
    elif repeated:
        job.input_error = batch_job_messages.batch_header_repeated(repeated)
    elif unknown:
        job.input_error = batch_job_messages.batch_header_unknown(job.event_type_name, unknown)
    else:
        job.header, job.rows = header, rows


# Running a job ----------------------------------------------------------------------------------


def _run(store: Store, job: Job) -> None:
    if job.input_error is not None:
        job.status, job.failure_reason = FAILED, job.input_error
        return
    if isinstance(job, BatchImportJob):
        _import(store, job)
    else:
        store.hooks.predict_batch(store, job)


def cells_of(header: list[str], row: list[str]) -> dict[str, str] | str:
    if len(row) != len(header):
        return batch_job_messages.batch_row_width(len(header), len(row))
    return dict(zip(header, row, strict=True))


def event_params(job: Job, cells: dict[str, str], variables: list[str]) -> Params:
    return {
        "eventId": cells["EVENT_ID"],
        "eventTypeName": job.event_type_name,
        "eventTimestamp": cells["EVENT_TIMESTAMP"],
        "entities": [{"entityType": cells["ENTITY_TYPE"], "entityId": cells["ENTITY_ID"]}],
        # An empty cell is a value the event does not carry.
        "eventVariables": {name: cells[name] for name in variables if cells.get(name)},
    }


def _import(store: Store, job: BatchImportJob) -> None:
    """Store every good row. ``processedRecordsCount`` counts every row read, failed ones
    included, as AWS's answers show (docs/behaviour.md, "Batch jobs")."""
    variables = store.event_types[job.event_type_name].event_variables
    job.total_records = len(job.rows)
    for row in job.rows:
        job.processed_records += 1
        cells = cells_of(job.header, row)
        if isinstance(cells, str):
            job.failed_records += 1
            continue
        params = event_params(job, cells, variables)
        if cells.get("EVENT_LABEL"):
            params["assignedLabel"] = cells["EVENT_LABEL"]
            params["labelTimestamp"] = cells.get("LABEL_TIMESTAMP") or cells["EVENT_TIMESTAMP"]
        try:
            handle_send_event(store, params)
        except FraudDetectorError:
            job.failed_records += 1


# The operations -------------------------------------------------------------------------------


def _new_job_id(store: Store, job_id: str) -> None:
    if job_id in store.batch_job_ids:
        raise ValidationException(batch_job_messages.batch_job_id_used(job_id))


def _event_type_of(store: Store, name: str) -> None:
    if name not in store.event_types:
        raise ResourceNotFoundException(common.not_found("event type", name))


def _common(store: Store, params: Params, resource: str) -> dict[str, Any]:
    now = _seconds(store)
    job_id = params["jobId"]
    return {
        "arn": store.arn(f"{resource}/{job_id}"),
        "created_time": now,
        "last_updated_time": now,
        "tags": tags_from(params),
        "job_id": job_id,
        "input_path": params["inputPath"],
        "output_path": params["outputPath"],
        "event_type_name": params["eventTypeName"],
        "iam_role_arn": params["iamRoleArn"],
        "start_time": now,
        "last_heartbeat_time": now,
    }


def handle_create_batch_import_job(store: Store, params: Params) -> dict[str, Any]:
    _new_job_id(store, params["jobId"])
    _event_type_of(store, params["eventTypeName"])
    job = BatchImportJob(**_common(store, params, "batch-import"))
    _load_input(store, job, IMPORT_KEYS, LABEL_KEYS)
    store.batch_job_ids[job.job_id] = job.arn
    store.batch_imports[job.job_id] = job
    _start(store, job, [IN_PROGRESS, COMPLETE])
    return {}


def handle_create_batch_prediction_job(store: Store, params: Params) -> dict[str, Any]:
    _new_job_id(store, params["jobId"])
    _event_type_of(store, params["eventTypeName"])
    # The detector and version are found as GetEventPrediction finds them; any status will do.
    _, version = resolve_version(
        store,
        {
            "detectorId": params["detectorName"],
            "detectorVersionId": params.get("detectorVersion"),
            "eventTypeName": params["eventTypeName"],
        },
    )
    running = next((j for j in store.batch_predictions.values() if j.status not in ENDED), None)
    if running is not None:
        raise ValidationException(batch_job_messages.batch_prediction_job_running(running.job_id))
    job = BatchPredictionJob(
        **_common(store, params, "batch-prediction"),
        detector_name=params["detectorName"],
        detector_version=version.detector_version_id,
    )
    _load_input(store, job, IMPORT_KEYS, ())
    store.batch_job_ids[job.job_id] = job.arn
    store.batch_predictions[job.job_id] = job
    _start(store, job, [IN_PROGRESS, COMPLETE])
    return {}


def _render(job: Job) -> dict[str, Any]:
    item: dict[str, Any] = {
        "jobId": job.job_id,
        "status": job.status,
        "failureReason": job.failure_reason,
        "startTime": job.start_time,
        "completionTime": job.completion_time,
        "inputPath": job.input_path,
        "outputPath": job.output_path,
        "eventTypeName": job.event_type_name,
        "iamRoleArn": job.iam_role_arn,
        "arn": job.arn,
        "processedRecordsCount": job.processed_records,
        "totalRecordsCount": job.total_records,
    }
    if isinstance(job, BatchImportJob):
        item["failedRecordsCount"] = job.failed_records
    else:
        item["detectorName"] = job.detector_name
        # "1", as the service answers (docs/behaviour.md, "Batch jobs"), although the model's
        # pattern wants "1.0"; botocore does not validate responses, so clients accept it.
        item["detectorVersion"] = job.detector_version
        item["lastHeartbeatTime"] = job.last_heartbeat_time
    return {key: value for key, value in item.items() if value is not None}


def _get(
    store: Store, params: Params, jobs: dict[str, Any], operation: str, member: str, kind: str
) -> dict[str, Any]:
    job_id = params.get("jobId")
    if job_id is not None:
        job = jobs.get(job_id)
        if job is None:
            raise ResourceNotFoundException(common.not_found(kind, job_id))
        _read(store, job)
        return {member: [_render(job)]}
    result = listing(store, params, operation, member, jobs.values(), _by_id, _render)
    for item in result[member]:
        job = jobs[item["jobId"]]
        if job.pending and store.hooks.reads_per_status():
            _read(store, job)
            item.update(_render(job))
    return result


def _by_id(job: Job) -> str:
    return job.job_id


def handle_get_batch_import_jobs(store: Store, params: Params) -> dict[str, Any]:
    return _get(
        store, params, store.batch_imports, "GetBatchImportJobs", "batchImports", "batch import"
    )


def handle_get_batch_prediction_jobs(store: Store, params: Params) -> dict[str, Any]:
    return _get(
        store,
        params,
        store.batch_predictions,
        "GetBatchPredictionJobs",
        "batchPredictions",
        "batch prediction",
    )


def _cancel(store: Store, job: Job | None, kind: str, job_id: str) -> dict[str, Any]:
    if job is None:
        raise ResourceNotFoundException(common.not_found(f"{kind} job", job_id))
    if job.status in ENDED or job.status == CANCEL_IN_PROGRESS:
        raise ValidationException(
            batch_job_messages.batch_job_not_cancellable(kind, job_id, job.status)
        )
    job.status = CANCEL_IN_PROGRESS
    job.last_heartbeat_time = job.last_updated_time = _seconds(store)
    _start(store, job, [CANCELED])
    return {}


def handle_cancel_batch_import_job(store: Store, params: Params) -> dict[str, Any]:
    job_id = params["jobId"]
    return _cancel(store, store.batch_imports.get(job_id), "batch import", job_id)


def handle_cancel_batch_prediction_job(store: Store, params: Params) -> dict[str, Any]:
    job_id = params["jobId"]
    return _cancel(store, store.batch_predictions.get(job_id), "batch prediction", job_id)


def _delete(jobs: dict[str, Any], kind: str, job_id: str) -> dict[str, Any]:
    # Neither operation models ResourceNotFoundException: deleting what is not there succeeds,
    # as DeleteEvent does.
    job = jobs.get(job_id)
    if job is not None:
        if job.status not in ENDED:
            raise ValidationException(
                batch_job_messages.batch_job_running(kind, job_id, job.status)
            )
        del jobs[job_id]
    return {}


def handle_delete_batch_import_job(store: Store, params: Params) -> dict[str, Any]:
    return _delete(store.batch_imports, "batch import", params["jobId"])


def handle_delete_batch_prediction_job(store: Store, params: Params) -> dict[str, Any]:
    return _delete(store.batch_predictions, "batch prediction", params["jobId"])


HANDLERS: dict[str, Handler] = {
    "CreateBatchImportJob": handle_create_batch_import_job,
    "GetBatchImportJobs": handle_get_batch_import_jobs,
    "CancelBatchImportJob": handle_cancel_batch_import_job,
    "DeleteBatchImportJob": handle_delete_batch_import_job,
    "CreateBatchPredictionJob": handle_create_batch_prediction_job,
    "GetBatchPredictionJobs": handle_get_batch_prediction_jobs,
    "CancelBatchPredictionJob": handle_cancel_batch_prediction_job,
    "DeleteBatchPredictionJob": handle_delete_batch_prediction_job,
}
