"""moto's S3 beside the Fraud Detector mock, for the tests whose training data, imports and batch
jobs are read from and written to S3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto import mock_aws


@contextmanager
def s3_bucket(name: str) -> Iterator[Any]:
    """moto's S3 while the block runs, holding one empty bucket ``name``; its boto3 client."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=name)
        yield s3
