"""S3 reads and writes of batch jobs and trainings, through boto3: moto's ``mock_aws`` serves
them in a test. Without moto active, nothing is sent: a test must never reach the real S3."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from frauddetector_mock.messages import batch_jobs as batch_job_messages


class S3Failure(Exception):
    """Why an object could not be read or written, in words for a job's failure reason."""


def _moto_active() -> bool:
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def _client(region: str) -> Any:
    if not _moto_active():
        raise S3Failure(batch_job_messages.batch_no_s3())
    import boto3  # a test dependency: needed only once a job touches S3

    return boto3.client("s3", region_name=region)


def location(path: str) -> tuple[str, str]:
    """The bucket and key of ``s3://bucket/key``."""
    bucket, _, key = path[len("s3://") :].partition("/")
    return bucket, key


def _failure(error: ClientError | BotoCoreError) -> S3Failure:
    """S3's own words for what went wrong, where it gave any."""
    if isinstance(error, ClientError):
        return S3Failure(error.response.get("Error", {}).get("Message") or str(error))
    return S3Failure(str(error))


def read_csv(region: str, path: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the CSV at ``path``; S3Failure says why it cannot be read."""
    client = _client(region)
    bucket, key = location(path)
    try:
        body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except (ClientError, BotoCoreError) as error:
        raise _failure(error) from None
    return _parsed(body)


def read_csv_location(region: str, path: str) -> tuple[list[str], list[list[str]]]:
    """The rows at a data location: the CSV object at ``path``, or, when there is none, every
    CSV object under ``path`` as a prefix (a folder), in key order, all with one header."""
    client = _client(region)
    bucket, key = location(path)
    try:
        return read_csv(region, path)
    except S3Failure as missing:
        prefix = key if not key or key.endswith("/") else key + "/"
        try:
            listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
        except (ClientError, BotoCoreError):
            raise missing from None
        keys = sorted(item["Key"] for item in listed if item["Key"].lower().endswith(".csv"))
        if not keys:
            raise missing from None
    header: list[str] | None = None
    rows: list[list[str]] = []
    for name in keys:
        its_header, its_rows = read_csv(region, f"s3://{bucket}/{name}")
        if header is not None and its_header != header:
            raise S3Failure(f"s3://{bucket}/{name} has other columns than {keys[0]}.")
        header = its_header
        rows.extend(its_rows)
    assert header is not None
    return header, rows


def _parsed(body: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as error:
        raise S3Failure(str(error)) from None
    lines = [line for line in lines if line]  # blank lines carry no record
    if not lines:
        raise S3Failure("the file is empty.")
    return [name.strip() for name in lines[0]], lines[1:]


def write_csv(region: str, path: str, text: str) -> None:
    """Put ``text`` at ``path``; S3Failure says why it could not."""

    client = _client(region)
    bucket, key = location(path)
    try:
        client.put_object(Bucket=bucket, Key=key, Body=text.encode(), ContentType="text/csv")
    except (ClientError, BotoCoreError) as error:
        raise _failure(error) from None
