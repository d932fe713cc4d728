"""The prediction tests use the registry tests' fixtures: a mocked boto3 client on a clock
frozen at 2024-03-01T09:30:00.250Z (us-east-1, account 123456789012), and its store; and the
account takeover detector of ``takeover``."""

from typing import Any

import pytest

from tests.prediction.helpers import set_up_takeover
from tests.store.conftest import NOW, client, store

__all__ = ["NOW", "client", "store"]


@pytest.fixture
def takeover(client: Any) -> Any:
    """The client, with the payment detector deciding by the ATI model ``login_model``."""
    return set_up_takeover(client)
