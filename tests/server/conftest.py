"""Fixtures of the server tests: an in-process server on its own backend, and a boto3 client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import Backend, server

NOW = "2024-03-01T09:30:00.250Z"


@pytest.fixture
def backend() -> Backend:
    backend = Backend(account_id="123456789012")
    backend.clock.freeze(NOW)
    return backend


@pytest.fixture
def endpoint_url(backend: Backend) -> Iterator[str]:
    with server(port=0, backend=backend, channel_timeout=2) as url:
        yield url


def client_for(url: str, region: str = "us-east-1", access_key: str = "testing") -> Any:
    return boto3.client(
        "frauddetector",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=access_key,
        aws_secret_access_key="testing",
    )


@pytest.fixture
def client(endpoint_url: str) -> Any:
    return client_for(endpoint_url)
