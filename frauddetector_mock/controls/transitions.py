"""When model versions leave their in-progress statuses: the user decides (docs/behaviour.md,
"Models and model versions").

A real model version trains for an hour or more and takes minutes to deploy or undeploy, passing
through statuses such as ``TRAINING_IN_PROGRESS`` or ``ACTIVATE_IN_PROGRESS``. The mock keeps,
for each version, the statuses it still has to pass through, and ``Backend.transitions`` says
when they come:

- ``immediate()`` (the default): a version reaches the end of its way within the request that
  started it; the response of CreateModelVersion still says ``TRAINING_IN_PROGRESS``, as AWS's
  does, and every later read sees ``TRAINING_COMPLETE``. AWS's polling loops end on their first
  read, without sleeping.
- ``after_reads(n)``: each status is seen by ``n`` reads (GetModelVersion, or
  DescribeModelVersions listing the version), then the next read sees the next status, so a
  test can watch its polling loop run.
- ``manual()``: nothing moves until ``advance()`` (one status) or ``finish()`` (to the end).

Each setter also works as a context manager that restores the previous mode on exit. The mode
is the backend's: ``reset()`` (done by every outermost mock) brings back ``immediate()``.
See docs/models.md for examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from frauddetector_mock.controls.undo import Undo


@dataclass(frozen=True)
class Immediate:
    """Every status change completes within the request that asks for it."""


@dataclass(frozen=True)
class AfterReads:
    """Each in-progress status is seen by ``reads`` reads of the version before it moves on."""

    reads: int


@dataclass(frozen=True)
class Manual:
    """Versions move only when ``Transitions.advance()`` or ``finish()`` is called."""


Mode = Immediate | AfterReads | Manual
DEFAULT_MODE: Mode = Immediate()


@dataclass(frozen=True)
class Moved:
    """A model version that ``advance()`` or ``finish()`` moved, and the status it reached."""

    account_id: str
    region: str
    model_id: str
    model_type: str
    model_version_number: str
    status: str


class Mover(Protocol):
    """What moves things on their way, for every store of the backend: the backend hands it in,
    so that this control never reaches into the store itself."""

    def versions(
        self, model_id: str | None, number: str | None, model_type: str | None, *, to_the_end: bool
    ) -> list[Moved]: ...

    def jobs(self, job_id: str | None, *, to_the_end: bool) -> list[str]: ...

    def pending(self) -> dict[str, list[str]]: ...


class _Nothing:
    """The mover of transitions that no backend owns: there is nothing to move."""

    def versions(
        self, model_id: str | None, number: str | None, model_type: str | None, *, to_the_end: bool
    ) -> list[Moved]:
        return []

    def jobs(self, job_id: str | None, *, to_the_end: bool) -> list[str]:
        return []

    def pending(self) -> dict[str, list[str]]:
        return {}


class Transitions:
    """The user's control over model version statuses, for every store of one backend."""

    def __init__(self, mover: Mover | None = None) -> None:
        self._mover: Mover = mover or _Nothing()
        self._mode: Mode = DEFAULT_MODE

    @property
    def mode(self) -> Mode:
        return self._mode

    def immediate(self) -> Undo:
        """Every version ends its way within the request that starts it; versions on their way
        now end it at once."""
        return self.set_mode(Immediate())

    def after_reads(self, reads: int) -> Undo:
        """Each in-progress status is seen by ``reads`` reads, then the next read moves on."""
        if reads < 1:
            raise ValueError("after_reads needs at least 1 read; immediate() is the mode for 0")
        return self.set_mode(AfterReads(reads))

    def manual(self) -> Undo:
        """Versions move only through ``advance()`` and ``finish()``."""
        return self.set_mode(Manual())

    def reads_per_status(self) -> int | None:
        """How the store paces things on their way: 0, every status within the request;
        n, each status seen by n reads; None, only by hand."""
        mode = self._mode
        if isinstance(mode, Immediate):
            return 0
        if isinstance(mode, AfterReads):
            return mode.reads
        return None

    def reset(self) -> None:
        self._mode = DEFAULT_MODE

    def set_mode(self, mode: Mode) -> Undo:
        """Make ``mode`` the mode; the Undo, used as a context manager, brings back the one
        before."""
        previous, self._mode = self._mode, mode
        if isinstance(mode, Immediate):
            # Nothing is ever on its way in this mode, so a failed call can never move anything.
            self.finish()
            self.finish_jobs()

        def undo() -> None:
            self.set_mode(previous)

        return Undo(undo, self)

    def advance(
        self,
        model_id: str | None = None,
        model_version_number: str | None = None,
        *,
        model_type: str | None = None,
    ) -> list[Moved]:
        """Move every matching version that is on its way by one status; what moved, and where."""
        return self._move(model_id, model_version_number, model_type, to_the_end=False)

    def finish(
        self,
        model_id: str | None = None,
        model_version_number: str | None = None,
        *,
        model_type: str | None = None,
    ) -> list[Moved]:
        """Move every matching version that is on its way to the end of its way."""
        return self._move(model_id, model_version_number, model_type, to_the_end=True)

    def advance_jobs(self, job_id: str | None = None) -> list[str]:
        """Move every matching batch import or prediction job on its way by one status;
        the ARNs of the jobs moved."""
        return self._move_jobs(job_id, to_the_end=False)

    def finish_jobs(self, job_id: str | None = None) -> list[str]:
        """Move every matching batch job on its way to the end of its way; their ARNs."""
        return self._move_jobs(job_id, to_the_end=True)

    def _move_jobs(self, job_id: str | None, *, to_the_end: bool) -> list[str]:
        return self._mover.jobs(job_id, to_the_end=to_the_end)

    def pending(self) -> dict[str, list[str]]:
        """The ARN of every version on its way, with the statuses it still has to pass through."""
        return self._mover.pending()

    def _move(
        self,
        model_id: str | None,
        number: str | None,
        model_type: str | None,
        *,
        to_the_end: bool,
    ) -> list[Moved]:
        return self._mover.versions(model_id, number, model_type, to_the_end=to_the_end)
