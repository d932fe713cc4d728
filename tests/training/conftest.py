"""The training tests use the registry tests' fixtures: a mocked boto3 client on a clock frozen
at 2024-03-01T09:30:00.250Z (us-east-1, account 123456789012), and its store."""

from tests.store.conftest import NOW, client, store

__all__ = ["NOW", "client", "store"]
