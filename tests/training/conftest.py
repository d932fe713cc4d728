"""The training tests use the registry tests' fixtures: a mocked boto3 client on a clock frozen
at 2024-03-01T09:30:00.250Z (us-east-1, account 123456789012), and its store; and moto's S3 to
hold their training data."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.moto_s3 import s3_bucket
from tests.store.conftest import NOW, client, store
from tests.store.training_data import BUCKET

__all__ = ["NOW", "client", "store"]


@pytest.fixture
def s3(client: Any) -> Iterator[Any]:
    """moto's S3, inside the Fraud Detector mock, with the empty bucket ``BUCKET``."""
    with s3_bucket(BUCKET) as s3:
        yield s3
