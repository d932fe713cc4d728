"""``--state-file``: a SQLite database that holds the durable copy of a server's state.

The in-memory stores stay the working state. After each request, ``save()`` writes the records the
request changed, one row per record with its fields as JSON (state_codec.py's encoding, the one
exports use), in one transaction, before the reply is sent; a request that changed nothing (a
read) writes nothing. WAL with ``synchronous=FULL``: an acknowledged write is on disk.

Finding what changed costs what changed, not what is stored:

- events, the largest collection, are named by the store as it changes them
  (``Store.events_changed``);
- predictions only grow at the end (they are numbered) or lose some, which their numbers tell;
- the entities a model has seen only grow, per model;
- the EventBridge log only grows, unless reset;
- every other collection is small (resources a test creates): each of its records is encoded
  again and compared with the text last written.

The counts of stored events per entity (``Store.entity_history``) are derived from the events:
they are made again at start-up, not stored. Predictions name the rule versions and learned
models they were made with by rows of their own (``rule_archive``, ``explainer_archive``), as
those may be deleted or replaced after the prediction.

Start-up reads every row and decodes the whole state before any of it is used, so a database
that fails a check is refused whole (StateError) and the backend is left as it was. A JSON state
document at the path (what ``--state-file`` held before, format version 2) is read, then replaced
by a database holding the same state; the document is kept beside it as ``<file>.json``.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, get_args, get_origin

from frauddetector_mock import state_codec
from frauddetector_mock.backend import Backend
from frauddetector_mock.messages import state as messages
from frauddetector_mock.persistence import (
    State,
    StateError,
    StateFileInUse,
    StateNotSaved,
    apply,
    backend_parts,
    decode_parts,
    load,
)
from frauddetector_mock.store import entity_history
from frauddetector_mock.store.learned import LearnedModel
from frauddetector_mock.store.predictions import Prediction
from frauddetector_mock.store.rules import RuleVersion
from frauddetector_mock.store.state import Store

SCHEMA_VERSION = 1
_PICKLE_PROTOCOL = 5
_SQLITE = b"SQLite format 3\x00"
_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE backend (part TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY,
    store TEXT NOT NULL,
    collection TEXT NOT NULL,
    part TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (store, collection, part, key)
);
"""
_UPSERT = (
    "INSERT INTO records (store, collection, part, key, value) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (store, collection, part, key) DO UPDATE SET value = excluded.value"
)
_DELETE = "DELETE FROM records WHERE store = ? AND collection = ? AND part = ? AND key = ?"
_DELETE_PART = "DELETE FROM records WHERE store = ? AND collection = ? AND part = ?"
_DELETE_COLLECTION = "DELETE FROM records WHERE store = ? AND collection = ?"
_DELETE_STORE = "DELETE FROM records WHERE store = ?"

# The collections with forms of their own (the module's docstring); the others are small.
_EVENTS = "events"
_PREDICTIONS = "predictions"
_SEEN = "entities_seen"
_DERIVED = frozenset({"entity_history"})
_RULES = "rule_archive"
_EXPLAINERS = "explainer_archive"
_EVENTBRIDGE = "eventbridge"
_BACKEND_STORE = ""  # the rows that are the backend's: the EventBridge log
_SCALAR = ""  # the key of a field that is one value, not a collection
# The small collections (and values) of a store: each record compared with its row at a save.
_SMALL = [
    name
    for name in state_codec.store_fields()
    if name not in {_EVENTS, _PREDICTIONS, _SEEN, *_DERIVED}
]
_SMALL_SET = frozenset(_SMALL)


class _Numbered:
    """Objects numbered by the order they were first named, each one row of ``collection``."""

    def __init__(self, collection: str) -> None:
        self.collection = collection
        self.by_number: dict[int, Any] = {}
        self._numbers: dict[int, tuple[int, Any]] = {}  # id(object) -> (number, object): kept
        self.new: list[tuple[int, Any]] = []  # named since the last save: rows to write

    def number(self, made: Any) -> int:
        known = self._numbers.get(id(made))
        if known is None:
            known = self._numbers[id(made)] = (len(self.by_number), made)
            self.by_number[known[0]] = made
            self.new.append(known)
        return known[0]

    def get(self, number: Any, where: str) -> Any:
        if type(number) is not int or number not in self.by_number:
            raise state_codec.fail(where, f"names no row of the {self.collection}")
        return self.by_number[number]

    def read(self, number: int, made: Any) -> None:
        """``made`` is what the row ``number`` holds (start-up)."""
        self.by_number[number] = made
        self._numbers[id(made)] = (number, made)


class _Archive(state_codec.Context):
    """Names the rule versions and learned models of predictions by their rows: one row per
    object, written when a prediction first names it, kept while the database is open."""

    def __init__(self) -> None:
        super().__init__()
        self.rule_rows = _Numbered(_RULES)
        self.model_rows = _Numbered(_EXPLAINERS)
        self.rule_prints: dict[int, bytes] = {}  # the rule versions' fingerprints, as written

    def rule_ref(self, rule: RuleVersion) -> Any:
        return self.rule_rows.number(rule)

    def rule_from(self, item: Any, where: str) -> RuleVersion:
        found: RuleVersion = self.rule_rows.get(item, where)
        return found

    def explainer_ref(self, model: LearnedModel) -> int:
        return self.model_rows.number(model)

    def explainer_from(self, index: Any, where: str) -> LearnedModel:
        found: LearnedModel = self.model_rows.get(index, where)
        return found


@dataclass
class _Tracked:
    """What the database holds of one store, to tell what a request changed."""

    store: Store
    key: str  # the store's rows' ``store``
    # (collection, key) -> a fingerprint of the record last written (_fingerprint)
    prints: dict[tuple[str, str], bytes] = field(default_factory=dict)
    key_texts: dict[str, dict[Any, str]] = field(default_factory=dict)  # a key's row key
    orders: dict[str, list[str]] = field(default_factory=dict)  # collection -> keys, in order
    sequences: list[int] = field(default_factory=list)  # the predictions' numbers, ascending
    seen: dict[str, tuple[dict[Any, None], int]] = field(default_factory=dict)  # model -> rows


class _WatchedStore(Store):
    """A store that notes which of its small collections are read (``collections_read``): the
    records of a collection change only through the collection, so one not read since the last
    save is not compared again. Only the stores of a server with a database are watched."""

    def __getattribute__(self, name: str) -> Any:
        if name in _SMALL_SET:
            object.__getattribute__(self, "collections_read").add(name)
        return object.__getattribute__(self, name)


def _watch(store: Store) -> None:
    store.collections_read.clear()
    if type(store) is Store:
        store.__class__ = _WatchedStore


def _fingerprint(record: Any, form: state_codec.Codec) -> bytes:
    """Bytes that change whenever ``record`` changes: its pickle, made in C, compared and never
    loaded; for a value pickle cannot take, its row itself (``form`` encodes it)."""
    try:
        return pickle.dumps(record, _PICKLE_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return _text(form.encode(record, state_codec.Context())).encode()


class _Writes:
    """The statements of one transaction, in order."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def add(self, sql: str, *values: Any) -> None:
        self.statements.append((sql, values))

    def __bool__(self) -> bool:
        return bool(self.statements)


# Compact, and in the order the codec gives (a record's fields as declared); one encoder, as
# json.dumps with options makes one per call.
_text = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class StateDatabase:
    """``open()`` locks the database for this server and loads its state; ``save()`` writes
    each change; ``close()`` lets another server have it."""

    def __init__(self, path: str | os.PathLike[str], backend: Backend) -> None:
        self.path = Path(path)
        self.backend = backend
        self._lock: IO[bytes] | None = None
        self._connection: sqlite3.Connection | None = None
        self._archive = _Archive()
        self._tracked: dict[tuple[str, str], _Tracked] = {}
        self._backend_texts: dict[str, str] = {}
        self._eventbridge: tuple[list[Any] | None, int] = (None, 0)
        self._forms = _Forms()

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def open(self) -> bool:
        """Lock the database (StateFileInUse if another server has it), then ``load()``; the
        lock is let go again if the state cannot be loaded. True if there was a state."""
        self._take_lock()
        try:
            return self.load()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the database and let go of the lock (the lock file stays: removing it could
        let two servers in)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._lock is not None:
            self._lock.close()  # closing the file lets go of the lock
            self._lock = None

    def load(self) -> bool:
        """Restore the backend from the database, if there is one (a JSON state document is
        made into one first); True if there was a state. StateError leaves the backend as it
        was."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        head = _head(self.path)
        existed = bool(head)  # SQLite makes an empty file a new database, as it makes none
        if head and not head.startswith(_SQLITE):
            self._migrate(self.path.read_bytes())
        connection = _connect(self.path)
        try:
            archive = _Archive()
            state = _read(connection, archive, self._forms) if existed else None
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        self._archive = archive
        if state is not None:
            apply(state, self.backend)
            for store in self.backend.stores.values():
                _count_entities(store)
        self._tracked.clear()
        self._backend_texts.clear()
        self._eventbridge = (None, 0)
        if state is None:
            self.save()  # a new database starts with the backend as it is
        else:
            # What was read is what the database holds: the next save writes what changed.
            self._diff(_Writes(), loaded=True)
        return existed

    def save(self) -> bool:
        """Write what changed since the last save, in one transaction; True if anything did.

        When the database cannot be written (a full disk), the backend goes back to the state
        last saved and ``StateNotSaved`` is raised: memory never holds what the disk does not.
        """
        connection = self._connection
        if connection is None:
            raise RuntimeError("the state database is not open")
        writes = _Writes()
        try:
            self._diff(writes, loaded=False)
            if not writes:
                return False
            with connection:  # one transaction: committed whole, or rolled back
                connection.execute("BEGIN")
                for sql, values in writes.statements:
                    connection.execute(sql, values)
        except (sqlite3.Error, OSError) as error:
            errno = getattr(error, "errno", None) or 0
            self.load()
            raise StateNotSaved(errno, f"{self.path}: {error}") from error
        return True

    # Telling what changed. ``loaded``: the state was just read from the rows, which then are
    # known without writing them.

    def _diff(self, writes: _Writes, *, loaded: bool) -> None:
        self._diff_backend(writes)
        stores = self.backend.stores
        for key in list(self._tracked):
            if key not in stores:
                writes.add(_DELETE_STORE, _store_key(key))
                del self._tracked[key]
        for key, store in stores.items():
            with store.lock:
                tracked = self._tracked.get(key)
                if tracked is None or tracked.store is not store:
                    tracked = self._tracked[key] = _Tracked(store, _store_key(key))
                    store.events_changed = set()
                    _watch(store)
                    if not loaded:
                        writes.add(_DELETE_STORE, _store_key(key))
                    self._whole_store(tracked, writes, loaded=loaded)
                else:
                    self._store_changes(tracked, writes)
        self._archived(writes)

    def _diff_backend(self, writes: _Writes) -> None:
        for part, value in backend_parts(self.backend).items():
            text = _text(value)
            if self._backend_texts.get(part) != text:
                self._backend_texts[part] = text
                writes.add(
                    "INSERT INTO backend (part, value) VALUES (?, ?) "
                    "ON CONFLICT (part) DO UPDATE SET value = excluded.value",
                    part,
                    text,
                )
        log = self.backend.eventbridge
        written_log, count = self._eventbridge
        if written_log is not log or len(log) < count:
            writes.add(_DELETE_COLLECTION, _BACKEND_STORE, _EVENTBRIDGE)
            count = 0
        for index in range(count, len(log)):
            value = state_codec.plain(log[index], "eventbridge")
            writes.add(_UPSERT, _BACKEND_STORE, _EVENTBRIDGE, _SCALAR, str(index), _text(value))
        self._eventbridge = (log, len(log))

    def _whole_store(self, tracked: _Tracked, writes: _Writes, *, loaded: bool) -> None:
        store = tracked.store
        key = tracked.key
        for name in self._forms.small:
            self._small_changes(tracked, name, writes)
        tracked.sequences = [prediction.sequence for prediction in store.predictions]
        tracked.seen = {
            model_id: (entities, len(entities))
            for model_id, entities in store.entities_seen.items()
        }
        if loaded:
            # The small collections' fingerprints are what changes are told by; the rest is in the
            # rows already, and encoding it again would cost a start-up O(events) for nothing.
            writes.statements.clear()
            return
        for (event_type, event_id), event in _all_events(store):
            writes.add(_UPSERT, key, _EVENTS, event_type, event_id, self._forms.event(event))
        for prediction in store.predictions:
            self._write_prediction(key, prediction, writes)
        for model_id, entities in store.entities_seen.items():
            for entity in entities:
                writes.add(_UPSERT, key, _SEEN, model_id, _text(list(entity)), "null")

    def _store_changes(self, tracked: _Tracked, writes: _Writes) -> None:
        store = tracked.store
        key = tracked.key
        read = store.collections_read
        for name in self._forms.small:
            if name in read:  # a collection no one read since cannot have changed
                self._small_changes(tracked, name, writes)
        read.clear()
        changed = store.events_changed or set()
        store.events_changed = set()
        # Whole types first: an event stored after its type was emptied is written after.
        for event_type, event_id in sorted(changed, key=lambda each: each[1] is not None):
            bucket = store.events.get(event_type, {})
            if event_id is None:
                writes.add(_DELETE_PART, key, _EVENTS, event_type)
                for stored_id, event in bucket.items():
                    writes.add(
                        _UPSERT, key, _EVENTS, event_type, stored_id, self._forms.event(event)
                    )
                continue
            changed_event = bucket.get(event_id)
            if changed_event is None:
                writes.add(_DELETE, key, _EVENTS, event_type, event_id)
            else:
                text = self._forms.event(changed_event)
                writes.add(_UPSERT, key, _EVENTS, event_type, event_id, text)
        self._prediction_changes(tracked, key, writes)
        self._seen_changes(tracked, key, writes)

    def _small_changes(self, tracked: _Tracked, name: str, writes: _Writes) -> None:
        store = tracked.store
        value = getattr(store, name)
        if not value and not tracked.orders.get(name) and name not in self._forms.scalars:
            tracked.orders[name] = []
            return  # empty, as it was
        key = tracked.key
        if name in self._forms.scalars:
            items: dict[Any, Any] = {None: value}
            key_texts: dict[Any, str] = {None: _SCALAR}
            form = self._forms.forms[name]
        else:
            items = value
            key_form, form = self._forms.items[name]
            key_texts = tracked.key_texts.setdefault(name, {})
        prints = tracked.prints
        order = []
        changed = []
        for item_key, item in items.items():
            text_key = key_texts.get(item_key)
            if text_key is None:
                text_key = key_texts[item_key] = _text(key_form.encode(item_key, self._archive))
            order.append(text_key)
            # A fingerprint made in C: the record is encoded only when it differs from the
            # one last written (a fingerprint that differs for an equal record costs a write).
            fingerprint = _fingerprint(item, form)
            if prints.get((name, text_key)) != fingerprint:
                changed.append((text_key, item, fingerprint))
        before = tracked.orders.get(name, [])
        present = set(order)
        kept = [each for each in before if each in present]
        if order[: len(kept)] != kept:
            # An order that is not the old one less some, plus new ones at the end: the rows
            # are written again in the new order (their ``seq`` is the order).
            writes.add(_DELETE_COLLECTION, key, name)
            for each in before:
                prints.pop((name, each), None)
            changed = [
                (text_key, item, _fingerprint(item, form))
                for text_key, item in zip(order, items.values(), strict=True)
            ]
        else:
            for each in before:
                if each not in present:
                    writes.add(_DELETE, key, name, _SCALAR, each)
                    del prints[(name, each)]
        for text_key, item, fingerprint in changed:
            prints[(name, text_key)] = fingerprint
            writes.add(
                _UPSERT, key, name, _SCALAR, text_key, _text(form.encode(item, self._archive))
            )
        tracked.orders[name] = order
        if len(key_texts) > 2 * len(items) + 16:  # keys deleted long ago
            for gone in [k for k in key_texts if k not in items]:
                del key_texts[gone]

    def _prediction_changes(self, tracked: _Tracked, key: str, writes: _Writes) -> None:
        history = tracked.store.predictions
        written = tracked.sequences
        last = written[-1] if written else 0
        start = len(history)
        while start and history[start - 1].sequence > last:
            start -= 1
        if len(written) != start:  # some were deleted: the numbers tell which
            if start and written[len(written) - start] == history[0].sequence:
                gone = written[: len(written) - start]  # the oldest, past the retention
            else:
                kept = {prediction.sequence for prediction in history[:start]}
                gone = [sequence for sequence in written if sequence not in kept]
            for sequence in gone:
                writes.add(_DELETE, key, _PREDICTIONS, _SCALAR, str(sequence))
            tracked.sequences = written = [p.sequence for p in history[:start]]
        for prediction in history[start:]:
            self._write_prediction(key, prediction, writes)
            written.append(prediction.sequence)

    def _write_prediction(self, key: str, prediction: Prediction, writes: _Writes) -> None:
        text = _text(self._forms.prediction.encode(prediction, self._archive))
        writes.add(_UPSERT, key, _PREDICTIONS, _SCALAR, str(prediction.sequence), text)

    def _seen_changes(self, tracked: _Tracked, key: str, writes: _Writes) -> None:
        current = tracked.store.entities_seen
        for model_id in list(tracked.seen):
            if model_id not in current:
                writes.add(_DELETE_PART, key, _SEEN, model_id)
                del tracked.seen[model_id]
        for model_id, entities in current.items():
            written, count = tracked.seen.get(model_id, (None, 0))
            if written is not entities or len(entities) < count:
                writes.add(_DELETE_PART, key, _SEEN, model_id)
                count = 0
            # An ordered set that only grows: the new entities are the last ones.
            new = len(entities) - count
            if new:
                added = []
                for entity in reversed(entities):
                    added.append(entity)
                    if len(added) == new:
                        break
                for entity in reversed(added):
                    writes.add(_UPSERT, key, _SEEN, model_id, _text(list(entity)), "null")
            tracked.seen[model_id] = (entities, len(entities))

    def _archived(self, writes: _Writes) -> None:
        # Rows of the backend's whole life (store ""): predictions of any store name them. A
        # rule version changes in place (UpdateRuleMetadata) and is compared, as the small
        # collections are; a learned model never changes.
        archive = self._archive
        for number, model in archive.model_rows.new:
            text = _text(self._forms.learned.encode(model, archive))
            writes.add(_UPSERT, _BACKEND_STORE, _EXPLAINERS, _SCALAR, str(number), text)
        archive.model_rows.new.clear()
        archive.rule_rows.new.clear()  # written below, with the rule versions that changed
        for number, rule in archive.rule_rows.by_number.items():
            fingerprint = _fingerprint(rule, self._forms.rule)
            if archive.rule_prints.get(number) != fingerprint:
                archive.rule_prints[number] = fingerprint
                text = _text(self._forms.rule.encode(rule, archive))
                writes.add(_UPSERT, _BACKEND_STORE, _RULES, _SCALAR, str(number), text)

    def _migrate(self, data: bytes) -> None:
        """Make the JSON state document at the path a database of the same state; the
        document stays beside it as ``<file>.json``."""
        # A document is checked whole first: a refused one changes nothing.
        state = load(data)
        made = Backend()
        apply(state, made)
        temporary = self.path.with_name(f".{self.path.name}.new")
        for stale in (temporary, _wal(temporary), _shm(temporary)):
            stale.unlink(missing_ok=True)
        building = StateDatabase(temporary, made)
        building._connection = _connect(temporary)
        try:
            building.save()
        finally:
            building._connection.close()
        kept = self.path.with_name(self.path.name + ".json")
        kept.write_bytes(data)
        _fsync(kept)
        os.replace(temporary, self.path)
        _fsync_directory(self.path.parent)

    def _take_lock(self) -> None:
        if self._lock is not None:
            return
        handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held open while the server runs
        try:
            _lock_exclusively(handle)
        except OSError:
            handle.close()
            raise StateFileInUse(messages.state_file_in_use(self.path)) from None
        self._lock = handle


class _Forms:
    """The codecs of a store's collections, by how the database lays them out."""

    def __init__(self) -> None:
        self.forms = state_codec.store_fields()
        hints = state_codec.store_hints()
        self.small = _SMALL
        self.items: dict[str, tuple[state_codec.Codec, state_codec.Codec]] = {}
        self.scalars: set[str] = set()
        for name in self.small:
            if get_origin(hints[name]) is dict:
                key, item = get_args(hints[name])
                self.items[name] = (state_codec.codec(key), state_codec.codec(item))
            else:
                self.scalars.add(name)
        self.stored_event = state_codec.codec(get_args(get_args(hints[_EVENTS])[1])[1])
        self.prediction = state_codec.codec(Prediction)
        self.rule = state_codec.codec(RuleVersion)
        self.learned = state_codec.codec(LearnedModel)
        self.entity = state_codec.codec(tuple[str, str])

    def event(self, event: Any) -> str:
        return _text(self.stored_event.encode(event, state_codec.Context()))


# Reading.


def _read(connection: sqlite3.Connection, archive: _Archive, forms: _Forms) -> State:
    """The state the database holds, decoded whole; StateError if any of it fails a check."""
    # Decoding makes a million objects of which none is garbage: the cyclic collector would
    # walk them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_rows(connection, archive, forms)
    finally:
        if collecting:
            gc.enable()


def _read_rows(connection: sqlite3.Connection, archive: _Archive, forms: _Forms) -> State:
    try:
        version = connection.execute("SELECT version FROM schema_version").fetchall()
        parts = dict(connection.execute("SELECT part, value FROM backend").fetchall())
        rows = connection.execute(
            "SELECT store, collection, part, key, value FROM records ORDER BY seq"
        ).fetchall()
    except sqlite3.DatabaseError as error:
        raise StateError(messages.state_database_unreadable(error)) from None
    if len(version) != 1 or type(version[0][0]) is not int:
        raise StateError(messages.state_database_unreadable("no schema version"))
    if version[0][0] > SCHEMA_VERSION:
        raise StateError(messages.state_database_newer(version[0][0], SCHEMA_VERSION))
    if version[0][0] != SCHEMA_VERSION:
        raise StateError(messages.state_old_version(version[0][0]))
    try:
        return _decode(parts, rows, archive, forms)
    except state_codec.BadState as error:
        raise StateError(str(error)) from None


def _decode(
    parts: dict[str, str], rows: list[tuple[Any, ...]], archive: _Archive, forms: _Forms
) -> State:
    fail = state_codec.fail
    grouped: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for store, collection, part, key, value in rows:
        if (
            type(store) is not str
            or type(collection) is not str
            or type(part) is not str
            or type(key) is not str
            or type(value) is not str
        ):
            raise fail(f"records[{store!r}]", "expected rows of text")
        grouped.setdefault(store, {}).setdefault(collection, []).append((part, key, value))
    own = grouped.pop(_BACKEND_STORE, {})
    unknown = sorted(set(own) - {_RULES, _EXPLAINERS, _EVENTBRIDGE})
    if unknown:
        raise fail("records", f"unexpected collection {unknown[0]!r} of the backend")
    for number, value in _numbered(own.get(_RULES, []), _RULES):
        rule = forms.rule.decode(value, f"{_RULES}[{number}]", state_codec.Context())
        archive.rule_rows.by_number[number] = rule  # numbered by _share, once rules are shared
    for number, value in _numbered(own.get(_EXPLAINERS, []), _EXPLAINERS):
        model = forms.learned.decode(value, f"{_EXPLAINERS}[{number}]", state_codec.Context())
        archive.model_rows.read(number, model)
    eventbridge = [value for _, value in _numbered(own.get(_EVENTBRIDGE, []), _EVENTBRIDGE)]
    document: dict[str, Any] = {}
    for part in ("default_account_id", "clock", "transitions", "scores", "endpoints"):
        if part not in parts:
            raise StateError(messages.state_lacks([part]))
        document[part] = _json(parts[part], f"backend.{part}")
    document["eventbridge"] = eventbridge
    stores = [
        (_decoded_store_key(key), _decode_store(key, collections, archive, forms))
        for key, collections in grouped.items()
    ]
    state = decode_parts(document, stores)
    # Rule versions and learned models that predictions name are the store's own, when the
    # store still holds them unchanged: the same objects, as they were before the restart.
    _share(state, archive, forms)
    return state


def _decode_store(
    key: str, collections: dict[str, list[tuple[str, str, str]]], archive: _Archive, forms: _Forms
) -> dict[str, Any]:
    fail = state_codec.fail
    where = f"stores[{key}]"
    known = {*forms.small, _EVENTS, _PREDICTIONS, _SEEN}
    unknown = sorted(set(collections) - known)
    if unknown:
        raise fail(where, f"unexpected collection {unknown[0]!r}")
    records: dict[str, Any] = {}
    for name in forms.small:
        rows = collections.get(name)
        if rows is None:
            continue
        if name in forms.scalars:
            if len(rows) != 1 or rows[0][:2] != (_SCALAR, _SCALAR):
                raise fail(f"{where}.{name}", "expected one row")
            value = _json(rows[0][2], f"{where}.{name}")
            records[name] = forms.forms[name].decode(value, f"{where}.{name}", archive)
            continue
        key_form, item_form = forms.items[name]
        mapping: dict[Any, Any] = {}
        for part, item_key, text in rows:
            place = f"{where}.{name}[{item_key}]"
            if part != _SCALAR:
                raise fail(place, "expected a row of no part")
            made = key_form.decode(_json(item_key, place), place, archive)
            mapping[made] = item_form.decode(_json(text, place), place, archive)
        records[name] = mapping
    events: dict[str, dict[str, Any]] = {}
    rows = collections.get(_EVENTS, [])
    for (event_type, event_id, _), value in zip(rows, _values(rows, where), strict=True):
        place = f"{where}.events[{event_type!r}][{event_id!r}]"
        event = forms.stored_event.decode(value, place, archive)
        if event.event_type_name != event_type or event.event_id != event_id:
            raise fail(place, "the event is not the one its row names")
        events.setdefault(event_type, {})[event_id] = event
    records[_EVENTS] = events
    predictions = []
    rows = collections.get(_PREDICTIONS, [])
    for (_, number, _), value in zip(rows, _values(rows, where), strict=True):
        place = f"{where}.predictions[{number}]"
        prediction = forms.prediction.decode(value, place, archive)
        if str(prediction.sequence) != number:
            raise fail(place, "the prediction is not the one its row names")
        predictions.append(prediction)
    predictions.sort(key=lambda prediction: prediction.sequence)
    records[_PREDICTIONS] = predictions
    seen: dict[str, dict[tuple[str, str], None]] = {}
    for model_id, entity, _ in collections.get(_SEEN, []):
        place = f"{where}.entities_seen[{model_id!r}]"
        seen.setdefault(model_id, {})[forms.entity.decode(_json(entity, place), place, archive)] = (
            None
        )
    records[_SEEN] = seen
    return records


def _share(state: State, archive: _Archive, forms: _Forms) -> None:
    current: dict[tuple[str, str, str], RuleVersion] = {}
    for _, records in state.stores:
        for detector in records.get("detectors", {}).values():
            for versions in detector.rules.values():
                for rule in versions.values():
                    current[(rule.detector_id, rule.rule_id, rule.rule_version)] = rule
    swapped: dict[int, RuleVersion] = {}
    for number, rule in list(archive.rule_rows.by_number.items()):
        own = current.get((rule.detector_id, rule.rule_id, rule.rule_version))
        context = state_codec.Context()
        if own is not None and forms.rule.encode(own, context) == forms.rule.encode(rule, context):
            swapped[id(rule)] = rule = own
        archive.rule_rows.read(number, rule)
    if swapped:
        for _, records in state.stores:
            for prediction in records.get(_PREDICTIONS, []):
                prediction.rules = [swapped.get(id(rule), rule) for rule in prediction.rules]


def _numbered(rows: list[tuple[str, str, str]], collection: str) -> Iterator[tuple[int, Any]]:
    for part, key, text in rows:
        place = f"{collection}[{key}]"
        if part != _SCALAR or not key.isdigit():
            raise state_codec.fail(place, "expected a row numbered by its key")
        yield int(key), _json(text, place)


def _values(rows: list[tuple[str, str, str]], where: str) -> list[Any]:
    """The JSON values of many rows, read in one call (a row that is no JSON value on its own
    is then found row by row, for the message)."""
    texts = [text for _, _, text in rows]
    try:
        values: list[Any] = json.loads("[" + ",".join(texts) + "]")
    except (ValueError, RecursionError):
        values = [_json(text, f"{where}[{key}]") for _, key, text in rows]
    if len(values) != len(rows):  # a row of two values, "1,2"
        return [_json(text, f"{where}[{key}]") for _, key, text in rows]
    return values


def _json(text: str, place: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise state_codec.fail(place, f"the row is not JSON ({error})") from None


def _store_key(key: tuple[str, str]) -> str:
    return _text(list(key))


def _decoded_store_key(text: str) -> tuple[str, str]:
    key = _json(text, f"stores[{text}]")
    if not isinstance(key, list) or len(key) != 2 or not all(type(k) is str for k in key):
        raise state_codec.fail(f"stores[{text}]", "expected [account, region]")
    return key[0], key[1]


def _all_events(store: Store) -> Iterable[tuple[tuple[str, str], Any]]:
    for event_type, bucket in store.events.items():
        for event_id, event in bucket.items():
            yield (event_type, event_id), event


def _count_entities(store: Store) -> None:
    # The counts are derived (not stored): made now, not by the first prediction that asks.
    for event_type in store.events:
        entity_history.rebuild(store, event_type)


# The file.


def _head(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE))
    except FileNotFoundError:
        return None


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level None: transactions are begun by ``with connection`` (BEGIN ... COMMIT),
    # check_same_thread False: the server's threads take turns under its lock.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            connection.executescript(
                f"BEGIN; {_SCHEMA} INSERT INTO schema_version VALUES ({SCHEMA_VERSION}); COMMIT;"
            )
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StateError(messages.state_database_unreadable(error)) from None
    return connection


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _shm(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _lock_exclusively(handle: IO[bytes]) -> None:
    """An exclusive lock on ``handle`` that is not waited for: OSError if another has it. On a
    lock file beside the database, which also covers making one from a JSON document."""
    try:
        import fcntl  # POSIX; Windows has msvcrt instead
    except ImportError:  # pragma: no cover - Windows
        import msvcrt  # Windows only

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    # A rename is durable only once the directory entry is on disk.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


__all__ = ["SCHEMA_VERSION", "StateDatabase", "StateFileInUse", "StateNotSaved"]
