"""The built-in functions: their signatures (for the checker) and what they do at run time.

The service has exactly these seven; anything else (`contains`, `starts_with`, ...) is an unknown
function.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

from .datatypes import Type
from .values import UTC, parse_datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Matcher = Callable[[str], bool]

# Parameter kinds: STRING takes a STRING; DATETIME takes a DATETIME or a STRING in ISO 8601.
STRING = "STRING"
DATETIME = "DATETIME"


class Signature:
    __slots__ = ("params", "result")

    def __init__(self, params: tuple[str, ...], result: Type) -> None:
        self.params = params
        self.result = result


SIGNATURES: dict[str, Signature] = {
    "regex_match": Signature((STRING, STRING), Type.BOOLEAN),
    "lowercase": Signature((STRING,), Type.STRING),
    "uppercase": Signature((STRING,), Type.STRING),
    "getcurrentdatetime": Signature((), Type.DATETIME),
    "isbefore": Signature((DATETIME, DATETIME), Type.BOOLEAN),
    "isafter": Signature((DATETIME, DATETIME), Type.BOOLEAN),
    "getepochmilliseconds": Signature((DATETIME,), Type.INTEGER),
}

_MILLISECOND = timedelta(milliseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def compile_regex(pattern: str) -> Matcher:
    """The whole-string matcher of an RE2 pattern; ValueError with RE2's reason if RE2 refuses it.

    RE2 (as RE2J, which the service uses) runs in time linear in the input and has no
    back-references or look-arounds. The matcher returns True or False.
    """
    import re2  # imported on first use: it loads a native library

    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise print every refused pattern on stderr
    options.never_capture = True  # only "does it match" is asked
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else "refused"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(str(reason)) from None
    except UnicodeError:  # a lone surrogate cannot be encoded in UTF-8
        raise ValueError("the pattern is not valid Unicode") from None
    return _fast_matcher(compiled) or (lambda text: compiled.fullmatch(text) is not None)


def _fast_matcher(compiled: object) -> Matcher | None:
    """A matcher on the binding's low-level object: the public `fullmatch` builds a match object
    through a generator and decodes spans, several times the cost of the match itself. Falls back
    (None) if a future version of the binding changes shape."""
    try:
        # The binding's private module: only where this version of the binding has it.
        from re2 import _re2

        match = compiled._regexp.Match  # type: ignore[attr-defined]
        both = _re2.RE2.Anchor.ANCHOR_BOTH
        no_match = (-1, -1)
        probe = match(both, b"", 0, 0)
        if not (isinstance(probe, list) and probe and isinstance(probe[0], tuple)):
            return None
    except (ImportError, AttributeError, TypeError):
        return None

    def matcher(text: str) -> bool:
        data = text.encode("utf-8")
        found: bool = match(both, data, 0, len(data))[0] != no_match
        return found

    return matcher


@lru_cache(maxsize=256)
def _cached_regex(pattern: str) -> Matcher:
    return compile_regex(pattern)


def regex_match(pattern: object, value: object) -> bool:
    """regex_match with a pattern known only at run time (a literal pattern is compiled once).

    A null value matches nothing. A pattern that is null or that RE2 refuses is a data problem.
    """
    if value is None:
        return False
    if not isinstance(pattern, str) or not isinstance(value, str):
        raise TypeError("regex_match needs strings")
    return _cached_regex(pattern)(value)


def to_datetime(value: object) -> datetime | None:
    """A DATETIME from a DATETIME or an ISO 8601 STRING; null stays null."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        return parse_datetime(value)
    raise TypeError(f"not a date-time: {value!r}")


def epoch_milliseconds(value: object) -> int:
    """Milliseconds since 1970-01-01T00:00:00Z (the documentation's example shows seconds; the
    function's name and description say milliseconds, which is what we return)."""
    if not isinstance(value, datetime):
        raise TypeError(f"not a date-time: {value!r}")
    return (value - _EPOCH) // _MILLISECOND


def modulo(left: object, right: object) -> int | float:
    """`%` with the sign of the dividend (as in Java, C and SQL), not Python's floored modulo."""
    if isinstance(left, int) and isinstance(right, int):
        remainder = abs(left) % abs(right)  # ZeroDivisionError for 0: a data problem
        return -remainder if left < 0 else remainder
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return math.fmod(left, right)  # ValueError for 0.0: a data problem
    raise TypeError("'%' needs numbers")


def current_datetime(now: datetime | None) -> datetime:
    """The evaluation time: the one given, or the clock; naive times are taken as UTC."""
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)
