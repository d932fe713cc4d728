"""Server-side input validation derived from botocore's shapes (docs/behaviour.md, "Protocol and
errors").

botocore checks only part of the model on the client (required members, types and minimums), and
not at all with ``parameter_validation=False`` or from another SDK, so the service re-checks every
constraint the model holds: required members, types, lengths, patterns, enums, list and map sizes,
integer ranges. Violations are worded as AWS's Coral services word them, e.g.
``1 validation error detected: Value 'X' at 'name' failed to satisfy constraint: Member must
satisfy regular expression pattern: ^[0-9a-z_-]+$``.

Each shape is compiled once into a closure; a request costs one walk over the members it carries.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from botocore.model import ListShape, MapShape, Shape, StructureShape

from frauddetector_mock.errors import ValidationException
from frauddetector_mock.spec import is_scalar, length_bounds, operation_model, shape_matcher

# (value, path, errors) -> None; appends one message per violated constraint.
Check = Callable[[Any, str, list[str]], None]
# value -> the constraints it violates, worded without the "Value ... at ..." prefix.
Constraints = Callable[[Any], list[str]]
# value -> whether it breaks no constraint at all.
Valid = Callable[[Any], bool]
_F = TypeVar("_F", bound=Callable[..., Any])


# No shape nests this deep: below it a message shows "...", and a body of JSON nested hundreds
# of levels deep cannot exhaust the stack while its message is written.
RENDER_DEPTH = 16


def render(value: Any, depth: int = 0) -> str:
    """The value as Coral prints it in a message (Java's toString forms)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)) and depth >= RENDER_DEPTH:
        return "[...]" if isinstance(value, list) else "{...}"
    if isinstance(value, list):
        return "[" + ", ".join(render(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        items = value.items()
        return "{" + ", ".join(f"{key}={render(item, depth + 1)}" for key, item in items) + "}"
    return str(value)


def violation(value: Any, path: str, constraint: str, sensitive: bool = False) -> str:
    if value is None:
        return f"Value null at '{path}' failed to satisfy constraint: {constraint}"
    if sensitive:  # Coral never echoes a sensitive member
        return f"Value at '{path}' failed to satisfy constraint: {constraint}"
    return f"Value '{render(value)}' at '{path}' failed to satisfy constraint: {constraint}"


def _java_length(value: str) -> int:
    # Java measures strings in UTF-16 code units: a character outside the BMP counts twice.
    if value.isascii():
        return len(value)
    # A lone surrogate (JSON allows "\ud800") is one code unit too, as in a Java string.
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def _broken_bounds(size: float, bounds: list[tuple[str, int]], kind: str) -> list[str]:
    """The ``Member must have <kind> ...`` texts of the bounds ``size`` falls outside."""
    return [
        f"Member must have {kind} "
        + ("greater than or equal to" if op == ">=" else "less than or equal to")
        + f" {limit}"
        for op, limit in bounds
        if ((size < limit) if op == ">=" else (size > limit))
    ]


def _scalar_constraints(shape: Shape) -> Constraints:
    type_name = shape.type_name
    bounds = length_bounds(shape)
    type_text = f"Member must be of type {type_name}"

    if type_name == "string":
        matcher = shape_matcher(shape)
        pattern_text = (
            f"Member must satisfy regular expression pattern: {shape.metadata.get('pattern')}"
        )
        enum = frozenset(shape.enum) if shape.enum else None
        enum_text = f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"

        def string(value: Any) -> list[str]:
            if not isinstance(value, str):
                return [type_text]
            found = _broken_bounds(_java_length(value), bounds, "length") if bounds else []
            if matcher is not None and matcher(value) is None:
                found.append(pattern_text)
            if enum is not None and value not in enum:
                found.append(enum_text)
            return found

        return string

    if type_name in ("integer", "long"):

        def integer(value: Any) -> list[str]:
            if isinstance(value, bool) or not isinstance(value, int):
                return [type_text]
            return _broken_bounds(value, bounds, "value")

        return integer

    if type_name in ("float", "double"):

        def number(value: Any) -> list[str]:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return [type_text]
            return _broken_bounds(value, bounds, "value")

        return number

    if type_name == "boolean":
        return lambda value: [] if isinstance(value, bool) else [type_text]

    if type_name == "blob":  # base64 text in JSON
        return lambda value: [] if isinstance(value, str) else [type_text]

    raise TypeError(f"not a scalar shape: {shape.name} ({type_name})")


def _within(bounds: list[tuple[str, int]]) -> Callable[[float], bool]:
    """Whether a size breaks none of ``bounds`` (the test ``_broken_bounds`` words)."""
    low = next((limit for op, limit in bounds if op == ">="), None)
    high = next((limit for op, limit in bounds if op == "<="), None)
    if low is not None and high is not None:
        return lambda size: not (size < low or size > high)
    if low is not None:
        return lambda size: not size < low
    if high is not None:
        return lambda size: not size > high
    return lambda size: True


_SEEN_SIZE = 512  # valid strings remembered per string shape
_SEEN_BY: dict[Valid, set[str]] = {}  # a string check -> the valid strings it remembers
_SEEN_LENGTH = 64  # longer strings (rule expressions, descriptions) are checked every time


def _scalar_valid(shape: Shape) -> Valid:
    """True exactly when ``_scalar_constraints(shape)`` finds nothing, without wording it."""
    type_name = shape.type_name
    bounds = length_bounds(shape)
    within = _within(bounds)
    if type_name == "string":
        matcher = shape_matcher(shape)
        enum = frozenset(shape.enum) if shape.enum else None
        if matcher is None and enum is None and not bounds:
            return lambda value: isinstance(value, str)
        # Names and ids come back call after call: a string once found valid for this shape is
        # not matched again. Bounded, so that unique values (event ids) cannot grow it for ever.
        seen: set[str] = set()

        def string(value: Any) -> bool:
            if type(value) is str and value in seen:
                return True
            valid = (
                isinstance(value, str)
                and (not bounds or within(_java_length(value)))
                and (matcher is None or matcher(value) is not None)
                and (enum is None or value in enum)
            )
            if valid and type(value) is str and len(value) <= _SEEN_LENGTH:
                if len(seen) >= _SEEN_SIZE:
                    seen.clear()
                seen.add(value)
            return valid

        _SEEN_BY[string] = seen
        return string
    if type_name in ("integer", "long"):
        return lambda value: (
            not isinstance(value, bool) and isinstance(value, int) and within(value)
        )
    if type_name in ("float", "double"):
        return lambda value: (
            not isinstance(value, bool) and isinstance(value, (int, float)) and within(value)
        )
    if type_name == "boolean":
        return lambda value: isinstance(value, bool)
    if type_name == "blob":
        return lambda value: isinstance(value, str)
    raise TypeError(f"not a scalar shape: {shape.name} ({type_name})")


def _all_seen(seen: set[str], values: Iterable[Any]) -> bool:
    try:
        return seen.issuperset(values)
    except TypeError:  # a list or a dict where a string belongs: the full check words it
        return False


class _Builder:
    """Compiles shapes into checks; ``strict`` also refuses members the shape does not declare.

    ``valid`` compiles the same rules into a predicate that only says whether a value breaks
    none of them: most requests are valid, and the wording walk runs only for those that are not.
    The predicate never refuses unknown members (it serves requests, not the strict mode)."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.cache: dict[str, Check] = {}
        self.valid_cache: dict[str, Valid] = {}
        # What the thread holding the lock is building, by (cache, shape name). A recursive
        # shape refers to itself through a placeholder that is empty until its build ends, so
        # nothing reaches the caches, which every thread reads, before the outermost build ends.
        self._lock = threading.RLock()
        self._building: dict[tuple[int, str], tuple[dict[str, Any], Any]] = {}

    def _once(
        self,
        cache: dict[str, _F],
        shape: Shape,
        build: Callable[[Shape], _F],
        placeholder: Callable[[list[_F]], _F],
    ) -> _F:
        cached = cache.get(shape.name)
        if cached is not None:
            return cached
        with self._lock:
            cached = cache.get(shape.name)
            if cached is not None:
                return cached
            key = (id(cache), shape.name)
            if key in self._building:
                building: _F = self._building[key][1]
                return building
            outermost = not self._building
            slot: list[_F] = []
            self._building[key] = (cache, placeholder(slot))
            try:
                built = build(shape)
                slot.append(built)
                self._building[key] = (cache, built)
                if outermost:
                    for (_, name), (target, function) in self._building.items():
                        target[name] = function
            finally:
                if outermost:
                    self._building.clear()
            return built

    def valid(self, shape: Shape) -> Valid:
        return self._once(
            self.valid_cache, shape, self._build_valid, lambda slot: lambda value: slot[0](value)
        )

    def _build_valid(self, shape: Shape) -> Valid:
        if isinstance(shape, StructureShape):
            required = frozenset(shape.required_members)
            # (name, check, required, the strings its check remembers as valid): a member met
            # again is passed by one set lookup, without calling its check.
            members = [
                (name, valid, name in required, _SEEN_BY.get(valid))
                for name, valid in (
                    (name, self.valid(member)) for name, member in shape.members.items()
                )
            ]

            def structure(value: Any) -> bool:
                if not isinstance(value, dict):
                    return False
                get = value.get
                for name, valid, needed, seen in members:
                    item = get(name)
                    if item is None:
                        if needed:
                            return False
                    elif not (
                        seen is not None and type(item) is str and item in seen
                    ) and not valid(item):
                        return False
                return True

            return structure
        if isinstance(shape, ListShape):
            member = self.valid(shape.member)
            size_ok = _within(length_bounds(shape))
            return lambda value: (
                isinstance(value, list)
                and size_ok(len(value))
                and None not in value
                and all(map(member, value))
            )
        if isinstance(shape, MapShape):
            key_ok = _scalar_valid(shape.key)
            value_ok = (
                _scalar_valid(shape.value) if is_scalar(shape.value) else self.valid(shape.value)
            )
            size_ok = _within(length_bounds(shape))
            # Keys (variable names) come back call after call: a map whose keys were all seen
            # valid is checked by one set operation, not a call per key. Values too, when seen.
            keys_seen = _SEEN_BY.get(key_ok, set())
            values_seen = _SEEN_BY.get(value_ok)
            return lambda value: (
                isinstance(value, dict)
                and size_ok(len(value))
                and (keys_seen.issuperset(value) or all(map(key_ok, value)))
                and None not in value.values()
                and (
                    (values_seen is not None and _all_seen(values_seen, value.values()))
                    or all(map(value_ok, value.values()))
                )
            )
        return _scalar_valid(shape)

    def check(self, shape: Shape) -> Check:
        return self._once(
            self.cache,
            shape,
            self._build,
            lambda slot: lambda value, path, errors: slot[0](value, path, errors),
        )

    def _build(self, shape: Shape) -> Check:
        if isinstance(shape, StructureShape):
            return self._structure(shape)
        if isinstance(shape, ListShape):
            return self._list(shape)
        if isinstance(shape, MapShape):
            return self._map(shape)
        constraints = _scalar_constraints(shape)
        sensitive = bool(shape.metadata.get("sensitive"))

        def scalar(value: Any, path: str, errors: list[str]) -> None:
            for text in constraints(value):
                errors.append(violation(value, path, text, sensitive))

        return scalar

    def _structure(self, shape: StructureShape) -> Check:
        members = {name: self.check(member) for name, member in shape.members.items()}
        required = tuple(shape.required_members)
        strict = self.strict
        type_text = "Member must be of type structure"

        def structure(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, dict):
                errors.append(violation(value, path or shape.name, type_text))
                return
            prefix = f"{path}." if path else ""
            for name in required:
                if value.get(name) is None:
                    errors.append(violation(None, prefix + name, "Member must not be null"))
            for name, item in value.items():
                check = members.get(name)
                if check is None:
                    # AWS's JSON services ignore members they do not know; the strict mode is
                    # for checking our own responses against the output shapes.
                    if strict:
                        errors.append(f"'{prefix}{name}' is not a member of {shape.name}")
                    continue
                if item is not None:
                    check(item, prefix + name, errors)

        return structure

    def _list(self, shape: ListShape) -> Check:
        member = self.check(shape.member)
        bounds = length_bounds(shape)

        def list_check(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, list):
                errors.append(violation(value, path, "Member must be of type list"))
                return
            for text in _broken_bounds(len(value), bounds, "length"):
                errors.append(violation(value, path, text))
            for index, item in enumerate(value, start=1):
                if item is None:
                    errors.append(
                        violation(None, f"{path}.{index}.member", "Member must not be null")
                    )
                else:
                    member(item, f"{path}.{index}.member", errors)

        return list_check

    def _map(self, shape: MapShape) -> Check:
        key_constraints = _scalar_constraints(shape.key)
        value_is_scalar = is_scalar(shape.value)
        value_constraints = _scalar_constraints(shape.value) if value_is_scalar else None
        value_check = None if value_is_scalar else self.check(shape.value)
        bounds = length_bounds(shape)

        def map_check(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, dict):
                errors.append(violation(value, path, "Member must be of type map"))
                return
            for text in _broken_bounds(len(value), bounds, "length"):
                errors.append(violation(value, path, text))
            # Most maps are valid: look for a broken key or value before collecting messages.
            bad_keys = (
                _distinct(text for key in value for text in key_constraints(key))
                if not all(map(_empty, map(key_constraints, value)))
                else None
            )
            if bad_keys:
                constraint = f"Map keys must satisfy constraint: [{', '.join(bad_keys)}]"
                errors.append(violation(value, path, constraint))
            if value_constraints is not None and (
                None in value.values()
                or not all(map(_empty, map(value_constraints, value.values())))
            ):
                bad_values = _distinct(
                    text
                    for item in value.values()
                    for text in (
                        value_constraints(item) if item is not None else ["Member must not be null"]
                    )
                )
                if bad_values:
                    constraint = f"Map value must satisfy constraint: [{', '.join(bad_values)}]"
                    errors.append(violation(value, path, constraint))
            elif value_check is not None:
                for key, item in value.items():
                    if item is None:
                        errors.append(violation(None, f"{path}.{key}", "Member must not be null"))
                    else:
                        value_check(item, f"{path}.{key}", errors)

        return map_check


def _empty(texts: list[str]) -> bool:
    return not texts


def _distinct(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


_LENIENT = _Builder(strict=False)
_STRICT = _Builder(strict=True)


def summarize(errors: list[str]) -> str:
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(errors)


@functools.cache
def _input_check(operation: str) -> tuple[Valid, Check] | None:
    shape = operation_model(operation).input_shape
    return None if shape is None else (_LENIENT.valid(shape), _LENIENT.check(shape))


def validate_input(operation: str, params: dict[str, Any]) -> None:
    """Raise ValidationException, worded as AWS does, when ``params`` break the input shape."""
    checks = _input_check(operation)
    if checks is None:
        return
    valid, check = checks
    if valid(params):
        return
    errors: list[str] = []
    check(params, "", errors)
    if errors:
        raise ValidationException(summarize(errors))


def shape_violations(shape: Shape, value: Any) -> list[str]:
    """Every way ``value`` departs from ``shape``, unknown members included (for output checks)."""
    errors: list[str] = []
    _STRICT.check(shape)(value, "", errors)
    return errors
