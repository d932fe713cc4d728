"""Export and import of a backend's whole state, and the ``--state-file`` that keeps it on disk.

``snapshot(backend)`` gives UTF-8 JSON holding every store (every collection of every
(account, region), so fields added to ``Store`` later come along), what each store's models have
seen, the EventBridge log, the clock (frozen instant or offset), the model version transition
mode and the score and canned SageMaker controls that are plain data. ``restore(data, backend)``
replaces the backend's state with it. Not kept: the call log, score *functions* and endpoint
invokers other than ``CannedOutput`` (arbitrary callables have no faithful stored form).

The document (docs/server.md, "The state document") is ``{"format": "frauddetector-mock-state",
"version": 2, ...}``; records are encoded by their fields (state_codec.py) and decoded by the
types the code declares, never by a name the data gives, so an import can create nothing but
records. Version 1 was a pickle: it is refused unread.

A restore is atomic: the whole document is decoded into new records first, and only a document
that decodes completely replaces the backend's state; a refused one leaves it as it was.

Durability (``--state-file``) is the SQLite database of state_database.py, whose rows hold the
same record encoding.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from frauddetector_mock.backend import Backend, default_backend
from frauddetector_mock.messages import state as messages

if TYPE_CHECKING:
    from frauddetector_mock.controls.transitions import Mode

FORMAT = messages.STATE_FORMAT
VERSION = 2
_PARTS = (
    "default_account_id",
    "clock",
    "stores",
    "eventbridge",
    "transitions",
    "scores",
    "endpoints",
)
_HEADER = ("format", "version")
# A running clock ahead of (or behind) real time by more than this could leave datetime's range.
_MAX_OFFSET = 100 * 365 * 86400.0
_PICKLE = b"\x80"  # the first byte of every pickle of protocol 2 or later: version 1


class StateError(ValueError):
    """The data is not a state this version of the mock can load; the message says why."""


class StateNotSaved(OSError):
    """The state could not be written; the backend is back at the last state saved."""


class StateFileInUse(OSError):
    """Another server holds the state file."""


@dataclasses.dataclass(frozen=True)
class CannedOutput:
    """An endpoint invoker that answers the same text to every request; kept in snapshots."""

    output: str | bytes

    def __call__(self, body: bytes, content_type: str) -> str | bytes:
        return self.output


@dataclasses.dataclass
class State:
    """A decoded document: new records, not yet any backend's."""

    default_account_id: str
    frozen: datetime | None
    offset: float
    stores: list[tuple[tuple[str, str], dict[str, Any]]]
    eventbridge: list[dict[str, Any]]
    transitions: Mode
    scores: dict[str, dict[str, Any]]
    endpoints: dict[str, str | bytes]


def snapshot(backend: Backend | None = None) -> bytes:
    """Every piece of state of ``backend`` (default: the mock's) as UTF-8 JSON for ``restore``."""
    # The codec loads the store's record modules: with the first snapshot, not the package.
    from frauddetector_mock import state_codec

    backend = backend or default_backend()
    stores = []
    for store in backend.stores.values():
        with store.lock:
            # Encoding copies: the text is made once every lock is released.
            stores.append(state_codec.encode_store(store))
    document = {
        "format": FORMAT,
        "version": VERSION,
        **backend_parts(backend),
        "eventbridge": state_codec.plain(list(backend.eventbridge), "eventbridge"),
        "stores": stores,
    }
    # Keys keep their order: a dict's order is state (listings follow it), and a record's fields
    # come in their declared order, so two exports of one state are the same text.
    return json.dumps(document, indent=1).encode()


def backend_parts(backend: Backend) -> dict[str, Any]:
    """The parts of the state that are the backend's, not a store's, as JSON values (all but
    the EventBridge log): each small, whatever the stores hold."""
    clock = backend.clock
    return {
        "default_account_id": backend.default_account_id,
        "clock": {
            "frozen": clock.now().isoformat() if clock.frozen else None,
            "offset_seconds": 0.0 if clock.frozen else clock.offset.total_seconds(),
        },
        "transitions": _mode_state(backend.transitions.mode),
        "scores": backend.scores.fixed_scores(),
        "endpoints": {
            name: _output_state(invoker.output)
            for name, invoker in backend.endpoints.invokers().items()
            if isinstance(invoker, CannedOutput)
        },
    }


def restore(data: bytes, backend: Backend | None = None) -> None:
    """Replace the state of ``backend`` (default: the mock's) by a ``snapshot``; on bad data,
    raise StateError and leave the backend exactly as it was."""
    apply(load(data), backend or default_backend())


def apply(state: State, backend: Backend) -> None:
    """Make ``state``, decoded whole and checked, the state of ``backend``."""
    # Nothing below can fail: every value was checked while decoding.
    backend.reset()
    backend.default_account_id = state.default_account_id
    if state.frozen is not None:
        backend.clock.freeze(state.frozen)
    else:
        backend.clock.advance(seconds=state.offset)
    backend.transitions.set_mode(state.transitions)
    backend.scores.load_fixed_scores(state.scores)
    for name, output in state.endpoints.items():
        backend.endpoints.register(name, CannedOutput(output))
    backend.eventbridge.extend(state.eventbridge)
    for (account_id, region), records in state.stores:
        store = backend.store(region, account_id)
        for name, value in records.items():
            setattr(store, name, value)


def load(data: bytes) -> State:
    """The state inside ``data``, decoded into new records; raises StateError."""
    # The codec loads the store's record modules: with the first restore, not the package.
    from frauddetector_mock import state_codec

    document = _document(data)
    try:
        return _decode(document, state_codec)
    except state_codec.BadState as error:
        raise StateError(str(error)) from None


def _document(data: bytes) -> dict[str, Any]:
    if data[:1] == _PICKLE:
        raise StateError(messages.state_pickled())
    try:
        document = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_object,
            parse_constant=_constant,
        )
    except RecursionError:
        raise StateError(messages.state_not_json("nested too deeply")) from None
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError among them
        raise StateError(messages.state_not_json(error)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateError(messages.state_not_a_state())
    version = document.get("version")
    if type(version) is int and version > VERSION:
        raise StateError(messages.state_newer_version(version, VERSION))
    if version != VERSION or type(version) is not int:
        raise StateError(messages.state_old_version(version))
    missing = [part for part in sorted(_PARTS) if part not in document]
    if missing:
        raise StateError(messages.state_lacks(missing))
    unknown = sorted(set(document) - {*_PARTS, *_HEADER})
    if unknown:
        raise StateError(messages.state_unexpected(unknown))
    return document


def _decode(document: dict[str, Any], codec: Any) -> State:
    fail = codec.fail
    stores = document["stores"]
    if not isinstance(stores, list):
        raise fail("stores", "expected a list of stores")
    decoded = []
    seen: set[tuple[str, str]] = set()
    for at, value in enumerate(stores):
        key, records = codec.decode_store(value, f"stores[{at}]")
        if key in seen:
            raise fail(f"stores[{at}]", f"a second store of account {key[0]} in {key[1]}")
        seen.add(key)
        decoded.append((key, records))
    return decode_parts(document, decoded)


def decode_parts(
    parts: dict[str, Any], stores: list[tuple[tuple[str, str], dict[str, Any]]]
) -> State:
    """The State of the backend's ``parts`` (as ``backend_parts`` gives them, with the
    EventBridge log) and the decoded ``stores``; raises StateError."""
    # The codec loads the store's record modules: with the first restore, not the package.
    from frauddetector_mock import state_codec

    codec: Any = state_codec  # as _clock and the others take it
    try:
        account = codec.codec(str).decode(parts["default_account_id"], "default_account_id", None)
        frozen, offset = _clock(parts["clock"], codec)
        eventbridge = codec.plain(parts["eventbridge"], "eventbridge")
        if not isinstance(eventbridge, list) or not all(isinstance(e, dict) for e in eventbridge):
            raise codec.fail("eventbridge", "expected a list of events")
        return State(
            default_account_id=account,
            frozen=frozen,
            offset=offset,
            stores=stores,
            eventbridge=eventbridge,
            transitions=_mode(parts["transitions"], codec),
            scores=_scores(parts["scores"], codec),
            endpoints=_endpoints(parts["endpoints"], codec),
        )
    except codec.BadState as error:
        raise StateError(str(error)) from None


def _clock(value: Any, codec: Any) -> tuple[datetime | None, float]:
    if not isinstance(value, dict) or set(value) != {"frozen", "offset_seconds"}:
        raise codec.fail("clock", "expected an object of frozen and offset_seconds")
    frozen = value["frozen"]
    offset = codec.codec(float).decode(value["offset_seconds"], "clock.offset_seconds", None)
    if frozen is not None:
        frozen = codec.decode_datetime(frozen, "clock.frozen", None)
    if not abs(offset) <= _MAX_OFFSET:
        raise codec.fail("clock.offset_seconds", f"more than {_MAX_OFFSET:.0f} seconds away")
    return frozen, offset


def _mode_state(mode: Mode) -> dict[str, Any]:
    # The modes are dataclasses of the transitions control: named here by a word of our own.
    name = {"Immediate": "immediate", "AfterReads": "after_reads", "Manual": "manual"}
    return {"mode": name[type(mode).__name__], **dataclasses.asdict(mode)}


def _mode(value: Any, codec: Any) -> Mode:
    # The transitions control loads with the first restore, as it does with its first use.
    from frauddetector_mock.controls.transitions import AfterReads, Immediate, Manual

    if isinstance(value, dict) and value.get("mode") in ("immediate", "manual") and len(value) == 1:
        return Immediate() if value["mode"] == "immediate" else Manual()
    if isinstance(value, dict) and value.get("mode") == "after_reads" and len(value) == 2:
        reads = codec.codec(int).decode(value.get("reads"), "transitions.reads", None)
        if reads >= 1:
            return AfterReads(reads)
        raise codec.fail("transitions.reads", "expected at least 1")
    raise codec.fail(
        "transitions",
        'expected {"mode": "immediate"}, {"mode": "manual"} or {"mode": "after_reads", "reads": n}',
    )


def _scores(value: Any, codec: Any) -> dict[str, dict[str, Any]]:
    # The score control loads with the first restore, as it does with its first use.
    from frauddetector_mock.controls.scores import checked_score

    parts = ("pinned", "by_entity", "by_event")
    if not isinstance(value, dict) or set(value) != set(parts):
        raise codec.fail("scores", f"expected an object of {', '.join(parts)}")
    pinned = codec.codec(dict[str, float]).decode(value["pinned"], "scores.pinned", None)
    tables = {
        part: codec.codec(dict[str, dict[str, float]]).decode(value[part], f"scores.{part}", None)
        for part in parts[1:]
    }
    given = [*pinned.items()]
    given += [
        (model, score) for t in tables.values() for model, by in t.items() for score in by.values()
    ]
    for model_id, score in given:
        try:
            checked_score(model_id, score)
        except ValueError as error:
            raise codec.fail("scores", str(error)) from None
    return {"pinned": pinned, **tables}


def _output_state(output: str | bytes) -> dict[str, str]:
    if isinstance(output, bytes):
        return {"base64": base64.b64encode(output).decode()}
    return {"text": output}


def _endpoints(value: Any, codec: Any) -> dict[str, str | bytes]:
    if not isinstance(value, dict):
        raise codec.fail("endpoints", "expected an object")
    outputs: dict[str, str | bytes] = {}
    for name, output in value.items():
        where = f"endpoints[{name!r}]"
        codec.codec(str).decode(name, where, None)
        if not isinstance(output, dict) or len(output) != 1 or set(output) - {"text", "base64"}:
            raise codec.fail(where, 'expected {"text": ...} or {"base64": ...}')
        ((kind, given),) = output.items()
        outputs[name] = codec.codec(str if kind == "text" else bytes).decode(given, where, None)
    return outputs


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) != len(pairs):
        twice = next(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise ValueError(f"the key {twice!r} appears twice in an object")
    return made


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


__all__ = [
    "FORMAT",
    "VERSION",
    "CannedOutput",
    "State",
    "StateError",
    "StateFileInUse",
    "StateNotSaved",
    "apply",
    "backend_parts",
    "decode_parts",
    "load",
    "restore",
    "snapshot",
]
