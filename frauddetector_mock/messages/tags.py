"""Tags."""

from __future__ import annotations


def too_many_tags(arn: str, count: int, limit: int) -> str:
    return f"The resource '{arn}' would have {count} tags; a resource has at most {limit}."
