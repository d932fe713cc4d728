"""Fuzzing every operation through boto3, client-side validation off (docs/behaviour.md,
"Protocol and errors").

For each of the operations of botocore's model, requests drawn from the input shape
(tests/hardening/strategies.py) go through ``boto3.client(..., config=Config(
parameter_validation=False))`` against a populated world (tests/hardening/world.py), restored
before every example. Every answer must be a success that fits the output shape (the suite's
after-call check, tests/shape_check.py, runs on these clients) or a ``ClientError`` of a code
the operation models, with its HTTP status; never InternalServerException, never an
exception logged by the mock, and a failed call changes nothing.

Requests botocore itself cannot serialize (a structure where a string belongs, an unknown
member) never leave the client: they are skipped here and sent raw by test_fuzz_protocol.py.

The run is derandomized, so CI sees the same examples every time. For a longer local hunt set
``FRAUDDETECTOR_MOCK_FUZZ_EXAMPLES`` (examples per operation and mode, default 15), and
``FRAUDDETECTOR_MOCK_FUZZ_RANDOM=1`` to draw new examples on each run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.serialize import create_serializer
from hypothesis import event, given
from hypothesis import strategies as st

from frauddetector_mock import get_backend
from frauddetector_mock.service import OPERATIONS
from frauddetector_mock.spec import operation_model
from tests import shape_check
from tests.hardening import world
from tests.hardening.checks import check_error, no_defect_logged, state
from tests.hardening.strategies import FUZZ, requests
from tests.hardening.world import World

# botocore's JSON serializer fails on its own on values of the wrong kind; what it raises.
SERIALIZER_ERRORS = (AttributeError, KeyError, TypeError, ValueError, OverflowError)


@pytest.fixture(scope="module")
def fuzz_world() -> Iterator[World]:
    with world.running() as running:
        yield running


def serializable(operation: str, params: dict[str, Any]) -> bool:
    """Whether botocore can put ``params`` on the wire at all (its behaviour, not the mock's)."""
    serializer = create_serializer("json", include_validation=False)
    try:
        serializer.serialize_to_request(params, operation_model(operation))
    except SERIALIZER_ERRORS:
        return False
    return True


def call(fuzz_world: World, operation: str, params: Any) -> None:
    client, built, _ = fuzz_world
    world.restore(built)
    if not isinstance(params, dict) or not serializable(operation, params):
        event("botocore cannot serialize the request")
        return
    backend = get_backend()
    before = state(backend)
    checked = shape_check.CHECKED[operation]
    with no_defect_logged():
        try:
            getattr(client, xform_name(operation))(**params)
        except ClientError as error:
            response = error.response
            check_error(
                operation,
                response["Error"]["Code"],
                response["ResponseMetadata"]["HTTPStatusCode"],
                response["Error"]["Message"],
            )
            event(f"{operation}: {response['Error']['Code']}")
            assert state(backend) == before, f"{operation} failed and changed state: {params}"
        else:
            event(f"{operation}: success")
    assert shape_check.CHECKED[operation] == checked + 1, "the after-call shape check did not run"


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@FUZZ
@given(data=st.data())
def test_valid_shaped_requests(fuzz_world: World, operation: str, data: Any) -> None:
    seeds = fuzz_world.succeeded.get(operation)
    call(fuzz_world, operation, data.draw(requests(operation, valid_shaped=True, seeds=seeds)))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@FUZZ
@given(data=st.data())
def test_broken_requests(fuzz_world: World, operation: str, data: Any) -> None:
    seeds = fuzz_world.succeeded.get(operation)
    call(fuzz_world, operation, data.draw(requests(operation, valid_shaped=False, seeds=seeds)))


def test_the_world_answers_through_the_fuzzed_client(fuzz_world: World) -> None:
    """The names the strategies draw exist: the fuzzed calls reach real records."""
    client, built, _ = fuzz_world
    world.restore(built)
    version = client.get_detector_version(detectorId="payments", detectorVersionId="1")
    assert version["status"] == "ACTIVE"
    assert (
        client.get_model_version(
            modelId=world.MODEL, modelType="ONLINE_FRAUD_INSIGHTS", modelVersionNumber="1.0"
        )["status"]
        == "ACTIVE"
    )
    assert [job["status"] for job in client.get_batch_import_jobs()["batchImports"]] == ["FAILED"]
