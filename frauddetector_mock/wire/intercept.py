"""Where requests to Fraud Detector are caught: botocore's events and the ``requests`` library.

- ``before-call.frauddetector`` (default): fires after botocore has validated and serialized the
  request and before credentials, signing and sending; the answer is handed back already parsed,
  as botocore's Stubber does. Errors answered here skip botocore's retries.
- ``before-send.frauddetector`` (wire mode): fires after signing; the answer is raw HTTP that
  botocore parses and retries like AWS's own, for tests of retry handling.
- ``requests``: a ``responses`` callback for the service's endpoints; every other URL goes on to
  whatever answered it before the mock started (the network, or the user's own ``responses``).

All three hand the serialized request to ``service.answer``. botocore's two hooks are on every
session and client from the package's import on (wire/hooks.py) and answer only while a mock is
on. While one is, a guard at botocore's send path stops the requests of Fraud Detector clients
made before that import, which carry no hook: nothing reaches AWS.
"""

from __future__ import annotations

import io
import re
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.endpoint import Endpoint
from botocore.session import Session

from frauddetector_mock.backend import DEFAULT_REGION, Backend
from frauddetector_mock.errors import MODELLED
from frauddetector_mock.messages import intercept as intercept_messages
from frauddetector_mock.service import answer
from frauddetector_mock.spec import SERVICE_NAME
from frauddetector_mock.wire import protocol
from frauddetector_mock.wire.hooks import (
    STATE,
    UnmockedClientError,
    register,
    unregister,
)
from frauddetector_mock.wire.protocol import ENDPOINT_URL, region_of

# Handed to frauddetector clients made while the mock is on, so that botocore never walks the
# credential chain (environment, files, the instance metadata endpoint) for them.
FAKE_ACCESS_KEY = "FRAUDDETECTORMOCKKEY"
FAKE_SECRET_KEY = "frauddetector-mock-secret"


class _RawBody(io.BytesIO):
    """The part of urllib3's response that botocore reads a body from."""

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        yield self.getvalue()


class _Answer(AWSResponse):  # type: ignore[misc]
    """The HTTP side of a before-call answer: botocore does not read it, so its headers and raw
    body are made only if someone does (an after-call handler, a test reading ``http``)."""

    def __init__(self, url: str | None, reply: protocol.Reply) -> None:
        self.url = url
        self.status_code = reply.status
        self._reply_headers = reply.headers
        self._headers: HeadersDict | None = None
        self._raw: _RawBody | None = None
        self._content = reply.body

    @property
    def headers(self) -> HeadersDict:
        if self._headers is None:
            self._headers = HeadersDict(self._reply_headers)
        return self._headers

    @headers.setter
    def headers(self, value: Any) -> None:
        self._headers = HeadersDict(value)

    @property
    def raw(self) -> _RawBody:
        if self._raw is None:
            self._raw = _RawBody(self._content)
        return self._raw

    @raw.setter
    def raw(self, value: Any) -> None:
        self._raw = value


def _metadata(reply: protocol.Reply) -> dict[str, Any]:
    return {
        "RequestId": reply.request_id,
        "HTTPStatusCode": reply.status,
        "HTTPHeaders": dict(reply.headers),
        "RetryAttempts": 0,
    }


def parsed_reply(reply: protocol.Reply) -> dict[str, Any]:
    """What botocore's JSON parser makes of ``reply``: the output shapes hold no timestamps or
    blobs, so a successful answer is the handler's own (service.answer), which is that."""
    if reply.error is None:
        parsed = reply.result
        assert parsed is not None  # service.answer gives every successful reply its answer
        parsed["ResponseMetadata"] = _metadata(reply)
        return parsed
    message = reply.error.message
    parsed = {"Error": {"Message": message, "Code": reply.error.code}}
    parsed["ResponseMetadata"] = _metadata(reply)
    if reply.error.code in MODELLED:
        parsed["message"] = message  # botocore adds the members of modelled error shapes
    return parsed


def _answer_call(
    params: dict[str, Any], context: dict[str, Any]
) -> tuple[AWSResponse, dict[str, Any]] | None:
    backend: Backend | None = STATE.backend
    if backend is None:
        return None
    reply = answer(
        backend,
        params["headers"].get("X-Amz-Target"),
        params["body"],
        context.get("client_region") or DEFAULT_REGION,
    )
    return _Answer(params.get("url"), reply), parsed_reply(reply)


def _answer_send(request: Any, **kwargs: Any) -> AWSResponse | None:
    backend: Backend | None = STATE.backend
    if backend is None:
        return None
    region = region_of(request.headers.get("Authorization"), request.url)
    reply = answer(backend, request.headers.get("X-Amz-Target"), request.body, region)
    return AWSResponse(request.url, reply.status, reply.headers, _RawBody(reply.body))


STATE.on_call, STATE.on_send = _answer_call, _answer_send


def _requests_callback(request: Any) -> tuple[int, dict[str, str], bytes]:
    backend = STATE.backend
    assert backend is not None  # registered only while the mock is on
    region = region_of(request.headers.get("Authorization"), request.url)
    reply = answer(backend, request.headers.get("X-Amz-Target"), request.body, region)
    headers = {key: value for key, value in reply.headers.items() if key != "content-type"}
    headers["Content-Type"] = reply.headers["content-type"]
    return reply.status, headers, reply.body


class _Patches:
    """Everything ``install`` changes outside this package, kept to be undone exactly."""

    def __init__(self) -> None:
        self.create_client: list[tuple[type, Callable[..., Any]]] = []
        self.attached: list[weakref.ref[Any]] = []
        self.requests_mock: Any = None
        self.send: Callable[..., Any] | None = None


_patches = _Patches()
_install_lock = threading.Lock()


def _with_mock_credentials(original: Callable[..., Any]) -> Callable[..., Any]:
    def create_client(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        mocked = STATE.backend is not None and service_name == SERVICE_NAME
        # Positional credentials (7th argument on) are left alone: the caller chose them.
        if (
            mocked
            and len(args) < 5
            and kwargs.get("aws_access_key_id") is None
            and kwargs.get("aws_secret_access_key") is None
        ):
            kwargs["aws_access_key_id"] = FAKE_ACCESS_KEY
            kwargs["aws_secret_access_key"] = FAKE_SECRET_KEY
        # The client carries the hooks already: from botocore's built-in list, or from the
        # sessions made before the package's import (wire/hooks.py).
        return original(self, service_name, *args, **kwargs)

    create_client.__wrapped__ = original  # type: ignore[attr-defined]
    return create_client


def _patch_create_client() -> None:
    targets: list[type] = [Session]
    aio = sys.modules.get("aiobotocore.session")
    if aio is not None:
        targets.append(aio.AioSession)
    for cls in targets:
        original = cls.__dict__["create_client"]
        _patches.create_client.append((cls, original))
        cls.create_client = _with_mock_credentials(original)  # type: ignore[attr-defined]


def _start_requests_mock() -> None:
    if "requests" not in sys.modules:
        return  # nothing can call through requests before it is imported; importing it costs ~50 ms
    # Only once requests is in use: a test without it never pays for responses.
    import requests.adapters
    import responses

    options: dict[str, Any] = {
        "assert_all_requests_are_fired": False,
        "passthru_prefixes": (re.compile(".*"),),
        # Whatever answers other hosts now keeps answering them: the network, or a user's own
        # responses mock started before this one.
        "real_adapter_send": requests.adapters.HTTPAdapter.send,
    }
    mock = responses.RequestsMock(**options)
    mock.add_callback("POST", ENDPOINT_URL, _requests_callback, content_type=None)
    mock.start()
    _patches.requests_mock = mock


def _guard_send() -> None:
    """Stop, at botocore's send path, the requests of Fraud Detector clients that carry none of
    the hooks (made before the package was imported): they must not reach AWS."""
    original = Endpoint.__dict__["_send"]

    def _send(self: Any, request: Any) -> Any:
        if STATE.backend is not None and getattr(self, "_endpoint_prefix", None) == SERVICE_NAME:
            raise UnmockedClientError(intercept_messages.unmocked_client(request.url))
        return original(self, request)

    _patches.send = original
    Endpoint._send = _send


def install() -> None:
    """Register the hooks everywhere botocore and requests will look for them."""
    with _install_lock:
        _patch_create_client()
        _guard_send()
        _start_requests_mock()


def attach(target: Any) -> None:
    """Route a client or session made before the mock started through it, until it stops."""
    events = _events_of(target)
    register(events)
    _patches.attached.append(weakref.ref(events))


def _events_of(target: Any) -> Any:
    meta = getattr(target, "meta", None)
    if meta is not None and hasattr(meta, "events"):
        return meta.events  # a botocore or aiobotocore client
    events = getattr(target, "events", None)
    if events is not None:
        return events  # a boto3 session
    if isinstance(target, Session):
        return target.get_component("event_emitter")
    raise TypeError(f"cannot attach {type(target).__name__}: pass a client or a session")


def uninstall() -> None:
    """Undo ``install`` exactly."""
    with _install_lock:
        if _patches.send is not None:
            Endpoint._send = _patches.send
            _patches.send = None
        while _patches.create_client:
            cls, original = _patches.create_client.pop()
            cls.create_client = original  # type: ignore[attr-defined]
        for ref in _patches.attached:
            events = ref()
            if events is not None:
                unregister(events)
        _patches.attached.clear()
        if _patches.requests_mock is not None:
            # Another mock of requests (moto's) started after this one and still running puts
            # this patch back when it stops; without its route, the patch then passes every
            # request through to whatever answered before the mock started.
            _patches.requests_mock.remove("POST", ENDPOINT_URL)
            _patches.requests_mock.stop(allow_assert=False)
            _patches.requests_mock = None
