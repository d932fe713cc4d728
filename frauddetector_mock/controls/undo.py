"""What every control's setter returns: ignore it, or use it as a context manager."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Undo:
    """Returned by each setter: ignore it, or use it as a context manager to undo the setting.
    ``with`` gives ``entered``: the control itself for the transition modes, else None."""

    __slots__ = ("_entered", "_undo")

    def __init__(self, undo: Callable[[], None], entered: Any = None) -> None:
        self._undo = undo
        self._entered = entered

    def __enter__(self) -> Any:
        return self._entered

    def __exit__(self, *exc: object) -> None:
        self._undo()
