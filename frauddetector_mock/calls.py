"""The call log: every request the mock answered, like ``responses.calls``.

``get_backend().calls`` is a ``CallLog``: ``len``, indexing, slicing (a list), iteration, and
``clear()``, plus the assertions users of ``responses`` know::

    calls = get_backend().calls
    calls[-1].operation, calls[-1].error_code
    calls.assert_call_count("PutLabel", 2)
    [call.request["name"] for call in calls.of("PutLabel")]

It keeps the most recent ``CALL_LOG_SIZE`` (10,000) calls: a long-running server or a loop of
millions of calls never grows it further, and the oldest calls drop out first.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

CALL_LOG_SIZE = 10_000
# An assertion message names at most this many calls (the most recent): a log of 10,000 calls
# would bury the line that says what went wrong.
_LISTED = 50


@dataclass(slots=True)
class Call:
    """One request the mock answered, like an entry of ``responses.calls``."""

    operation: str
    account_id: str
    region: str
    request: dict[str, Any]
    status: int
    request_id: str
    error_code: str | None
    error_message: str | None
    body: bytes

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
    """The most recent calls, oldest first, up to ``maxlen`` (``CALL_LOG_SIZE``, 10,000).

    Appending is a deque's append: it runs on every mocked call. Iterating and slicing read a
    copy taken at once, so a test can read the log while other threads still call the mock.
    """

    __slots__ = ("_calls", "append")

    def __init__(self, maxlen: int = CALL_LOG_SIZE) -> None:
        self._calls: deque[Call] = deque(maxlen=maxlen)
        self.append = self._calls.append  # the bound method itself: no extra frame per call

    @property
    def maxlen(self) -> int:
        """How many calls the log keeps; older ones drop out first."""
        size = self._calls.maxlen
        assert size is not None  # always given at construction
        return size

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
        self._calls.clear()

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
