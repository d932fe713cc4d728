"""The one orchestration of a request: operation -> faults -> validation -> store lock ->
handler -> call log, and the operation table behind it.

``OPERATIONS`` maps each operation the mock answers to its handler; an operation of botocore's
model that it lacks answers NotImplemented. The coverage table in docs/coverage.md is generated
from it (``python -m tools.coverage``), so it never disagrees with what the mock answers. A
family's handlers load on the first call of one of its operations, so that switching the mock on
stays cheap.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from frauddetector_mock.backend import Backend
from frauddetector_mock.calls import Call
from frauddetector_mock.errors import (
    MODELLED,
    FraudDetectorError,
    InternalServerException,
    NotImplementedOperation,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.spec import modelled_error_codes
from frauddetector_mock.store import Store
from frauddetector_mock.wire import protocol, validation

logger = logging.getLogger("frauddetector_mock")

Handler = Callable[..., dict[str, Any]]
"""A family's ``Handler`` (store/resource.py); a prediction's also takes the controls."""

# The module that answers each family of operations; each holds ``HANDLERS`` (name -> handler),
# and tests/test_architecture.py checks that they list exactly these names.
FAMILIES: dict[str, tuple[str, ...]] = {
    "store.named": (
        *("PutLabel", "GetLabels", "DeleteLabel"),
        *("PutOutcome", "GetOutcomes", "DeleteOutcome"),
        *("PutEntityType", "GetEntityTypes", "DeleteEntityType"),
    ),
    "store.variables": (
        *("CreateVariable", "BatchCreateVariable", "BatchGetVariable"),
        *("GetVariables", "UpdateVariable", "DeleteVariable"),
    ),
    "store.event_types": ("PutEventType", "GetEventTypes", "DeleteEventType"),
    "store.events": (
        *("SendEvent", "GetEvent", "UpdateEventLabel", "DeleteEvent"),
        *("DeleteEventsByEventType", "GetDeleteEventsByEventTypeStatus"),
    ),
    "store.predictions": ("ListEventPredictions", "GetEventPredictionMetadata"),
    "store.lists": (
        "CreateList",
        "UpdateList",
        "GetListElements",
        "GetListsMetadata",
        "DeleteList",
    ),
    "store.models": (
        *("CreateModel", "GetModels", "UpdateModel", "DeleteModel"),
        *("CreateModelVersion", "UpdateModelVersion", "GetModelVersion"),
        *("DescribeModelVersions", "UpdateModelVersionStatus", "DeleteModelVersion"),
    ),
    "store.detectors": (
        *("PutDetector", "GetDetectors", "DescribeDetector", "DeleteDetector"),
        *("CreateDetectorVersion", "GetDetectorVersion", "UpdateDetectorVersion"),
        *("UpdateDetectorVersionMetadata", "UpdateDetectorVersionStatus"),
        "DeleteDetectorVersion",
    ),
    "store.rules": (
        "CreateRule",
        "UpdateRuleVersion",
        "UpdateRuleMetadata",
        "GetRules",
        "DeleteRule",
    ),
    "store.external_models": ("PutExternalModel", "GetExternalModels", "DeleteExternalModel"),
    "store.settings": ("GetKMSEncryptionKey", "PutKMSEncryptionKey"),
    "store.tags": ("TagResource", "UntagResource", "ListTagsForResource"),
    "store.batch_jobs": (
        *("CreateBatchImportJob", "GetBatchImportJobs", "CancelBatchImportJob"),
        *("DeleteBatchImportJob", "CreateBatchPredictionJob", "GetBatchPredictionJobs"),
        *("CancelBatchPredictionJob", "DeleteBatchPredictionJob"),
    ),
    "predict.handler": ("GetEventPrediction",),
}
# Operations whose handler takes the backend's prediction controls as a third argument.
WITH_CONTROLS = frozenset({"GetEventPrediction"})


class _Lazy:
    """Stands in the table for the handler of a family not loaded yet: the first call loads the
    family, which puts its handlers in the table in place of the stand-ins, and answers."""

    __slots__ = ("module", "operation")

    def __init__(self, module: str, operation: str) -> None:
        self.module = module
        self.operation = operation

    def __call__(self, *args: Any) -> dict[str, Any]:
        return load(self.module)[self.operation](*args)


def load(module: str) -> dict[str, Handler]:
    """Import a family's module and put its handlers in the table."""
    handlers: dict[str, Handler] = importlib.import_module(f"frauddetector_mock.{module}").HANDLERS
    for name, handler in handlers.items():
        if isinstance(OPERATIONS.get(name), _Lazy):
            OPERATIONS[name] = handler
    return handlers


def _table() -> dict[str, Handler | None]:
    # From the families alone: reading botocore's model here would cost every start ~15 ms.
    # tests/test_architecture.py checks that the table names every operation of the model.
    return {name: _Lazy(module, name) for module, names in FAMILIES.items() for name in names}


OPERATIONS: dict[str, Handler | None] = _table()


def _as_modelled(operation: str, error: FraudDetectorError) -> FraudDetectorError:
    """An error the operation's model does not list becomes ValidationException
    (docs/behaviour.md, "Protocol and errors")."""
    if error.code not in MODELLED or error.code in modelled_error_codes(operation):
        return error  # protocol-level errors (not implemented, bad JSON) keep their own code
    if isinstance(error, InternalServerException):
        return error
    return ValidationException(error.message)


def dispatch(backend: Backend, store: Store, operation: str, params: dict[str, Any]) -> Any:
    """Run ``operation`` against ``store`` under the store's lock."""
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise NotImplementedOperation(common.not_implemented(operation))
    with store.lock:
        if operation in WITH_CONTROLS:
            return handler(store, params, backend.predicting)
        return handler(store, params)


def answer(
    backend: Backend,
    target: str | bytes | None,
    body: bytes | str | None,
    region: str,
    account_id: str | None = None,
) -> protocol.Reply:
    """Answer one JSON 1.1 request as the service would; never raises.

    A successful reply carries the handler's answer besides its JSON (``Reply.result``): every
    handler builds its answer afresh on each call, a tree of plain dicts, lists and values that
    nothing else holds (tests/shape_check.py checks each answer of the test suite), so the
    caller may keep it and change it without touching the store.
    """
    account = account_id or backend.default_account_id
    request_id = backend.next_request_id()
    operation: str | None = None
    params: dict[str, Any] = {}
    result: dict[str, Any] | None = None
    try:
        operation = protocol.operation_of(target)
        params = protocol.decode_body(body)
        faults = backend.faults_if_any
        if faults is not None:  # injected faults come before validation (docs/faults.md)
            faults.before(operation)
        validation.validate_input(operation, params)
        store = backend.store(region, account)
        result = dispatch(backend, store, operation, params)
        if result:
            text = protocol.encode(result)
            result = {**result}  # the top is the caller's even where a handler kept it
        else:  # every Put, Update and Delete but a few
            text, result = "{}", {}
        status, error = 200, None
    except FraudDetectorError as raised:
        error = raised if operation is None else _as_modelled(operation, raised)
    except Exception as bug:  # a defect of the mock must reach the caller as AWS's 500
        logger.exception("frauddetector_mock failed on %s", operation)
        error = InternalServerException(common.internal_error(operation or "request", bug))
    if error is not None:
        status, result = error.status, None
        text = protocol.error_text(error)
    payload = text.encode()
    if operation is not None:
        code, message = (None, None) if error is None else (error.code, error.message)
        size = len(body) if body else 0
        call = Call(
            operation, account, region, body, status, request_id, code, message, payload, size
        )
        backend.calls.append(call)
    headers = protocol.headers(request_id, payload, backend.clock.http_date())
    return protocol.Reply(status, payload, headers, request_id, operation, error, result)
