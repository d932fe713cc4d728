"""Account settings without an ARN: GetKMSEncryptionKey, PutKMSEncryptionKey.

There is no KMS behind the mock, so a key ARN is never looked up: any key of the store's own
partition, region and account is accepted. Multi-Region keys (``mrk-...``) do not fit the model's
key pattern and are refused by input validation already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import AccessDeniedException, ValidationException
from frauddetector_mock.messages import settings as settings_messages
from frauddetector_mock.store.resource import Handler, Params
from frauddetector_mock.store.state import DEFAULT_KMS_KEY

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


def handle_get_kms_encryption_key(store: Store, params: Params) -> dict[str, Any]:
    return {"kmsKey": {"kmsEncryptionKeyArn": store.kms_key}}


def handle_put_kms_encryption_key(store: Store, params: Params) -> dict[str, Any]:
    key = params["kmsEncryptionKeyArn"]
    if key != DEFAULT_KMS_KEY:  # DEFAULT: back to the AWS-owned key
        # The model's pattern guarantees arn:<partition>:kms:<region>:<account>:key/<id>.
        _, partition, _, region, account, _ = key.split(":", 5)
        if partition != "aws" or region != store.region:
            # A KMS key is regional: data stored in this region cannot be encrypted with it.
            raise ValidationException(settings_messages.kms_key_other_region(key, store.region))
        if account != store.account_id:
            # Nothing grants the mock's service a key policy in another account.
            raise AccessDeniedException(
                settings_messages.kms_key_other_account(key, store.account_id)
            )
    store.kms_key = key
    return {}


HANDLERS: dict[str, Handler] = {
    "GetKMSEncryptionKey": handle_get_kms_encryption_key,
    "PutKMSEncryptionKey": handle_put_kms_encryption_key,
}
