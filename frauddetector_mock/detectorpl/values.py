"""Typed values: from the wire strings of an event to Python, and back to text.

Python representation per data type:

    STRING    str, exactly as sent (no trimming)
    INTEGER   int (arbitrary size)
    FLOAT     float (finite)
    BOOLEAN   bool
    DATETIME  datetime, timezone-aware, in UTC
    null      None

An empty value or the word `null` converts to None for every type except STRING. A STRING keeps
its text, but `== null` treats the strings "" and "null" as null (see `NULL_STRINGS`).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

# Not typing.TYPE_CHECKING: importing typing would double the import cost of the package.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The strings a STRING-typed value may hold and still count as null: an event cannot carry a real
# null through the API, so the service passes the word "null" on, and an empty default means "no
# value" as well.
NULL_STRINGS: tuple[None, str, str] = (None, "", "null")

_patterns: dict[str, re.Pattern[str]] = {}

_INTEGER = r"[+-]?[0-9]+"
_FLOAT = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
# ISO 8601 in its extended form: a date, optionally a time (seconds and fraction optional), and an
# optional zone. A value without a zone is taken as UTC, the only zone the service uses.
_DATETIME = (
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
    r"([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)


def _pattern(source: str) -> re.Pattern[str]:
    # Compiled on first use: importing the package must stay cheap.
    compiled = _patterns.get(source)
    if compiled is None:
        compiled = _patterns[source] = re.compile(source)
    return compiled


def convert(raw: str, data_type: str) -> object:
    """Convert an event value (always a string on the wire) to the value rules see.

    Raises ValueError when the text does not fit the data type.
    """
    if not isinstance(raw, str):
        raise TypeError(f"event values are strings, got {type(raw).__name__}")
    if data_type == "STRING":
        return raw
    if data_type not in _CONVERTERS:
        raise ValueError(
            f"unknown data type {data_type!r}; "
            "expected one of BOOLEAN, DATETIME, FLOAT, INTEGER, STRING"
        )
    # Numbers from external models arrive with a trailing newline; surrounding blanks carry no
    # meaning for non-text types.
    text = raw.strip()
    if text in ("", "null"):
        return None
    return _CONVERTERS[data_type](text)


def _to_integer(text: str) -> int:
    if _pattern(_INTEGER).fullmatch(text) is None:
        raise ValueError(f"{text!r} is not a valid INTEGER (expected a whole number such as 42)")
    if len(text) > 1000:  # int() itself refuses beyond 4300 digits, with a confusing message
        raise ValueError(f"{text[:20]!r}... is not a valid INTEGER (out of range)")
    return int(text)


def _to_float(text: str) -> float:
    if _pattern(_FLOAT).fullmatch(text) is None:
        raise ValueError(f"{text!r} is not a valid FLOAT (expected a number such as 12.5)")
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text!r} is not a valid FLOAT (out of range)")
    return value


def _to_boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValueError(f"{text!r} is not a valid BOOLEAN (expected true or false)")


def parse_datetime(text: str, shown: str | None = None) -> datetime:
    """An ISO 8601 date-time as an aware UTC datetime; ValueError when it is not one.

    `shown` is how the message names the text (default: its repr).
    """
    shown = repr(text) if shown is None else shown
    match = _pattern(_DATETIME).fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{shown} is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)"
        )
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        value = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=UTC,
        )
    except ValueError as error:
        raise ValueError(f"{shown} is not a valid DATETIME ({error})") from None
    if zone and zone not in ("Z", "z"):
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        if offset >= timedelta(hours=24):
            raise ValueError(f"{shown} is not a valid DATETIME (zone offset out of range)")
        value = value - offset if zone[0] == "+" else value + offset
    return value


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "INTEGER": _to_integer,
    "FLOAT": _to_float,
    "BOOLEAN": _to_boolean,
    "DATETIME": parse_datetime,
}


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, fractions only when present."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    text = value.replace(tzinfo=None).isoformat()
    return text + "Z"


def render(value: object) -> str:
    """A value written the way the expression language writes literals."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, datetime):
        return quote(format_datetime(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return quote(str(value))


def quote(text: str) -> str:
    """A string literal of the language: double quotes, with `"` and `\\` escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def infer_type(value: object) -> str | None:
    """The data type a Python value stands for; None for null; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INTEGER"
    if isinstance(value, float):
        return "FLOAT"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, datetime):
        return "DATETIME"
    raise ValueError(
        f"cannot infer a data type from a {type(value).__name__}; "
        "use str, int, float, bool, datetime or None"
    )
