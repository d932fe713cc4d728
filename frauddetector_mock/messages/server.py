"""Server mode (frauddetector_mock/wire/server.py)."""

from __future__ import annotations

import json

# A value quoted in a message is shown as the client wrote it, in JSON, and cut to this length.
_SHOWN = 60


def server_post_only() -> str:
    return "The service answers POST requests at /."


def server_content_type(content_type: str) -> str:
    return (
        f"The content type {content_type or '(none)'!r} is not supported; "
        "send application/x-amz-json-1.1."
    )


def server_body_too_large(limit: int) -> str:
    return f"The request body is larger than the service's limit of {limit} bytes."


def server_bad_length() -> str:
    return "The Content-Length header is not a number."


def server_unknown_control(name: str, known: list[str]) -> str:
    return f"There is no control endpoint /_mock/{name}; the controls are {', '.join(known)}."


def server_control_method(name: str, method: str, allowed: str) -> str:
    return f"The control endpoint /_mock/{name} answers {allowed} requests, not {method or '-'}."


def server_control_not_json(name: str, error: object) -> str:
    return f"The /_mock/{name} request is not valid: its body is not JSON ({error})."


def server_control_not_object(name: str) -> str:
    return f"The /_mock/{name} request is not valid: its body must be a JSON object."


def server_control_missing(name: str, field: str) -> str:
    return f"The /_mock/{name} request is not valid: {field} is required."


def server_control_field(name: str, field: str, expected: str, value: object) -> str:
    return (
        f"The /_mock/{name} request is not valid: {field} must be {expected}, "
        f"not {_as_json(value)}."
    )


def server_state_not_saved(error: object) -> str:
    return (
        f"The state file could not be written ({error}); the request was not applied, and the "
        "mock holds the state last saved."
    )


def server_bad_control(name: str, error: object) -> str:
    return f"The /_mock/{name} request is not valid: {error}"


def server_foreign_host(host: str) -> str:
    return (
        f"The Host {host!r} is not an address this server answers to; a request naming another "
        "host is refused as DNS rebinding (add the name with --allowed-host)."
    )


def server_foreign_origin(origin: str) -> str:
    return (
        f"Control requests from the web origin {origin!r} are refused: a control endpoint "
        "answers only clients that are not web pages of another site."
    )


def server_control_token() -> str:
    return (
        "The control endpoints of this server need its control token in the "
        "X-Mock-Control-Token header."
    )


def server_control_content_type(name: str, content_type: str, expected: str) -> str:
    return (
        f"The /_mock/{name} request is not valid: its content type is "
        f"{content_type or '(none)'!r}; send {expected}."
    )


def server_exposed(host: str) -> str:
    return (
        f"warning: serving on {host}, beyond loopback, without a control token: anyone who "
        "reaches this port can reset, read or replace the mock's state; "
        "pass --control-token TOKEN."
    )


def _as_json(value: object) -> str:
    # The client sent JSON: null, true and "text" are its words, not None, True and 'text'.
    shown = json.dumps(value)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."
