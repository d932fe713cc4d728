"""An in-memory Amazon Fraud Detector for tests of code that uses boto3/botocore.

>>> import boto3
>>> from frauddetector_mock import mock_frauddetector
>>> with mock_frauddetector():
...     fd = boto3.client("frauddetector", region_name="us-east-1")
...     _ = fd.put_label(name="fraud")
...     [label["name"] for label in fd.get_labels()["labels"]]
['fraud']
"""

from frauddetector_mock.backend import Backend, Call
from frauddetector_mock.clock import Clock
from frauddetector_mock.mock import FraudDetectorMock, get_backend, mock_frauddetector, reset
from frauddetector_mock.persistence import restore, snapshot
from frauddetector_mock.store import Store
from frauddetector_mock.wire.hooks import UnmockedClientError, install_on_import
from frauddetector_mock.wire.server import server

install_on_import()  # every client made from now on can be answered by a mock

__all__ = [
    "Backend",
    "Call",
    "Clock",
    "FraudDetectorMock",
    "Store",
    "UnmockedClientError",
    "get_backend",
    "mock_frauddetector",
    "reset",
    "restore",
    "server",
    "snapshot",
]
