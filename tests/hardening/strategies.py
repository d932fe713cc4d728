"""Hypothesis strategies for the requests of every operation, built from botocore's input shapes.

``requests(operation, valid_shaped=True)`` draws parameters of the right shape (required
members, types, lengths, patterns, enums, list and map sizes) with random contents; string slots
draw mostly from names the fuzz world holds (tests/hardening/world.py), so calls reach real
records, and otherwise random text. ``valid_shaped=False`` breaks one place of such a request:
a wrong type, a null, a missing required member, an unknown member, a length or range out of
bounds, a broken pattern or enum, or nested garbage. Given ``seeds`` (requests that succeeded
while the world was built), half of the requests vary one member of a seed instead, so the deep
paths of the handlers run too.

``wire=True`` draws what a boto3 user passes (bytes for blobs, datetimes for timestamps);
``wire=False`` what the JSON body carries (base64 text, epoch seconds).

``FUZZ`` is the settings profile of the fuzz tests: derandomized, so CI sees the same examples
every run, ``FRAUDDETECTOR_MOCK_FUZZ_EXAMPLES`` examples (default 15) per operation and mode;
``FRAUDDETECTOR_MOCK_FUZZ_RANDOM=1`` draws new examples on each run.
"""

from __future__ import annotations

import base64
import functools
import os
import re
import string as strings
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from frauddetector_mock.spec import operation_model
from frauddetector_mock.wire.validation import shape_violations
from tests.hardening.world import BY_MEMBER, NAMES

EXAMPLES = int(os.environ.get("FRAUDDETECTOR_MOCK_FUZZ_EXAMPLES", "15"))
settings.register_profile(
    "frauddetector-fuzz",
    max_examples=EXAMPLES,
    derandomize=not os.environ.get("FRAUDDETECTOR_MOCK_FUZZ_RANDOM"),
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the network guard; the world is module-wide
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("frauddetector-fuzz")

# Random strings stay short unless the shape needs more: long values have their own cases.
LONGEST_RANDOM = 40
MOST_ITEMS = 3
DEEPEST = 6
INT32 = 2**31 - 1
INT64 = 2**63 - 1

SCALARS: SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
)
GARBAGE: SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def fits(shape: Shape, value: Any) -> bool:
    return not shape_violations(shape, value)


# Valid-shaped values -------------------------------------------------------------------------


def _random_string(shape: Shape) -> SearchStrategy[str]:
    low = int(shape.metadata.get("min", 0))
    high = min(int(shape.metadata.get("max", LONGEST_RANDOM)), max(low, LONGEST_RANDOM))
    pattern = shape.metadata.get("pattern")
    if pattern is None:
        return st.text(min_size=low, max_size=high).filter(functools.partial(fits, shape))
    try:
        re.compile(pattern)
    except re.error:  # \p{L} and friends: draw from letters, digits and the pattern's marks
        alphabet = strings.ascii_letters + strings.digits + "_.:/=+-@ éß"
        return st.text(alphabet, min_size=low, max_size=high).filter(functools.partial(fits, shape))
    return st.from_regex(pattern, fullmatch=True).filter(functools.partial(fits, shape))


def _string(shape: Shape, member: str) -> SearchStrategy[str]:
    if shape.enum:
        return st.sampled_from(list(shape.enum))
    known = [value for value in BY_MEMBER.get(member, ()) if fits(shape, value)]
    pool = [value for value in NAMES if fits(shape, value)]
    options: list[SearchStrategy[str]] = []
    if known:
        options += [st.sampled_from(known)] * 3
    if pool:
        options.append(st.sampled_from(pool))
    options.append(_random_string(shape))
    return st.one_of(options)


def _number_bounds(shape: Shape, limit: int) -> tuple[int, int]:
    low = int(shape.metadata.get("min", -limit))
    high = int(shape.metadata.get("max", limit))
    return low, high


@functools.cache
def valid(shape: Shape, member: str = "", wire: bool = True, depth: int = 0) -> SearchStrategy[Any]:
    """Values ``shape`` accepts, drawn near the world's names for string slots of ``member``."""
    if isinstance(shape, StructureShape):
        required = set(shape.required_members)
        members = {name: valid(item, name, wire, depth + 1) for name, item in shape.members.items()}
        optional = (
            {} if depth >= DEEPEST else {k: v for k, v in members.items() if k not in required}
        )
        return st.fixed_dictionaries(
            {k: v for k, v in members.items() if k in required}, optional=optional
        )
    if isinstance(shape, ListShape):
        low = int(shape.metadata.get("min", 0))
        high = min(int(shape.metadata.get("max", MOST_ITEMS)), low + MOST_ITEMS)
        return st.lists(valid(shape.member, member, wire, depth + 1), min_size=low, max_size=high)
    if isinstance(shape, MapShape):
        low = int(shape.metadata.get("min", 0))
        high = min(int(shape.metadata.get("max", MOST_ITEMS)), low + MOST_ITEMS)
        return st.dictionaries(
            valid(shape.key, f"{member}#key", wire, depth + 1),
            valid(shape.value, f"{member}#value", wire, depth + 1),
            min_size=low,
            max_size=high,
        )
    kind = shape.type_name
    if kind == "string":
        return _string(shape, member)
    if kind == "integer":
        return st.integers(*_number_bounds(shape, INT32))
    if kind == "long":
        return st.integers(*_number_bounds(shape, INT64))
    if kind in ("float", "double"):
        low, high = _number_bounds(shape, INT32)
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        data = st.binary(max_size=32)
        return data if wire else data.map(lambda raw: base64.b64encode(raw).decode())
    if kind == "timestamp":
        moments = st.datetimes()
        return moments if wire else st.integers(0, 2**32)
    raise TypeError(f"no strategy for {shape.name} ({kind})")


# Broken values -------------------------------------------------------------------------------


def _broken_string(shape: Shape) -> list[SearchStrategy[Any]]:
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", 0))
    options: list[SearchStrategy[Any]] = [st.text(max_size=LONGEST_RANDOM)]
    if high:
        options.append(st.integers(high + 1, high + 3).map(lambda size: "aZ9_"[size % 4] * size))
    if low:
        options.append(st.just("")) if low == 1 else options.append(st.text("a", max_size=low - 1))
    if shape.enum:
        options.append(st.sampled_from([v.lower() for v in shape.enum] + ["NOT_A_VALUE"]))
    return options


@st.composite
def _broken_structure(draw: Any, shape: StructureShape, member: str, wire: bool) -> Any:
    value = dict(draw(valid(shape, member, wire)))
    required = list(shape.required_members)
    ways = ["unknown", "broken"] + (["missing"] if required else [])
    ways += ["null"] if shape.members else []
    way = draw(st.sampled_from(ways))
    if way == "missing":
        del value[draw(st.sampled_from(required))]
    elif way == "null":  # a required member refused, an optional one as if absent
        value[draw(st.sampled_from(sorted(shape.members)))] = None
    elif way == "unknown":
        value[draw(st.text(strings.ascii_letters, min_size=1, max_size=10))] = draw(GARBAGE)
    elif shape.members:
        name = draw(st.sampled_from(sorted(shape.members)))
        value[name] = draw(broken(shape.members[name], name, wire))
    return value


@st.composite
def _broken_list(draw: Any, shape: ListShape, member: str, wire: bool) -> Any:
    items = list(draw(valid(shape, member, wire)))
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", 0))
    ways = ["null", "broken"] + (["short"] if low else []) + (["long"] if 0 < high <= 100 else [])
    way = draw(st.sampled_from(ways))
    if way == "short":
        return items[: low - 1]
    if way == "long":
        extra = draw(st.lists(valid(shape.member, member, wire), min_size=1, max_size=1))
        return (items + extra * (high + 1))[: high + 1]
    spot = draw(st.integers(0, len(items)))
    bad = None if way == "null" else draw(broken(shape.member, member, wire))
    return [*items[:spot], bad, *items[spot:]]


@st.composite
def _broken_map(draw: Any, shape: MapShape, member: str, wire: bool) -> Any:
    value = dict(draw(valid(shape, member, wire)))
    way = draw(st.sampled_from(["key", "null", "value"]))
    if way == "key":
        key = draw(st.one_of(_broken_string(shape.key)))
        value[key if isinstance(key, str) else str(key)] = draw(valid(shape.value, member, wire))
    else:
        key = draw(valid(shape.key, f"{member}#key", wire))
        value[key] = None if way == "null" else draw(broken(shape.value, member, wire))
    return value


@functools.cache
def broken(shape: Shape, member: str = "", wire: bool = True) -> SearchStrategy[Any]:
    """Values ``shape`` refuses, mostly: one place of a valid value broken, or garbage."""
    options: list[SearchStrategy[Any]] = [GARBAGE]
    if isinstance(shape, StructureShape):
        options.append(_broken_structure(shape, member, wire))
    elif isinstance(shape, ListShape):
        options.append(_broken_list(shape, member, wire))
    elif isinstance(shape, MapShape):
        options.append(_broken_map(shape, member, wire))
    elif shape.type_name == "string":
        options += _broken_string(shape)
    elif shape.type_name in ("integer", "long", "float", "double"):
        low, high = _number_bounds(shape, INT64 if shape.type_name == "long" else INT32)
        options += [
            st.integers(max_value=low - 1),
            st.integers(min_value=high + 1),
            st.just(2**70),
            st.sampled_from(["12", "1e3"]),
        ]
    return st.one_of(options)


@st.composite
def _near(
    draw: Any, shape: StructureShape, seeds: list[dict[str, Any]], valid_shaped: bool, wire: bool
) -> Any:
    """A request that worked, with one member left out, redrawn or (not ``valid_shaped``)
    broken: the deep paths of a handler see values that almost make sense."""
    value = dict(draw(st.sampled_from(seeds)))
    name = draw(st.sampled_from(sorted(shape.members)))
    member = shape.members[name]
    if not valid_shaped:
        value[name] = draw(broken(member, name, wire))
    elif name in value and name not in shape.required_members and draw(st.booleans()):
        del value[name]
    else:
        value[name] = draw(valid(member, name, wire))
    return value


def requests(
    operation: str,
    *,
    valid_shaped: bool,
    wire: bool = True,
    seeds: list[dict[str, Any]] | None = None,
) -> SearchStrategy[Any]:
    """Parameters of ``operation``: valid-shaped ones, or ones broken in one place; with
    ``seeds`` (requests that succeeded), half of them are variations of a seed."""
    shape = operation_model(operation).input_shape
    if shape is None:
        return st.just({}) if valid_shaped else st.dictionaries(st.text(max_size=8), GARBAGE)
    drawn = valid(shape, "", wire) if valid_shaped else _broken_structure(shape, "", wire)
    if not seeds or not shape.members:
        return drawn
    return st.one_of(drawn, _near(shape, seeds, valid_shaped, wire))
