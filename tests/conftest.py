from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from botocore import handlers

from tests import shape_check

# Every frauddetector response in the suite goes through the shared check, whichever way the
# test made its client; sessions made from now on copy this list.
_CHECK = ("after-call.frauddetector", shape_check.after_call)
handlers.BUILTIN_HANDLERS.append(_CHECK)
if getattr(sys.modules.get("boto3"), "DEFAULT_SESSION", None) is not None:
    sys.modules["boto3"].DEFAULT_SESSION.events.register(*_CHECK)


class NetworkGuard:
    """Refuses, and records, every connection that does not stay on this machine."""

    def __init__(self) -> None:
        self.attempts: list[Any] = []
        self._original = socket.socket.connect
        self._original_getaddrinfo = socket.getaddrinfo

    @staticmethod
    def _local(host: Any) -> bool:
        return isinstance(host, str) and (
            host.startswith("127.") or host in ("::1", "localhost", "")
        )

    def getaddrinfo(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is None or self._local(host):
            return self._original_getaddrinfo(host, *args, **kwargs)
        self.attempts.append(host)
        raise socket.gaierror(f"the test suite never reaches the network ({host!r})")

    def connect(self, sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self._local(host) or sock.family == socket.AF_UNIX:
            return self._original(sock, address)
        self.attempts.append(address)
        raise ConnectionRefusedError(f"the test suite never reaches the network ({address!r})")


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    monkeypatch.setattr(
        socket.socket, "connect", lambda sock, address: guard.connect(sock, address)
    )
    monkeypatch.setattr(socket, "getaddrinfo", guard.getaddrinfo)
    yield guard


@pytest.fixture
def region() -> str:
    return "us-east-1"
