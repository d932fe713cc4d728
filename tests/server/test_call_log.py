"""Server mode as moto's users expect: a log line per request, ``GET /_mock/calls``, a JSON 404
for an unknown control, and control errors that speak JSON (docs/server.md)."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
import requests

from frauddetector_mock import Backend, snapshot
from tests.errors import refused
from tests.server.conftest import client_for
from tests.server.test_http import post

CONTROLS = "calls, endpoints, export, faults, health, import, reset, scores, transitions"


def test_each_request_logs_one_line_method_operation_status_ms(
    endpoint_url: str, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="frauddetector_mock.server")
    client.put_label(name="fraud")
    refused(
        lambda: client.get_labels(name="absent"),
        "ResourceNotFoundException",
        "The label 'absent' does not exist.",
    )
    requests.get(endpoint_url + "/_mock/nope", timeout=5)
    post(endpoint_url, "{}", target=None)
    lines = [
        record.getMessage()
        for record in caplog.records
        if record.name == "frauddetector_mock.server"
    ]
    assert [re.sub(r" \d+\.\d ms$", " <ms>", line) for line in lines] == [
        "POST PutLabel 200 <ms>",
        "POST GetLabels 400 <ms>",
        "GET /_mock/nope 404 <ms>",
        "POST / 400 <ms>",
    ]
    assert {record.levelno for record in caplog.records} == {logging.INFO}


def test_mock_calls_lists_every_answered_request_as_json(
    endpoint_url: str, backend: Backend
) -> None:
    client = client_for(endpoint_url, region="eu-west-1", access_key="111122223333")
    client.put_label(name="fraud", description="confirmed")
    refused(
        lambda: client.get_labels(name="absent"),
        "ResourceNotFoundException",
        "The label 'absent' does not exist.",
    )
    assert requests.get(endpoint_url + "/_mock/health", timeout=5).ok  # controls are not calls
    reply = requests.get(endpoint_url + "/_mock/calls", timeout=5)
    assert (reply.status_code, reply.headers["Content-Type"]) == (200, "application/json")
    assert reply.json() == {
        "calls": [
            {
                "operation": "PutLabel",
                "status": 200,
                "requestId": "f7a3c0de-5eed-4d00-8000-000000000001",
                "accountId": "111122223333",
                "region": "eu-west-1",
                "request": {"name": "fraud", "description": "confirmed"},
                "errorCode": None,
                "errorMessage": None,
            },
            {
                "operation": "GetLabels",
                "status": 400,
                "requestId": "f7a3c0de-5eed-4d00-8000-000000000002",
                "accountId": "111122223333",
                "region": "eu-west-1",
                "request": {"name": "absent"},
                "errorCode": "ResourceNotFoundException",
                "errorMessage": "The label 'absent' does not exist.",
            },
        ]
    }
    assert reply.text.count('"errorCode":null') == 1  # JSON's null, not Python's None
    assert requests.post(endpoint_url + "/_mock/reset", timeout=5).ok
    assert requests.get(endpoint_url + "/_mock/calls", timeout=5).json() == {"calls": []}


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_control_is_a_404_with_a_json_error(
    endpoint_url: str, backend: Backend, method: str
) -> None:
    before = snapshot(backend)
    reply = requests.request(method, endpoint_url + "/_mock/nope", data=b"{}", timeout=5)
    assert (reply.status_code, reply.headers["Content-Type"]) == (
        404,
        "application/x-amz-json-1.1",
    )
    assert reply.json() == {
        "__type": "UnknownOperationException",
        "message": f"There is no control endpoint /_mock/nope; the controls are {CONTROLS}.",
    }
    assert snapshot(backend) == before


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/_mock/calls", "GET"),
        ("POST", "/_mock/health", "GET"),
        ("GET", "/_mock/reset", "POST"),
        ("PUT", "/_mock/scores", "POST"),
    ],
)
def test_a_known_control_with_the_wrong_method_is_a_405_naming_the_right_one(
    endpoint_url: str, backend: Backend, method: str, path: str, allowed: str
) -> None:
    before = snapshot(backend)
    reply = requests.request(method, endpoint_url + path, timeout=5)
    assert (reply.status_code, reply.headers["Allow"]) == (405, allowed)
    assert reply.json() == {
        "__type": "UnknownOperationException",
        "message": f"The control endpoint {path} answers {allowed} requests, not {method}.",
    }
    assert snapshot(backend) == before


def test_the_service_refuses_get_with_405_and_allow_post(endpoint_url: str) -> None:
    reply = requests.get(endpoint_url + "/", timeout=5)
    assert (reply.status_code, reply.headers["Allow"]) == (405, "POST")
    assert reply.json() == {
        "__type": "UnknownOperationException",
        "message": "The service answers POST requests at /.",
    }


@pytest.mark.parametrize(
    ("control", "body", "message"),
    [
        ("scores", b'{"modelId": null, "score": 1}', "modelId must be a string, not null."),
        ("scores", b'{"modelId": "m", "score": null}', "score must be a number, not null."),
        ("scores", b'{"modelId": "m", "score": true}', "score must be a number, not true."),
        ("scores", b'{"modelId": "m"}', "score is required."),
        (
            "scores",
            b'{"modelId": "m", "entityId": null, "score": 5}',
            "entityId must be a string, not null.",
        ),
        ("scores", b'{"modelId": "m", "clear": "yes"}', 'clear must be true or false, not "yes".'),
        ("endpoints", b"{}", "endpoint is required."),
        (
            "endpoints",
            b'{"endpoint": "sm", "output": 0.9}',
            "output must be a string or null, not 0.9.",
        ),
        (
            "transitions",
            b'{"mode": "after_reads", "reads": null}',
            "reads must be a whole number of at least 1, not null.",
        ),
        (
            "transitions",
            b'{"mode": "after_reads", "reads": 0}',
            "reads must be a whole number of at least 1, not 0.",
        ),
        (
            "transitions",
            b'{"mode": true}',
            'mode must be one of "immediate", "after_reads", "manual" or null, not true.',
        ),
        (
            "transitions",
            b'{"action": "undo"}',
            'action must be one of "advance", "finish" or null, not "undo".',
        ),
        (
            "faults",
            b'{"operation": "Nope"}',
            'operation must be an operation of Amazon Fraud Detector such as "GetEventPrediction",'
            ' "*" or null, not "Nope".',
        ),
        ("faults", b'{"error": null}', "error must be a string, not null."),
        (
            "faults",
            b'{"times": 0}',
            "times must be a whole number of at least 1, not 0.",
        ),
        ("faults", b'{"latency": null}', "latency must be a number, not null."),
        ("faults", b'{"share": 0.5, "seed": 1.5}', "seed must be a whole number, not 1.5."),
        ("faults", b'{"message": ["x"]}', 'message must be a string or null, not ["x"].'),
        ("scores", b"[]", "its body must be a JSON object."),
        (
            "scores",
            b"{",
            "its body is not JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)).",
        ),
    ],
)
def test_control_errors_name_json_values_in_json(
    endpoint_url: str, backend: Backend, control: str, body: bytes, message: str
) -> None:
    before = snapshot(backend)
    reply = requests.post(
        endpoint_url + "/_mock/" + control,
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert reply.status_code == 400
    assert reply.json() == {
        "__type": "ValidationException",
        "message": f"The /_mock/{control} request is not valid: {message}",
    }
    assert "None" not in reply.json()["message"]
    assert snapshot(backend) == before


def test_a_long_value_is_shown_cut(endpoint_url: str) -> None:
    reply = requests.post(
        endpoint_url + "/_mock/scores", json={"modelId": "m", "score": "9" * 100}, timeout=5
    )
    assert reply.json()["message"] == (
        'The /_mock/scores request is not valid: score must be a number, not "' + "9" * 56 + "...."
    )


def test_faults_times_null_fails_every_call_until_cleared(endpoint_url: str, client: Any) -> None:
    control = endpoint_url + "/_mock/faults"
    assert requests.post(control, json={"operation": "GetLabels", "times": None}, timeout=5).ok
    for _ in range(3):  # raw requests: botocore would retry each throttled call
        reply = post(endpoint_url, "{}", "GetLabels")
        assert (reply.status_code, reply.json()) == (
            400,
            {"__type": "ThrottlingException", "message": "Rate exceeded"},
        )
    assert requests.post(control, json={"clear": True}, timeout=5).ok
    assert client.get_labels()["labels"] == []
