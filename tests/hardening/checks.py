"""What every fuzzed answer must satisfy, whichever way the request came in: a modelled error of
the operation with its HTTP status (never InternalServerException, which is how the protocol
layer reports a defect of the mock), no exception logged, and no state changed by a failed call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from frauddetector_mock.backend import Backend
from frauddetector_mock.errors import MODELLED
from frauddetector_mock.spec import modelled_error_codes
from tests.store.snapshot import snapshot

# Codes the service sends before it knows what the request means (docs/behaviour.md, "Protocol
# and errors").
PROTOCOL_CODES = {"SerializationException": 400, "UnknownOperationException": 400}


def allowed_codes(operation: str | None) -> set[str]:
    """The error codes an answer to ``operation`` (None: no operation named) may carry; never
    InternalServerException."""
    if operation is None:
        return set(PROTOCOL_CODES)
    modelled = set(modelled_error_codes(operation)) - {"InternalServerException"}
    return modelled | {"SerializationException"}


def status_of(code: str) -> int:
    return PROTOCOL_CODES[code] if code in PROTOCOL_CODES else MODELLED[code].status


def check_error(operation: str | None, code: str, status: int, message: str) -> None:
    assert code in allowed_codes(operation), f"{operation} answered {code}: {message}"
    assert status == status_of(code), f"{operation} answered {code} with HTTP {status}"
    assert isinstance(message, str) and message, f"{operation} answered {code} without a message"


def state(backend: Backend) -> dict[str, Any]:
    """Every store of ``backend``, and what predictions leave outside the stores."""
    return {
        "stores": {key: snapshot(store) for key, store in backend.stores.items()},
        "eventbridge": len(backend.eventbridge),
        "seen": {
            key: (
                {model: list(seen) for model, seen in store.entities_seen.items()},
                store.last_prediction_time,
            )
            for key, store in backend.stores.items()
        },
    }


class _Defects(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info is not None or record.levelno >= logging.ERROR:
            self.records.append(record)


@contextmanager
def no_defect_logged() -> Iterator[None]:
    """Fails when the mock logs an exception (its report of a defect) inside the block."""
    defects = _Defects()
    logger = logging.getLogger("frauddetector_mock")
    logger.addHandler(defects)
    try:
        yield
    finally:
        logger.removeHandler(defects)
    assert not defects.records, [defects.format(record) for record in defects.records]
