"""JSON 1.1, the service's wire protocol: a pure codec for every entry point.

In: the ``X-Amz-Target`` header, the JSON body and the credentials of one request; out: the
operation, its parameters, the region and the account. Back: a result or an error as the HTTP
status, headers and body AWS would send. It never sees the backend or a resource.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from json import encoder as json_encoder
from typing import Any

from frauddetector_mock.errors import (
    FraudDetectorError,
    SerializationException,
    UnknownOperationException,
)
from frauddetector_mock.spec import service_model, target_prefix

CONTENT_TYPE = "application/x-amz-json-1.1"
DEFAULT_REGION = "us-east-1"

ENDPOINT_URL = re.compile(
    r"https?://frauddetector(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?(?::\d+)?/"
)
_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/(?P<region>[a-z0-9-]+)/")
_ACCESS_KEY = re.compile(r"Credential=(?P<key>[^/,\s]+)/")
_ACCOUNT_KEY = re.compile(r"\d{12}")


@dataclass(slots=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    request_id: str
    operation: str | None
    error: FraudDetectorError | None
    result: dict[str, Any] | None = None
    """A successful answer as botocore parses ``body``: the caller's to keep (service.answer)."""

    @property
    def ok(self) -> bool:
        return self.error is None


def region_of(authorization: str | bytes | None, url: str | None) -> str:
    """The region a wire request is for: its SigV4 credential scope, else its endpoint's host."""
    if isinstance(authorization, bytes):
        authorization = authorization.decode("latin-1")
    if authorization:
        scope = _CREDENTIAL_SCOPE.search(authorization)
        if scope:
            return scope["region"]
    endpoint = ENDPOINT_URL.match(url or "")
    return endpoint["region"] if endpoint else DEFAULT_REGION


def account_of(authorization: str | None) -> str | None:
    """The account of a request: its access key id when that is 12 digits (moto's convention),
    else None (the backend's default account)."""
    found = _ACCESS_KEY.search(authorization or "")
    if found and _ACCOUNT_KEY.fullmatch(found["key"]):
        return found["key"]
    return None


_TARGETS: dict[str, str] = {}
"""``X-Amz-Target`` -> operation, for every operation of the model (filled on first use)."""


def operation_of(target: str | bytes | None) -> str:
    """The operation an ``X-Amz-Target`` names; UnknownOperationException for any other."""
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    if not _TARGETS:
        prefix = target_prefix()
        _TARGETS.update({f"{prefix}.{name}": name for name in service_model().operation_names})
    operation = _TARGETS.get(target or "")
    if operation is None:
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


_SCAN: Callable[[str, int], tuple[Any, int]]
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # typeshed omits it


def _object(text: str) -> Any:
    """``json.loads(text)`` for text that starts with ``{``: the scanner reads it straight, and
    json.loads reads anything the scanner does not take whole (trailing blanks, bad JSON), for
    its own answer or error."""
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError):
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def decode_body(body: bytes | str | None) -> dict[str, Any]:
    """The parameters of a request body; SerializationException when it is not a JSON object."""
    if not body or body == b"{}":  # botocore's body for a call without parameters
        return {}
    try:
        if isinstance(body, bytes) and body[:1] == b"{" and body[1:2] != b"\x00":
            # The encoding json.loads would detect for this start, without detecting it.
            params = _object(body.decode("utf-8", "surrogatepass"))
        else:
            params = json.loads(body)
    except ValueError as error:
        raise SerializationException(f"The request body is not valid JSON: {error}") from None
    except RecursionError:  # nesting deeper than Python's stack: no request of the model is
        raise SerializationException("The request body nests too deeply to be read.") from None
    if not isinstance(params, dict):
        raise SerializationException("The request body must be a JSON object.")
    return params


def error_text(error: FraudDetectorError) -> str:
    """The body of an error reply, as the service's JSON 1.1 errors read."""
    return encode({"__type": error.code, "message": error.message})


def headers(request_id: str, payload: bytes, date: str) -> dict[str, str]:
    return {
        "x-amzn-requestid": request_id,
        "content-type": CONTENT_TYPE,
        "content-length": str(len(payload)),
        "date": date,
    }
