"""The types an expression can have.

The five data types of Fraud Detector variables, plus two that exist only while checking: NULL (the
`null` literal) and ANY (a variable whose type is unknown, which only `evaluate()` produces when it
infers types from a Python None).
"""

from __future__ import annotations

import enum


class Type(enum.Enum):
    STRING = "STRING"
    INTEGER = "INTEGER"
    FLOAT = "FLOAT"
    BOOLEAN = "BOOLEAN"
    DATETIME = "DATETIME"
    NULL = "null"
    ANY = "ANY"

    @property
    def label(self) -> str:
        """How messages name the type."""
        if self is Type.ANY:
            return "a value of unknown type"
        return str(self.value)


DATA_TYPES: frozenset[str] = frozenset(("STRING", "INTEGER", "FLOAT", "BOOLEAN", "DATETIME"))

NUMERIC = frozenset((Type.INTEGER, Type.FLOAT))


def data_type(name: str) -> Type:
    """The Type of a variable's data type name, as the API spells it."""
    if name not in DATA_TYPES:
        raise ValueError(
            f"unknown data type {name!r}; expected one of BOOLEAN, DATETIME, FLOAT, INTEGER, STRING"
        )
    return Type(name)


def is_numeric(t: Type) -> bool:
    return t in NUMERIC or t is Type.ANY
