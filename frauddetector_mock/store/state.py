"""The state of one (account, region): typed collections of records, readable from tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from frauddetector_mock.clock import Clock
from frauddetector_mock.store.named import EntityType, Label, Outcome


@dataclass(eq=False)
class Store:
    """Everything Fraud Detector holds for one account in one region.

    The service layer holds ``lock`` around every operation; read the collections freely from a
    test, but change them only through the API.
    """

    account_id: str
    region: str
    clock: Clock
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    labels: dict[str, Label] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    entity_types: dict[str, EntityType] = field(default_factory=dict)

    def arn(self, resource: str) -> str:
        """The ARN of ``resource`` (``label/fraud``, ``detector/my_detector``, ...), §3."""
        return f"arn:aws:frauddetector:{self.region}:{self.account_id}:{resource}"

    def timestamp(self) -> str:
        return self.clock.timestamp()
