"""An in-memory Amazon Fraud Detector for tests of code that uses boto3/botocore.

>>> import boto3
>>> from frauddetector_mock import mock_frauddetector
>>> with mock_frauddetector():
...     fd = boto3.client("frauddetector", region_name="us-east-1")
...     _ = fd.put_label(name="fraud")
...     [label["name"] for label in fd.get_labels()["labels"]]
['fraud']
"""

from typing import TYPE_CHECKING

from frauddetector_mock.backend import Backend, Call
from frauddetector_mock.clock import Clock
from frauddetector_mock.mock import FraudDetectorMock, get_backend, mock_frauddetector, reset
from frauddetector_mock.persistence import restore, snapshot
from frauddetector_mock.store import Store
from frauddetector_mock.wire.hooks import ForkedMockWarning, UnmockedClientError, install_on_import
from frauddetector_mock.wire.server import server

install_on_import()  # every client made from now on can be answered by a mock

if TYPE_CHECKING:
    # pytest_plugin imports pytest, which users of the decorator alone need not have: the
    # fixture's type loads when first asked for (__getattr__ below), and type checkers see it here.
    from frauddetector_mock.pytest_plugin import MockedFraudDetector as MockedFraudDetector

    __version__: str


def _version() -> str:
    # importlib.metadata costs about 25 ms: read when first asked for, not with the package.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frauddetector-mock")
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0+unknown"


def _fixture_type() -> type:
    # The fixture's module imports pytest: loaded only when its type is asked for.
    from frauddetector_mock.pytest_plugin import MockedFraudDetector

    return MockedFraudDetector


if not TYPE_CHECKING:
    # Runtime only: a module __getattr__ that type checkers saw would make every misspelt name
    # imported from the package type-check (as its return type).
    def __getattr__(name: str) -> object:
        if name == "__version__":
            globals()["__version__"] = value = _version()
            return value
        if name == "MockedFraudDetector":
            return _fixture_type()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# MockedFraudDetector (the fixture's type) and __version__ are public too, but stay out of
# ``import *``, which would load pytest and importlib.metadata.
__all__ = [
    "Backend",
    "Call",
    "Clock",
    "ForkedMockWarning",
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
