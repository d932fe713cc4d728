"""Mistakes a user's mypy --strict must catch, one per marked line (``# error: <code>``):
tests/test_packaging.py checks that mypy reports exactly these, so the types users see are real
types, not Any. Never run."""

from __future__ import annotations

import frauddetector_mock
from frauddetector_mock import MockedFraudDetector, __version__, mock_frauddetector


def misuse_the_client(frauddetector: MockedFraudDetector) -> None:
    frauddetector.client.put_label(name=7)  # error: arg-type
    frauddetector.backend.stor("us-east-1")  # error: attr-defined


@mock_frauddetector
def decorated(name: str) -> int:
    return len(name)


def misuse_the_decorated() -> None:
    decorated(1)  # error: arg-type
    text: str = decorated("fraud")  # error: assignment
    print(text)


def misspell_a_name() -> None:
    frauddetector_mock.mock_frauddetectr()  # error: attr-defined


def misuse_the_options() -> None:
    mock_frauddetector(acount_id="111122223333")  # error: call-overload
    with mock_frauddetector() as mock:
        mock.attach()  # error: call-arg
    number: int = __version__  # error: assignment
    print(number)
