"""Where and how requests are caught, and that leaving the mock undoes everything."""

from __future__ import annotations

import asyncio

import boto3
import botocore.session
import pytest
import requests
import responses
from botocore import handlers
from botocore.config import Config
from botocore.endpoint import Endpoint
from botocore.exceptions import ClientError, EndpointConnectionError

import frauddetector_mock.service as service
from frauddetector_mock import get_backend, mock_frauddetector
from frauddetector_mock.errors import ThrottlingException
from frauddetector_mock.wire import hooks
from tests.raw_http import post

# Clients that must reach for the network in a test: fail at once instead of retrying.
FAKE = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "config": Config(retries={"total_max_attempts": 1}),
}


def test_leaving_the_mock_restores_hooks_and_patches() -> None:
    """botocore's built-in list holds the package's two hooks from its import on (they answer
    only while a mock is on); starting and stopping changes nothing else for good."""
    boto3.setup_default_session()
    default = boto3.DEFAULT_SESSION
    builtin_before = list(handlers.BUILTIN_HANDLERS)
    assert [hook for hook in builtin_before if hook in hooks.HOOKS] == list(hooks.HOOKS)
    create_client_before = botocore.session.Session.__dict__["create_client"]
    send_before = Endpoint.__dict__["_send"]
    for _ in range(3):
        with mock_frauddetector():
            assert Endpoint.__dict__["_send"] is not send_before
            boto3.client("frauddetector", region_name="us-east-1").get_labels()
    assert builtin_before == handlers.BUILTIN_HANDLERS
    assert botocore.session.Session.__dict__["create_client"] is create_client_before
    assert Endpoint.__dict__["_send"] is send_before
    assert boto3.DEFAULT_SESSION is default
    # the hooks no longer answer: a call would go to the network
    fd = boto3.client("frauddetector", region_name="us-east-1", **FAKE)
    with pytest.raises(EndpointConnectionError):
        fd.get_labels()


def test_default_session_made_before_the_mock_is_caught() -> None:
    boto3.setup_default_session(region_name="us-east-1")
    with mock_frauddetector():
        fd = boto3.client("frauddetector")
        fd.put_label(name="fraud")
        assert fd.get_labels()["labels"][0]["name"] == "fraud"


def test_session_made_before_the_mock_is_caught() -> None:
    session = boto3.Session(region_name="eu-west-1")
    with mock_frauddetector():
        fd = session.client("frauddetector")
        fd.put_label(name="fraud")
        assert [label["name"] for label in fd.get_labels()["labels"]] == ["fraud"]
        assert list(get_backend().store("eu-west-1").labels) == ["fraud"]


def test_a_client_made_before_the_mock_starts_is_answered_by_it(network_guard) -> None:  # type: ignore[no-untyped-def]
    fd = boto3.client("frauddetector", region_name="us-east-1", **FAKE)
    with mock_frauddetector() as mock:
        fd.put_label(name="fraud")
        assert [label["name"] for label in fd.get_labels()["labels"]] == ["fraud"]
        mock.attach(fd)  # still accepted: it changes nothing for such a client
        assert len(fd.get_labels()["labels"]) == 1
    assert network_guard.attempts == []
    with pytest.raises(EndpointConnectionError):
        fd.get_labels()  # the mock is off: the client goes for the network again
    assert network_guard.attempts


def test_a_client_made_before_the_mock_starts_is_answered_in_wire_mode_once() -> None:
    fd = boto3.client("frauddetector", region_name="us-east-1", **FAKE)
    with mock_frauddetector(wire=True) as mock:
        mock.attach(fd)  # its emitter now holds the hook twice
        fd.put_label(name="fraud")
        assert [call.operation for call in get_backend().calls] == ["PutLabel"]


def test_attach_needs_an_active_mock() -> None:
    fd = boto3.client("frauddetector", region_name="us-east-1", **FAKE)
    with pytest.raises(RuntimeError, match="started first"):
        mock_frauddetector().attach(fd)


def test_custom_endpoint_url_is_still_caught() -> None:
    with mock_frauddetector():
        fd = boto3.client(
            "frauddetector", region_name="us-east-1", endpoint_url="http://10.0.0.1:9999"
        )
        fd.put_label(name="fraud")
        assert fd.get_labels()["labels"][0]["name"] == "fraud"


def test_other_services_are_not_touched(network_guard) -> None:  # type: ignore[no-untyped-def]
    with mock_frauddetector():
        sqs = boto3.client("sqs", region_name="us-east-1", **FAKE)
        with pytest.raises(EndpointConnectionError):
            sqs.list_queues()
    assert network_guard.attempts  # it went for the network: not ours to answer


def test_fraud_detector_calls_open_no_socket(network_guard) -> None:  # type: ignore[no-untyped-def]
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        fd.get_labels()
        with pytest.raises(ClientError):
            fd.get_labels(name="missing")
    assert network_guard.attempts == []


def test_client_inside_the_mock_gets_fake_credentials_not_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKINGKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-looking-secret")
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        assert fd._request_signer._credentials.access_key != "AKIAREALLOOKINGKEY"
        explicit = boto3.client(
            "frauddetector",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        assert explicit._request_signer._credentials.access_key == "testing"
        other = boto3.client("sqs", region_name="us-east-1")
        assert other._request_signer._credentials.access_key == "AKIAREALLOOKINGKEY"


def test_requests_library_is_answered_through_responses() -> None:
    with mock_frauddetector():
        answer = post("PutLabel", b'{"name": "fraud"}', region="eu-west-1")
        assert answer.status_code == 200
        assert answer.json() == {}
        assert answer.headers["Content-Type"] == "application/x-amz-json-1.1"
        listed = post("GetLabels", region="eu-west-1")
        assert [label["name"] for label in listed.json()["labels"]] == ["fraud"]
        bad = post("PutLabel", b'{"name": "NO"}', region="eu-west-1")
        assert bad.status_code == 400
        assert bad.json()["__type"] == "ValidationException"
        assert get_backend().store("eu-west-1").labels.keys() == {"fraud"}


@responses.activate
def test_users_own_responses_mock_keeps_working() -> None:
    responses.add(responses.GET, "https://example.com/users", json={"users": 3})
    with mock_frauddetector():
        assert requests.get("https://example.com/users", timeout=5).json() == {"users": 3}
        answer = post("PutLabel", b'{"name": "fraud"}')
        assert answer.status_code == 200
    # the user's registry saw only its own request
    assert [call.request.url for call in responses.calls] == ["https://example.com/users"]
    assert requests.get("https://example.com/users", timeout=5).json() == {"users": 3}


def test_other_hosts_pass_through_requests(network_guard) -> None:  # type: ignore[no-untyped-def]
    with mock_frauddetector(), pytest.raises(requests.ConnectionError):
        requests.get("https://example.com/", timeout=1)
    assert network_guard.attempts


def test_aiobotocore_client() -> None:
    from aiobotocore.session import get_session

    async def scenario() -> list[str]:
        session = get_session()
        async with session.create_client("frauddetector", region_name="us-east-1") as fd:
            await fd.put_label(name="fraud")
            try:
                await fd.get_labels(name="missing")
            except fd.exceptions.ResourceNotFoundException as error:
                assert error.response["Error"]["Message"] == "The label 'missing' does not exist."
            else:
                raise AssertionError("expected ResourceNotFoundException")
            return [label["name"] for label in (await fd.get_labels())["labels"]]

    with mock_frauddetector():
        assert asyncio.run(scenario()) == ["fraud"]


def _throttle_twice(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    attempts: list[int] = []
    original = service.OPERATIONS["GetLabels"]

    def flaky(store, params):  # type: ignore[no-untyped-def]
        attempts.append(1)
        if len(attempts) <= 2:
            raise ThrottlingException("Rate exceeded")
        return original(store, params)  # type: ignore[misc]

    monkeypatch.setitem(service.OPERATIONS, "GetLabels", flaky)  # type: ignore[arg-type]
    return attempts


def test_wire_mode_goes_through_botocore_retries(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    attempts = _throttle_twice(monkeypatch)
    with mock_frauddetector(wire=True):
        fd = boto3.client(
            "frauddetector",
            region_name="us-east-1",
            config=Config(retries={"mode": "standard", "max_attempts": 3}),
        )
        response = fd.get_labels()
    assert len(attempts) == 3
    assert response["ResponseMetadata"]["RetryAttempts"] == 2


def test_default_mode_answers_errors_without_retries(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    attempts = _throttle_twice(monkeypatch)
    with mock_frauddetector():
        fd = boto3.client(
            "frauddetector",
            region_name="us-east-1",
            config=Config(retries={"mode": "standard", "max_attempts": 3}),
        )
        with pytest.raises(fd.exceptions.ThrottlingException):
            fd.get_labels()
    assert len(attempts) == 1


def test_wire_mode_answers_like_default_mode() -> None:
    answers = []
    for wire in (False, True):
        with mock_frauddetector(wire=wire) as mock:
            mock.backend.clock.freeze("2024-05-01T12:00:00Z")
            fd = boto3.client("frauddetector", region_name="eu-west-1")
            fd.put_label(name="fraud")
            response = fd.get_labels()
            response["ResponseMetadata"].pop("HTTPHeaders")
            with pytest.raises(fd.exceptions.ValidationException) as raised:
                fd.get_labels(maxResults=51)
            answers.append((response, raised.value.response["Error"]))
    assert answers[0] == answers[1]
