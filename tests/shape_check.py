"""The shared response check: every frauddetector response a test receives must be exactly what
botocore's own parser makes of the wire body, and fit the operation's output shape (all of its
constraints, and no member it does not declare)."""

from __future__ import annotations

import copy
import sys
from collections import Counter
from typing import Any

from botocore.model import OperationModel
from botocore.parsers import create_parser

from frauddetector_mock.errors import MODELLED
from frauddetector_mock.wire import intercept
from frauddetector_mock.wire.validation import shape_violations

CHECKED: Counter[str] = Counter()
PROTOCOL_ERRORS = {"NotImplemented", "UnknownOperationException", "SerializationException"}


def botocore_parse(model: OperationModel, status: int, headers: Any, body: bytes) -> dict[str, Any]:
    """The parsed response botocore's endpoint would build from this HTTP response."""
    parser = create_parser("json")
    response = {"status_code": status, "headers": headers, "body": body}
    parsed: dict[str, Any] = parser.parse(response, model.output_shape if status < 300 else None)
    if status >= 300:
        shape = model.service_model.shape_for_error_code(parsed["Error"]["Code"])
        if shape is not None:
            parsed.update(parser.parse(response, shape))
    return parsed


def without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


# Where the real service answers outside its own model, and the mock follows the service:
# GetBatchPredictionJobs types detectorVersion as floatVersionString, yet real items carry "1"
# (docs/behaviour.md, "Batch jobs").
KNOWN_DEPARTURES = {
    "GetBatchPredictionJobs": ("batchPredictions.", ".member.detectorVersion"),
}


def assert_matches_output_shape(model: OperationModel, response: dict[str, Any]) -> None:
    if model.output_shape is None:
        assert without_metadata(response) == {}, response
        return
    violations = shape_violations(model.output_shape, without_metadata(response))
    departure = KNOWN_DEPARTURES.get(model.name)
    if departure is not None:
        prefix, suffix = departure
        violations = [v for v in violations if not (prefix in v and suffix in v)]
    assert not violations, f"{model.name} response breaks its output shape: {violations}"


_PLAIN = (str, int, float, bool, type(None))
# References to a container met in ``_walk``: its parent's slot, the local ``child`` and
# getrefcount's own argument. One more means something else holds it too.
_OWN_REFERENCES = 3


def shared_parts(tree: dict[str, Any]) -> list[str]:
    """Where ``tree`` (an answer as the caller received it, metadata aside) holds a container
    that something else also holds (the store, a cache, another part of the answer), or a
    value of a type JSON would not give back: the caller owns every part of an answer."""
    found: list[str] = []
    _walk(tree, "", found)
    return found


def _walk(node: dict[str, Any] | list[Any], path: str, found: list[str]) -> None:
    keys: Any = list(node) if isinstance(node, dict) else range(len(node))
    for key in keys:
        if not path and key == "ResponseMetadata":
            continue  # botocore's, not the answer's
        child = node[key]
        where = f"{path}.{key}" if path else str(key)
        if type(child) is dict or type(child) is list:
            if sys.getrefcount(child) > _OWN_REFERENCES:
                found.append(f"{where} is held elsewhere too")
            _walk(child, where, found)
        elif type(child) not in _PLAIN or (isinstance(node, dict) and type(key) is not str):
            found.append(f"{where} is a {type(child).__name__}, which JSON does not give back")


def check_response(model: OperationModel, http_response: Any, parsed: dict[str, Any]) -> None:
    status = http_response.status_code
    shared = shared_parts(parsed)
    assert not shared, f"{model.name} answers with parts it does not own: {shared}"
    expected = botocore_parse(model, status, http_response.headers, http_response.content)
    received = copy.deepcopy(parsed)
    # botocore's retry handlers add these after parsing, so a raw parse never has them.
    for retry_key in ("RetryAttempts", "MaxAttemptsReached"):
        received["ResponseMetadata"].pop(retry_key, None)
        expected["ResponseMetadata"].pop(retry_key, None)
    assert received == expected, f"{model.name}: {received} != botocore's parse {expected}"
    if status < 300:
        assert_matches_output_shape(model, parsed)
    else:
        code = parsed["Error"]["Code"]
        modelled = {shape.name for shape in model.error_shapes}
        assert code in modelled or code in PROTOCOL_ERRORS or code == "InternalServerException", (
            f"{model.name} answered {code}, which its model does not list"
        )
        assert status == (MODELLED[code].status if code in MODELLED else status)
    CHECKED[model.name] += 1


def after_call(http_response: Any, parsed: dict[str, Any], model: OperationModel, **_: Any) -> None:
    if intercept.STATE.backend is None:
        return  # not answered by the mock (e.g. moto's 404 when only moto is on)
    check_response(model, http_response, parsed)
