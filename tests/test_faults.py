"""Injected faults (frauddetector_mock/controls/faults.py, docs/faults.md), seen through boto3:
the errors AWS's transient failures look like, throttling before
validation, and botocore's retries in wire mode."""

from __future__ import annotations

import threading
import time
import types
from collections.abc import Iterator
from functools import partial
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError

import frauddetector_mock.controls.faults as faults_module
from frauddetector_mock import Backend, get_backend, mock_frauddetector, reset, server
from frauddetector_mock.controls.faults import Faults, Injected
from tests.doc_examples import run_examples
from tests.errors import refused
from tests.raw_http import post
from tests.store.snapshot import snapshot

REGION = "us-east-1"


@pytest.fixture
def fd() -> Iterator[Any]:
    with mock_frauddetector():
        get_backend().clock.freeze("2024-03-01T09:30:00Z")
        yield boto3.client("frauddetector", region_name=REGION)


@pytest.fixture
def faults(fd: Any) -> Faults:
    return get_backend().faults


@pytest.fixture
def retry_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's backoff between attempts, recorded instead of slept."""
    import botocore.endpoint

    sleeps: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=sleeps.append))
    return sleeps


def _outcome(fd: Any) -> str:
    try:
        fd.get_labels()
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    return "ok"


def test_no_fault_object_is_made_until_one_is_asked_for(fd: Any) -> None:
    fd.get_labels()
    assert get_backend()._faults is None  # the per-call check is one attribute test


def test_the_next_calls_fail_then_the_operation_answers_again(fd: Any, faults: Faults) -> None:
    fd.put_label(name="fraud")
    faults.fail("GetLabels", times=2)
    for _ in range(2):
        refused(fd.get_labels, "ThrottlingException", "Rate exceeded")
    assert [label["name"] for label in fd.get_labels()["labels"]] == ["fraud"]
    assert [(call.operation, call.status, call.error_code) for call in get_backend().calls] == [
        ("PutLabel", 200, None),
        ("GetLabels", 400, "ThrottlingException"),
        ("GetLabels", 400, "ThrottlingException"),
        ("GetLabels", 200, None),
    ]
    assert list(faults.injected) == [Injected("GetLabels", "ThrottlingException")] * 2
    assert not faults.active  # a spent fault is gone


def test_a_fault_of_one_operation_leaves_the_others_alone(fd: Any, faults: Faults) -> None:
    faults.fail("GetLabels", times=None)
    assert fd.get_outcomes()["outcomes"] == []
    assert [_outcome(fd) for _ in range(3)] == ["ThrottlingException"] * 3


@pytest.mark.parametrize("every", [None, "*"])
def test_a_fault_for_every_operation(fd: Any, faults: Faults, every: str | None) -> None:
    faults.fail(every, times=2)
    with pytest.raises(fd.exceptions.ThrottlingException):
        fd.get_outcomes()
    with pytest.raises(fd.exceptions.ThrottlingException):
        fd.get_variables()
    assert fd.get_outcomes()["outcomes"] == []


@pytest.mark.parametrize(
    ("error", "operation", "status", "message"),
    [
        ("ThrottlingException", "GetLabels", 400, "Rate exceeded"),
        (
            "InternalServerException",
            "GetLabels",
            500,
            "An internal error occurred. Try your request again.",
        ),
        # Not in TagResource's model, but a server fault can come from any operation.
        (
            "InternalServerException",
            "ListTagsForResource",
            500,
            "An internal error occurred. Try your request again.",
        ),
        (
            "ResourceUnavailableException",
            "GetEventPrediction",
            400,
            "The external model is unavailable: its endpoint failed to answer the request.",
        ),
    ],
)
def test_each_error_answers_with_its_code_status_and_text(
    fd: Any, faults: Faults, error: str, operation: str, status: int, message: str
) -> None:
    """Throttling and ResourceUnavailable are 400, InternalServer is 500 (docs/behaviour.md,
    "Injected faults")."""
    faults.fail(operation, error)
    params: dict[str, Any] = {
        "GetLabels": {},
        "ListTagsForResource": {"resourceARN": "arn:aws:frauddetector:us-east-1:1:detector/d"},
        "GetEventPrediction": {
            "detectorId": "d",
            "eventId": "e1",
            "eventTypeName": "t",
            "eventTimestamp": "2024-03-01T09:00:00Z",
            "entities": [{"entityType": "customer", "entityId": "c1"}],
            "eventVariables": {"amount": "1"},
        },
    }[operation]
    raised = refused(
        partial(getattr(fd, _snake(operation)), **params), error, message, status=status
    )
    assert raised.response["message"] == message  # the modelled shape's member


def _snake(operation: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")


def test_a_custom_message(fd: Any, faults: Faults) -> None:
    faults.fail("GetLabels", "InternalServerException", message="Service is down for a test")
    refused(fd.get_labels, "InternalServerException", "Service is down for a test", status=500)


def test_faults_come_before_validation(fd: Any, faults: Faults) -> None:
    """maxResults=51 is beyond GetLabels' limit of 50: AWS throttles before it looks."""
    faults.fail("GetLabels")
    with pytest.raises(fd.exceptions.ThrottlingException):
        fd.get_labels(maxResults=51)
    with pytest.raises(fd.exceptions.ValidationException):
        fd.get_labels(maxResults=51)


def test_an_injected_failure_changes_nothing(fd: Any, faults: Faults) -> None:
    fd.put_label(name="fraud")
    store = get_backend().store(REGION)
    before = snapshot(store)
    faults.fail("PutLabel", "InternalServerException")
    with pytest.raises(fd.exceptions.InternalServerException):
        fd.put_label(name="legit", description="never stored")
    assert snapshot(store) == before
    failed = get_backend().calls[-1]
    assert (failed.operation, failed.request, failed.response) == (
        "PutLabel",
        {"name": "legit", "description": "never stored"},
        None,
    )
    fd.put_label(name="legit")
    assert sorted(store.labels) == ["fraud", "legit"]


def test_an_operations_own_faults_come_before_every_operations(fd: Any, faults: Faults) -> None:
    faults.fail(None, "InternalServerException", times=1)
    faults.fail("GetLabels", times=1)
    # Only the fault that answers spends its count: the '*' one is still there for GetOutcomes.
    assert [_outcome(fd) for _ in range(2)] == ["ThrottlingException", "InternalServerException"]
    assert _outcome(fd) == "ok"


def test_a_share_of_calls_fails_the_same_way_on_every_run(fd: Any, faults: Faults) -> None:
    def run(seed: int) -> list[str]:
        with faults.fail_share("GetLabels", 0.25, seed=seed):
            return [_outcome(fd) for _ in range(200)]

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other
    assert set(first) == {"ok", "ThrottlingException"}
    assert 30 <= first.count("ThrottlingException") <= 70  # 50 expected; the seed fixes it


def test_a_share_of_nothing_or_everything(fd: Any, faults: Faults) -> None:
    with faults.fail_share("GetLabels", 0):
        assert {_outcome(fd) for _ in range(20)} == {"ok"}
    with faults.fail_share("GetLabels", 1, "InternalServerException"):
        assert {_outcome(fd) for _ in range(20)} == {"InternalServerException"}


def test_latency_delays_the_answer_in_real_time_not_the_clock(fd: Any, faults: Faults) -> None:
    frozen = get_backend().clock.now()
    faults.latency("GetLabels", 0.05)
    started = time.perf_counter()
    fd.get_labels()
    assert time.perf_counter() - started >= 0.05
    assert get_backend().clock.now() == frozen
    assert list(faults.injected) == [Injected("GetLabels", None, 0.05)]


def test_an_operations_own_latency_wins_and_delays_its_error(
    fd: Any, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(faults_module, "time", types.SimpleNamespace(sleep=slept.append))
    faults.latency(None, 2.0)
    faults.latency("GetLabels", 0.5)
    faults.fail("GetLabels")
    assert _outcome(fd) == "ThrottlingException"
    fd.get_outcomes()
    assert slept == [0.5, 2.0]


def test_each_setter_undoes_itself_as_a_context_manager(fd: Any, faults: Faults) -> None:
    with faults.fail("GetLabels", times=None):
        assert _outcome(fd) == "ThrottlingException"
        with faults.fail("GetLabels", "InternalServerException", times=None):
            assert _outcome(fd) == "ThrottlingException"  # set first, tried first
        assert _outcome(fd) == "ThrottlingException"
    assert _outcome(fd) == "ok"
    outer = faults.latency("GetLabels", 1.0)
    with faults.latency("GetLabels", 0.0):
        fd.get_labels()  # not a second long
    with outer:
        pass
    assert not faults.active


def test_clear_removes_every_fault_and_the_log(fd: Any, faults: Faults) -> None:
    undo = faults.fail(None, times=None)
    faults.latency(None, 0.01)
    assert _outcome(fd) == "ThrottlingException"
    faults.clear()
    assert (_outcome(fd), list(faults.injected), faults.active) == ("ok", [], False)
    with undo:
        pass  # undoing a cleared fault is harmless


def test_a_new_outermost_mock_starts_without_faults() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name=REGION)
        get_backend().faults.fail(None, times=None)
        with mock_frauddetector():  # nested: the same backend, faults kept
            assert _outcome(fd) == "ThrottlingException"
    with mock_frauddetector():
        assert _outcome(fd) == "ok"
        assert not get_backend().faults.injected


@pytest.mark.parametrize(
    ("setup", "error", "text"),
    [
        (lambda f: f.fail("GetLable"), ValueError, "'GetLable' is not an operation"),
        (lambda f: f.fail("GetLabels", "Throttling"), ValueError, "'Throttling' cannot be"),
        (
            lambda f: f.fail("GetLabels", "ValidationException"),
            ValueError,
            "use one of ThrottlingException, InternalServerException, Resource",
        ),
        (
            lambda f: f.fail(None, "ResourceUnavailableException"),
            ValueError,
            "only for GetEventPrediction; it cannot be injected into every operation",
        ),
        (
            lambda f: f.fail("GetLabels", "ResourceUnavailableException"),
            ValueError,
            "into GetLabels",
        ),
        (lambda f: f.fail("GetLabels", times=0), ValueError, "at least 1"),
        (lambda f: f.fail("GetLabels", times="2"), TypeError, "whole number"),
        (lambda f: f.fail("GetLabels", message=5), TypeError, "text"),
        (lambda f: f.fail_share("GetLabels", 1.5), ValueError, "from 0 to 1"),
        (lambda f: f.fail_share("GetLabels", "half"), TypeError, "number"),
        (lambda f: f.fail_share("GetLabels", 0.5, seed="x"), TypeError, "seed"),
        (lambda f: f.latency("GetLabels", -1), ValueError, "at least 0"),
        (lambda f: f.latency("GetLabels", float("nan")), ValueError, "finite"),
        (lambda f: f.latency("NoSuchOperation", 1), ValueError, "not an operation"),
    ],
)
def test_a_mistake_in_the_set_up_is_refused_at_once(
    fd: Any, faults: Faults, setup: Any, error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        setup(faults)
    assert not faults.active
    assert _outcome(fd) == "ok"


def test_counts_hold_under_concurrent_calls(fd: Any, faults: Faults) -> None:
    faults.fail("GetLabels", times=50)
    outcomes: list[str] = []

    def worker() -> None:
        client = boto3.client("frauddetector", region_name=REGION)
        outcomes.extend(_outcome(client) for _ in range(25))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ThrottlingException") == 50
    assert outcomes.count("ok") == 100


def test_requests_library_clients_get_the_fault_too(faults: Faults) -> None:
    faults.fail("GetLabels")
    reply = post("GetLabels")
    assert (reply.status_code, reply.json()) == (
        400,
        {"__type": "ThrottlingException", "message": "Rate exceeded"},
    )


# Retries: only wire mode goes through botocore's retry handlers (design.md, docs/faults.md).


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_wire_mode_retries_injected_throttling(mode: str, retry_sleeps: list[float]) -> None:
    with mock_frauddetector(wire=True):
        fd = boto3.client(
            "frauddetector", region_name=REGION, config=Config(retries={"mode": mode})
        )
        get_backend().faults.fail("GetLabels", times=2)
        response = fd.get_labels()
        assert response["ResponseMetadata"]["RetryAttempts"] == 2
        assert len(retry_sleeps) == 2
        assert [call.error_code for call in get_backend().calls] == [
            "ThrottlingException",
            "ThrottlingException",
            None,
        ]


@pytest.mark.parametrize(("mode", "attempts"), [("legacy", 3), ("standard", 3)])
def test_wire_mode_gives_up_after_the_last_attempt(
    mode: str, attempts: int, retry_sleeps: list[float]
) -> None:
    config = Config(retries={"mode": mode, "total_max_attempts": attempts})
    with mock_frauddetector(wire=True):
        fd = boto3.client("frauddetector", region_name=REGION, config=config)
        get_backend().faults.fail("GetLabels", times=attempts + 1)
        raised = refused(fd.get_labels, "ThrottlingException", "Rate exceeded")
        metadata = raised.response["ResponseMetadata"]
        assert (metadata["RetryAttempts"], metadata["MaxAttemptsReached"]) == (attempts - 1, True)
        assert len(get_backend().calls) == attempts
        # the one failure left is retried away by the next call
        assert fd.get_labels()["ResponseMetadata"]["RetryAttempts"] == 1


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_wire_mode_retries_internal_server_errors(mode: str, retry_sleeps: list[float]) -> None:
    with mock_frauddetector(wire=True):
        fd = boto3.client(
            "frauddetector", region_name=REGION, config=Config(retries={"mode": mode})
        )
        get_backend().faults.fail("GetLabels", "InternalServerException", times=2)
        assert fd.get_labels()["ResponseMetadata"]["RetryAttempts"] == 2


def test_default_mode_answers_faults_without_retries(fd: Any, faults: Faults) -> None:
    retrying = boto3.client(
        "frauddetector", region_name=REGION, config=Config(retries={"mode": "standard"})
    )
    faults.fail("GetLabels", times=2)
    with pytest.raises(retrying.exceptions.ThrottlingException) as raised:
        retrying.get_labels()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(get_backend().calls) == 1


# Server mode: POST /_mock/faults (docs/server.md).


@pytest.fixture
def served() -> Iterator[tuple[str, Any, Backend]]:
    backend = Backend(account_id="123456789012")
    with server(port=0, backend=backend, channel_timeout=2) as url:
        client = boto3.client(
            "frauddetector",
            region_name=REGION,
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),
        )
        yield url, client, backend


def test_the_server_control_sets_and_clears_faults(served: tuple[str, Any, Backend]) -> None:
    url, client, backend = served
    control = url + "/_mock/faults"
    body = {"operation": "GetLabels", "error": "InternalServerException", "times": 1}
    assert requests.post(control, json=body, timeout=5).json() == {}
    refused(client.get_labels, "InternalServerException", status=500)
    assert client.get_labels()["labels"] == []
    requests.post(control, json={"share": 1, "seed": 3}, timeout=5)
    assert _outcome(client) == "ThrottlingException"
    requests.post(control, json={"operation": "GetLabels", "latency": 0.01}, timeout=5)
    requests.post(control, json={"clear": True}, timeout=5)
    assert _outcome(client) == "ok"
    assert not backend.faults.active


def test_latency_trips_a_clients_read_timeout_only_over_a_socket(
    served: tuple[str, Any, Backend],
) -> None:
    """In process there is no socket to time out; through the server, botocore's read_timeout
    fires like against a slow AWS endpoint."""
    url, _, backend = served
    backend.faults.latency("GetLabels", 0.3)
    impatient = boto3.client(
        "frauddetector",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(read_timeout=0.05, retries={"total_max_attempts": 1}),
    )
    with pytest.raises(ReadTimeoutError):
        impatient.get_labels()


@pytest.mark.parametrize(
    "body",
    [
        {"operation": "GetLable"},
        {"error": "ValidationException"},
        {"share": 2},
        {"latency": -1},
        {"times": "x"},
    ],
)
def test_the_server_control_refuses_bad_faults(
    served: tuple[str, Any, Backend], body: dict[str, Any]
) -> None:
    url, client, _ = served
    reply = requests.post(url + "/_mock/faults", json=body, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["__type"] == "ValidationException"
    assert reply.json()["message"].startswith("The /_mock/faults request is not valid: ")
    assert _outcome(client) == "ok"


def test_the_examples_of_docs_faults_md(capsys: pytest.CaptureFixture[str]) -> None:
    reset()
    try:
        run_examples("faults.md")
    finally:
        reset()
    assert capsys.readouterr().out.splitlines() == EXPECTED_DOC_OUTPUT


EXPECTED_DOC_OUTPUT = [
    "0 ThrottlingException Rate exceeded",
    "1 ThrottlingException Rate exceeded",
    "2 answered",
    "...T...T..T.",
    "True",
    "500",
    "[]",
    "[('GetOutcomes', 'InternalServerException')]",
    "2 2",
]
