"""Switching the mock on and off: decorator, context manager, start/stop, classes, nesting.

Mocks nest: the outermost start installs the hooks and (unless ``reset=False``) starts from an
empty backend; the last stop removes every hook and patch. The innermost active mock's options
(account, wire mode) apply.
"""

from __future__ import annotations

import inspect
import sys
import threading
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from frauddetector_mock.backend import Backend, configured_account_id, default_backend
from frauddetector_mock.wire import hooks

if TYPE_CHECKING:
    from unittest import TestCase

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

_BACKEND = default_backend()
_lock = threading.RLock()
_active: list[FraudDetectorMock] = []


def get_backend() -> Backend:
    """The backend the mock answers from: stores, call log and clock, for assertions."""
    return _BACKEND


def reset() -> None:
    """Forget everything the mock holds, as at the start of a test."""
    _BACKEND.reset()


class FraudDetectorMock:
    """One configuration of the mock; usable as decorator, context manager or with start/stop.

    ``account_id``: the account requests are answered for (default:
    ``FRAUDDETECTOR_MOCK_ACCOUNT_ID`` or 123456789012). ``wire``: answer at ``before-send`` as raw
    HTTP, so that botocore's retry logic sees errors as it sees AWS's (slower; for tests of retry
    handling). ``reset``: start from an empty backend when this is the outermost mock.
    ``strict_training``: a model version's training without usable data ends in ERROR, as AWS's,
    instead of completing with the default scorer (docs/models.md).
    """

    def __init__(
        self,
        *,
        account_id: str | None = None,
        wire: bool = False,
        reset: bool = True,
        strict_training: bool = False,
    ):
        self.account_id = account_id
        self.wire = wire
        self.reset = reset
        self.strict_training = strict_training

    @property
    def backend(self) -> Backend:
        return _BACKEND

    @property
    def active(self) -> bool:
        return self in _active

    def start(self) -> FraudDetectorMock:
        # The hooks load with the first start: importing the package stays cheap.
        from frauddetector_mock.wire import intercept

        with _lock:
            if not _active:
                if self.reset:
                    _BACKEND.reset()
                intercept.install()
            _active.append(self)
            _apply(_active[-1])
        return self

    def stop(self) -> None:
        # The hooks load with the first start: importing the package stays cheap.
        from frauddetector_mock.wire import intercept

        with _lock:
            for index in range(len(_active) - 1, -1, -1):
                if _active[index] is self:
                    del _active[index]
                    break
            else:
                raise RuntimeError("mock_frauddetector.stop() called without a matching start()")
            if _active:
                _apply(_active[-1])
            else:
                hooks.STATE.backend = None
                intercept.uninstall()
                _BACKEND.default_account_id = configured_account_id()

    def attach(self, target: Any) -> None:
        """Route a client (or session) made before the mock started through the mock."""
        # The hooks load with the first start: importing the package stays cheap.
        from frauddetector_mock.wire import intercept

        if not self.active:
            raise RuntimeError("attach() needs the mock to be started first")
        intercept.attach(target)

    def __enter__(self) -> FraudDetectorMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @overload
    def __call__(self, target: C) -> C: ...

    @overload
    def __call__(self, target: F) -> F: ...

    def __call__(self, target: Any) -> Any:
        if inspect.isclass(target):
            return self._decorate_class(target)
        return self._decorate_callable(target)

    def _decorate_callable(self, func: F) -> F:
        import wrapt  # imported on first use: it brings asyncio, ~8 ms

        mock = self
        if inspect.isgeneratorfunction(func):
            # A yield fixture, say: on from the first step until the generator finishes.
            @wrapt.decorator
            def run_generator(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
                with mock:
                    return (yield from wrapped(*args, **kwargs))

            return cast(F, run_generator(func))
        if inspect.isasyncgenfunction(func):

            @wrapt.decorator
            async def run_async_generator(
                wrapped: Any, instance: Any, args: Any, kwargs: Any
            ) -> Any:
                with mock:
                    # What is sent or thrown in reaches the wrapped generator, as yield from
                    # would do for a plain one.
                    inner = wrapped(*args, **kwargs)
                    try:
                        item = await inner.__anext__()
                        while True:
                            try:
                                sent = yield item
                            except GeneratorExit:
                                await inner.aclose()
                                raise
                            except BaseException as error:
                                item = await inner.athrow(error)
                            else:
                                item = await inner.asend(sent)
                    except StopAsyncIteration:
                        return

            return cast(F, run_async_generator(func))
        if inspect.iscoroutinefunction(func):

            @wrapt.decorator
            async def run_async(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
                with mock:
                    return await wrapped(*args, **kwargs)

            return cast(F, run_async(func))

        @wrapt.decorator
        def run(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
            with mock:
                return wrapped(*args, **kwargs)

        return cast(F, run(func))

    def _decorate_class(self, cls: C) -> C:
        unittest = sys.modules.get("unittest")  # a TestCase subclass means it is imported
        if unittest is not None and issubclass(cls, unittest.TestCase):
            _wrap_set_up(cls, self)
        else:
            _wrap_setup_method(cls, self)
            for name, member in list(vars(cls).items()):
                if name.startswith("test") and inspect.isfunction(member):
                    setattr(cls, name, self._decorate_callable(member))
        return cls


def _apply(mock: FraudDetectorMock) -> None:
    _BACKEND.default_account_id = mock.account_id or configured_account_id()
    hooks.STATE.wire = mock.wire
    if mock.strict_training or _BACKEND._training is not None:
        _BACKEND.training.mock_strict = mock.strict_training
    hooks.STATE.backend = _BACKEND


def _wrap_set_up(cls: type[TestCase], mock: FraudDetectorMock) -> None:
    """unittest: on from setUp until after the last cleanup, so setUp's data reaches the test."""
    original = cls.setUp

    def setUp(self: TestCase) -> None:
        mock.start()
        self.addCleanup(mock.stop)  # cleanups run after tearDown, and also when setUp fails
        original(self)

    cls.setUp = setUp  # type: ignore[method-assign]


def _wrap_setup_method(cls: type, mock: FraudDetectorMock) -> None:
    """pytest classes: on from setup_method to teardown_method, one fresh backend per test."""
    started: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()
    original_setup = getattr(cls, "setup_method", None)
    original_teardown = getattr(cls, "teardown_method", None)

    def setup_method(self: Any, method: Any = None) -> None:
        mock.start()
        started[self] = True
        try:
            if original_setup is not None:
                _call_xunit(original_setup, self, method)
        except BaseException:
            started.pop(self, None)
            mock.stop()
            raise

    def teardown_method(self: Any, method: Any = None) -> None:
        try:
            if original_teardown is not None:
                _call_xunit(original_teardown, self, method)
        finally:
            if started.pop(self, False):
                mock.stop()

    cls.setup_method = setup_method  # type: ignore[attr-defined]
    cls.teardown_method = teardown_method  # type: ignore[attr-defined]


def _call_xunit(function: Callable[..., Any], instance: Any, method: Any) -> None:
    # pytest passes the test method only to setup/teardown methods that take it.
    if len(inspect.signature(function).parameters) >= 2:
        function(instance, method)
    else:
        function(instance)


@overload
def mock_frauddetector(target: C, /) -> C: ...


@overload
def mock_frauddetector(target: F, /) -> F: ...


@overload
def mock_frauddetector(
    *,
    account_id: str | None = None,
    wire: bool = False,
    reset: bool = True,
    strict_training: bool = False,
) -> FraudDetectorMock: ...


def mock_frauddetector(
    target: Any = None,
    /,
    *,
    account_id: str | None = None,
    wire: bool = False,
    reset: bool = True,
    strict_training: bool = False,
) -> Any:
    """Answer every Fraud Detector request from the in-memory backend.

    As a decorator (``@mock_frauddetector`` or ``@mock_frauddetector(account_id=...)``) on
    functions, coroutines and test classes; as a context manager (``with
    mock_frauddetector():``); or ``m = mock_frauddetector(); m.start(); ...; m.stop()``.
    """
    mock = FraudDetectorMock(
        account_id=account_id, wire=wire, reset=reset, strict_training=strict_training
    )
    if target is None:
        return mock
    return mock(target)
