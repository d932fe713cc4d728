"""Event types: their event variables and labels."""

from __future__ import annotations


def not_event_variables(names: list[str]) -> str:
    return f"Only variables with data source EVENT can be event variables; not: {', '.join(names)}."


def event_variables_removed(event_type: str, names: list[str]) -> str:
    return (
        f"Event variables cannot be removed from the event type '{event_type}'; missing from "
        f"the request: {', '.join(names)}."
    )


def labels_removed(event_type: str, names: list[str]) -> str:
    return (
        f"Labels cannot be removed from the event type '{event_type}'; missing from the "
        f"request: {', '.join(names)}."
    )
