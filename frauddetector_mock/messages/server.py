"""Server mode (frauddetector_mock/wire/server.py)."""

from __future__ import annotations


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


def server_unknown_control(name: str) -> str:
    return f"There is no control endpoint {name!r} for this method under /_mock/."


def server_state_not_saved(error: object) -> str:
    return (
        f"The state file could not be written ({error}); the request was not applied, and the "
        "mock holds the state last saved."
    )


def server_bad_control(name: str, error: object) -> str:
    return f"The /_mock/{name} request is not valid: {error}"
