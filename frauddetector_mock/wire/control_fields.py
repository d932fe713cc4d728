"""The fields of a control request of server mode (``POST /_mock/<control>``), read with the
refusal a bad one gets: in JSON's words, since the client wrote JSON."""

from __future__ import annotations

import json
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
