"""The one source of time for the backend, so that tests can freeze and move it."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone


def parse_instant(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


_SECOND: list[tuple[float, str]] = [(0.5, "")]
"""The last whole second formatted (its POSIX time and text): nearly every timestamp a call
writes falls in it."""


def format_instant(value: datetime) -> str:
    """The service's resource timestamp form: ``2021-11-29T15:55:31.116Z``, UTC, milliseconds
    (docs/behaviour.md, "Resources")."""
    if value.tzinfo is not timezone.utc:
        value = value.astimezone(timezone.utc)
    whole = value.timestamp() // 1
    second, prefix = _SECOND[0]
    if whole != second:
        prefix = value.isoformat(timespec="seconds")[:-6]
        _SECOND[0] = (whole, prefix)
    return f"{prefix}.{value.microsecond // 1000:03d}Z"


class Clock:
    """Wall-clock time, or a frozen instant that only moves when told to."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None
        self._offset = timedelta(0)
        self._http_date: tuple[int, str] = (-1, "")

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    def now(self) -> datetime:
        frozen = self._frozen
        if frozen is not None:
            return frozen
        return datetime.now(timezone.utc) + self._offset

    def timestamp(self) -> str:
        return format_instant(self.now())

    def http_date(self) -> str:
        """The instant as an HTTP Date header; formatted once per second, as it only shows those."""
        frozen = self._frozen
        if frozen is None:  # every call asks: the float clock is cheaper than a datetime
            second = int(time.time() + self._offset.total_seconds())
        else:
            second = int(frozen.timestamp())
        cached = self._http_date
        if cached[0] != second:
            from email.utils import formatdate  # ~5 ms to import; needed once requests flow

            cached = self._http_date = (second, formatdate(second, usegmt=True))
        return cached[1]

    def freeze(self, at: datetime | str | None = None) -> None:
        """Stop time at ``at`` (an aware datetime or ISO 8601 text; naive means UTC), or now."""
        with self._lock:
            self._frozen = self.now() if at is None else parse_instant(at)

    def unfreeze(self) -> None:
        """Let time run again from the frozen instant onwards."""
        with self._lock:
            if self._frozen is not None:
                self._offset = self._frozen - datetime.now(timezone.utc)
                self._frozen = None

    def advance(self, seconds: float = 0.0, **units: float) -> None:
        """Move time forward, frozen or not: ``advance(90)``, ``advance(minutes=5)``."""
        step = timedelta(seconds=seconds, **units)
        with self._lock:
            if self._frozen is not None:
                self._frozen += step
            else:
                self._offset += step

    @property
    def offset(self) -> timedelta:
        """How far a running clock is ahead of real time (``advance``, ``unfreeze``)."""
        return self._offset

    def reset(self) -> None:
        with self._lock:
            self._frozen = None
            self._offset = timedelta(0)
