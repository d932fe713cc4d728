"""Stored events: SendEvent, GetEvent, UpdateEventLabel, DeleteEvent, DeleteEventsByEventType,
GetDeleteEventsByEventTypeStatus, the ingestion GetEventPrediction performs, and the
``ingestedEventStatistics`` of GetEventTypes (docs/behaviour.md, "Stored events").

Decisions of ours (tagged [I], or [?] where AWS documents nothing) are named as such in the
docstrings.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frauddetector_mock import get_backend, service
from frauddetector_mock.store import Store, events
from frauddetector_mock.store.event_statistics import event_size
from frauddetector_mock.store.event_timestamps import parse_event_timestamp
from frauddetector_mock.store.events import StoredEvent
from frauddetector_mock.store.predictions import Prediction, record
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.snapshot import snapshot

UTC = timezone.utc
LATER = "2024-03-01T09:31:00.250Z"
TIMESTAMP = "2024-02-01T10:00:00Z"
VARIABLES = {"email": "a@example.com", "amount": "12.5", "quantity": "3", "is_new": "true"}
CUSTOMER = [{"entityType": "customer", "entityId": "c-1"}]
TIMESTAMP_FORMS = (
    "yyyy-mm-ddTHH:MM:SSZ, yyyy/mm/dd, mm/dd/yyyy or mm/dd/yy ('-' may stand for '/'), the last "
    "three alone or followed by HH:MM:SS or HH:MM and optionally AM or PM (UTC)"
)
DELETING = (
    "The events of the event type 'signup' are being deleted; wait until "
    "GetDeleteEventsByEventTypeStatus answers COMPLETE."
)


@pytest.fixture
def fd(client: Any) -> Any:
    """Event type `signup` (email STRING, amount FLOAT, quantity INTEGER, is_new BOOLEAN; labels
    fraud, legit; entity type customer; ingestion ENABLED), `quiet` (ingestion DISABLED), and a
    variable `ip`, a label `other` and an entity type `merchant` that `signup` does not hold."""
    client.batch_create_variable(
        variableEntries=[
            {"name": name, "dataType": data_type, "dataSource": "EVENT", "defaultValue": default}
            for name, data_type, default in (
                ("email", "STRING", ""),
                ("ip", "STRING", ""),
                ("amount", "FLOAT", "0.0"),
                ("quantity", "INTEGER", "0"),
                ("is_new", "BOOLEAN", "false"),
            )
        ]
    )
    for label in ("fraud", "legit", "other"):
        client.put_label(name=label)
    for entity_type in ("customer", "merchant"):
        client.put_entity_type(name=entity_type)
    client.put_event_type(
        name="signup",
        eventVariables=["email", "amount", "quantity", "is_new"],
        labels=["fraud", "legit"],
        entityTypes=["customer"],
        eventIngestion="ENABLED",
    )
    client.put_event_type(
        name="quiet",
        eventVariables=["ip"],
        labels=["fraud"],
        entityTypes=["customer"],
        eventIngestion="DISABLED",
    )
    return client


def send(client: Any, event_id: str = "e1", **members: Any) -> Any:
    params = {
        "eventTypeName": "signup",
        "eventTimestamp": TIMESTAMP,
        "eventVariables": VARIABLES,
        "entities": CUSTOMER,
        **members,
    }
    return client.send_event(eventId=event_id, **params)


def get_event(client: Any, event_id: str = "e1", event_type: str = "signup") -> dict[str, Any]:
    event: dict[str, Any] = client.get_event(eventId=event_id, eventTypeName=event_type)["event"]
    return event


def stats(client: Any, name: str = "signup") -> dict[str, Any]:
    result: dict[str, Any] = client.get_event_types(name=name)["eventTypes"][0][
        "ingestedEventStatistics"
    ]
    return result


def size_of(event: dict[str, Any]) -> int:
    """Our measure of eventDataSizeInBytes [I]: the UTF-8 bytes of GetEvent's event as compact
    JSON."""
    return len(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode())


def without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def advance(seconds: float) -> None:
    get_backend().clock.advance(seconds=seconds)


# --- SendEvent and GetEvent ---------------------------------------------------------------------


def test_send_then_get(fd: Any) -> None:
    """SendEvent stores the event and answers `{}`; GetEvent returns it with the values and
    the timestamp as sent [I], without a label when none was sent (absent members are
    omitted)."""
    assert without_metadata(send(fd)) == {}
    assert get_event(fd) == {
        "eventId": "e1",
        "eventTypeName": "signup",
        "eventTimestamp": TIMESTAMP,
        "eventVariables": VARIABLES,
        "entities": CUSTOMER,
    }


def test_send_with_a_label(fd: Any) -> None:
    """assignedLabel and labelTimestamp are returned as currentLabel and labelTimestamp."""
    send(fd, assignedLabel="fraud", labelTimestamp="02/02/2024 1:00:00 PM")
    event = get_event(fd)
    assert (event["currentLabel"], event["labelTimestamp"]) == ("fraud", "02/02/2024 1:00:00 PM")


def test_send_with_several_entities_and_some_variables(fd: Any) -> None:
    """Variables of the event type may be left out; every entity is kept, in order."""
    entities = [
        {"entityType": "customer", "entityId": "unknown"},
        {"entityType": "customer", "entityId": "user@example.com"},
    ]
    send(fd, eventVariables={"email": "b@example.com"}, entities=entities)
    event = get_event(fd)
    assert (event["eventVariables"], event["entities"]) == ({"email": "b@example.com"}, entities)


def test_same_event_id_replaces_the_event(fd: Any, store: Store) -> None:
    """Our decision [I]: SendEvent with a stored event id replaces that event entirely, its label
    included; the event counts once."""
    send(fd, assignedLabel="fraud", labelTimestamp=TIMESTAMP)
    send(fd, eventTimestamp="2024-02-03T10:00:00Z", eventVariables={"email": "new@example.com"})
    assert get_event(fd) == {
        "eventId": "e1",
        "eventTypeName": "signup",
        "eventTimestamp": "2024-02-03T10:00:00Z",
        "eventVariables": {"email": "new@example.com"},
        "entities": CUSTOMER,
    }
    assert stats(fd) == {
        "numberOfEvents": 1,
        "eventDataSizeInBytes": size_of(get_event(fd)),
        "leastRecentEvent": "2024-02-03T10:00:00.000Z",
        "mostRecentEvent": "2024-02-03T10:00:00.000Z",
        "lastUpdatedTime": NOW,
    }
    assert store.event_statistics["signup"].labels == {}


@pytest.mark.parametrize(
    ("sent", "instant"),
    [
        ("2019-11-30T13:01:01Z", "2019-11-30T13:01:01.000Z"),
        ("2019/11/30 13:01:01", "2019-11-30T13:01:01.000Z"),
        ("2019/11/30 1:01:01 PM", "2019-11-30T13:01:01.000Z"),
        ("2019/11/30 12:00:00 AM", "2019-11-30T00:00:00.000Z"),
        ("2019/11/30 12:00:00 PM", "2019-11-30T12:00:00.000Z"),
        ("2019/1/5 7:05:09 am", "2019-01-05T07:05:09.000Z"),
        ("11/30/2019 13:01:01", "2019-11-30T13:01:01.000Z"),
        ("11/30/2019 1:01:01 PM", "2019-11-30T13:01:01.000Z"),
        ("11/30/19 13:01:01", "2019-11-30T13:01:01.000Z"),
        ("11/30/19 11:59:59 PM", "2019-11-30T23:59:59.000Z"),
        ("01/01/69 00:00:00", "1969-01-01T00:00:00.000Z"),
        ("12/31/68 00:00:00", "2068-12-31T00:00:00.000Z"),
        ("2020-04-11 17:27:38", "2020-04-11T17:27:38.000Z"),
        ("11-30-2019 1:01:01 PM", "2019-11-30T13:01:01.000Z"),
        ("1-3-24 9:05", "2024-01-03T09:05:00.000Z"),
        ("2019/11/30 1:01 PM", "2019-11-30T13:01:00.000Z"),
        ("2019-11-30", "2019-11-30T00:00:00.000Z"),
        ("11/30/2019", "2019-11-30T00:00:00.000Z"),
    ],
)
def test_timestamp_forms(fd: Any, sent: str, instant: str) -> None:
    """The four documented forms, all UTC; AM/PM on a 12-hour clock; two-digit years
    follow strptime's pivot, 69-99 → 19xx and 00-68 → 20xx [I]. The slash forms also take '-'
    between the parts of the date, the date alone, or hours and minutes only (AWS's page "Store
    event data using the SendEvent API operation"). GetEvent echoes the text sent [I];
    the statistics show the instant in the service's time format."""
    send(fd, eventTimestamp=sent, assignedLabel="legit", labelTimestamp=sent)
    event = get_event(fd)
    assert (event["eventTimestamp"], event["labelTimestamp"]) == (sent, sent)
    assert (stats(fd)["leastRecentEvent"], stats(fd)["mostRecentEvent"]) == (instant, instant)


BAD_TIMESTAMPS = [
    ("2024-03-01T09:30:00.250Z", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024-03-01T09:30:00", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024-03-01T09:30:00+00:00", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024-03-01 09:30:00Z", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("01-03/2024 09:30:00", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024/03/01 09", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024/03/01 09:30:00.250", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024/03/01 AM", "it is not in one of the forms " + TIMESTAMP_FORMS),
    ("2024-02-30T00:00:00Z", "it names no real instant (day is out of range for month)"),
    ("2024-03-01T24:00:00Z", "it names no real instant (hour must be in 0..23)"),
    ("13/01/2024 10:00:00", "it names no real instant (month must be in 1..12)"),
    ("2024/03/01 13:00:00 PM", "the hour 13 does not exist on a 12-hour clock"),
    ("2024/03/01 0:00:00 AM", "the hour 0 does not exist on a 12-hour clock"),
]


@pytest.mark.parametrize(("sent", "reason"), BAD_TIMESTAMPS)
def test_send_refuses_a_bad_event_timestamp(fd: Any, store: Store, sent: str, reason: str) -> None:
    """Only the documented forms; the ISO form has no fraction of a second and ends in
    `Z` (ValidationException [I])."""
    refused(
        lambda: fd.send_event(**_send(eventTimestamp=sent)),
        "ValidationException",
        f"The eventTimestamp '{sent}' is not valid: {reason}.",
        unchanged=store,
    )


@pytest.mark.parametrize(("sent", "reason"), BAD_TIMESTAMPS[:1] + BAD_TIMESTAMPS[-2:])
def test_send_refuses_a_bad_label_timestamp(fd: Any, store: Store, sent: str, reason: str) -> None:
    """labelTimestamp takes the same forms."""
    refused(
        lambda: fd.send_event(**_send(assignedLabel="fraud", labelTimestamp=sent)),
        "ValidationException",
        f"The labelTimestamp '{sent}' is not valid: {reason}.",
        unchanged=store,
    )


def _send(**members: Any) -> dict[str, Any]:
    return {
        "eventId": "e1",
        "eventTypeName": "signup",
        "eventTimestamp": TIMESTAMP,
        "eventVariables": VARIABLES,
        "entities": CUSTOMER,
        **members,
    }


@pytest.mark.parametrize(
    "members", [{"assignedLabel": "fraud"}, {"labelTimestamp": TIMESTAMP}], ids=["label", "time"]
)
def test_label_and_label_timestamp_go_together(
    fd: Any, store: Store, members: dict[str, str]
) -> None:
    """Each requires the other [D]; ValidationException [I]."""
    refused(
        lambda: fd.send_event(**_send(**members)),
        "ValidationException",
        "assignedLabel and labelTimestamp go together: send both or neither.",
        unchanged=store,
    )


@pytest.mark.parametrize("label", ["other", "nope"])
def test_label_must_be_a_label_of_the_event_type(fd: Any, store: Store, label: str) -> None:
    """The label must be one of the event type's labels [I], whether or not it exists."""
    refused(
        lambda: fd.send_event(**_send(assignedLabel=label, labelTimestamp=TIMESTAMP)),
        "ValidationException",
        f"The label '{label}' is not a label of the event type 'signup'.",
        unchanged=store,
    )


def test_send_to_an_unknown_event_type(fd: Any, store: Store) -> None:
    """Unknown event type → ResourceNotFoundException, before any other check."""
    refused(
        lambda: fd.send_event(**_send(eventTypeName="nope", eventTimestamp="not a time at all")),
        "ResourceNotFoundException",
        "The event type 'nope' does not exist.",
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"email": "a@b.c", "ip": "10.0.0.1", "zip": "1000"},
            "The event type 'signup' has no event variables ip, zip.",
        ),
        ({"amount": "abc"}, "The value of the event variable 'amount' is not a valid FLOAT."),
        ({"quantity": "1.5"}, "The value of the event variable 'quantity' is not a valid INTEGER."),
        ({"is_new": "yes"}, "The value of the event variable 'is_new' is not a valid BOOLEAN."),
        (
            {"email": "x" * 257},
            "The value of the event variable 'email' is longer than 256 characters, the most a "
            "stored event holds.",
        ),
        (
            {"email": "\U0001f600" * 129},
            "The value of the event variable 'email' is longer than 256 characters, the most a "
            "stored event holds.",
        ),
    ],
    ids=["unknown", "float", "integer", "boolean", "long", "long-utf16"],
)
def test_send_refuses_bad_variables(
    fd: Any, store: Store, variables: dict[str, str], message: str
) -> None:
    """Variables must belong to the event type [I]; values must convert to their data type
    (`detectorpl.convert`) [I]; a value longer than GetEvent's `attributeValue` (256 UTF-16 units)
    could never be read back, so it is refused [I]. Values are sensitive: never echoed."""
    refused(
        lambda: fd.send_event(**_send(eventVariables=variables)),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_longest_values_are_stored(fd: Any) -> None:
    """256 characters, or 128 outside the Basic Multilingual Plane (256 UTF-16 units), fit."""
    values = {"email": "x" * 256}
    send(fd, "e1", eventVariables=values)
    send(fd, "e2", eventVariables={"email": "\U0001f600" * 128})
    assert get_event(fd)["eventVariables"] == values
    assert get_event(fd, "e2")["eventVariables"] == {"email": "\U0001f600" * 128}


def test_null_and_blank_numbers_are_accepted(fd: Any) -> None:
    """`convert` reads `null` and blanks around numbers as DETECTORPL does (docs/detectorpl.md);
    the value is stored as sent."""
    send(fd, eventVariables={"amount": "null", "quantity": " 7 "})
    assert get_event(fd)["eventVariables"] == {"amount": "null", "quantity": " 7 "}


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        ([], "An event of the event type 'signup' needs at least one entity."),
        (
            [
                {"entityType": "merchant", "entityId": "m1"},
                {"entityType": "customer", "entityId": "c1"},
                {"entityType": "nope", "entityId": "x"},
                {"entityType": "merchant", "entityId": "m2"},
            ],
            "The event type 'signup' has no entity types merchant, nope.",
        ),
    ],
    ids=["none", "unknown"],
)
def test_send_refuses_bad_entities(
    fd: Any, store: Store, entities: list[dict[str, str]], message: str
) -> None:
    """Entity types must be entity types of the event type [I]; at least one entity, as
    GetEventPrediction [I]."""
    refused(
        lambda: fd.send_event(**_send(entities=entities)),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_send_to_an_event_type_with_ingestion_disabled(fd: Any, store: Store) -> None:
    """Our decision [?]: an event type with eventIngestion DISABLED stores no event;
    SendEvent answers ConflictException (the type's state, not the input, is wrong)."""
    refused(
        lambda: fd.send_event(**_send(eventTypeName="quiet", eventVariables={"ip": "10.0.0.1"})),
        "ConflictException",
        (
            "The event type 'quiet' has eventIngestion DISABLED; enable it with PutEventType to "
            "store events."
        ),
        unchanged=store,
    )
    fd.put_event_type(
        name="quiet",
        eventVariables=["ip"],
        entityTypes=["customer"],
        eventIngestion="ENABLED",
    )
    send(fd, eventTypeName="quiet", eventVariables={"ip": "10.0.0.1"})
    assert get_event(fd, event_type="quiet")["eventVariables"] == {"ip": "10.0.0.1"}


def test_input_is_checked_before_the_state_of_the_event_type(fd: Any, store: Store) -> None:
    """Our order [I]: a bad request is a ValidationException even on a DISABLED event type."""
    refused(
        lambda: fd.send_event(**_send(eventTypeName="quiet", eventVariables={"email": "a@b.c"})),
        "ValidationException",
        "The event type 'quiet' has no event variables email.",
        unchanged=store,
    )


# --- GetEvent -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "event_id", "message"),
    [
        ("nope", "e1", "The event type 'nope' does not exist."),
        ("signup", "e2", "The event 'e2' of event type 'signup' is not stored."),
        ("quiet", "e1", "The event 'e1' of event type 'quiet' is not stored."),
    ],
)
def test_get_event_not_found(
    fd: Any, store: Store, event_type: str, event_id: str, message: str
) -> None:
    """A missing event type or event → ResourceNotFoundException."""
    send(fd)
    refused(
        lambda: fd.get_event(eventId=event_id, eventTypeName=event_type),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


# --- UpdateEventLabel ---------------------------------------------------------------------------


def test_update_event_label(fd: Any, store: Store) -> None:
    """UpdateEventLabel relabels a stored event and answers `{}`; the size and the label
    count of the statistics follow; lastUpdatedTime moves."""
    send(fd, assignedLabel="legit", labelTimestamp=TIMESTAMP)
    advance(60)
    response = fd.update_event_label(
        eventId="e1",
        eventTypeName="signup",
        assignedLabel="fraud",
        labelTimestamp="2024/02/05 9:00:00 AM",
    )
    assert without_metadata(response) == {}
    event = get_event(fd)
    assert event == {
        "eventId": "e1",
        "eventTypeName": "signup",
        "eventTimestamp": TIMESTAMP,
        "eventVariables": VARIABLES,
        "currentLabel": "fraud",
        "labelTimestamp": "2024/02/05 9:00:00 AM",
        "entities": CUSTOMER,
    }
    statistics = stats(fd)
    assert (statistics["eventDataSizeInBytes"], statistics["lastUpdatedTime"]) == (
        size_of(event),
        LATER,
    )
    assert store.event_statistics["signup"].labels == {"fraud": 1}


def test_update_label_of_an_event_without_one(fd: Any) -> None:
    send(fd)
    fd.update_event_label(
        eventId="e1", eventTypeName="signup", assignedLabel="legit", labelTimestamp=TIMESTAMP
    )
    assert get_event(fd)["currentLabel"] == "legit"


@pytest.mark.parametrize(
    ("members", "error", "message"),
    [
        (
            {"eventTypeName": "nope"},
            "ResourceNotFoundException",
            "The event type 'nope' does not exist.",
        ),
        (
            {"eventId": "e2"},
            "ResourceNotFoundException",
            "The event 'e2' of event type 'signup' is not stored.",
        ),
        (
            {"assignedLabel": "other"},
            "ValidationException",
            "The label 'other' is not a label of the event type 'signup'.",
        ),
        (
            {"labelTimestamp": "2024-02-01T10:00:00.000Z"},
            "ValidationException",
            "The labelTimestamp '2024-02-01T10:00:00.000Z' is not valid: it is not in one of the "
            "forms " + TIMESTAMP_FORMS + ".",
        ),
    ],
    ids=["type", "event", "label", "timestamp"],
)
def test_update_event_label_refused(
    fd: Any, store: Store, members: dict[str, str], error: str, message: str
) -> None:
    """Missing event → RNF; label not in the event type → ValidationException [I];
    labelTimestamp in the documented forms."""
    send(fd, assignedLabel="legit", labelTimestamp=TIMESTAMP)
    params = {
        "eventId": "e1",
        "eventTypeName": "signup",
        "assignedLabel": "fraud",
        "labelTimestamp": TIMESTAMP,
        **members,
    }
    refused(lambda: fd.update_event_label(**params), error, message, unchanged=store)


# --- DeleteEvent --------------------------------------------------------------------------------


def test_delete_event(fd: Any, store: Store) -> None:
    """DeleteEvent removes the stored event; the statistics follow."""
    send(fd, "e1", assignedLabel="fraud", labelTimestamp=TIMESTAMP)
    send(fd, "e2", eventTimestamp="2024-02-02T10:00:00Z")
    advance(60)
    assert without_metadata(fd.delete_event(eventId="e1", eventTypeName="signup")) == {}
    with pytest.raises(fd.exceptions.ResourceNotFoundException):
        get_event(fd, "e1")
    assert stats(fd) == {
        "numberOfEvents": 1,
        "eventDataSizeInBytes": size_of(get_event(fd, "e2")),
        "leastRecentEvent": "2024-02-02T10:00:00.000Z",
        "mostRecentEvent": "2024-02-02T10:00:00.000Z",
        "lastUpdatedTime": LATER,
    }
    assert store.event_statistics["signup"].labels == {}


@pytest.mark.parametrize(("event_type", "event_id"), [("signup", "e2"), ("nope", "e1")])
def test_delete_event_is_idempotent(fd: Any, store: Store, event_type: str, event_id: str) -> None:
    """DeleteEvent models no RNF; a missing event or event type answers `{}` [I]
    and changes nothing."""
    send(fd)
    before = snapshot(store)
    response = fd.delete_event(eventId=event_id, eventTypeName=event_type)
    assert without_metadata(response) == {}
    assert snapshot(store) == before


def _prediction(event_id: str, event_type: str = "signup") -> Prediction:
    return Prediction(
        sequence=0,
        event_id=event_id,
        event_type_name=event_type,
        event_timestamp=TIMESTAMP,
        prediction_timestamp=NOW,
        detector_id="detector",
        detector_version_id="1",
        detector_version_status="ACTIVE",
        rule_execution_mode="FIRST_MATCHED",
        entity_type="customer",
        entity_id="c-1",
    )


@pytest.mark.parametrize(
    ("audit", "left"),
    [
        (True, [("e2", "signup"), ("e1", "quiet")]),
        (False, [("e1", "signup"), ("e2", "signup"), ("e1", "quiet"), ("e1", "signup")]),
        (None, [("e1", "signup"), ("e2", "signup"), ("e1", "quiet"), ("e1", "signup")]),
    ],
)
def test_delete_audit_history(
    fd: Any, store: Store, audit: bool | None, left: list[tuple[str, str]]
) -> None:
    """`deleteAuditHistory=true` also removes the event's prediction history (every
    record of that event id and event type), and only then."""
    send(fd)
    for event_id, event_type in [
        ("e1", "signup"),
        ("e2", "signup"),
        ("e1", "quiet"),
        ("e1", "signup"),
    ]:
        record(store, _prediction(event_id, event_type))
    members = {} if audit is None else {"deleteAuditHistory": audit}
    fd.delete_event(eventId="e1", eventTypeName="signup", **members)
    assert [(p.event_id, p.event_type_name) for p in store.predictions] == left


def test_delete_audit_history_of_an_event_never_stored(fd: Any, store: Store) -> None:
    """Our decision [I]: the history goes even when the event was not stored (ingestion DISABLED
    at prediction time), as the console's "Search past predictions" deletes both."""
    record(store, _prediction("e9", "quiet"))
    fd.delete_event(eventId="e9", eventTypeName="quiet", deleteAuditHistory=True)
    assert store.predictions == []


# --- ingestedEventStatistics --------------------------------------------------------------------


def test_statistics_follow_the_events(fd: Any) -> None:
    """numberOfEvents, eventDataSizeInBytes (our measure [I]: the UTF-8 bytes of each
    GetEvent `event` as compact JSON), the oldest and newest event timestamps, and when the
    statistics last changed (the backend clock)."""
    assert stats(fd) == {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": NOW}
    send(fd, "e1", eventTimestamp="2024-02-02T10:00:00Z")
    advance(60)
    send(
        fd,
        "e2",
        eventTimestamp="01/15/2024 08:00:00",
        eventVariables={"email": 'é "quoted" \\ €'},
        assignedLabel="fraud",
        labelTimestamp=TIMESTAMP,
    )
    send(fd, "e3", eventTimestamp="2024/03/01 11:00:00 PM")
    sizes = [size_of(get_event(fd, event_id)) for event_id in ("e1", "e2", "e3")]
    assert stats(fd) == {
        "numberOfEvents": 3,
        "eventDataSizeInBytes": sum(sizes),
        "leastRecentEvent": "2024-01-15T08:00:00.000Z",
        "mostRecentEvent": "2024-03-01T23:00:00.000Z",
        "lastUpdatedTime": LATER,
    }
    fd.delete_event(eventId="e2", eventTypeName="signup")
    fd.delete_event(eventId="e3", eventTypeName="signup")
    assert stats(fd) == {
        "numberOfEvents": 1,
        "eventDataSizeInBytes": sizes[0],
        "leastRecentEvent": "2024-02-02T10:00:00.000Z",
        "mostRecentEvent": "2024-02-02T10:00:00.000Z",
        "lastUpdatedTime": LATER,
    }
    fd.delete_event(eventId="e1", eventTypeName="signup")
    assert stats(fd) == {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": LATER}


def test_statistics_of_other_event_types_stay(fd: Any) -> None:
    """Statistics are per event type."""
    send(fd)
    assert stats(fd, "quiet") == {
        "numberOfEvents": 0,
        "eventDataSizeInBytes": 0,
        "lastUpdatedTime": NOW,
    }


# --- DeleteEventsByEventType and its status --------------------------------------------------


def test_deletion_on_a_frozen_clock_completes_on_the_second_status_read(
    fd: Any, store: Store
) -> None:
    """DeleteEventsByEventType answers `{eventTypeName, eventsDeletionStatus}`; our
    decisions [I]: the events leave at once, the run starts IN_PROGRESS_INITIALIZING, the first
    status read says IN_PROGRESS and the second COMPLETE, so a teardown that polls ends on a
    frozen clock."""
    send(fd, "e1")
    send(fd, "e2")
    response = fd.delete_events_by_event_type(eventTypeName="signup")
    assert without_metadata(response) == {
        "eventTypeName": "signup",
        "eventsDeletionStatus": "IN_PROGRESS_INITIALIZING",
    }
    with pytest.raises(fd.exceptions.ResourceNotFoundException):
        get_event(fd, "e1")
    assert stats(fd) == {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": NOW}
    statuses = [
        without_metadata(fd.get_delete_events_by_event_type_status(eventTypeName="signup"))
        for _ in range(3)
    ]
    assert statuses == [
        {"eventTypeName": "signup", "eventsDeletionStatus": "IN_PROGRESS"},
        {"eventTypeName": "signup", "eventsDeletionStatus": "COMPLETE"},
        {"eventTypeName": "signup", "eventsDeletionStatus": "COMPLETE"},
    ]
    send(fd, "e3")
    assert stats(fd)["numberOfEvents"] == 1


def test_deletion_completes_after_a_minute_on_the_clock(fd: Any, store: Store) -> None:
    """Our decision [I]: the run lasts 60 s of the backend clock, unless polled twice before."""
    send(fd)
    fd.delete_events_by_event_type(eventTypeName="signup")
    advance(59.999)
    refused(lambda: fd.send_event(**_send()), "ConflictException", DELETING, unchanged=store)
    advance(0.001)
    send(fd)
    assert without_metadata(fd.get_delete_events_by_event_type_status(eventTypeName="signup")) == {
        "eventTypeName": "signup",
        "eventsDeletionStatus": "COMPLETE",
    }


def test_while_deleting(fd: Any, store: Store) -> None:
    """While the run goes, events of the type are not stored (SendEvent:
    ConflictException [?]); a second request → ConflictException; DeleteEventType waits
    for COMPLETE [I]; other event types are not affected."""
    send(fd)
    fd.delete_events_by_event_type(eventTypeName="signup")
    for method, params in [
        ("send_event", _send()),
        ("delete_events_by_event_type", {"eventTypeName": "signup"}),
        ("delete_event_type", {"name": "signup"}),
    ]:
        refused(
            partial(getattr(fd, method), **params), "ConflictException", DELETING, unchanged=store
        )
    assert events.ingest(store, "signup", "p1", TIMESTAMP, {"email": "a"}, CUSTOMER) is False
    assert "p1" not in store.events.get("signup", {})
    fd.put_event_type(
        name="quiet", eventVariables=["ip"], entityTypes=["customer"], eventIngestion="ENABLED"
    )
    send(fd, eventTypeName="quiet", eventVariables={"ip": "10.0.0.1"})


def test_delete_again_after_completion(fd: Any) -> None:
    """A completed run can be followed by another (a teardown can be repeated)."""
    fd.delete_events_by_event_type(eventTypeName="signup")
    advance(60)
    send(fd)
    response = fd.delete_events_by_event_type(eventTypeName="signup")
    assert response["eventsDeletionStatus"] == "IN_PROGRESS_INITIALIZING"
    assert stats(fd) == {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": LATER}


@pytest.mark.parametrize(
    ("method", "name", "message"),
    [
        ("delete_events_by_event_type", "nope", "The event type 'nope' does not exist."),
        ("get_delete_events_by_event_type_status", "nope", "The event type 'nope' does not exist."),
        (
            "get_delete_events_by_event_type_status",
            "signup",
            "No deletion of the events of the event type 'signup' has been requested.",
        ),
    ],
)
def test_deletion_not_found(fd: Any, store: Store, method: str, name: str, message: str) -> None:
    """Unknown event type → RNF; our decision [?]: the status of a type whose events
    were never deleted is RNF too (there is no run to report on)."""
    refused(
        lambda: getattr(fd, method)(eventTypeName=name),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


def test_teardown_then_a_new_event_type_of_the_same_name(fd: Any, store: Store) -> None:
    """AWS's teardown: DeleteEventsByEventType, poll until COMPLETE, DeleteEventType. A new event
    type of the same name starts afresh: no run, no statistics [I]."""
    send(fd)
    fd.delete_events_by_event_type(eventTypeName="signup")
    polls = 0
    status = "IN_PROGRESS_INITIALIZING"
    while status != "COMPLETE" and polls < 10:
        polls += 1
        status = fd.get_delete_events_by_event_type_status(eventTypeName="signup")[
            "eventsDeletionStatus"
        ]
    assert (status, polls) == ("COMPLETE", 2)
    fd.delete_event_type(name="signup")
    assert ("signup" in store.event_statistics, "signup" in store.event_deletions) == (False, False)
    advance(60)
    fd.put_event_type(name="signup", eventVariables=["email"], entityTypes=["customer"])
    assert stats(fd) == {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": LATER}
    refused(
        lambda: fd.get_delete_events_by_event_type_status(eventTypeName="signup"),
        "ResourceNotFoundException",
        "No deletion of the events of the event type 'signup' has been requested.",
        unchanged=store,
    )


# --- what stored events hold -------------------------------------------------------------------


def test_event_type_with_stored_events_cannot_be_deleted(fd: Any, store: Store) -> None:
    """DeleteEventType refused while the type has stored events → ConflictException."""
    send(fd, "e1")
    refused(
        lambda: fd.delete_event_type(name="signup"),
        "ConflictException",
        (
            "The event type 'signup' still has 1 stored event; delete them first with "
            "DeleteEventsByEventType or DeleteEvent."
        ),
        unchanged=store,
    )
    send(fd, "e2")
    refused(
        lambda: fd.delete_event_type(name="signup"),
        "ConflictException",
        re.compile("still has 2 stored events;"),
        unchanged=store,
    )
    fd.delete_event(eventId="e1", eventTypeName="signup")
    fd.delete_event(eventId="e2", eventTypeName="signup")
    fd.delete_event_type(name="signup")
    assert "signup" not in store.event_types


def test_label_carried_by_stored_events_cannot_be_deleted(fd: Any, store: Store) -> None:
    """DeleteLabel refused while a stored event carries the label → ConflictException;
    checked before the event types that list the label [I], as those cannot drop a label while
    they have events."""
    send(fd, "e1", assignedLabel="fraud", labelTimestamp=TIMESTAMP)
    refused(
        lambda: fd.delete_label(name="fraud"),
        "ConflictException",
        (
            "The label 'fraud' is carried by stored events of the event types signup; delete those "
            "events first."
        ),
        unchanged=store,
    )
    fd.update_event_label(
        eventId="e1", eventTypeName="signup", assignedLabel="legit", labelTimestamp=TIMESTAMP
    )
    refused(
        lambda: fd.delete_label(name="fraud"),
        "ConflictException",
        "The label 'fraud' is used by event types: signup, quiet.",
        unchanged=store,
    )


# --- ingest: the event store of GetEventPrediction ---------------------------------------------


def test_ingest_stores_like_send_event(fd: Any, store: Store) -> None:
    """On prediction, an event type with ingestion ENABLED stores the scored event, without a
    label; GetEventPrediction's timestamps may carry a fraction of a second."""
    with store.lock:
        stored = events.ingest(
            store, "signup", "p1", "2024-02-01T10:00:00.123Z", {"email": "a@b.c"}, CUSTOMER
        )
    assert stored is True
    assert get_event(fd, "p1") == {
        "eventId": "p1",
        "eventTypeName": "signup",
        "eventTimestamp": "2024-02-01T10:00:00.123Z",
        "eventVariables": {"email": "a@b.c"},
        "entities": CUSTOMER,
    }
    assert stats(fd)["mostRecentEvent"] == "2024-02-01T10:00:00.123Z"


def test_ingest_keeps_the_label_of_the_event_it_replaces(fd: Any, store: Store) -> None:
    """Our decision [I]: a prediction of a stored event id replaces its data but keeps its label
    (a prediction carries no label; it does not remove one)."""
    send(fd, assignedLabel="fraud", labelTimestamp=TIMESTAMP)
    events.ingest(store, "signup", "e1", "2024-02-09T10:00:00Z", {"email": "z@b.c"}, CUSTOMER)
    event = get_event(fd)
    assert (event["eventVariables"], event["currentLabel"], stats(fd)["numberOfEvents"]) == (
        {"email": "z@b.c"},
        "fraud",
        1,
    )
    assert stats(fd)["eventDataSizeInBytes"] == size_of(event)


def test_ingest_cuts_values_to_what_get_event_returns(fd: Any, store: Store) -> None:
    """Our decision [I]: GetEventPrediction takes values up to 8192 characters, GetEvent returns
    at most 256 (UTF-16 units): a stored event keeps the first 256, never half a surrogate pair."""
    variables = {"email": "y" * 300, "amount": "a" + "\U0001f600" * 200}
    events.ingest(store, "signup", "p1", TIMESTAMP, variables, CUSTOMER)
    assert get_event(fd, "p1")["eventVariables"] == {
        "email": "y" * 256,
        "amount": "a" + "\U0001f600" * 127,
    }


@pytest.mark.parametrize("event_type", ["quiet", "nope"])
def test_ingest_stores_nothing_without_ingestion(fd: Any, store: Store, event_type: str) -> None:
    """Nothing is stored for an event type with ingestion DISABLED (or none)."""
    before = snapshot(store)
    assert events.ingest(store, event_type, "p1", TIMESTAMP, {"ip": "1"}, CUSTOMER) is False
    assert snapshot(store) == before


# --- the timestamp parser -----------------------------------------------------------------------


def test_parser_answers_aware_utc_datetimes() -> None:
    parsed = parse_event_timestamp("11/30/19 1:01:01 PM")
    assert (parsed, parsed.tzinfo) == (datetime(2019, 11, 30, 13, 1, 1, tzinfo=UTC), UTC)


@pytest.mark.parametrize(
    "text",
    ["\uff12\uff10\uff12\uff14-03-01T09:30:00Z", "2024-03-01T09:30:00z", " 2024/03/01 1:00:00"],
)
def test_parser_refuses_near_misses(text: str) -> None:
    """Digits are ASCII digits; the `Z` is upper case; no surrounding blanks."""
    with pytest.raises(ValueError, match="not in one of the forms"):
        parse_event_timestamp(text)


def test_deleting_the_events_of_a_type_frees_its_labels(fd: Any, store: Store) -> None:
    """After DeleteEventsByEventType no stored event carries the label; DeleteLabel is then
    held only by the event types that list it."""
    send(fd, assignedLabel="fraud", labelTimestamp=TIMESTAMP)
    fd.delete_events_by_event_type(eventTypeName="signup")
    refused(
        lambda: fd.delete_label(name="fraud"),
        "ConflictException",
        "The label 'fraud' is used by event types: signup, quiet.",
        unchanged=store,
    )


_TEXT = st.text(min_size=1, max_size=12)


@given(
    variables=st.dictionaries(_TEXT, _TEXT, max_size=4),
    entities=st.lists(st.tuples(_TEXT, _TEXT), max_size=3),
    label=st.none() | st.tuples(_TEXT, _TEXT),
    names=st.tuples(_TEXT, _TEXT, _TEXT),
)
def test_event_size_is_the_utf8_length_of_the_json(
    variables: dict[str, str],
    entities: list[tuple[str, str]],
    label: tuple[str, str] | None,
    names: tuple[str, str, str],
) -> None:
    """Our measure of eventDataSizeInBytes [I], counted without building the JSON: equal to
    `len(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode())` for any text,
    escapes and characters outside the BMP included."""
    event = StoredEvent(
        event_id=names[0],
        event_type_name=names[1],
        event_timestamp=names[2],
        variables=variables,
        entities=[{"entityType": kind, "entityId": key} for kind, key in entities],
        label=None if label is None else label[0],
        label_timestamp=None if label is None else label[1],
    )
    assert event_size(event) == size_of(event.to_event())


def _surrogate(member: str, position: int) -> str:
    return (
        f"The {member} is not valid Unicode: it holds an unpaired UTF-16 surrogate "
        f"(\\ud800 at character {position}); send whole characters, or surrogates in pairs."
    )


def test_send_event_refuses_an_unpaired_surrogate_in_a_value(fd: Any, store: Store) -> None:
    """JSON can carry "\\ud800" alone; an event is stored and sized as UTF-8, which has no form
    for it: ValidationException naming the variable, nothing stored (docs/behaviour.md,
    "Stored events")."""
    refused(
        lambda: send(fd, eventVariables={**VARIABLES, "email": "a\ud800@example.com"}),
        "ValidationException",
        _surrogate("value of the event variable 'email'", 2),
        unchanged=store,
    )
    assert store.events.get("signup", {}) == {}


def test_send_event_refuses_an_unpaired_surrogate_sent_raw(fd: Any, store: Store) -> None:
    """The same through the raw JSON path (a body no SDK writes), for a value and a name."""

    def raw(variables: str) -> Any:
        body = (
            '{"eventId": "e1", "eventTypeName": "signup", "eventTimestamp": "' + TIMESTAMP
            + '", "entities": [{"entityType": "customer", "entityId": "c-1"}], '
            + '"eventVariables": ' + variables + "}"
        )  # fmt: skip
        return service.answer(
            get_backend(), "AWSHawksNestServiceFacade.SendEvent", body, "us-east-1"
        )

    before = snapshot(store)
    reply = raw('{"email": "\\udc00"}')
    assert (reply.status, reply.error.code if reply.error else None) == (400, "ValidationException")
    assert reply.error is not None
    assert reply.error.message == _surrogate("value of the event variable 'email'", 1).replace(
        "ud800", "udc00"
    )
    reply = raw('{"em\\ud800ail": "x"}')
    assert reply.error is not None
    assert reply.error.message == _surrogate("name of an event variable", 3)
    assert snapshot(store) == before
