"""pytest fixtures, registered through the ``pytest11`` entry point (no import needed).

``frauddetector`` turns the mock on for one test and yields a ready client with the backend::

    def test_labels(frauddetector):
        frauddetector.client.put_label(name="fraud")
        assert "fraud" in frauddetector.store.labels

Options go through the ``frauddetector`` marker:
``@pytest.mark.frauddetector(region="eu-west-1", account_id="111122223333", wire=True)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from frauddetector_mock.backend import DEFAULT_REGION, Backend
from frauddetector_mock.mock import FraudDetectorMock, mock_frauddetector
from frauddetector_mock.store import Store

if TYPE_CHECKING:
    # The boto3 stubs' client type (pip install 'boto3-stubs[frauddetector]'), for type checkers
    # only: without the stubs it is Any, and nothing here needs them at run time.
    from mypy_boto3_frauddetector import FraudDetectorClient
else:
    FraudDetectorClient = Any  # typing.get_type_hints() can still resolve the annotation


@dataclass(frozen=True)
class MockedFraudDetector:
    """What the ``frauddetector`` fixture yields (``frauddetector_mock.MockedFraudDetector``)."""

    client: FraudDetectorClient
    """A boto3 (or, without boto3, botocore) ``frauddetector`` client for ``region``; typed as
    ``mypy_boto3_frauddetector.FraudDetectorClient`` when those stubs are installed."""
    backend: Backend
    store: Store
    """The records of the client's account and region."""
    mock: FraudDetectorMock
    region: str


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "frauddetector(region=..., account_id=..., wire=...): options of the frauddetector fixture",
    )


def _client(region: str) -> Any:
    try:
        # pytest loads this plugin in every session: boto3 waits for a test that asks for it.
        import boto3
    except ImportError:
        # botocore alone will do, loaded as late.
        import botocore.session

        return botocore.session.get_session().create_client("frauddetector", region_name=region)
    return boto3.client("frauddetector", region_name=region)


@pytest.fixture
def frauddetector(request: pytest.FixtureRequest) -> Iterator[MockedFraudDetector]:
    """The mock, on for this test, with a client and the backend for assertions."""
    marker = request.node.get_closest_marker("frauddetector")
    options = dict(marker.kwargs) if marker else {}
    region = options.pop("region", DEFAULT_REGION)
    with mock_frauddetector(**options) as mock:
        yield MockedFraudDetector(
            client=_client(region),
            backend=mock.backend,
            store=mock.backend.store(region),
            mock=mock,
            region=region,
        )
