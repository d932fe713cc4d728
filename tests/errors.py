"""The one way the tests check a refused call: the error a boto3 client raises for it.

``refused(lambda: client.put_label(name=""), "ValidationException", "...")`` makes the call and
asserts that it raises a botocore ``ClientError`` with that error code, that message and that
HTTP status (400 unless ``status`` says otherwise). ``message`` is the exact text, or a compiled
pattern that must be found in it (``re.search``, as ``pytest.raises(match=...)``); None leaves
the text unchecked. With ``unchanged=store`` the call must also leave the store as it found it.
The error is returned for the rare test that reads more of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from frauddetector_mock.store import Store
from tests.store.snapshot import snapshot


def refused(
    call: Callable[[], Any],
    code: str,
    message: str | re.Pattern[str] | None = None,
    *,
    status: int = 400,
    unchanged: Store | None = None,
) -> ClientError:
    """Run ``call``; assert it fails with ``code``, ``message`` and HTTP ``status``, and, given
    ``unchanged``, that the store is as before the call. Returns the error."""
    before = None if unchanged is None else snapshot(unchanged)
    try:
        answer = call()
    except ClientError as error:
        raised = error
    else:
        pytest.fail(f"expected {code}, the call answered {answer!r}")
    response = raised.response
    got = (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )
    # Plain asserts with their own messages: pytest rewrites asserts in test modules only.
    assert (got[0], got[2]) == (code, status), f"expected {code} (HTTP {status}), got {got}"
    if isinstance(message, re.Pattern):
        assert message.search(got[1]), f"{message.pattern!r} not found in {got[1]!r}"
    elif message is not None:
        assert got[1] == message, f"expected the message {message!r}, got {got[1]!r}"
    if before is not None and unchanged is not None:
        after = snapshot(unchanged)
        changed = sorted(key for key in after if after[key] != before.get(key))
        assert after == before, f"the refused call ({code}) changed the store: {changed}"
    return raised
