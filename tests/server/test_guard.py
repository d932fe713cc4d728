"""Attacks on server mode that must fail: a web page posting to a control, another origin, a
rebound DNS name, a missing token, an endless delay, idle sockets (docs/behaviour.md, "Server
mode")."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from frauddetector_mock import Backend, server, snapshot
from frauddetector_mock.wire.server import MAX_WAITRESS_BODY, exposure_warning
from tests.server.conftest import client_for


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def test_a_text_plain_post_to_reset_is_refused_and_changes_nothing(
    endpoint_url: str, backend: Backend, client: Any
) -> None:
    """A page's <form enctype="text/plain"> or no-cors fetch needs no preflight: refused."""
    client.put_label(name="fraud")
    before = snapshot(backend)
    reply = requests.post(
        endpoint_url + "/_mock/reset",
        data=b"{}",
        headers={"Content-Type": "text/plain"},
        timeout=5,
    )
    assert (reply.status_code, reply.json()) == (
        415,
        {
            "__type": "SerializationException",
            "message": "The /_mock/reset request is not valid: its content type is "
            "'text/plain'; send application/json.",
        },
    )
    assert snapshot(backend) == before
    assert [label["name"] for label in client.get_labels()["labels"]] == ["fraud"]


def test_an_import_must_be_json_or_an_octet_stream(endpoint_url: str, backend: Backend) -> None:
    before = snapshot(backend)
    reply = requests.post(endpoint_url + "/_mock/import", data=before, timeout=5)
    assert reply.status_code == 415
    assert reply.json()["message"].endswith(
        "its content type is '(none)'; send application/json or application/octet-stream."
    )
    assert snapshot(backend) == before
    for content_type in ("application/json", "application/octet-stream"):
        reply = requests.post(
            endpoint_url + "/_mock/import",
            data=before,
            headers={"Content-Type": content_type},
            timeout=5,
        )
        assert reply.status_code == 200, reply.text
    assert snapshot(backend) == before


@pytest.mark.parametrize("origin", ["http://attacker.example", "null", "https://127.0.0.1"])
def test_a_foreign_origin_is_refused(
    endpoint_url: str, backend: Backend, client: Any, origin: str
) -> None:
    client.put_label(name="fraud")
    before = snapshot(backend)
    reply = requests.post(
        endpoint_url + "/_mock/reset", json={}, headers={"Origin": origin}, timeout=5
    )
    assert (reply.status_code, reply.json()) == (
        403,
        {
            "__type": "AccessDeniedException",
            "message": f"Control requests from the web origin {origin!r} are refused: a control "
            "endpoint answers only clients that are not web pages of another site.",
        },
    )
    assert snapshot(backend) == before


def test_the_servers_own_origin_and_no_origin_are_answered(endpoint_url: str, client: Any) -> None:
    client.put_label(name="fraud")
    same = f"http://localhost:{port_of(endpoint_url)}"
    assert requests.post(endpoint_url + "/_mock/reset", headers={"Origin": same}).json() == {}
    assert client.get_labels()["labels"] == []


def test_a_rebound_host_cannot_export_nor_call_the_api(
    endpoint_url: str, backend: Backend, client: Any
) -> None:
    """DNS rebinding: attacker.example now resolves to 127.0.0.1, so the page is same-origin;
    only the Host header still names the attacker's site."""
    client.put_label(name="secret")
    host = f"attacker.example:{port_of(endpoint_url)}"
    reply = requests.get(endpoint_url + "/_mock/export", headers={"Host": host}, timeout=5)
    assert (reply.status_code, reply.json()) == (
        403,
        {
            "__type": "AccessDeniedException",
            "message": f"The Host {host!r} is not an address this server answers to; a request "
            "naming another host is refused as DNS rebinding (add the name with "
            "--allowed-host).",
        },
    )
    assert b"secret" not in reply.content
    api = requests.post(
        endpoint_url,
        data=b"{}",
        headers={
            "Host": host,
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSHawksNestServiceFacade.GetLabels",
        },
        timeout=5,
    )
    assert (api.status_code, api.json()["__type"]) == (403, "AccessDeniedException")
    # The right name on another port is another origin too.
    other_port = requests.get(
        endpoint_url + "/_mock/export", headers={"Host": "localhost:1"}, timeout=5
    )
    assert other_port.status_code == 403
    assert requests.get(endpoint_url + "/_mock/health", headers={"Host": host}).ok


def test_an_allowed_host_is_answered(backend: Backend) -> None:
    with server(port=0, backend=backend, allowed_hosts=["frauddetector"]) as url:
        host = f"frauddetector:{port_of(url)}"
        assert requests.get(url + "/_mock/calls", headers={"Host": host}).json() == {"calls": []}


@pytest.fixture
def guarded(backend: Backend) -> Iterator[str]:
    with server(port=0, backend=backend, control_token="s3cret", channel_timeout=2) as url:
        yield url


@pytest.mark.parametrize("token", [None, "", "s3cre", "s3cret!"])
def test_the_control_token_is_required_when_set(
    guarded: str, backend: Backend, token: str | None
) -> None:
    client = client_for(guarded)
    client.put_label(name="fraud")
    before = snapshot(backend)
    headers = {} if token is None else {"X-Mock-Control-Token": token}
    reply = requests.post(guarded + "/_mock/reset", json={}, headers=headers, timeout=5)
    assert (reply.status_code, reply.json()) == (
        403,
        {
            "__type": "AccessDeniedException",
            "message": "The control endpoints of this server need its control token in the "
            "X-Mock-Control-Token header.",
        },
    )
    assert requests.get(guarded + "/_mock/export", headers=headers).status_code == 403
    assert snapshot(backend) == before
    assert requests.get(guarded + "/_mock/health").json() == {"status": "ok"}


def test_the_right_token_is_answered(guarded: str, backend: Backend) -> None:
    client_for(guarded).put_label(name="fraud")
    headers = {"X-Mock-Control-Token": "s3cret"}
    assert requests.post(guarded + "/_mock/reset", json={}, headers=headers).json() == {}
    assert backend.stores == {}


def test_binding_beyond_loopback_without_a_token_warns() -> None:
    assert exposure_warning("0.0.0.0", None) == (
        "warning: serving on 0.0.0.0, beyond loopback, without a control token: anyone who "
        "reaches this port can reset, read or replace the mock's state; "
        "pass --control-token TOKEN."
    )
    assert exposure_warning("0.0.0.0", "s3cret") is None
    for loopback in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert exposure_warning(loopback, None) is None


def test_a_latency_over_a_minute_is_refused(endpoint_url: str, backend: Backend) -> None:
    with pytest.raises(
        ValueError,
        match=r"^seconds must be a finite number of at least 0 and at most 60 \(a minute\), "
        r"not 61$",
    ):
        backend.faults.latency("GetLabels", 61)
    reply = requests.post(
        endpoint_url + "/_mock/faults", json={"operation": "GetLabels", "latency": 61}, timeout=5
    )
    assert (reply.status_code, reply.json()) == (
        400,
        {
            "__type": "ValidationException",
            "message": "The /_mock/faults request is not valid: seconds must be a finite "
            "number of at least 0 and at most 60 (a minute), not 61",
        },
    )
    assert not backend.faults.active
    backend.faults.latency("GetLabels", 60)
    assert backend.faults.active


def test_100_idle_connections_do_not_starve_health(backend: Backend) -> None:
    """waitress's default connection_limit of 100 would hold the 101st client until an idle one
    times out (channel_timeout, here 30 s)."""
    with server(port=0, backend=backend) as url, ExitStack() as idle:
        address = ("127.0.0.1", port_of(url))
        for _ in range(100):
            idle.enter_context(socket.create_connection(address, timeout=5))
        started = time.perf_counter()
        reply = requests.get(url + "/_mock/health", timeout=10)
        took = time.perf_counter() - started
    assert reply.json() == {"status": "ok"}
    assert took < 1.0, took


def test_an_api_body_far_over_the_limit_is_refused_unread(endpoint_url: str) -> None:
    """waitress answers 413 from the Content-Length alone; nothing of the body is sent."""
    with socket.create_connection(("127.0.0.1", port_of(endpoint_url)), timeout=5) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
            b"Content-Length: 100000000\r\n\r\n"
        )
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")


def test_an_import_may_exceed_the_api_limit(endpoint_url: str, backend: Backend) -> None:
    """Only /_mock/import takes bodies past waitress's API limit: this one reaches the
    application, which finds it is no export."""
    before = snapshot(backend)
    reply = requests.post(
        endpoint_url + "/_mock/import",
        data=b"x" * (MAX_WAITRESS_BODY + 1),
        headers={"Content-Type": "application/octet-stream"},
        timeout=10,
    )
    assert (reply.status_code, reply.json()["__type"]) == (400, "ValidationException")
    assert snapshot(backend) == before
