"""The call log: every request the mock answered, like ``responses.calls``.

``get_backend().calls`` is a ``CallLog``: ``len``, indexing, slicing (a list), iteration, and
``clear()``, plus the assertions users of ``responses`` know::

    calls = get_backend().calls
    calls[-1].operation, calls[-1].error_code
    calls.assert_call_count("PutLabel", 2)
    [call.request["name"] for call in calls.of("PutLabel")]

It keeps the most recent ``CALL_LOG_SIZE`` (10,000) calls whose request and response bodies
together take at most ``CALL_LOG_BYTES`` (64 MiB): a long-running server, a loop of millions of
calls or of predictions near the 256 KB request limit never grows it further, and the oldest
calls drop out first.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

CALL_LOG_SIZE = 10_000
# The request and response bodies the log holds at most: 10,000 predictions of 240 KB would
# hold 2.3 GB. The newest call stays even when it alone is larger.
CALL_LOG_BYTES = 64 * 1024 * 1024
# An assertion message names at most this many calls (the most recent): a log of 10,000 calls
# would bury the line that says what went wrong.
_LISTED = 50


@dataclass(slots=True)
class Call:
    """One request the mock answered, like an entry of ``responses.calls``."""

    operation: str
    account_id: str
    region: str
    request_body: bytes | str | None  # as received
    status: int
    request_id: str
    error_code: str | None
    error_message: str | None
    body: bytes
    request_bytes: int = 0  # the length of the request body as received

    @property
    def request(self) -> dict[str, Any]:
        """The parameters of the request: its JSON body, decoded on each read (as ``response``
        is), so that nothing changes what an entry shows; ``{}`` for a body that is no JSON
        object. Kept as bytes, a logged call leaves the cyclic collector nothing to walk."""
        body = self.request_body
        if not body:
            return {}
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            return {}
        return decoded if isinstance(decoded, dict) else {}

    @property
    def size(self) -> int:
        """The bytes of the call counted against ``CALL_LOG_BYTES``: request and response."""
        return self.request_bytes + len(self.body)

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def response(self) -> dict[str, Any] | None:
        """The answer as the caller received it, None for an error. Decoded from ``body`` on
        each read, so later calls cannot change what an entry of the log shows."""
        if self.error_code is not None:
            return None
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed

    def as_json(self) -> dict[str, Any]:
        """The call as server mode's ``GET /_mock/calls`` lists it, in the service's casing."""
        return {
            "operation": self.operation,
            "status": self.status,
            "requestId": self.request_id,
            "accountId": self.account_id,
            "region": self.region,
            "request": self.request,
            "errorCode": self.error_code,
            "errorMessage": self.error_message,
        }


class CallLog(Sequence[Call]):
    """The most recent calls, oldest first: at most ``maxlen`` (``CALL_LOG_SIZE``, 10,000) of
    them, whose request and response bodies take at most ``max_bytes`` (``CALL_LOG_BYTES``,
    64 MiB) together; the oldest drop out first, and the newest call always stays.

    Appending runs on every mocked call: a deque's append and a running byte total, under a lock
    so that threads calling the mock at once keep the total right. Iterating and slicing read a
    copy taken at once, so a test can read the log while other threads still call the mock.
    """

    __slots__ = ("_bytes", "_calls", "_lock", "_maxlen", "max_bytes")

    def __init__(self, maxlen: int = CALL_LOG_SIZE, max_bytes: int = CALL_LOG_BYTES) -> None:
        self._calls: deque[Call] = deque()
        self._maxlen = maxlen
        self.max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        """Log ``call``, dropping the oldest calls beyond either bound."""
        calls = self._calls
        size = call.size
        with self._lock:
            calls.append(call)
            self._bytes += size
            while len(calls) > 1 and (len(calls) > self._maxlen or self._bytes > self.max_bytes):
                self._bytes -= calls.popleft().size

    @property
    def maxlen(self) -> int:
        """How many calls the log keeps; older ones drop out first."""
        return self._maxlen

    @property
    def total_bytes(self) -> int:
        """The request and response bytes of the calls the log holds."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._calls)

    @overload
    def __getitem__(self, index: int) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...

    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        if isinstance(index, slice):
            return list(self._calls)[index]
        return self._calls[index]

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __reversed__(self) -> Iterator[Call]:
        return reversed(list(self._calls))

    def __repr__(self) -> str:
        return f"CallLog({len(self._calls)} calls: {', '.join(_names(list(self._calls)))})"

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._calls.clear()
            self._bytes = 0

    def of(self, operation: str) -> list[Call]:
        """The calls of ``operation``, answered or refused, oldest first."""
        return [call for call in list(self._calls) if call.operation == operation]

    def assert_call_count(self, operation: str, count: int) -> bool:
        """True when ``operation`` was called exactly ``count`` times (errors included), as
        ``responses.assert_call_count``; else AssertionError naming the calls the log holds:
        ``expected 2 calls of PutLabel, got 1; the calls were: PutLabel, GetLabels``."""
        calls = list(self._calls)
        got = sum(1 for call in calls if call.operation == operation)
        if got != count:
            raise AssertionError(
                f"expected {count} {'call' if count == 1 else 'calls'} of {operation}, got {got}; "
                + _listing(calls)
            )
        return True


def _names(calls: list[Call]) -> list[str]:
    return [call.operation for call in calls[-_LISTED:]]


def _listing(calls: list[Call]) -> str:
    if not calls:
        return "no call was made"
    names = ", ".join(_names(calls))
    if len(calls) > _LISTED:
        return f"the last {_LISTED} of {len(calls)} calls were: {names}"
    return f"the calls were: {names}"
