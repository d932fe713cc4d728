"""Fuzzing the JSON 1.1 layer directly: raw bodies into ``service.answer``
(docs/behaviour.md, "Protocol and errors").

What no SDK sends still reaches the mock in server mode: members of the wrong type, unknown
members, nulls, bodies that are not JSON objects or not JSON at all, huge and deeply nested
values, wrong ``X-Amz-Target`` headers. For every operation of botocore's model, each answer
must be a 200 whose body botocore parses into the output shape, or an error body carrying
``__type`` and ``message`` whose code the operation models (or SerializationException for a
body that is not a JSON object, UnknownOperationException for a target naming no operation)
with its HTTP status; never InternalServerException, no exception logged by the mock, and a
failed call changes no state. The world (tests/hardening/world.py) is restored before each
example.

Derandomized like test_fuzz_wire.py; ``FRAUDDETECTOR_MOCK_FUZZ_EXAMPLES`` (default 15) sets
the examples per operation and mode, ``FRAUDDETECTOR_MOCK_FUZZ_RANDOM=1`` draws new ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from frauddetector_mock import get_backend, service
from frauddetector_mock.service import OPERATIONS
from frauddetector_mock.spec import operation_model, target_prefix
from frauddetector_mock.wire import protocol
from tests import shape_check
from tests.hardening import world
from tests.hardening.checks import check_error, no_defect_logged, state
from tests.hardening.strategies import FUZZ, GARBAGE, requests
from tests.hardening.world import World

NOT_OBJECTS = st.one_of(
    GARBAGE.filter(lambda value: not isinstance(value, dict)).map(json.dumps),
    st.binary(max_size=40),
    st.text(max_size=40),
    st.sampled_from(["{", "[", '{"a":', "nul", "{}}", '{"a":1,}', "\ufeff{}", "\x00"]),
)


@pytest.fixture(scope="module")
def fuzz_world() -> Iterator[World]:
    with world.running() as running:
        yield running


def answer(
    fuzz_world: World, target: str | None, body: bytes | str, *, drawn: bool = True
) -> protocol.Reply:
    """``handle``'s reply to one raw request, checked against every rule of the module."""
    world.restore(fuzz_world.built)
    backend = get_backend()
    before = state(backend)
    with no_defect_logged():
        reply = service.answer(backend, target, body, world.REGION)
    operation = reply.operation
    assert reply.headers["content-type"] == protocol.CONTENT_TYPE
    assert reply.headers["content-length"] == str(len(reply.body))
    if reply.error is None:
        assert operation is not None and reply.status == 200
        model = operation_model(operation)
        parsed = shape_check.botocore_parse(model, 200, reply.headers, reply.body)
        shape_check.assert_matches_output_shape(model, parsed)
        note = "success"
    else:
        document = json.loads(reply.body)
        assert set(document) == {"__type", "message"}, document
        check_error(operation, document["__type"], reply.status, document["message"])
        assert state(backend) == before, f"{operation} failed and changed state: {body!r}"
        note = document["__type"]
    if drawn:  # hypothesis records events only inside its own tests
        event(note)
    return reply


def target(operation: str) -> str:
    return f"{target_prefix()}.{operation}"


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@FUZZ
@given(data=st.data())
def test_valid_shaped_bodies(fuzz_world: World, operation: str, data: Any) -> None:
    params = data.draw(
        requests(
            operation, valid_shaped=True, wire=False, seeds=fuzz_world.succeeded.get(operation)
        )
    )
    assert answer(fuzz_world, target(operation), json.dumps(params)).operation == operation


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@FUZZ
@given(data=st.data())
def test_broken_bodies(fuzz_world: World, operation: str, data: Any) -> None:
    params = data.draw(
        requests(
            operation, valid_shaped=False, wire=False, seeds=fuzz_world.succeeded.get(operation)
        )
    )
    answer(fuzz_world, target(operation), json.dumps(params))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@FUZZ
@given(body=NOT_OBJECTS)
def test_bodies_that_are_not_json_objects(fuzz_world: World, operation: str, body: Any) -> None:
    """The body of every request is a JSON object; anything else is SerializationException
    (an empty body reads as ``{}``)."""
    reply = answer(fuzz_world, target(operation), body)
    if body not in ("", b"") and reply.error is not None:
        assert reply.error.code in ("SerializationException", "ValidationException")


@FUZZ
@given(
    name=st.one_of(
        st.text(max_size=30),
        st.sampled_from(sorted(OPERATIONS)).map(lambda name: name.lower()),
        st.sampled_from(sorted(OPERATIONS)).map(lambda name: f"AWSHawksNest.{name}"),
        st.sampled_from(sorted(OPERATIONS)).map(lambda name: f"{target_prefix()}{name}"),
    )
)
def test_targets_naming_no_operation(fuzz_world: World, name: str) -> None:
    reply = answer(fuzz_world, name, b"{}")
    assert reply.error is not None and reply.error.code == "UnknownOperationException"
    assert reply.operation is None


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="deep-list"),
        pytest.param('{"name":' + '{"a":' * 50_000 + "1" + "}" * 50_001, id="deep-object"),
        pytest.param(json.dumps({"name": "x" * 1_000_000}), id="megabyte-name"),
        pytest.param('{"name": ' + "9" * 5000 + "}", id="huge-integer"),
        pytest.param('{"name": NaN}', id="nan"),
        pytest.param('{"name": "\\ud800"}', id="lone-surrogate"),
        pytest.param(b'{"name": "\xff\xfe"}', id="not-utf8"),
        pytest.param('{"name": "a", "name": 1}', id="duplicate-member"),
    ],
)
@pytest.mark.parametrize("operation", ["PutLabel", "GetLabels", "GetEventPrediction"])
def test_extreme_bodies(fuzz_world: World, operation: str, body: str | bytes) -> None:
    """Bodies no SDK writes are refused as the service refuses them, never with a 500."""
    reply = answer(fuzz_world, target(operation), body, drawn=False)
    assert reply.error is not None
