"""The JSON 1.1 layer shared by every entry point (docs/behaviour.md, "Protocol and errors")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

import frauddetector_mock.service as service
from frauddetector_mock import Backend, get_backend, mock_frauddetector
from frauddetector_mock.errors import ResourceNotFoundException
from frauddetector_mock.service import answer
from frauddetector_mock.spec import service_model
from tests import shape_check
from tests.errors import refused
from tools.coverage import render

TARGET = "AWSHawksNestServiceFacade."


def body_of(reply: Any) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(reply.body)
    return decoded


def test_empty_output_is_an_empty_object() -> None:
    reply = answer(Backend(), TARGET + "PutLabel", b'{"name": "fraud"}', "us-east-1")
    assert (reply.status, reply.body) == (200, b"{}")
    assert reply.headers["content-type"] == "application/x-amz-json-1.1"
    assert reply.headers["content-length"] == "2"


def test_error_body_carries_type_and_message() -> None:
    reply = answer(Backend(), TARGET + "GetLabels", b'{"name": "nope"}', "us-east-1")
    assert reply.status == 400
    assert body_of(reply) == {
        "__type": "ResourceNotFoundException",
        "message": "The label 'nope' does not exist.",
    }


@pytest.mark.parametrize(
    "target",
    [None, "", "GetLabels", "AWSHawksNestServiceFacade.NoSuchThing", "OtherService.GetLabels"],
)
def test_unknown_or_missing_target(target: str | None) -> None:
    reply = answer(Backend(), target, b"{}", "us-east-1")
    assert reply.status == 400
    assert body_of(reply)["__type"] == "UnknownOperationException"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_malformed_bodies(body: bytes) -> None:
    backend = Backend()
    reply = answer(backend, TARGET + "PutLabel", body, "us-east-1")
    assert reply.status == 400
    assert body_of(reply)["__type"] == "SerializationException"
    assert backend.store().labels == {}


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_a_body_nested_beyond_the_stack_is_a_serialization_error(depth: int) -> None:
    """JSON nested past Python's recursion limit cannot be read; that is the caller's body, not
    a fault of the service (docs/behaviour.md, "Protocol and errors")."""
    backend = Backend()
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    reply = answer(backend, TARGET + "PutLabel", body, "us-east-1")
    assert (reply.status, body_of(reply)) == (
        400,
        {
            "__type": "SerializationException",
            "message": "The request body nests too deeply to be read.",
        },
    )
    assert backend.store().labels == {}


def test_empty_body_means_no_parameters() -> None:
    reply = answer(Backend(), TARGET + "GetLabels", b"", "us-east-1")
    assert (reply.status, body_of(reply)) == (200, {"labels": []})


def test_request_ids_are_deterministic() -> None:
    first = [answer(Backend(), TARGET + "GetLabels", b"{}", "us-east-1").request_id]
    second = [answer(Backend(), TARGET + "GetLabels", b"{}", "us-east-1").request_id]
    assert first == second
    backend = Backend()
    ids = {answer(backend, TARGET + "GetLabels", b"{}", "us-east-1").request_id for _ in range(50)}
    assert len(ids) == 50


def test_a_bug_in_the_mock_is_an_internal_server_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store: Any, params: Any) -> dict[str, Any]:
        raise KeyError("detectorId")

    monkeypatch.setitem(service.OPERATIONS, "PutLabel", broken)  # type: ignore[arg-type]
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        refused(
            lambda: fd.put_label(name="fraud"),
            "InternalServerException",
            "frauddetector_mock failed while handling PutLabel: KeyError: 'detectorId'",
            status=500,
        )


def test_an_error_the_operation_does_not_model_becomes_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuses(store: Any, params: Any) -> dict[str, Any]:
        raise ResourceNotFoundException("The label 'x' does not exist.")

    # DeleteLabel's model lists no ResourceNotFoundException.
    monkeypatch.setitem(service.OPERATIONS, "DeleteLabel", refuses)  # type: ignore[arg-type]
    reply = answer(Backend(), TARGET + "DeleteLabel", b'{"name": "x"}', "us-east-1")
    assert body_of(reply) == {
        "__type": "ValidationException",
        "message": "The label 'x' does not exist.",
    }


def test_an_operation_not_implemented_yet_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from frauddetector_mock import service

    monkeypatch.setattr(service, "OPERATIONS", {**service.OPERATIONS, "GetDetectors": None})
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        with pytest.raises(fd.exceptions.ClientError) as raised:
            fd.get_detectors()
    error = raised.value.response
    assert error["Error"]["Code"] == "NotImplemented"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "GetDetectors" in error["Error"]["Message"]


def test_call_log() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="eu-west-1")
        fd.put_label(name="fraud", description="confirmed")
        with pytest.raises(fd.exceptions.ResourceNotFoundException):
            fd.get_labels(name="absent")
        calls = list(get_backend().calls)
    assert [(c.operation, c.region, c.status, c.error_code) for c in calls] == [
        ("PutLabel", "eu-west-1", 200, None),
        ("GetLabels", "eu-west-1", 400, "ResourceNotFoundException"),
    ]
    assert calls[0].request == {"name": "fraud", "description": "confirmed"}
    assert calls[0].response == {} and calls[0].ok
    assert calls[1].error_message == "The label 'absent' does not exist."
    assert calls[0].account_id == "123456789012"
    assert calls[1].response is None


def test_a_logged_answer_is_what_the_caller_received_then() -> None:
    """Later calls that change a record never change what an older log entry shows."""
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud", description="first")
        fd.get_labels(name="fraud")
        logged = get_backend().calls[-1]
        fd.put_label(name="fraud", description="second")
        assert logged.response is not None
        assert logged.response["labels"][0]["description"] == "first"
        logged.response["labels"].clear()  # each read is a fresh copy
        assert logged.response["labels"][0]["description"] == "first"


def test_a_logged_request_is_decoded_afresh_on_each_read() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud", description="first")
        logged = get_backend().calls[-1]
        assert logged.request == {"name": "fraud", "description": "first"}
        logged.request["name"] = "changed"
        assert logged.request["name"] == "fraud"
        assert logged.request_body == b'{"name": "fraud", "description": "first"}'
    for body in (b"{not json", b"[1]", b"", None):
        assert answer(Backend(), TARGET + "PutLabel", body, "us-east-1").status == 400
    backend = Backend()
    answer(backend, TARGET + "PutLabel", b"[1]", "us-east-1")
    assert backend.calls[-1].request == {}


def test_every_operation_of_the_model_is_in_the_table() -> None:
    assert sorted(service.OPERATIONS) == sorted(service_model().operation_names)
    assert len(service.OPERATIONS) == 73


def test_coverage_document_is_current() -> None:
    path = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"
    assert path.read_text() == render(), "run: python -m tools.coverage"


def test_every_response_in_the_suite_is_checked() -> None:
    from tests.shape_check import CHECKED

    before = CHECKED["GetOutcomes"]
    with mock_frauddetector():
        boto3.client("frauddetector", region_name="us-east-1").get_outcomes()
    assert CHECKED["GetOutcomes"] == before + 1


def _answering(monkeypatch: pytest.MonkeyPatch, result: dict[str, Any]) -> Any:
    """A client whose GetLabels handler returns ``result``, unchecked by the suite's check."""
    monkeypatch.setitem(
        service.OPERATIONS,
        "GetLabels",
        lambda store, params: result,  # type: ignore[arg-type]
    )
    monkeypatch.setattr(shape_check, "check_response", lambda *args: None)
    return boto3.client("frauddetector", region_name="us-east-1")


def test_a_client_receives_the_answer_its_handler_built(monkeypatch: pytest.MonkeyPatch) -> None:
    labels = [{"name": "fraud"}]
    with mock_frauddetector():
        received = _answering(monkeypatch, {"labels": labels}).get_labels()
    assert received["labels"] is labels  # no copy: handlers build every answer afresh
    assert get_backend().calls[-1].body == b'{"labels":[{"name":"fraud"}]}'


def test_the_suite_refuses_an_answer_with_parts_held_elsewhere() -> None:
    held = {"name": "fraud"}
    assert shape_check.shared_parts({"labels": [held, {"name": "legit"}]}) == [
        "labels.0 is held elsewhere too"
    ]
    assert shape_check.shared_parts({"labels": [{"name": "a"}], "ResponseMetadata": {}}) == []


def test_the_suite_refuses_an_answer_json_would_not_give_back() -> None:
    class Name(str):
        pass

    assert shape_check.shared_parts({"labels": [{"name": Name("a")}], "n": (1,)}) == [
        "labels.0.name is a Name, which JSON does not give back",
        "n is a tuple, which JSON does not give back",
    ]
