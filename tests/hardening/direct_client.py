"""A client for any account: boto3's method names, answered by ``service.answer`` directly.

In process, every boto3 client answers for the mock's one default account; server mode takes
the account from a 12-digit access key. To drive several accounts at once in one process, this
client hands each request to the protocol layer with its account, as the server does, and
raises botocore's ``ClientError`` for error replies as a boto3 client would.
"""

from __future__ import annotations

import json
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError

from frauddetector_mock import service
from frauddetector_mock.backend import Backend
from frauddetector_mock.spec import service_model, target_prefix


class DirectClient:
    def __init__(self, backend: Backend, region: str, account_id: str) -> None:
        self.backend = backend
        self.region = region
        self.account_id = account_id
        self._operations = {xform_name(name): name for name in service_model().operation_names}

    def __getattr__(self, method: str) -> Any:
        operation = self._operations[method]

        def call(**params: Any) -> dict[str, Any]:
            reply = service.answer(
                self.backend,
                f"{target_prefix()}.{operation}",
                json.dumps(params),
                self.region,
                self.account_id,
            )
            body: dict[str, Any] = json.loads(reply.body)
            if reply.error is None:
                return body
            error = {"Code": reply.error.code, "Message": reply.error.message}
            metadata = {"RequestId": reply.request_id, "HTTPStatusCode": reply.status}
            raise ClientError({"Error": error, "ResponseMetadata": metadata}, operation)

        return call
