"""JSON 1.1, the service's wire protocol, for every entry point (afd-semantics §1).

In: the ``X-Amz-Target`` header and the JSON body of one request, with the account and region it
is for. Out: a ``Reply`` holding the HTTP status, headers and body AWS would send. Handlers never
see HTTP, and this layer never sees resources.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from json import encoder as json_encoder
from typing import Any

from frauddetector_mock import messages
from frauddetector_mock.backend import Backend, Call
from frauddetector_mock.errors import (
    MODELLED,
    FraudDetectorError,
    InternalServerException,
    SerializationException,
    UnknownOperationException,
    ValidationException,
)
from frauddetector_mock.service import OPERATIONS, dispatch
from frauddetector_mock.spec import modelled_error_codes, target_prefix
from frauddetector_mock.wire import validation

logger = logging.getLogger("frauddetector_mock")

CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass(slots=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    request_id: str
    operation: str | None
    error: FraudDetectorError | None
    text: str = ""
    """The body as text (JSON escapes every non-ASCII character, so it is ``body`` decoded)."""

    @property
    def ok(self) -> bool:
        return self.error is None


def operation_of(target: str | bytes | None) -> str:
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    prefix, _, operation = (target or "").rpartition(".")
    if prefix != target_prefix() or operation not in OPERATIONS:
        raise UnknownOperationException(f"Unknown operation: {target or '(no X-Amz-Target)'}")
    return operation


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, separators=(",", ":"))`` for a dict, with the C encoder made once
    rather than per call. No circular check: answers are trees built for the call."""
    make: Callable[..., Callable[[Any, int], Iterable[str]]] | None
    make = getattr(json_encoder, "c_make_encoder", None)  # None without the _json C module
    if make is None:
        return json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
    iterencode = make(
        None,  # markers: no circular check
        json.JSONEncoder().default,
        json_encoder.encode_basestring_ascii,
        None,  # indent
        ":",
        ",",
        False,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
    return lambda value: "".join(iterencode(value, 0))


encode = _compact_encoder()


def decode_body(body: bytes | str | None) -> dict[str, Any]:
    if not body or body == b"{}":  # botocore's body for a call without parameters
        return {}
    try:
        if isinstance(body, bytes) and body[:1] == b"{" and body[1:2] != b"\x00":
            # The encoding json.loads would detect for this start, without detecting it.
            body = body.decode("utf-8", "surrogatepass")
        params = json.loads(body)
    except ValueError as error:
        raise SerializationException(f"The request body is not valid JSON: {error}") from None
    except RecursionError:  # nesting deeper than Python's stack: no request of the model is
        raise SerializationException("The request body nests too deeply to be read.") from None
    if not isinstance(params, dict):
        raise SerializationException("The request body must be a JSON object.")
    return params


def _as_modelled(operation: str, error: FraudDetectorError) -> FraudDetectorError:
    """An error the operation's model does not list becomes ValidationException (§9.2)."""
    if error.code not in MODELLED or error.code in modelled_error_codes(operation):
        return error  # protocol-level errors (not implemented, bad JSON) keep their own code
    if isinstance(error, InternalServerException):
        return error
    return ValidationException(error.message)


def handle(
    backend: Backend,
    target: str | None,
    body: bytes | str | None,
    region: str,
    account_id: str | None = None,
) -> Reply:
    """Answer one JSON 1.1 request as the service would; never raises."""
    account = account_id or backend.default_account_id
    request_id = backend.next_request_id()
    operation: str | None = None
    params: dict[str, Any] = {}
    try:
        operation = operation_of(target)
        params = decode_body(body)
        if backend._faults is not None:  # injected faults come before validation (docs/faults.md)
            backend._faults.before(operation)
        validation.validate_input(operation, params)
        text = encode(dispatch(backend.store(region, account), operation, params))
        status, error = 200, None
    except FraudDetectorError as raised:
        error = raised if operation is None else _as_modelled(operation, raised)
    except Exception as bug:  # a defect of the mock must reach the caller as AWS's 500
        logger.exception("frauddetector_mock failed on %s", operation)
        error = InternalServerException(messages.internal_error(operation or "request", bug))
    if error is not None:
        status = error.status
        text = encode({"__type": error.code, "message": error.message})
    payload = text.encode()
    headers = {
        "x-amzn-requestid": request_id,
        "content-type": CONTENT_TYPE,
        "content-length": str(len(payload)),
        "date": backend.clock.http_date(),
    }
    if operation is not None:
        backend.calls.append(
            Call(
                operation=operation,
                account_id=account,
                region=region,
                request=params,
                status=status,
                request_id=request_id,
                error_code=None if error is None else error.code,
                error_message=None if error is None else error.message,
                body=payload,
            )
        )
    return Reply(status, payload, headers, request_id, operation, error, text)
