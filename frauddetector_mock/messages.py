"""Every error text the mock invents, in one place (afd-semantics §9.3: AWS's own wording is mostly
unpublished, so ours is plain, names the resource, and can be adjusted here)."""

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
