"""botocore's hooks from the package's import on, so that no Fraud Detector request leaves the
process while a mock is on, whenever its client was made.

``import frauddetector_mock`` puts two small handlers in botocore's built-in handler list (at
once when botocore's handlers are loaded, else as they load): every session made afterwards,
and every client of it, carries them. They cost one check per Fraud Detector call and answer
nothing until a mock starts; then they hand the call to the mock's hooks (wire/intercept.py).
A client made before the import lacks them: a guard at botocore's send path stops its requests
(intercept.py, ``UnmockedClientError``).

This module imports nothing of botocore or of the package, so importing it costs nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

SERVICE_NAME = "frauddetector"
BEFORE_CALL = f"before-call.{SERVICE_NAME}"
BEFORE_SEND = f"before-send.{SERVICE_NAME}"
_HANDLERS_MODULE = "botocore.handlers"
_FORK_WATCH: list[bool] = []  # the fork hook is registered once per process


class UnmockedClientError(RuntimeError):
    """A Fraud Detector request of a client the mock cannot answer, stopped before it left."""


class ForkedMockWarning(UserWarning):
    """A process forked while a mock was on answers from its own copy of the state."""


@dataclass
class State:
    """What the innermost active mock asks for; read without a lock on every call."""

    wire: bool = False
    backend: Any = None
    """The backend answering while a mock is on (a Backend); None when none is."""
    on_call: Callable[[Any, Any], Any] | None = None
    """The mock's answer at before-call, given botocore's request dict and context."""
    on_send: Callable[..., Any] | None = None
    """The mock's answer at before-send; both are set by wire/intercept.py."""


STATE = State()


def before_call(params: Any = None, context: Any = None, **kwargs: Any) -> Any:
    """botocore's before-call: the mock's answer while one is on, else nothing."""
    if STATE.backend is None or STATE.wire or STATE.on_call is None:
        return None
    return STATE.on_call(params, context)


def before_send(request: Any = None, **kwargs: Any) -> Any:
    """botocore's before-send (wire mode): the mock's raw HTTP answer while one is on."""
    if STATE.backend is None or not STATE.wire or STATE.on_send is None:
        return None
    # botocore calls every before-send handler, and an emitter may hold this one twice (from
    # the built-in list and from attach): one request is answered once. A retry is a new one.
    if getattr(request, "_frauddetector_mock_answered", False):
        return None
    request._frauddetector_mock_answered = True
    return STATE.on_send(request=request, **kwargs)


HOOKS: tuple[tuple[str, Callable[..., Any]], ...] = (
    (BEFORE_CALL, before_call),
    (BEFORE_SEND, before_send),
)
_UNIQUE_IDS = {
    BEFORE_CALL: "frauddetector_mock.before_call",
    BEFORE_SEND: "frauddetector_mock.before_send",
}


def register(events: Any) -> None:
    """Put the hooks on one event emitter (a session's or a client's); idempotent."""
    for event, handler in HOOKS:
        events.register(event, handler, unique_id=_UNIQUE_IDS[event])


def unregister(events: Any) -> None:
    for event, handler in HOOKS:
        events.unregister(event, handler, unique_id=_UNIQUE_IDS[event])


def _add_to(handlers: ModuleType) -> None:
    builtin = handlers.BUILTIN_HANDLERS
    for hook in HOOKS:
        if hook not in builtin:
            builtin.append(hook)


class _WhenLoaded(importlib.abc.MetaPathFinder):
    """Adds the hooks to botocore's handler list right after botocore loads it."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _HANDLERS_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            _add_to(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _catch_sessions_made_before() -> None:
    """Sessions made before the import copied the built-in list without the hooks: the default
    session gets them now, and the clients any such session makes from now on get them too."""
    sessions = sys.modules.get("botocore.session")
    if sessions is None:
        return  # no session exists yet: the built-in list is enough
    default = getattr(sys.modules.get("boto3"), "DEFAULT_SESSION", None)
    if default is not None:
        register(default.events)
    original = sessions.Session.__dict__["create_client"]
    if getattr(original, "_frauddetector_mock_hooks", False):
        return

    def create_client(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = original(self, service_name, *args, **kwargs)
        if service_name == SERVICE_NAME:
            register(client.meta.events)
        return client

    create_client._frauddetector_mock_hooks = True  # type: ignore[attr-defined]
    create_client.__wrapped__ = original  # type: ignore[attr-defined]
    sessions.Session.create_client = create_client


def _warn_in_forked_child() -> None:
    if STATE.backend is not None:
        import warnings  # in a forked child only, once

        warnings.warn(
            f"process {os.getpid()} was forked while frauddetector_mock was on: it answers from "
            "its own copy of the mock's state, and the parent never sees what it writes. For "
            "worker processes (multiprocessing, a process pool), run the mock as a server: "
            "with frauddetector_mock.server() as url, point the workers' clients at url.",
            ForkedMockWarning,
            stacklevel=1,
        )


def install_on_import() -> None:
    """Put the hooks in botocore's built-in handlers, now or as soon as botocore loads them, and
    on the sessions made before."""
    if not _FORK_WATCH:
        _FORK_WATCH.append(True)
        if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
            os.register_at_fork(after_in_child=_warn_in_forked_child)
    handlers = sys.modules.get(_HANDLERS_MODULE)
    if handlers is not None:
        _add_to(handlers)
        _catch_sessions_made_before()
    elif not any(isinstance(finder, _WhenLoaded) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenLoaded())
