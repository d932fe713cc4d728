"""An answer is the caller's: changing any part of it changes nothing in the mock.

The mock hands a caller the answer its handler built, with no copy (service.answer): this proves,
for every read the populated world makes, that the caller can clear, extend and overwrite every
list and dict of the answer and the mock's state, and its next answer, stay as they were.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from botocore import xform_name

from frauddetector_mock import get_backend, persistence
from tests.hardening import world
from tests.hardening.world import World

READS = ("Get", "Describe", "List", "BatchGet")
WRITES_AS_IT_READS = {"GetEventPrediction"}  # records the prediction it makes


@pytest.fixture(scope="module")
def built() -> Iterator[World]:
    with world.running() as running:
        yield running


def _vandalize(node: Any) -> None:
    """Change every container of ``node``, innermost first."""
    if isinstance(node, dict):
        for value in list(node.values()):
            _vandalize(value)
        node.clear()
        node["vandal"] = True
    elif isinstance(node, list):
        for value in node:
            _vandalize(value)
        node.clear()
        node.append("vandal")


def _reads(built: World) -> list[tuple[str, dict[str, Any]]]:
    return [
        (operation, params)
        for operation, calls in sorted(built.succeeded.items())
        if operation.startswith(READS) and operation not in WRITES_AS_IT_READS
        for params in calls
    ]


def test_changing_an_answer_changes_nothing_in_the_mock(built: World) -> None:
    reads = _reads(built)
    assert {operation for operation, _ in reads} >= {
        "DescribeDetector",
        "DescribeModelVersions",
        "GetEventPredictionMetadata",
        "GetEvent",
        "GetRules",
        "ListEventPredictions",
        "GetBatchPredictionJobs",
    }
    world.restore(built.built)
    for operation, params in reads:
        call = getattr(built.client, xform_name(operation))
        before = persistence.snapshot(get_backend())
        first = call(**copy.deepcopy(params))
        first.pop("ResponseMetadata")
        kept = copy.deepcopy(first)
        _vandalize(first)
        assert persistence.snapshot(get_backend()) == before, operation
        again = call(**copy.deepcopy(params))
        again.pop("ResponseMetadata")
        assert again == kept, operation
