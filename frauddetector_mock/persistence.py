"""Export and import of a backend's whole state, and the ``--state-file`` that keeps it on disk.

``snapshot(backend)`` gives bytes holding every store (every collection of every
(account, region), so fields added to ``Store`` later come along), what each store's models have
seen, the EventBridge log, the clock (frozen instant or offset), the model version transition
mode and the score and canned SageMaker controls that are plain data. ``restore(data, backend)``
replaces the backend's state with it. Not kept: the call log, score *functions* and endpoint
invokers other than ``CannedOutput`` (arbitrary callables have no faithful stored form).

The records are dataclasses holding compiled rules, tuples and sets; pickle keeps all of them
(compiled rules reduce to their expression and are recompiled). Loading goes through an
unpickler that only accepts this package's classes and a few builtin containers, so importing a
file or an ``/_mock/import`` body cannot run arbitrary code.

Durability (``StateFile``) is an *atomic replace*: the whole snapshot goes to a temporary file in
the same directory, is fsynced, renamed over the state file, and the directory is fsynced. The
file is always one complete snapshot, old or new, never a torn mix; a journal would need replay
logic that depends on every handler staying deterministic, and compaction. The cost, a rewrite of
the whole state per write, is small at the sizes a mock holds, and writes that change nothing
(reads) are detected by comparing bytes and skipped.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from frauddetector_mock.backend import Backend, default_backend

FORMAT = "frauddetector-mock-state"
VERSION = 1
# The parts of a Store that are wiring, not state: identity, the hooks, the lock, the plans
# predictions compiled (remade on the next prediction).
_NOT_STATE = frozenset({"account_id", "region", "clock", "hooks", "lock", "plans"})
_SAFE_BUILTINS = frozenset(
    {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "slice"),
        ("collections", "OrderedDict"),
        ("collections", "deque"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("decimal", "Decimal"),
    }
)


_PARTS = frozenset(
    {"default_account_id", "clock", "stores", "eventbridge", "transitions", "scores", "endpoints"}
)


class StateError(ValueError):
    """The data is not a state this version of the mock wrote."""


class StateNotSaved(OSError):
    """The state file could not be written; the backend is back at the last state saved."""


@dataclasses.dataclass(frozen=True)
class CannedOutput:
    """An endpoint invoker that answers the same text to every request; kept in snapshots."""

    output: str | bytes

    def __call__(self, body: bytes, content_type: str) -> str | bytes:
        return self.output


def snapshot(backend: Backend | None = None) -> bytes:
    """Every piece of state of ``backend`` (default: the mock's) as bytes for ``restore``."""
    backend = backend or _default_backend()
    stores = {}
    for key, store in backend.stores.items():
        with store.lock:
            records = {
                f.name: getattr(store, f.name)
                for f in dataclasses.fields(store)
                if f.name not in _NOT_STATE
            }
            # Pickled once every lock is released: a copy taken under the lock, so that requests
            # of other threads can neither change it meanwhile nor leave it half-updated.
            stores[key] = copy.deepcopy(records)
    scores = backend.scores
    document = {
        "format": FORMAT,
        "version": VERSION,
        "default_account_id": backend.default_account_id,
        "clock": _clock_state(backend),
        "stores": stores,
        "eventbridge": list(backend.eventbridge),
        "transitions": backend.transitions.mode,
        "scores": scores.fixed_scores(),
        "endpoints": {
            name: invoker
            for name, invoker in backend.endpoints.invokers().items()
            if isinstance(invoker, CannedOutput)
        },
    }
    return pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)


def restore(data: bytes, backend: Backend | None = None) -> None:
    """Replace the state of ``backend`` (default: the mock's) by a ``snapshot``; on bad data,
    raise StateError and leave the backend as it was."""
    backend = backend or _default_backend()
    document = load(data)
    backend.reset()
    backend.default_account_id = document["default_account_id"]
    frozen, offset = document["clock"]
    if frozen is not None:
        backend.clock.freeze(frozen)
    else:
        backend.clock.advance(seconds=offset)
    backend.transitions.set_mode(document["transitions"])
    backend.scores.load_fixed_scores(document["scores"])
    for name, invoker in document["endpoints"].items():
        backend.endpoints.register(name, invoker)
    backend.eventbridge.extend(document["eventbridge"])
    for (account_id, region), records in document["stores"].items():
        store = backend.store(region, account_id)
        # Written before ATI memory was a part of the store: (entities seen, last time).
        legacy = records.pop("_predicting", None)
        for name, value in records.items():
            setattr(store, name, value)
        if legacy is not None:
            store.entities_seen, store.last_prediction_time = legacy


def load(data: bytes) -> dict[str, Any]:
    """The document inside ``data``, checked; raises StateError."""
    try:
        document = _SafeUnpickler(io.BytesIO(data)).load()
    except StateError:
        raise
    except Exception as error:
        raise StateError(f"not a frauddetector-mock state: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateError("not a frauddetector-mock state")
    if document.get("version") != VERSION:
        raise StateError(f"state version {document.get('version')!r} is not {VERSION}")
    missing = _PARTS - document.keys()
    if missing:
        raise StateError(f"the state lacks {', '.join(sorted(missing))}")
    return document


class StateFile:
    """``--state-file``: loads the state at start, and ``save()`` makes it durable."""

    def __init__(self, path: str | os.PathLike[str], backend: Backend) -> None:
        self.path = Path(path)
        self.backend = backend
        self._written: bytes | None = None

    def load(self) -> bool:
        """Restore the backend from the file if there is one; True if there was."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            # What a failed first save goes back to: the backend as it starts.
            self._written = snapshot(self.backend)
            return False
        restore(data, self.backend)
        self._written = data
        return True

    def save(self) -> bool:
        """Write the backend's state if it changed since the last save; True if written.

        When the file cannot be written (a full disk), the backend goes back to the last state
        saved and ``StateNotSaved`` is raised: memory never holds what the file does not.
        """
        data = snapshot(self.backend)
        if data == self._written:
            return False
        try:
            self._write(data)
        except OSError as error:
            if self._written is not None:
                restore(self._written, self.backend)
            raise StateNotSaved(error.errno, f"{self.path}: {error.strerror or error}") from error
        self._written = data
        return True

    def _write(self, data: bytes) -> None:
        directory = self.path.parent
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(directory)


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if module.startswith("frauddetector_mock."):
            # Records and modes are dataclasses; compiled rules reduce to the rule compiler.
            found = super().find_class(module, name)
            if (isinstance(found, type) and dataclasses.is_dataclass(found)) or (module, name) == (
                "frauddetector_mock.detectorpl.rule",
                "check",
            ):
                return found
        raise StateError(f"a state may not hold {module}.{name}")


def _clock_state(backend: Backend) -> tuple[Any, float]:
    clock = backend.clock
    if clock.frozen:
        return clock.now(), 0.0
    return None, clock.offset.total_seconds()


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _default_backend() -> Backend:
    return default_backend()
