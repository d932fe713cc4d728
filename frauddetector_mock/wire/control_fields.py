"""The fields of a control request of server mode (``POST /_mock/<control>``), read with the
refusal a bad one gets: in JSON's words, since the client wrote JSON; and the ``Guard`` that
keeps web pages away from the server (docs/behaviour.md, "Server mode")."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from typing import Any

from frauddetector_mock.messages import server as server_messages

_ABSENT: Any = object()


class Refused(Exception):
    """A request server mode refuses before the service sees it, answered as a JSON error
    ``{"__type", "message"}`` with ``status`` and any extra ``headers`` (``Allow``)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


class Fields:
    """The JSON object of a control request, read field by field. A field of the wrong type is
    refused in JSON's words (``null``, ``true``, ``"text"``), not Python's (None, True, str), and
    before the control changes anything."""

    def __init__(self, control: str, params: dict[str, Any]) -> None:
        self.control, self.params = control, params

    def refuse(self, field: str, expected: str) -> Refused:
        """The refusal of ``field``: missing, or not ``expected`` (in JSON's words)."""
        value = self.params.get(field, _ABSENT)
        if value is _ABSENT:
            message = server_messages.server_control_missing(self.control, field)
        else:
            message = server_messages.server_control_field(self.control, field, expected, value)
        return Refused(400, "ValidationException", message)

    def text(self, field: str, default: str | None = None) -> str:
        """A string; required unless given a default."""
        value = self.params.get(field, default)
        if not isinstance(value, str):
            raise self.refuse(field, "a string")
        return value

    def optional_text(self, field: str) -> str | None:
        """A string, or None when the field is absent or null."""
        value = self.params.get(field)
        if value is not None and not isinstance(value, str):
            raise self.refuse(field, "a string or null")
        return value

    def number(self, field: str) -> float:
        value = self.params.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(field, "a number")
        return value

    def whole(self, field: str, *, minimum: int | None = None, default: int | None = None) -> int:
        """A whole number of at least ``minimum``; required unless given a default."""
        value = self.params.get(field, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (minimum is not None and value < minimum)
        ):
            expected = (
                "a whole number" if minimum is None else f"a whole number of at least {minimum}"
            )
            raise self.refuse(field, expected)
        return value

    def flag(self, field: str) -> bool:
        """true or false; absent is false."""
        value = self.params.get(field, False)
        if not isinstance(value, bool):
            raise self.refuse(field, "true or false")
        return value

    def choice(self, field: str, options: tuple[str, ...]) -> str | None:
        """One of ``options``, or None when the field is absent or null."""
        value = self.params.get(field)
        if value is not None and value not in options:
            shown = ", ".join(json.dumps(option) for option in options)
            raise self.refuse(field, f"one of {shown} or null")
        return value if isinstance(value, str) else None


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
TOKEN_HEADER = "X-Mock-Control-Token"
# Content types a browser sends without asking first (a CORS "simple request"): a control body
# must be of another type, so a page of another site must ask, and our answer says no.
_JSON = "application/json"
# An export is JSON; an import also takes the octet stream that exports of earlier versions were.
_CONTROL_TYPES = {"import": (_JSON, "application/octet-stream")}


class Guard:
    """Who may reach the server: a Host that names it (against DNS rebinding), no foreign
    ``Origin`` on a control, the control token when one is set, and a control body of a type a
    browser cannot send across sites without a CORS preflight, which the server never grants."""

    def __init__(
        self,
        names: Iterable[str] = (),
        port: int | None = None,
        token: str | None = None,
    ) -> None:
        self.names = frozenset(_bracketed(name.lower()) for name in (*LOOPBACK_NAMES, *names))
        self.port = port  # None: any port (an Application whose server does not tell it)
        self.token = token

    def host(self, environ: dict[str, Any]) -> None:
        """Refuse a Host that is not this server's; no Host is a client that is no browser."""
        host = environ.get("HTTP_HOST")
        if host is not None and not self._ours(host):
            raise Refused(403, "AccessDeniedException", server_messages.server_foreign_host(host))

    def control(self, environ: dict[str, Any]) -> None:
        """Refuse a control request from a web page of another origin, or without the token."""
        self.host(environ)
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not (
            origin.lower().startswith("http://") and self._ours(origin[len("http://") :])
        ):
            raise Refused(
                403, "AccessDeniedException", server_messages.server_foreign_origin(origin)
            )
        if self.token is not None:
            given = environ.get("HTTP_X_MOCK_CONTROL_TOKEN") or ""
            # compare_digest: the time taken does not tell how much of a guess was right.
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise Refused(403, "AccessDeniedException", server_messages.server_control_token())

    def body_type(self, environ: dict[str, Any], name: str) -> None:
        """Refuse a control body that is not of the control's content type."""
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        expected = _CONTROL_TYPES.get(name, (_JSON,))
        length = (environ.get("CONTENT_LENGTH") or "").strip()
        bodiless = length in ("", "0") and "HTTP_TRANSFER_ENCODING" not in environ
        if content_type in expected or (not content_type and bodiless):
            return
        raise Refused(
            415,
            "SerializationException",
            server_messages.server_control_content_type(name, content_type, " or ".join(expected)),
        )

    def _ours(self, address: str) -> bool:
        address = address.strip().lower()
        if address.endswith("]") or ":" not in address:
            # No port names port 80 (RFC 9110, section 7.2: Host; RFC 6454: Origin).
            name, port = address, 80
        else:
            name, _, port_text = address.rpartition(":")
            if not port_text.isdigit():
                return False
            port = int(port_text)
        if name not in self.names:
            return False
        return self.port is None or port == self.port


def _bracketed(name: str) -> str:
    # An IPv6 address appears in Host and Origin within brackets (RFC 3986, section 3.2.2).
    return f"[{name}]" if ":" in name and not name.startswith("[") else name
