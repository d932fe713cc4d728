"""Variables and variable types."""

from __future__ import annotations


def invalid_variable_name(name: str) -> str:
    return (
        f"The variable name '{name}' is not valid: use 1 to 100 lowercase letters, digits and "
        "underscores, not starting with a digit."
    )


def member_missing(member: str) -> str:
    return f"The member '{member}' is required."


def value_not_allowed(member: str, value: str, allowed: list[str]) -> str:
    return f"The {member} '{value}' is not valid; use one of {', '.join(allowed)}."


def model_score_variable_create(name: str) -> str:
    return (
        f"The variable '{name}' cannot be created with data source MODEL_SCORE: the service "
        "creates model score variables when a model version is trained."
    )


def invalid_default_value(name: str, data_type: str, reason: str) -> str:
    return (
        f"The default value of the variable '{name}' does not fit its data type {data_type}: "
        f"{reason}."
    )


def unknown_variable_type(variable_type: str) -> str:
    return f"The variable type '{variable_type}' is not a variable type of Amazon Fraud Detector."


def variable_type_mismatch(variable_type: str, expected: str, data_type: str) -> str:
    return (
        f"The variable type '{variable_type}' holds {expected} values; it cannot be used for a "
        f"variable of data type {data_type}."
    )


def variable_type_fixed(name: str, current: str) -> str:
    return f"The variable type of the variable '{name}' is already {current} and cannot change."


def model_score_variable_delete(name: str) -> str:
    return (
        f"The variable '{name}' holds a model score; it is deleted with its model, not by "
        "DeleteVariable."
    )
