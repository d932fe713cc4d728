"""The state document of ``snapshot``/``restore``, ``/_mock/export`` and ``--state-file``:
versioned JSON, decoded by the types the code declares, restored all at once or not at all."""

from __future__ import annotations

import dataclasses
import json
import pickle
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import Backend, get_backend, mock_frauddetector
from frauddetector_mock.persistence import StateError, restore, snapshot
from frauddetector_mock.state_codec import NOT_STATE
from frauddetector_mock.store import Store
from tests.hardening import world

NOW = "2024-03-01T09:30:00.250Z"
Document = dict[str, Any]


@pytest.fixture
def fd() -> Iterator[Any]:
    with mock_frauddetector():
        get_backend().clock.freeze(NOW)
        yield boto3.client("frauddetector", region_name="us-east-1")


@pytest.fixture
def built(fd: Any) -> bytes:
    """A store of every kind of record: rules, versions, a trained model, events, predictions,
    lists, batch jobs, tags; a canned endpoint."""
    return world.build(fd)


def test_a_snapshot_is_json_of_every_collection_and_round_trips(fd: Any, built: bytes) -> None:
    document = json.loads(built)
    assert (document["format"], document["version"]) == ("frauddetector-mock-state", 2)
    assert document["clock"] == {"frozen": "2024-03-01T09:30:00.250000+00:00", "offset_seconds": 0}
    assert document["endpoints"] == {world.ENDPOINT: {"text": "0.42\n"}}
    (store,) = document["stores"]
    state = [f.name for f in dataclasses.fields(Store) if f.name not in NOT_STATE]
    assert list(store) == ["account_id", "region", *state, "explainers"]
    assert store["predictions"][0]["rules"] == [["payments", "big", "1"], ["payments", "rest", "1"]]
    assert "frauddetector_mock" not in built.decode()  # nothing names a module or a class
    summary = fd.list_event_predictions(eventId={"value": "tx_1"})["eventPredictionSummaries"]
    metadata = fd.get_event_prediction_metadata(
        eventId="tx_1",
        eventTypeName=world.EVENT_TYPE,
        detectorId=world.DETECTOR,
        detectorVersionId="1",
        predictionTimestamp=summary[0]["predictionTimestamp"],
    )
    rules = fd.get_rules(detectorId=world.DETECTOR)["ruleDetails"]

    get_backend().reset()
    restore(built)
    assert snapshot() == built  # the same state, written the same way
    assert fd.get_rules(detectorId=world.DETECTOR)["ruleDetails"] == rules
    again = fd.get_event_prediction_metadata(
        eventId="tx_1",
        eventTypeName=world.EVENT_TYPE,
        detectorId=world.DETECTOR,
        detectorVersionId="1",
        predictionTimestamp=summary[0]["predictionTimestamp"],
    )
    assert again["rules"] == metadata["rules"]
    assert again["evaluatedModelVersions"] == metadata["evaluatedModelVersions"]
    # Predictions share the detector's rule versions, as they did before the export.
    detector = get_backend().store().detectors[world.DETECTOR]
    assert get_backend().store().predictions[0].rules[0] is detector.rules["big"]["1"]


def _broken(built: bytes, change: Callable[[Document], None]) -> bytes:
    document = json.loads(built)
    change(document)
    return json.dumps(document).encode()


def _label(document: Document) -> Document:
    label: Document = document["stores"][0]["labels"]["fraud"]
    return label


def _set(path: Callable[[Document], Document], key: str, value: Any) -> Callable[[Document], None]:
    return lambda document: path(document).__setitem__(key, value)


BROKEN = [
    (
        "a clock that is no instant",
        _set(lambda d: d["clock"], "frozen", "yesterday"),
        "The state is not valid at clock.frozen: 'yesterday' is not an ISO 8601 instant.",
    ),
    (
        "a record of the wrong type",
        _set(_label, "name", 5),
        "The state is not valid at stores[0].labels['fraud'].name: expected text, found a number.",
    ),
    (
        "a record naming a class",
        _set(_label, "__class__", "frauddetector_mock.__main__"),
        "The state is not valid at stores[0].labels['fraud']: unexpected field '__class__'.",
    ),
    (
        "a record missing a field",
        lambda d: _label(d).pop("arn"),
        "The state is not valid at stores[0].labels['fraud']: the field 'arn' is missing.",
    ),
    (
        "a rule that does not compile",
        _set(
            lambda d: d["stores"][0]["detectors"]["payments"]["rules"]["big"]["1"]["compiled"],
            "expression",
            "$amount >",
        ),
        "The state is not valid at stores[0].detectors['payments'].rules['big']['1'].compiled: "
        "the rule does not compile: ",
    ),
    (
        "a prediction naming a rule version the store lacks",
        lambda d: d["stores"][0]["predictions"][0]["rules"].__setitem__(
            0, ["payments", "big", "9"]
        ),
        "The state is not valid at stores[0].predictions[0].rules[0]: the store holds no rule "
        "version ['payments', 'big', '9'].",
    ),
    (
        "a collection the store does not have",
        _set(lambda d: d["stores"][0], "__reduce__", {}),
        "The state is not valid at stores[0]: unexpected collection '__reduce__'.",
    ),
    (
        "a score out of range",
        _set(lambda d: d["scores"], "pinned", {"m": 1001}),
        "The state is not valid at scores: ",
    ),
    (
        "an unknown transition mode",
        _set(lambda d: d, "transitions", {"mode": "sometimes"}),
        'The state is not valid at transitions: expected {"mode": "immediate"}, '
        '{"mode": "manual"} or {"mode": "after_reads", "reads": n}.',
    ),
    (
        "free-form JSON nested too deeply",
        _set(
            lambda d: d["stores"][0]["models"][0][1]["versions"]["1.0"],
            "training_data_schema",
            {"modelVariables": json.loads("[" * 40 + "]" * 40)},
        ),
        "The state is not valid at stores[0].models[0][1].versions['1.0'].training_data_schema"
        + "['modelVariables']"
        + "[0]" * 33
        + ": nested deeper than 32 levels.",
    ),
    (
        "text with an unpaired surrogate",
        _set(_label, "description", "\ud800"),
        "The state is not valid at stores[0].labels['fraud'].description: the text holds an "
        "unpaired surrogate.",
    ),
]


@pytest.mark.parametrize(("broken", "change", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_document_changes_nothing(
    fd: Any, built: bytes, broken: str, change: Callable[[Document], None], message: str
) -> None:
    """Decoded whole before anything is replaced: the stores, clock and controls stay."""
    backend = get_backend()
    backend.reset()
    backend.clock.freeze("2030-01-01T00:00:00Z")
    fd.put_label(name="kept")
    backend.transitions.manual()
    backend.scores.pin("kept_model", 7)
    before = snapshot()
    with pytest.raises(StateError) as raised:
        restore(_broken(built, change))
    assert str(raised.value).startswith(message)
    assert message.endswith(": ") or str(raised.value) == message
    assert snapshot() == before
    assert [label["name"] for label in fd.get_labels()["labels"]] == ["kept"]
    assert fd.get_labels()["labels"][0]["createdTime"] == "2030-01-01T00:00:00.000Z"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            pickle.dumps({"format": "frauddetector-mock-state", "version": 1}),
            "The state is of version 1 (a pickle), which this version of frauddetector-mock does "
            "not read, as it unpickles nothing; build the state again with this version and "
            'export it (docs/server.md, "States of version 1").',
        ),
        (
            b'{"format": "frauddetector-mock-state", "version": 3}',
            "The state is of version 3, newer than this version of frauddetector-mock reads "
            "(version 2); upgrade frauddetector-mock to load it.",
        ),
        (
            b'{"format": "frauddetector-mock-state", "version": 1}',
            "The state is of version 1, which this version of frauddetector-mock does not read; "
            "export it again with this version, or start afresh.",
        ),
        (
            b'{"format": "frauddetector-mock-state", "version": 2, "version": 2}',
            "The state is not a frauddetector-mock state: it is not UTF-8 JSON (the key "
            "'version' appears twice in an object).",
        ),
        (
            b'{"format": "frauddetector-mock-state", "version": NaN}',
            "The state is not a frauddetector-mock state: it is not UTF-8 JSON (NaN is not a "
            "JSON number).",
        ),
        (
            b"[" * 100_000 + b"]" * 100_000,
            "The state is not a frauddetector-mock state: it is not UTF-8 JSON (nested too "
            "deeply).",
        ),
        (
            b'{"format": "something else"}',
            "The state is not a frauddetector-mock state: it is not a JSON object whose format "
            'is "frauddetector-mock-state".',
        ),
    ],
    ids=["pickle", "newer", "older", "a key twice", "NaN", "deep", "another format"],
)
def test_what_is_no_state_of_this_version_is_refused(fd: Any, data: bytes, message: str) -> None:
    fd.put_label(name="kept")
    before = snapshot()
    with pytest.raises(StateError) as raised:
        restore(data)
    assert str(raised.value) == message
    assert snapshot() == before


def test_a_small_hostile_document_cannot_make_later_calls_slow(fd: Any) -> None:
    """Pickle's shared references let 2.9 KB stand for a structure walked for seconds; JSON has
    none, so a document decodes to no more than its text, and nesting is bounded."""
    source = Backend()
    source.clock.freeze(NOW)
    document = json.loads(snapshot(source))
    document["eventbridge"] = [{"detail": json.loads("[" * 30 + "]" * 30)}] * 36
    data = json.dumps(document, separators=(",", ":")).encode()
    assert len(data) < 3_000
    started = time.perf_counter()
    restore(data)
    fd.get_labels()
    assert time.perf_counter() - started < 0.5
    # What it decodes to is what its text says, not a multiple of it.
    compact = json.dumps(json.loads(snapshot())["eventbridge"], separators=(",", ":"))
    assert compact == json.dumps(document["eventbridge"], separators=(",", ":"))
