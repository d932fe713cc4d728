"""Fixtures for the registry's tests: a mocked client on a frozen clock, and its store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend, mock_frauddetector
from frauddetector_mock.store import Store

REGION = "us-east-1"
ACCOUNT = "123456789012"
NOW = "2024-03-01T09:30:00.250Z"


@pytest.fixture
def client() -> Iterator[Any]:
    with mock_frauddetector():
        get_backend().clock.freeze(NOW)
        yield boto3.client("frauddetector", region_name=REGION)


@pytest.fixture
def store(client: Any) -> Store:
    return get_backend().store(REGION)
