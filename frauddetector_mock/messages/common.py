"""Messages every family shares: missing, existing and in-use resources, quotas, page tokens.

Also the answers to an operation the mock does not implement or failed on.
"""

from __future__ import annotations


def not_found(kind: str, name: str) -> str:
    return f"The {kind} '{name}' does not exist."


def quota_exceeded(kind: str, limit: int) -> str:
    return f"The quota of {limit} {kind}s per account and region has been reached."


def invalid_next_token() -> str:
    return "The nextToken is not valid for this request."


def not_implemented(operation: str) -> str:
    return (
        f"frauddetector_mock does not implement {operation} yet; "
        "docs/coverage.md lists the operations it answers."
    )


def internal_error(operation: str, cause: BaseException) -> str:
    return f"frauddetector_mock failed while handling {operation}: {type(cause).__name__}: {cause}"


def already_exists(kind: str, name: str) -> str:
    return f"The {kind} '{name}' already exists."


def missing_references(owner: str, kind: str, names: list[str]) -> str:
    return f"The {owner} refers to {kind} that do not exist: {', '.join(names)}."


def in_use(kind: str, name: str, user_kind: str, users: list[str]) -> str:
    return f"The {kind} '{name}' is used by {user_kind}: {', '.join(users)}."
