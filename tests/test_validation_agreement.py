"""The two compilations of an input shape agree (frauddetector_mock/wire/validation.py).

A request is first put to the fast predicate, and only when it says no does the checker walk the
request again to word the errors. Were the predicate to pass what the checker refuses, a broken
request would reach the handlers; were it to refuse what the checker passes, every such request
would pay for the wording walk, and the two would no longer be one set of rules. So for every
operation of the model, over requests of the right shape and requests broken anywhere and in
many places at once, the predicate says valid exactly when the checker finds no problem.
"""

from __future__ import annotations

import functools
import string as strings
from typing import Any

import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from frauddetector_mock.spec import service_model
from frauddetector_mock.wire import validation
from tests.hardening.strategies import FUZZ, GARBAGE, broken, requests, valid

# GetKMSEncryptionKey takes nothing: there is nothing to validate.
OPERATIONS = sorted(
    name
    for name in service_model().operation_names
    if service_model().operation_model(name).input_shape is not None
)
EXAMPLES = 40  # per operation: some 8 s for the 72 operations that take input
DEEPEST = 4
UNKNOWN = st.text(strings.ascii_letters, min_size=1, max_size=10)


@functools.cache
def mixed(shape: Shape, depth: int = 0) -> SearchStrategy[Any]:
    """Values of ``shape`` right or wrong in any number of places, at any depth: each member,
    item or entry drawn valid, broken, null or mixed again; required members left out, unknown
    ones added, lists and maps from empty to one past a small maximum."""
    options: list[SearchStrategy[Any]] = [valid(shape, "", False), broken(shape, "", False)]
    if depth >= DEEPEST:
        return st.one_of(options)
    inner = depth + 1
    if isinstance(shape, StructureShape):
        members = {name: mixed(item, inner) | st.none() for name, item in shape.members.items()}
        options.append(
            st.tuples(
                st.fixed_dictionaries({}, optional=members),
                st.dictionaries(UNKNOWN, GARBAGE, max_size=2),
            ).map(lambda drawn: {**drawn[1], **drawn[0]})
        )
    elif isinstance(shape, ListShape):
        high = int(shape.metadata.get("max", 3))
        options.append(st.lists(mixed(shape.member, inner) | st.none(), max_size=min(high + 1, 5)))
    elif isinstance(shape, MapShape):
        high = int(shape.metadata.get("max", 3))
        keys = valid(shape.key, "", False) | broken(shape.key, "", False).map(str)
        values = mixed(shape.value, inner) | st.none()
        options.append(st.dictionaries(keys, values, max_size=min(high + 1, 5)))
    return st.one_of(options)


def params(operation: str) -> SearchStrategy[Any]:
    shape = service_model().operation_model(operation).input_shape
    assert shape is not None
    return st.one_of(
        requests(operation, valid_shaped=True, wire=False),
        requests(operation, valid_shaped=False, wire=False),
        mixed(shape),
        GARBAGE,
    )


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_predicate_says_valid_exactly_when_the_checker_finds_no_problem(
    operation: str,
) -> None:
    checks = validation._input_check(operation)
    assert checks is not None
    predicate, check = checks

    @settings(FUZZ, max_examples=EXAMPLES, deadline=None)
    @given(params(operation))
    def agree(value: Any) -> None:
        errors: list[str] = []
        check(value, "", errors)
        # Twice: a string the predicate found valid is remembered, and must stay so.
        for _ in range(2):
            assert predicate(value) == (not errors), errors

    agree()
