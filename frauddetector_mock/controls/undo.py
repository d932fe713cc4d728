"""What every control's setter returns: ignore it, or use it as a context manager."""

from __future__ import annotations

from collections.abc import Callable


class Undo:
    """Returned by each setter: ignore it, or use it as a context manager to undo the setting."""

    __slots__ = ("_undo",)

    def __init__(self, undo: Callable[[], None]) -> None:
        self._undo = undo

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._undo()
