"""A comparable picture of a store, to prove that a failed call changed nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

from frauddetector_mock.state_codec import NOT_STATE as _NOT_STATE
from frauddetector_mock.store import Store


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)},
        )
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    return ("object", id(value))  # compiled rules and such: immutable, compared by identity


def snapshot(store: Store) -> dict[str, Any]:
    """Every collection of ``store`` as plain values (dataclasses compare by identity)."""
    return {
        f.name: _plain(getattr(store, f.name))
        for f in dataclasses.fields(store)
        if f.name not in _NOT_STATE
    }
