"""botocore's service model of Fraud Detector: the source of truth for names, shapes and limits.

The look-ups of that model, and its patterns compiled into matchers, live here; what a request
makes of them (validation, messages) lives with its users.

Loaded once, on first use: botocore's loader pulls in urllib3 and http.client, which would
otherwise weigh on every ``import frauddetector_mock``. The ``regex`` module, needed by one
pattern only, is imported when that pattern is first compiled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape

SERVICE_NAME = "frauddetector"


@functools.cache
def service_model() -> ServiceModel:
    # botocore's loader pulls in urllib3 and http.client: read with the first request.
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@functools.cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def target_prefix() -> str:
    prefix: str = service_model().metadata["targetPrefix"]
    return prefix


@functools.cache
def modelled_error_codes(operation: str) -> frozenset[str]:
    return frozenset(shape.name for shape in operation_model(operation).error_shapes)


# Shapes and their traits --------------------------------------------------------------------

Matcher = Callable[[str], Any]
"""A whole-string matcher: the match object, or None when the string does not match."""


@functools.cache
def compile_pattern(pattern: str) -> Matcher:
    """A whole-string matcher of a model pattern, as Java's ``Matcher.matches()`` the service
    applies. Compiled once per pattern."""
    try:
        return re.compile(pattern).fullmatch
    except re.error:
        # Unicode property classes such as \p{L} (tag keys) exist only in the regex module.
        import regex

        matcher: Matcher = regex.compile(pattern).fullmatch
        return matcher


def shape_matcher(shape: Shape) -> Matcher | None:
    """The compiled ``pattern`` trait of a string shape; None when the shape has none."""
    pattern = shape.metadata.get("pattern")
    return None if pattern is None else compile_pattern(pattern)


def length_bounds(shape: Shape) -> list[tuple[str, int]]:
    """The ``min`` and ``max`` traits of a shape as ``(">=", min)`` and ``("<=", max)``: bounds
    of a string's length, a list's or map's size, or a number's value."""
    bounds = []
    if "min" in shape.metadata:
        bounds.append((">=", int(shape.metadata["min"])))
    if "max" in shape.metadata:
        bounds.append(("<=", int(shape.metadata["max"])))
    return bounds


def is_scalar(shape: Shape) -> bool:
    """Whether a shape holds one value rather than members, items or entries."""
    return shape.type_name not in ("structure", "list", "map")
