"""The in-memory service: one Store per (account, region), a shared clock, and a log of calls."""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from frauddetector_mock.clock import Clock
from frauddetector_mock.store import Store

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
ACCOUNT_ENV = "FRAUDDETECTOR_MOCK_ACCOUNT_ID"
CALL_LOG_SIZE = 10_000
_REQUEST_ID_PREFIX = "f7a3c0de-5eed-4d00-8000-"


def configured_account_id() -> str:
    """The account answered for unless a mock names one: the environment's, or AWS's example."""
    return os.environ.get(ACCOUNT_ENV) or DEFAULT_ACCOUNT_ID


@dataclass(slots=True)
class Call:
    """One request the mock answered, like an entry of ``responses.calls``."""

    operation: str
    account_id: str
    region: str
    request: dict[str, Any]
    status: int
    request_id: str
    response: dict[str, Any] | None
    error_code: str | None
    error_message: str | None
    body: bytes

    @property
    def ok(self) -> bool:
        return self.error_code is None


class Backend:
    """All the state the mock holds, for every account and region.

    ``store(region, account_id)`` gives the typed records of one account in one region;
    ``calls`` lists the most recent requests (up to ``CALL_LOG_SIZE``); ``clock`` is the time
    every timestamp comes from and can be frozen.
    """

    def __init__(self, account_id: str | None = None) -> None:
        self.clock = Clock()
        self.default_account_id = account_id or configured_account_id()
        self.calls: deque[Call] = deque(maxlen=CALL_LOG_SIZE)
        self._stores: dict[tuple[str, str], Store] = {}
        self._lock = threading.Lock()
        self._request_numbers = itertools.count(1)

    def store(self, region: str = DEFAULT_REGION, account_id: str | None = None) -> Store:
        """The state of ``account_id`` (default: the mock's account) in ``region``."""
        key = (account_id or self.default_account_id, region)
        store = self._stores.get(key)
        if store is None:
            with self._lock:
                store = self._stores.setdefault(key, Store(key[0], region, self.clock))
        return store

    @property
    def stores(self) -> dict[tuple[str, str], Store]:
        """Every store that has been used, by (account, region)."""
        return dict(self._stores)

    def next_request_id(self) -> str:
        # A counter in UUID form, not random: two runs of a test see the same request ids.
        return _REQUEST_ID_PREFIX + format(next(self._request_numbers), "012x")

    def reset(self) -> None:
        """Forget every resource, every call and any frozen time."""
        with self._lock:
            self._stores.clear()
            self.calls.clear()
            self.clock.reset()
            self._request_numbers = itertools.count(1)
