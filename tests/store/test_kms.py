"""The KMS key setting: GetKMSEncryptionKey, PutKMSEncryptionKey.

No KMS stands behind the mock: a key ARN is never looked up. Its region and account are checked
against the store's, a choice of the mock documented in docs/behaviour.md.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

from frauddetector_mock.store import Store
from tests.errors import refused

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"


def current_key(client: Any) -> Any:
    response = client.get_kms_encryption_key()
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_the_default_key_is_default(client: Any) -> None:
    """GetKMSEncryptionKey answers the literal DEFAULT (AWS-owned key) until set."""
    assert current_key(client) == {"kmsKey": {"kmsEncryptionKeyArn": "DEFAULT"}}


def test_put_a_key_then_get_it(client: Any, store: Store) -> None:
    response = client.put_kms_encryption_key(kmsEncryptionKeyArn=KEY)
    assert set(response) == {"ResponseMetadata"}
    assert current_key(client) == {"kmsKey": {"kmsEncryptionKeyArn": KEY}}
    assert store.kms_key == KEY


def test_put_default_goes_back_to_the_aws_owned_key(client: Any) -> None:
    client.put_kms_encryption_key(kmsEncryptionKeyArn=KEY)
    client.put_kms_encryption_key(kmsEncryptionKeyArn="DEFAULT")
    assert current_key(client) == {"kmsKey": {"kmsEncryptionKeyArn": "DEFAULT"}}


def test_the_key_is_a_setting_of_one_region(client: Any) -> None:
    client.put_kms_encryption_key(kmsEncryptionKeyArn=KEY)
    other = boto3.client("frauddetector", region_name="us-west-2")
    assert current_key(other) == {"kmsKey": {"kmsEncryptionKeyArn": "DEFAULT"}}


@pytest.mark.parametrize(
    "key",
    [
        f"arn:aws:kms:us-west-2:123456789012:key/{KEY_ID}",
        f"arn:aws-cn:kms:us-east-1:123456789012:key/{KEY_ID}",
    ],
    ids=["other region", "other partition"],
)
def test_a_key_of_another_region_is_invalid(client: Any, store: Store, key: str) -> None:
    """[I] a KMS key is regional: data kept in us-east-1 cannot be encrypted with it."""
    refused(
        lambda: client.put_kms_encryption_key(kmsEncryptionKeyArn=key),
        "ValidationException",
        f"The KMS key '{key}' is not a key of the region us-east-1; use a key of this region.",
        unchanged=store,
    )


def test_a_key_of_another_account_is_access_denied(client: Any, store: Store) -> None:
    """[I] AccessDeniedException (docs/behaviour.md, "External models, KMS key, tags"): the mock
    holds no key policy that would let the service use another account's key."""
    key = f"arn:aws:kms:us-east-1:210987654321:key/{KEY_ID}"
    refused(
        lambda: client.put_kms_encryption_key(kmsEncryptionKeyArn=key),
        "AccessDeniedException",
        f"The KMS key '{key}' is not a key of the account 123456789012.",
        unchanged=store,
    )


@pytest.mark.parametrize(
    "key",
    [
        "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:alias/fraud",
        "default",
        "DEFAULTS",
    ],
    ids=["multi-region key", "alias", "lowercase default", "default with suffix"],
)
def test_only_default_or_a_single_region_key_arn_is_accepted(
    client: Any, store: Store, key: str
) -> None:
    """DEFAULT or a single-Region key ARN; multi-Region keys are not supported (the model's
    pattern already refuses their mrk- ids)."""
    refused(
        lambda: client.put_kms_encryption_key(kmsEncryptionKeyArn=key),
        "ValidationException",
        re.compile(
            "^" + re.escape(f"1 validation error detected: Value '{key}' at 'kmsEncryptionKeyArn'")
        ),
        unchanged=store,
    )
