"""The WSGI server over the protocol layer: SigV4 scope, bad input, controls (issue 8)."""

from __future__ import annotations

import http.client
import json
import socket
import time
from typing import Any

import pytest
import requests

from frauddetector_mock import Backend, restore, snapshot
from frauddetector_mock.wire.server import MAX_BODY
from tests.errors import refused
from tests.server.conftest import NOW, client_for

TARGET = "AWSHawksNestServiceFacade."
JSON_11 = "application/x-amz-json-1.1"
EXPORT = {"Content-Type": "application/octet-stream"}  # an import's body


def post(url: str, body: bytes | str, target: str | None = "GetLabels", **headers: str) -> Any:
    sent = {"Content-Type": JSON_11, **headers}
    if target is not None:
        sent["X-Amz-Target"] = TARGET + target
    return requests.post(url, data=body, headers=sent, timeout=5)


def test_boto3_round_trip_takes_region_and_account_from_the_credential(
    endpoint_url: str, backend: Backend
) -> None:
    """ARNs name the region of the credential scope and the 12-digit access key's account
    (docs/behaviour.md, "Server mode")."""
    client = client_for(endpoint_url, region="eu-west-1", access_key="111122223333")
    client.put_label(name="fraud")
    assert client.get_labels()["labels"] == [
        {
            "name": "fraud",
            "arn": "arn:aws:frauddetector:eu-west-1:111122223333:label/fraud",
            "createdTime": NOW,
            "lastUpdatedTime": NOW,
        }
    ]
    other = client_for(endpoint_url, region="us-west-2", access_key="AKIAEXAMPLE")
    other.put_label(name="legit")
    assert other.get_labels()["labels"][0]["arn"] == (
        "arn:aws:frauddetector:us-west-2:123456789012:label/legit"
    )
    assert set(backend.stores) == {("111122223333", "eu-west-1"), ("123456789012", "us-west-2")}


def test_errors_of_the_service_reach_the_client(client: Any) -> None:
    refused(
        lambda: client.get_detectors(detectorId="missing"),
        "ResourceNotFoundException",
        "The detector 'missing' does not exist.",
    )


@pytest.mark.parametrize(
    ("body", "target", "headers", "status", "code"),
    [
        ("{", "GetLabels", {}, 400, "SerializationException"),
        ("[1]", "GetLabels", {}, 400, "SerializationException"),
        ("{}", "NoSuchOperation", {}, 400, "UnknownOperationException"),
        ("{}", None, {}, 400, "UnknownOperationException"),
        ("{}", "GetLabels", {"Content-Type": "text/plain"}, 415, "SerializationException"),
        (
            '{"name": "x"}',
            "PutLabel",
            {"Content-Type": "text/plain"},
            415,
            "SerializationException",
        ),
        ("x" * (MAX_BODY + 1), "PutLabel", {}, 413, "SerializationException"),
    ],
)
def test_bad_requests_get_a_clean_4xx_and_change_nothing(
    endpoint_url: str,
    backend: Backend,
    body: str,
    target: str | None,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    before = snapshot(backend)
    reply = post(endpoint_url, body, target, **headers)
    assert (reply.status_code, reply.json()["__type"]) == (status, code)
    assert reply.json()["message"]
    assert snapshot(backend) == before
    assert post(endpoint_url, "{}").status_code == 200  # still serving


def test_a_stalled_half_request_neither_blocks_others_nor_writes(
    endpoint_url: str, backend: Backend
) -> None:
    host, port = endpoint_url.removeprefix("http://").split(":")
    body = json.dumps({"name": "half"}).encode()
    with socket.create_connection((host, int(port))) as stalled:
        stalled.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + JSON_11.encode()
            + b"\r\nX-Amz-Target: "
            + (TARGET + "PutLabel").encode()
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body[:5]
        )
        for name in ("a", "b", "c"):
            assert post(endpoint_url, json.dumps({"name": name}), "PutLabel").status_code == 200
        stalled.settimeout(5)
        started = time.monotonic()
        assert stalled.recv(100) == b""  # the server drops it after channel_timeout (2 s)
        assert time.monotonic() - started < 5
    assert sorted(backend.store().labels) == ["a", "b", "c"]


def test_keep_alive_serves_many_requests_on_one_connection(endpoint_url: str) -> None:
    """HTTP/1.1 keeps the connection open without a Connection header: one socket serves every
    request. A client's ``Connection: close`` is answered with ``Connection: close``."""
    host, port = endpoint_url.removeprefix("http://").split(":")
    headers = {"Content-Type": JSON_11, "X-Amz-Target": TARGET + "GetLabels"}
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        sockets = []
        for _ in range(3):
            connection.request("POST", "/", body="{}", headers=headers)
            reply = connection.getresponse()
            assert (reply.status, json.loads(reply.read())) == (200, {"labels": []})
            assert reply.getheader("Connection") is None
            assert reply.will_close is False
            sockets.append(connection.sock)
        assert sockets[0] is not None
        assert all(sock is sockets[0] for sock in sockets)  # never reconnected
        connection.request("POST", "/", body="{}", headers={**headers, "Connection": "close"})
        reply = connection.getresponse()
        assert (reply.status, json.loads(reply.read())) == (200, {"labels": []})
        assert (reply.getheader("Connection"), reply.will_close) == ("close", True)
    finally:
        connection.close()


def test_health_export_reset_import(endpoint_url: str, client: Any) -> None:
    assert requests.get(endpoint_url + "/_mock/health").json() == {"status": "ok"}
    client.put_label(name="fraud")
    exported = requests.get(endpoint_url + "/_mock/export")
    assert exported.headers["Content-Type"] == "application/json"
    assert exported.json()["format"] == "frauddetector-mock-state"
    assert requests.post(endpoint_url + "/_mock/reset").json() == {}
    assert client.get_labels()["labels"] == []
    assert (
        requests.post(endpoint_url + "/_mock/import", data=exported.content, headers=EXPORT).json()
        == {}
    )
    assert [label["name"] for label in client.get_labels()["labels"]] == ["fraud"]


@pytest.mark.parametrize(
    ("path", "method", "body", "status"),
    [
        ("/_mock/import", "POST", b"not a state", 400),
        ("/_mock/nothing", "POST", b"{}", 404),
        ("/_mock/health", "POST", b"", 405),
        ("/_mock/scores", "POST", b'{"score": 1}', 400),
        ("/_mock/scores", "POST", b'{"modelId": "m", "score": 1001}', 400),
        ("/_mock/transitions", "POST", b'{"mode": "sometimes"}', 400),
        ("/_mock/transitions", "POST", b'{"mode": "manual", "action": "undo"}', 400),
        ("/_mock/transitions", "POST", b'{"mode": "after_reads"}', 400),
        ("/_mock/endpoints", "POST", b"[]", 400),
    ],
)
def test_bad_control_requests_are_refused(
    endpoint_url: str, backend: Backend, path: str, method: str, body: bytes, status: int
) -> None:
    before = snapshot(backend)
    headers = EXPORT if path.endswith("import") else {"Content-Type": "application/json"}
    reply = requests.request(method, endpoint_url + path, data=body, headers=headers, timeout=5)
    assert reply.status_code == status
    assert reply.json()["message"]
    assert snapshot(backend) == before


def test_import_refuses_a_pickle_unread(endpoint_url: str, backend: Backend) -> None:
    """Version 1 states were pickles: refused from their first byte, nothing is unpickled."""
    import pickle

    before = snapshot(backend)
    evil = pickle.dumps(print)
    reply = requests.post(endpoint_url + "/_mock/import", data=evil, headers=EXPORT)
    assert (reply.status_code, reply.json()) == (
        400,
        {
            "__type": "ValidationException",
            "message": "The state is of version 1 (a pickle), which this version of "
            "frauddetector-mock does not read, as it unpickles nothing; build the state again "
            'with this version and export it (docs/server.md, "States of version 1").',
        },
    )
    assert snapshot(backend) == before


def test_controls_pin_scores_answer_endpoints_and_set_transitions(
    endpoint_url: str, backend: Backend
) -> None:
    control = endpoint_url + "/_mock/"
    assert requests.post(control + "scores", json={"modelId": "m", "score": 912}).ok
    assert requests.post(
        control + "scores", json={"modelId": "m", "entityId": "cust_1", "score": 5}
    ).ok
    assert backend.scores.controlled == frozenset({"m"})
    assert requests.post(control + "endpoints", json={"endpoint": "sm", "output": "0.7"}).ok
    assert backend.endpoints.invoke("sm", b"", "text/csv") == "0.7"
    assert requests.post(control + "transitions", json={"mode": "after_reads", "reads": 2}).ok
    assert backend.transitions.mode.reads == 2  # type: ignore[union-attr]
    moved = requests.post(control + "transitions", json={"mode": "manual", "action": "finish"})
    assert moved.json() == {"moved": []}
    assert type(backend.transitions.mode).__name__ == "Manual"
    assert requests.post(control + "scores", json={"modelId": "m", "clear": True}).ok
    assert backend.scores.controlled == frozenset()


def test_snapshot_and_restore_in_process_keep_records_clock_and_controls() -> None:
    """The notebook form of export/import: every store, the clock, plain-data controls."""
    source = Backend()
    source.clock.freeze(NOW)
    with __import__("frauddetector_mock").server(port=0, backend=source) as url:
        client = client_for(url, region="ap-southeast-2")
        client.create_variable(
            name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0"
        )
        client.put_entity_type(name="customer")
        client.put_event_type(name="payment", eventVariables=["amount"], entityTypes=["customer"])
        client.put_detector(detectorId="payments", eventTypeName="payment")
        client.put_outcome(name="block")
        client.create_rule(
            ruleId="big",
            detectorId="payments",
            expression="$amount > 100",
            language="DETECTORPL",
            outcomes=["block"],
        )
        before = client.get_rules(detectorId="payments")["ruleDetails"]
    source.scores.pin("m", 10)
    source.transitions.manual()
    target = Backend()
    restore(snapshot(source), target)
    assert target.clock.now() == source.clock.now()
    assert type(target.transitions.mode).__name__ == "Manual"
    assert target.scores.controlled == frozenset({"m"})
    with __import__("frauddetector_mock").server(port=0, backend=target) as url:
        client = client_for(url, region="ap-southeast-2")
        assert client.get_rules(detectorId="payments")["ruleDetails"] == before
        rule = target.store("ap-southeast-2").detectors["payments"].rules["big"]["1"]
        assert rule.compiled.evaluate({"amount": 500.0}, {}, target.clock.now())


def test_import_refuses_a_state_missing_parts_and_keeps_the_old_one(
    endpoint_url: str, backend: Backend, client: Any
) -> None:
    client.put_label(name="kept")
    before = snapshot(backend)
    partial = json.dumps({"format": "frauddetector-mock-state", "version": 2, "stores": []})
    reply = requests.post(endpoint_url + "/_mock/import", data=partial, headers=EXPORT)
    assert reply.status_code == 400
    assert reply.json() == {
        "__type": "ValidationException",
        "message": "The state lacks clock, default_account_id, endpoints, eventbridge, "
        "scores, transitions.",
    }
    assert snapshot(backend) == before
