"""The KMS encryption key (frauddetector_mock/store/settings.py)."""

from __future__ import annotations


def kms_key_other_region(key: str, region: str) -> str:
    return f"The KMS key '{key}' is not a key of the region {region}; use a key of this region."


def kms_key_other_account(key: str, account_id: str) -> str:
    return f"The KMS key '{key}' is not a key of the account {account_id}."
