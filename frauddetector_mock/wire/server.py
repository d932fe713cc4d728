"""Server mode: the mock as an HTTP endpoint for the AWS CLI, other SDKs and whole pipelines.

``Application`` is a plain WSGI application over ``service.answer``, so any WSGI server can
host it. ``serve`` and ``server(port=0)`` host it with waitress: a pure-Python server (no C
build, runs wherever the mock runs), maintained by the Pylons project for over a decade, with
HTTP/1.1 keep-alive, a thread pool for concurrent clients, and an asyncore front end that
buffers each request body completely before the application sees it and drops idle or stalled
connections after ``channel_timeout``, so a client that sends half a request and stalls never
reaches the backend and holds no worker. cheroot would do too; waitress's whole-request
buffering is what the "nothing half-written" requirement wants.

Account and region come from the SigV4 ``Authorization`` header, whose signature is not checked:
the credential scope gives the region, and an access key id of 12 digits is taken as the account
id (moto's convention); any other key answers for the configured default account.

Control endpoints live under ``/_mock/`` (docs/server.md). Each request is logged on the
``frauddetector_mock.server`` logger at INFO, one line (method, operation, status, ms), as moto's
server prints its requests; ``frauddetector-mock serve`` shows them on stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from frauddetector_mock.backend import DEFAULT_REGION, Backend, default_backend
from frauddetector_mock.messages import extras as extra_messages
from frauddetector_mock.messages import server as server_messages
from frauddetector_mock.persistence import (
    CannedOutput,
    StateError,
    StateNotSaved,
    restore,
    snapshot,
)
from frauddetector_mock.spec import service_model
from frauddetector_mock.wire.control_fields import Fields, Guard, Refused

if TYPE_CHECKING:  # loaded with a server that keeps a state (_application)
    from frauddetector_mock.state_database import StateDatabase
from frauddetector_mock.wire.protocol import CONTENT_TYPE, account_of, region_of

MAX_BODY = 256 * 1024  # the service's payload limit
MAX_IMPORT = 256 * 1024 * 1024
# waitress refuses a larger body from its Content-Length, unread; up to it the application
# answers a body over MAX_BODY with the service's JSON 413, which botocore reads.
MAX_WAITRESS_BODY = MAX_BODY + 64 * 1024
# Idle keep-alive connections cost a socket, not a worker: 100 of them (waitress's default
# limit) must not stop the next client; poll() has no select()'s 1,024 descriptor ceiling.
CONNECTION_LIMIT = 500
CONTROL_PREFIX = "/_mock/"
_ACCEPTED_TYPES = (CONTENT_TYPE, "application/x-amz-json-1.0", "application/json")
# Controls that only read answer GET; the others change state and answer POST.
_READ_CONTROLS = frozenset({"health", "export", "calls"})
_AN_OPERATION = 'an operation of Amazon Fraud Detector such as "GetEventPrediction", "*" or null'

logger = logging.getLogger("frauddetector_mock.server")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]


class Application:
    """The WSGI application: JSON 1.1 at ``POST /``, controls under ``/_mock/``.

    With a ``state_file``, requests run one at a time and each reply is sent only after the
    state it produced is on disk, so every acknowledged write survives ``kill -9``.
    """

    def __init__(
        self,
        backend: Backend | None = None,
        state_file: StateDatabase | None = None,
        *,
        guard: Guard | None = None,
    ) -> None:
        if backend is None:
            backend = default_backend()
        self.backend = backend
        self.state_file = state_file
        # Hosted by another WSGI server, the port is unknown: loopback names on any port.
        self.guard = guard if guard is not None else Guard()
        self._lock = threading.Lock()
        self._controls: dict[str, Callable[[Fields], Any]] = {
            "reset": self._reset,
            "scores": self._scores,
            "endpoints": self._endpoints,
            "transitions": self._transitions,
            "faults": self._faults,
        }
        self._known = sorted(_READ_CONTROLS | {"import", *self._controls})

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO") or "/"
        try:
            if path.startswith(CONTROL_PREFIX):
                status, headers, body = self._control(environ, path[len(CONTROL_PREFIX) :])
            else:
                status, headers, body = self._service(environ)
        except Refused as refused:
            status, body = (
                refused.status,
                _json({"__type": refused.code, "message": refused.message}),
            )
            headers = {"content-type": CONTENT_TYPE, **refused.headers}
        headers["content-length"] = str(len(body))
        start_response(_status_line(status), list(headers.items()))
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s %d %.1f ms",
                environ.get("REQUEST_METHOD") or "-",
                _requested(environ, path),
                status,
                (time.perf_counter() - started) * 1000,
            )
        return [body]

    def _service(self, environ: Environ) -> tuple[int, dict[str, str], bytes]:
        # A rebound name makes a page same-origin with the server: it could call the API too.
        self.guard.host(environ)
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused(
                405,
                "UnknownOperationException",
                server_messages.server_post_only(),
                {"allow": "POST"},
            )
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if content_type not in _ACCEPTED_TYPES:
            raise Refused(
                415, "SerializationException", server_messages.server_content_type(content_type)
            )
        # The service loads botocore's model: imported by the first request, not at import.
        from frauddetector_mock.service import answer

        body = _read_body(environ, MAX_BODY)
        authorization = environ.get("HTTP_AUTHORIZATION")
        region = region_of(authorization, None) if authorization else DEFAULT_REGION
        target = environ.get("HTTP_X_AMZ_TARGET")
        with self._exclusive():
            reply = answer(self.backend, target, body, region, account_of(authorization))
            if reply.ok:
                self._persist()
        return reply.status, dict(reply.headers), reply.body

    def _control(self, environ: Environ, name: str) -> tuple[int, dict[str, str], bytes]:
        method = environ.get("REQUEST_METHOD") or ""
        # Health tells nothing and changes nothing: probes by container name keep working.
        if not (name == "health" and method == "GET"):
            self.guard.control(environ)
        if name not in self._known:
            raise Refused(
                404,
                "UnknownOperationException",
                server_messages.server_unknown_control(name, self._known),
            )
        allowed = "GET" if name in _READ_CONTROLS else "POST"
        if method != allowed:
            raise Refused(
                405,
                "UnknownOperationException",
                server_messages.server_control_method(name, method, allowed),
                {"allow": allowed},
            )
        self.guard.body_type(environ, name)
        if name == "health":
            return _ok({"status": "ok"})
        if name == "calls":
            # A copy taken at once: requests answered meanwhile do not disturb the listing.
            return _ok({"calls": [call.as_json() for call in list(self.backend.calls)]})
        if name == "export":
            with self._exclusive():
                data = snapshot(self.backend)
            return 200, {"content-type": "application/json"}, data
        if name == "import":
            data = _read_body(environ, MAX_IMPORT)
            with self._exclusive():
                try:
                    restore(data, self.backend)
                except StateError as error:
                    raise Refused(400, "ValidationException", str(error)) from None
                self._persist()
            return _ok({})
        control = self._controls[name]
        body = _read_body(environ, MAX_BODY)
        try:
            params = json.loads(body or b"{}")
        except ValueError as error:
            raise Refused(
                400, "ValidationException", server_messages.server_control_not_json(name, error)
            ) from None
        if not isinstance(params, dict):
            raise Refused(
                400, "ValidationException", server_messages.server_control_not_object(name)
            )
        try:
            with self._exclusive():
                result = control(Fields(name, params))
                self._persist()
        except (ValueError, TypeError) as error:  # a control's own check, such as a score range
            raise Refused(
                400, "ValidationException", server_messages.server_bad_control(name, error)
            ) from None
        return _ok(result if result is not None else {})

    def _reset(self, fields: Fields) -> None:
        self.backend.reset()

    def _scores(self, fields: Fields) -> None:
        scores, model_id = self.backend.scores, fields.text("modelId")
        if fields.flag("clear"):
            scores.clear(model_id)
        elif "entityId" in fields.params:
            scores.for_entity(model_id, fields.text("entityId"), fields.number("score"))
        elif "eventId" in fields.params:
            scores.for_event(model_id, fields.text("eventId"), fields.number("score"))
        else:
            scores.pin(model_id, fields.number("score"))

    def _endpoints(self, fields: Fields) -> None:
        endpoint, output = fields.text("endpoint"), fields.optional_text("output")
        if output is None:
            self.backend.endpoints.unregister(endpoint)
        else:
            self.backend.endpoints.register(endpoint, CannedOutput(output))

    def _faults(self, fields: Fields) -> None:
        faults, operation = self.backend.faults, fields.optional_text("operation")
        if operation not in (None, "*") and operation not in service_model().operation_names:
            raise fields.refuse("operation", _AN_OPERATION)
        if fields.flag("clear"):
            faults.clear()
            return
        if "latency" in fields.params:
            faults.latency(operation, fields.number("latency"))
            return
        error = fields.text("error", "ThrottlingException")
        message = fields.optional_text("message")
        if "share" in fields.params:
            share, seed = fields.number("share"), fields.whole("seed", default=0)
            faults.fail_share(operation, share, error, seed=seed, message=message)
        else:
            # null: every call fails until cleared, as ``times=None`` in process.
            every = "times" in fields.params and fields.params["times"] is None
            times = None if every else fields.whole("times", minimum=1, default=1)
            faults.fail(operation, error, times=times, message=message)

    def _transitions(self, fields: Fields) -> dict[str, Any]:
        transitions = self.backend.transitions
        # Everything is checked before anything changes: a refused control changes nothing.
        mode = fields.choice("mode", ("immediate", "after_reads", "manual"))
        action = fields.choice("action", ("advance", "finish"))
        reads = fields.whole("reads", minimum=1) if mode == "after_reads" else 0
        model_id = fields.optional_text("modelId")
        number = fields.optional_text("modelVersionNumber")
        model_type = fields.optional_text("modelType")
        if mode == "immediate":
            transitions.immediate()
        elif mode == "after_reads":
            transitions.after_reads(reads)
        elif mode == "manual":
            transitions.manual()
        moved = []
        if action is not None:
            move = transitions.advance if action == "advance" else transitions.finish
            moved = move(model_id, number, model_type=model_type)
        return {"moved": [dataclasses.asdict(m) for m in moved]}

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        # Without a state file the stores' own locks suffice and requests run in parallel.
        if self.state_file is None:
            yield
        else:
            with self._lock:
                yield

    def _persist(self) -> None:
        if self.state_file is not None:
            try:
                self.state_file.save()
            except StateNotSaved as error:  # rolled back: a retry of the request is safe
                raise Refused(
                    500, "InternalServerException", server_messages.server_state_not_saved(error)
                ) from None


def _read_body(environ: Environ, limit: int) -> bytes:
    length_text = environ.get("CONTENT_LENGTH") or ""
    stream = environ["wsgi.input"]
    if length_text:
        try:
            length = int(length_text)
        except ValueError:
            raise Refused(
                400, "SerializationException", server_messages.server_bad_length()
            ) from None
        if length > limit:
            raise Refused(
                413, "SerializationException", server_messages.server_body_too_large(limit)
            )
        data: bytes = stream.read(length) if length > 0 else b""
    else:
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise Refused(
                413, "SerializationException", server_messages.server_body_too_large(limit)
            )
    return data


def _requested(environ: Environ, path: str) -> str:
    """What a log line names: the operation of a service request, else the path."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target and not path.startswith(CONTROL_PREFIX):
        return str(target).rpartition(".")[2]
    return path


def _ok(result: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    return 200, {"content-type": "application/json"}, _json(result)


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def make_server(
    application: Application,
    host: str = "127.0.0.1",
    port: int = 5000,
    *,
    threads: int = 4,
    channel_timeout: float = 30,
    control_token: str | None = None,
    allowed_hosts: Iterable[str] = (),
) -> Any:
    """A waitress server for ``application``, bound but not yet running (``.run()``). It answers
    requests whose Host names loopback, ``host`` or one of ``allowed_hosts``, on its port."""
    create_server = _waitress()
    running = create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        channel_timeout=channel_timeout,
        # Idle connections are looked for this often; a stalled one lasts at most both sums.
        cleanup_interval=min(30, max(1, int(channel_timeout / 2))),
        max_request_body_size=MAX_IMPORT,
        connection_limit=CONNECTION_LIMIT,
        asyncore_use_poll=True,
        asyncore_loop_timeout=0.1,
        ident="frauddetector-mock",
        clear_untrusted_proxy_headers=True,
    )
    running.channel_class = _limited_channel()
    port = int(running.effective_port)  # waitress gives it as text
    application.guard = Guard((host, *allowed_hosts), port, control_token)
    return running


@contextmanager
def server(
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    backend: Backend | None = None,
    state_file: str | None = None,
    channel_timeout: float = 30,
    control_token: str | None = None,
    allowed_hosts: Iterable[str] = (),
) -> Iterator[str]:
    """Serve ``backend`` (default: the mock's) in a background thread; yields the endpoint URL::

    with frauddetector_mock.server(port=0) as endpoint_url:
        boto3.client("frauddetector", endpoint_url=endpoint_url, ...)

    With ``control_token``, requests under ``/_mock/`` (but health) must carry it in the
    ``X-Mock-Control-Token`` header. Without waitress (the ``server`` extra), entering it raises
    ``MissingExtraError``, an ``ImportError`` whose one line names the extra.
    """
    _waitress()  # before the state file is read: a missing extra changes nothing
    application = _application(backend, state_file)
    try:
        running = make_server(
            application,
            host,
            port,
            channel_timeout=channel_timeout,
            control_token=control_token,
            allowed_hosts=allowed_hosts,
        )
        thread = threading.Thread(target=running.run, name="frauddetector-mock-server", daemon=True)
        thread.start()
        try:
            yield f"http://{host}:{running.effective_port}"
        finally:
            _stop(running, thread)
    finally:
        _release(application)


def serve(
    host: str = "127.0.0.1",
    port: int = 5000,
    state_file: str | None = None,
    *,
    control_token: str | None = None,
    allowed_hosts: Iterable[str] = (),
) -> None:
    """Serve the mock until interrupted (``frauddetector-mock serve``)."""
    _waitress()  # before the state file is read: a missing extra changes nothing
    application = _application(None, state_file)
    try:
        running = make_server(
            application,
            host,
            port,
            control_token=control_token,
            allowed_hosts=allowed_hosts,
        )
        warning = exposure_warning(host, control_token)
        if warning is not None:
            print(warning, file=sys.stderr, flush=True)
        print(f"frauddetector-mock serving on http://{host}:{running.effective_port}", flush=True)
        try:
            running.run()
        except KeyboardInterrupt:
            pass
        finally:
            _stop(running)
    finally:
        _release(application)


def exposure_warning(host: str, control_token: str | None) -> str | None:
    """The warning for a server that other machines can reach with no control token."""
    if control_token is not None or host.lower() == "localhost":
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:  # a name other than localhost: it may resolve beyond loopback
        pass
    return server_messages.server_exposed(host)


def _limited_channel() -> Any:
    """waitress's connection, refusing from its Content-Length (unread) a body over
    MAX_WAITRESS_BODY anywhere but ``/_mock/import``, whose exports may be larger."""
    # waitress is the server extra's: loaded when a server starts, not with the package.
    from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
    from waitress.parser import HTTPRequestParser  # type: ignore[import-untyped]

    class Parser(HTTPRequestParser):  # type: ignore[misc]
        adj: Any

        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            # waitress reads the limit from its settings once the headers are parsed.
            if self.path != CONTROL_PREFIX + "import":
                self.adj = _BodyLimit(self.adj)

    class Channel(HTTPChannel):  # type: ignore[misc]
        parser_class = Parser

    return Channel


class _BodyLimit:
    """waitress's settings with the API's body limit."""

    max_request_body_size = MAX_WAITRESS_BODY

    def __init__(self, adjustments: Any) -> None:
        self._adjustments = adjustments

    def __getattr__(self, name: str) -> Any:
        return getattr(self._adjustments, name)


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def _waitress() -> Any:
    """waitress's ``create_server``, or MissingExtraError naming the ``server`` extra."""
    try:
        # waitress is the server extra's: loaded when a server starts, not with the package.
        from waitress.server import create_server  # type: ignore[import-untyped]
    except ImportError:
        # from None: the one line naming the extra says all that the import's error would.
        raise MissingExtraError(
            extra_messages.needs_extra("Server mode", ["waitress"], "server"), name="waitress"
        ) from None
    return create_server


def _application(backend: Backend | None, state_file: str | None) -> Application:
    application = Application(backend)
    if state_file is not None:
        # Locked first (StateFileInUse): one server per state file, or their saves would
        # overwrite each other's. A state that cannot be loaded lets the lock go again.
        # The database and the record codec load with a server that keeps a state, not with
        # the package.
        from frauddetector_mock.state_database import StateDatabase

        opened = StateDatabase(state_file, application.backend)
        opened.open()
        application.state_file = opened
    return application


def _release(application: Application) -> None:
    """Let another server have the state file."""
    if application.state_file is not None:
        application.state_file.close()


def _stop(running: Any, thread: threading.Thread | None = None) -> None:
    """Close every connection and the listener; the asyncore loop ends once its map is empty.
    From another thread the closing runs inside the loop, through its trigger, not under it."""

    def close_all() -> None:
        for channel in list(running._map.values()):
            channel.close()

    if thread is None:
        close_all()
    else:
        # OSError: the loop has ended and closed its trigger, so nothing is left to close.
        with contextlib.suppress(OSError):
            running.trigger.pull_trigger(close_all)
        thread.join(timeout=5)
    running.task_dispatcher.shutdown()
