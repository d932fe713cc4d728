"""The registry of one account and region: its records and the handlers of their operations."""

from frauddetector_mock.store.state import Store

__all__ = ["Store"]
