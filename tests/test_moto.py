"""Side by side with moto's mock_aws: Fraud Detector reaches us, every other service reaches moto.

moto has no Fraud Detector; alone it answers 404 "Not yet implemented" for it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from frauddetector_mock import mock_frauddetector


def both_services_work() -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="training-data")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["training-data"]
    fd = boto3.client("frauddetector", region_name="us-east-1")
    fd.put_label(name="fraud")
    assert [label["name"] for label in fd.get_labels()["labels"]] == ["fraud"]


def test_moto_alone_does_not_answer_fraud_detector() -> None:
    with mock_aws():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        with pytest.raises(ClientError) as raised:
            fd.get_labels()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_frauddetector_mock_inside_moto() -> None:
    with mock_aws(), mock_frauddetector():
        both_services_work()


def test_moto_inside_frauddetector_mock() -> None:
    with mock_frauddetector(), mock_aws():
        both_services_work()


@mock_aws
@mock_frauddetector
def test_stacked_decorators() -> None:
    both_services_work()


@mock_frauddetector
@mock_aws
def test_stacked_decorators_other_order() -> None:
    both_services_work()


def test_moto_stopping_first_leaves_frauddetector_mocked() -> None:
    ours = mock_frauddetector().start()
    moto = mock_aws()
    moto.start()
    boto3.client("frauddetector", region_name="us-east-1").put_label(name="fraud")
    moto.stop()
    fd = boto3.client("frauddetector", region_name="us-east-1")
    assert [label["name"] for label in fd.get_labels()["labels"]] == ["fraud"]
    ours.stop()


@pytest.mark.parametrize("first", ["moto", "frauddetector_mock"])
def test_either_import_order(first: str) -> None:
    imports = {
        "moto": "from moto import mock_aws",
        "frauddetector_mock": "from frauddetector_mock import mock_frauddetector",
    }
    second = "frauddetector_mock" if first == "moto" else "moto"
    script = textwrap.dedent(
        f"""
        {imports[first]}
        {imports[second]}
        import boto3
        for outer, inner in ((mock_aws, mock_frauddetector), (mock_frauddetector, mock_aws)):
            with outer(), inner():
                s3 = boto3.client("s3", region_name="us-east-1")
                s3.create_bucket(Bucket="bucket")
                fd = boto3.client("frauddetector", region_name="us-east-1")
                fd.put_label(name="fraud")
                assert [l["name"] for l in fd.get_labels()["labels"]] == ["fraud"]
                assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket"]
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
