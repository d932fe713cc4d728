"""A user's typed test module, as it would sit in a project that installed frauddetector-mock:
tests/test_packaging.py type-checks it with ``mypy --strict`` and runs it with pytest, both
against the package installed from the wheel. Not collected by the suite itself (no test_
prefix): its tests only mean something against the installed package."""

from __future__ import annotations

import asyncio
import unittest

import pytest

from frauddetector_mock import (
    Backend,
    FraudDetectorMock,
    MockedFraudDetector,
    Store,
    __version__,
    get_backend,
    mock_frauddetector,
)


def test_the_fixture_yields_a_typed_client(frauddetector: MockedFraudDetector) -> None:
    frauddetector.client.put_label(name="fraud", description="confirmed fraud")
    labels = frauddetector.client.get_labels()["labels"]
    names: list[str] = [label.get("name", "") for label in labels]
    assert names == ["fraud"]
    store: Store = frauddetector.store
    assert store.labels["fraud"].description == "confirmed fraud"
    backend: Backend = frauddetector.backend
    assert backend.calls[-1].operation == "GetLabels"


@pytest.mark.frauddetector(region="eu-west-1", account_id="111122223333")
def test_the_marker_sets_region_and_account(frauddetector: MockedFraudDetector) -> None:
    frauddetector.client.put_outcome(name="block")
    assert frauddetector.region == "eu-west-1"
    assert "block" in frauddetector.backend.store("eu-west-1", "111122223333").outcomes


@mock_frauddetector
def count_calls(since: int) -> int:
    return len(get_backend().calls) - since


@mock_frauddetector(account_id="111122223333")
def default_account() -> str:
    return get_backend().default_account_id


@mock_frauddetector
async def count_calls_later() -> int:
    await asyncio.sleep(0)
    return len(get_backend().calls)


def test_decorated_functions_keep_their_signatures() -> None:
    calls: int = count_calls(0)
    assert calls == 0
    account: str = default_account()
    assert account == "111122223333"
    assert asyncio.run(count_calls_later()) == 0


@mock_frauddetector
class TestADecoratedClass:
    def test_each_method_runs_in_the_mock(self) -> None:
        assert get_backend().calls[:] == []


@mock_frauddetector
class DecoratedCase(unittest.TestCase):
    def test_set_up_and_the_test_share_the_mock(self) -> None:
        self.assertEqual(len(get_backend().calls), 0)


def test_context_manager_and_start_stop() -> None:
    with mock_frauddetector(wire=True) as mock:
        entered: FraudDetectorMock = mock
        assert entered.active
    manual = mock_frauddetector(account_id="111122223333", reset=False, strict_training=True)
    manual.start()
    try:
        assert manual.backend is get_backend()
    finally:
        manual.stop()
    assert not manual.active


def test_the_version_is_a_string() -> None:
    assert __version__.split(".")[0].isdigit()
