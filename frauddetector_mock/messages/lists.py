"""Lists."""

from __future__ import annotations


def list_variable_type_invalid(variable_type: str) -> str:
    return (
        f"The variable type '{variable_type}' cannot be used for a list: a list takes a variable "
        "type whose data type is STRING."
    )


def list_variable_type_fixed(name: str, current: str) -> str:
    return f"The variable type of the list '{name}' is already {current} and cannot change."


def list_too_long(name: str, size: int, limit: int) -> str:
    return f"The list '{name}' would have {size:,} entries; a list holds at most {limit:,}."


def list_update_mode_missing(name: str) -> str:
    return (
        f"The elements for the list '{name}' come without an updateMode; "
        "give APPEND, REPLACE or REMOVE."
    )
