"""The operation table: every operation of botocore's model, mapped to its handler or to None.

The coverage table in docs/coverage.md is generated from ``OPERATIONS`` (``python -m
tools.coverage``), so it never disagrees with what the mock answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from frauddetector_mock import messages
from frauddetector_mock.errors import NotImplementedOperation
from frauddetector_mock.predict import handler as prediction
from frauddetector_mock.spec import service_model
from frauddetector_mock.store import (
    Store,
    batch_jobs,
    detectors,
    event_types,
    events,
    external_models,
    lists,
    models,
    named,
    predictions,
    rules,
    settings,
    tags,
    variables,
)

Handler = Callable[[Store, dict[str, Any]], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {
    **named.HANDLERS,
    **variables.HANDLERS,
    **event_types.HANDLERS,
    **events.HANDLERS,
    **predictions.HANDLERS,
    **lists.HANDLERS,
    **models.HANDLERS,
    **detectors.HANDLERS,
    **rules.HANDLERS,
    **external_models.HANDLERS,
    **settings.HANDLERS,
    **tags.HANDLERS,
    **batch_jobs.HANDLERS,
    **prediction.HANDLERS,
}


def _table() -> dict[str, Handler | None]:
    names = service_model().operation_names
    unknown = set(_HANDLERS) - set(names)
    if unknown:  # a typo in a handler table must fail loudly, not leave an operation unanswered
        raise RuntimeError(f"handlers for operations botocore does not know: {sorted(unknown)}")
    return {name: _HANDLERS.get(name) for name in names}


OPERATIONS: Mapping[str, Handler | None] = _table()


def dispatch(store: Store, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run ``operation`` against ``store`` under the store's lock."""
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise NotImplementedOperation(messages.not_implemented(operation))
    with store.lock:
        return handler(store, params)
