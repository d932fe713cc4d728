"""How the registry's tests check a refused call: the error a user sees, and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock.store import Store
from tests.store.snapshot import snapshot


def refused(client: Any, store: Store, error: str, method: str, **params: Any) -> str:
    """Call ``method``, expect ``error`` with HTTP 400, check nothing changed; the message."""
    before = snapshot(store)
    with pytest.raises(getattr(client.exceptions, error)) as raised:
        getattr(client, method)(**params)
    assert raised.value.response["Error"]["Code"] == error
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert snapshot(store) == before
    message: str = raised.value.response["Error"]["Message"]
    return message


def error_of(raised: pytest.ExceptionInfo[Any]) -> tuple[str, str, int]:
    """(code, message, HTTP status) of a botocore ClientError."""
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )
