"""Faults a test injects to exercise its retry and fallback code (docs/behaviour.md, "Injected
faults").

Users reach the controls as ``get_backend().faults`` (docs/faults.md)::

    faults = get_backend().faults
    faults.fail("GetEventPrediction", times=2)             # the next 2 calls: ThrottlingException
    faults.fail(None, error="InternalServerException")     # the next call of any operation: 500
    faults.fail_share("GetEventPrediction", 0.25, seed=7)  # a seeded quarter of the calls fail
    faults.latency("GetEventPrediction", 0.5)              # every call waits half a second

A fault answers after the request body is read and before any validation, as AWS throttles
before it looks at a request, so an injected failure never changes state. Faults set for one
operation are tried before those set for every operation, each group in the order it was set;
the first that fires answers, and a count is spent only by the fault that fires. Latency is real
time (``time.sleep``) and never moves the backend's clock. Every setter returns an ``Undo``
that, used as a context manager, removes the fault on exit. ``reset()`` (done by every outermost
mock) removes them all.

Errors answered at botocore's ``before-call`` (the default mode) skip botocore's retries; tests
of retry handling use ``mock_frauddetector(wire=True)``, where botocore retries them as AWS's.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from frauddetector_mock.controls.undo import Undo
from frauddetector_mock.errors import (
    FraudDetectorError,
    InternalServerException,
    ResourceUnavailableException,
    ThrottlingException,
)
from frauddetector_mock.messages import faults as fault_messages
from frauddetector_mock.spec import modelled_error_codes, service_model

MAX_LATENCY = 60.0
"""The longest delay a fault may add: longer holds a server thread for nothing (each delayed
call keeps one of its workers asleep), and no client waits longer than botocore's 60 s
default read timeout."""

EVERY = "*"
"""The operation name of a fault that applies to every operation (``None`` means the same)."""

ERRORS: dict[str, type[FraudDetectorError]] = {
    cls.code: cls
    for cls in (ThrottlingException, InternalServerException, ResourceUnavailableException)
}
"""The errors a fault can answer with: the service's transient ones."""

_DEFAULT_MESSAGES: dict[str, Callable[[], str]] = {
    ThrottlingException.code: fault_messages.fault_throttled,
    InternalServerException.code: fault_messages.fault_internal,
    ResourceUnavailableException.code: fault_messages.fault_unavailable,
}


@dataclass(frozen=True, slots=True)
class Injected:
    """One call a fault touched: the error it answered with (None: only delayed) and the delay."""

    operation: str
    error: str | None
    seconds: float = 0.0


@dataclass(eq=False, slots=True)
class _Failure:
    operation: str
    error: type[FraudDetectorError]
    message: str
    remaining: int | None  # calls still to fail; None: no count
    share: float | None = None
    draw: random.Random | None = None

    def fires(self) -> bool:
        if self.remaining is not None:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True
        if self.draw is not None and self.share is not None:
            return self.draw.random() < self.share
        return True


@dataclass(eq=False, slots=True)
class _Delay:
    seconds: float


@dataclass(eq=False)
class Faults:
    """The user's injected faults, for every account and region of one backend."""

    injected: deque[Injected] = field(default_factory=deque)
    """What the faults did, oldest first: the most recent failed or delayed calls (as many as the
    backend's call log keeps)."""
    _failures: list[_Failure] = field(default_factory=list)
    _delays: dict[str, _Delay] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(
        self,
        operation: str | None = None,
        error: str = ThrottlingException.code,
        *,
        times: int | None = 1,
        message: str | None = None,
    ) -> Undo:
        """The next ``times`` calls of ``operation`` (every operation when None or ``"*"``)
        answer ``error``; ``times=None``: every call, until undone."""
        if times is not None and (isinstance(times, bool) or not isinstance(times, int)):
            raise TypeError(f"times must be a whole number or None, not {type(times).__name__}")
        if times is not None and times < 1:
            raise ValueError(f"times must be at least 1 (None fails every call), not {times}")
        name, cls = _checked(operation, error)
        return self._add(_Failure(name, cls, _message(cls, message), times))

    def fail_share(
        self,
        operation: str | None,
        share: float,
        error: str = ThrottlingException.code,
        *,
        seed: int = 0,
        message: str | None = None,
    ) -> Undo:
        """Each call of ``operation`` fails with probability ``share`` (0 to 1), drawn from a
        random source seeded with ``seed``: the same calls fail on every run."""
        if isinstance(share, bool) or not isinstance(share, (int, float)):
            raise TypeError(f"share must be a number from 0 to 1, not {type(share).__name__}")
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"share must lie from 0 to 1, not {share!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"seed must be a whole number, not {type(seed).__name__}")
        name, cls = _checked(operation, error)
        failure = _Failure(
            name, cls, _message(cls, message), None, float(share), random.Random(seed)
        )
        return self._add(failure)

    def latency(self, operation: str | None, seconds: float) -> Undo:
        """Every call of ``operation`` (every operation when None or ``"*"``) waits ``seconds``
        of real time before it is answered; an operation's own delay wins over ``"*"``'s."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if not math.isfinite(seconds) or not 0 <= seconds <= MAX_LATENCY:
            raise ValueError(
                f"seconds must be a finite number of at least 0 and at most {MAX_LATENCY:g} "
                f"(a minute), not {seconds!r}"
            )
        name = _checked_operation(operation)
        delay = _Delay(float(seconds))
        with self._lock:
            before = self._delays.get(name)
            self._delays[name] = delay

        def undo() -> None:
            with self._lock:
                if self._delays.get(name) is delay:  # not cleared or replaced since
                    if before is None:
                        del self._delays[name]
                    else:
                        self._delays[name] = before

        return Undo(undo)

    def clear(self) -> None:
        """Remove every fault and forget what they did."""
        with self._lock:
            self._failures.clear()
            self._delays.clear()
            self.injected.clear()

    reset = clear

    @property
    def active(self) -> bool:
        """Whether any fault is set."""
        return bool(self._failures or self._delays)

    def before(self, operation: str) -> None:
        """Called for each request once its operation is known: wait any delay, then raise the
        error of the first fault that fires."""
        if not self._failures and not self._delays:
            return
        with self._lock:
            delay = self._delays.get(operation) or self._delays.get(EVERY)
            failure = self._firing(operation)
            seconds = delay.seconds if delay is not None else 0.0
            if failure is not None or seconds > 0:
                code = None if failure is None else failure.error.code
                self.injected.append(Injected(operation, code, seconds))
        if seconds > 0:
            time.sleep(seconds)
        if failure is not None:
            raise failure.error(failure.message)

    def _firing(self, operation: str) -> _Failure | None:
        for wanted in (operation, EVERY):
            for failure in self._failures:
                if failure.operation == wanted and failure.fires():
                    if failure.remaining == 0:  # spent: calls go back to costing nothing
                        self._failures.remove(failure)
                    return failure
        return None

    def _add(self, failure: _Failure) -> Undo:
        with self._lock:
            self._failures.append(failure)

        def undo() -> None:
            with self._lock:
                if failure in self._failures:
                    self._failures.remove(failure)

        return Undo(undo)


def _checked_operation(operation: str | None) -> str:
    if operation is None or operation == EVERY:
        return EVERY
    if operation not in service_model().operation_names:
        raise ValueError(
            f"{operation!r} is not an operation of Amazon Fraud Detector; use a name such as "
            "'GetEventPrediction', or None for every operation"
        )
    return operation


def _checked(operation: str | None, error: str) -> tuple[str, type[FraudDetectorError]]:
    name = _checked_operation(operation)
    cls = ERRORS.get(error)
    if cls is None:
        raise ValueError(f"{error!r} cannot be injected; use one of {', '.join(ERRORS)}")
    # A server fault can come from any operation; other errors only from those that model them.
    if cls is not InternalServerException:
        operations = service_model().operation_names if name == EVERY else [name]
        if any(error not in modelled_error_codes(op) for op in operations):
            having = [
                op for op in service_model().operation_names if error in modelled_error_codes(op)
            ]
            raise ValueError(
                f"the service's model lists {error} only for {', '.join(having)}; "
                f"it cannot be injected into {'every operation' if name == EVERY else name}"
            )
    return name, cls


def _message(cls: type[FraudDetectorError], message: str | None) -> str:
    if message is None:
        return _DEFAULT_MESSAGES[cls.code]()
    if not isinstance(message, str):
        raise TypeError(f"message must be text, not {type(message).__name__}")
    return message
