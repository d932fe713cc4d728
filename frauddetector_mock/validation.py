"""Server-side input validation derived from botocore's shapes (afd-semantics §1.1).

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
import re
from collections.abc import Callable, Iterable
from typing import Any

import regex
from botocore.model import ListShape, MapShape, Shape, StructureShape

from frauddetector_mock.errors import ValidationException
from frauddetector_mock.model import operation_model

# (value, path, errors) -> None; appends one message per violated constraint.
Check = Callable[[Any, str, list[str]], None]
# value -> the constraints it violates, worded without the "Value ... at ..." prefix.
Constraints = Callable[[Any], list[str]]


def render(value: Any) -> str:
    """The value as Coral prints it in a message (Java's toString forms)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={render(item)}" for key, item in value.items()) + "}"
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
    return len(value.encode("utf-16-le")) // 2


def compile_pattern(pattern: str) -> Callable[[str], Any]:
    """A whole-string matcher, as Java's ``Matcher.matches()`` the service applies."""
    try:
        return re.compile(pattern).fullmatch
    except re.error:
        # Unicode property classes such as \p{L} (tag keys) exist only in the regex module.
        matcher: Callable[[str], Any] = regex.compile(pattern).fullmatch
        return matcher


def _length_constraints(shape: Shape) -> list[tuple[str, int]]:
    bounds = []
    if "min" in shape.metadata:
        bounds.append((">=", int(shape.metadata["min"])))
    if "max" in shape.metadata:
        bounds.append(("<=", int(shape.metadata["max"])))
    return bounds


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
    bounds = _length_constraints(shape)
    type_text = f"Member must be of type {type_name}"

    if type_name == "string":
        matcher = (
            compile_pattern(shape.metadata["pattern"]) if "pattern" in shape.metadata else None
        )
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


class _Builder:
    """Compiles shapes into checks; ``strict`` also refuses members the shape does not declare."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.cache: dict[str, Check] = {}

    def check(self, shape: Shape) -> Check:
        cached = self.cache.get(shape.name)
        if cached is not None:
            return cached
        # A placeholder first, so that a recursive shape refers to itself instead of looping.
        slot: list[Check] = []
        self.cache[shape.name] = lambda value, path, errors: slot[0](value, path, errors)
        built = self._build(shape)
        slot.append(built)
        self.cache[shape.name] = built
        return built

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
        bounds = _length_constraints(shape)

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
        value_is_scalar = not isinstance(shape.value, (StructureShape, ListShape, MapShape))
        value_constraints = _scalar_constraints(shape.value) if value_is_scalar else None
        value_check = None if value_is_scalar else self.check(shape.value)
        bounds = _length_constraints(shape)

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
def _input_check(operation: str) -> Check | None:
    shape = operation_model(operation).input_shape
    return None if shape is None else _LENIENT.check(shape)


def validate_input(operation: str, params: dict[str, Any]) -> None:
    """Raise ValidationException, worded as AWS does, when ``params`` break the input shape."""
    check = _input_check(operation)
    if check is None:
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
