"""Event types: PutEventType, GetEventTypes, DeleteEventType (docs/behaviour.md, "Event types",
"Resources", "Pagination").

The in-use rules of DeleteEventType are in test_in_use.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW

ARN = "arn:aws:frauddetector:us-east-1:123456789012:event-type/"
LATER = "2024-03-01T09:35:00.250Z"


@pytest.fixture
def fd(client: Any) -> Any:
    """A client whose account already holds the variables, labels and entity types used here."""
    client.batch_create_variable(
        variableEntries=[
            {"name": n, "dataType": "STRING", "dataSource": "EVENT", "defaultValue": ""}
            for n in ("email", "ip", "phone")
        ]
        + [
            {
                "name": "score",
                "dataType": "FLOAT",
                "dataSource": "EXTERNAL_MODEL_SCORE",
                "defaultValue": "0.0",
            }
        ]
    )
    for label in ("fraud", "legit", "review"):
        client.put_label(name=label)
    for entity_type in ("customer", "merchant"):
        client.put_entity_type(name=entity_type)
    return client


def put(client: Any, name: str = "signup", **members: Any) -> Any:
    params = {"eventVariables": ["email"], "entityTypes": ["customer"], **members}
    return client.put_event_type(name=name, **params)


def stats(created: str = NOW) -> dict[str, Any]:
    return {"numberOfEvents": 0, "eventDataSizeInBytes": 0, "lastUpdatedTime": created}


def summary(name: str = "signup", **members: Any) -> dict[str, Any]:
    return {
        "name": name,
        "eventVariables": ["email"],
        "labels": [],
        "entityTypes": ["customer"],
        "eventIngestion": "ENABLED",
        "ingestedEventStatistics": stats(),
        "lastUpdatedTime": NOW,
        "createdTime": NOW,
        "arn": ARN + name,
        **members,
    }


def get(client: Any, name: str = "signup") -> dict[str, Any]:
    items = client.get_event_types(name=name)["eventTypes"]
    assert len(items) == 1
    item: dict[str, Any] = items[0]
    return item


# --- PutEventType: creation -----------------------------------------------------------------


def test_put_then_get(fd: Any, store: Store) -> None:
    """The fields, the ARN `event-type/<name>`; Put answers `{}`."""
    response = put(
        fd,
        description="new accounts",
        eventVariables=["ip", "email"],
        labels=["legit", "fraud"],
        entityTypes=["customer", "merchant"],
        eventIngestion="DISABLED",
        eventOrchestration={"eventBridgeEnabled": True},
        tags=[{"key": "team", "value": "risk"}],
    )
    assert set(response) == {"ResponseMetadata"}
    assert fd.get_event_types(name="signup")["eventTypes"] == [
        {
            "name": "signup",
            "description": "new accounts",
            "eventVariables": ["ip", "email"],
            "labels": ["legit", "fraud"],
            "entityTypes": ["customer", "merchant"],
            "eventIngestion": "DISABLED",
            "ingestedEventStatistics": {
                "numberOfEvents": 0,
                "eventDataSizeInBytes": 0,
                "lastUpdatedTime": NOW,
            },
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": ARN + "signup",
            "eventOrchestration": {"eventBridgeEnabled": True},
        }
    ]
    assert store.event_types["signup"].tags == {"team": "risk"}


def test_defaults_of_a_minimal_event_type(fd: Any) -> None:
    """eventIngestion defaults to ENABLED (our decision, docs/behaviour.md, "Event types"); no
    description and no eventOrchestration are omitted; labels are optional."""
    put(fd)
    assert get(fd) == summary()


def test_eventbridge_disabled_is_returned(fd: Any) -> None:
    put(fd, eventOrchestration={"eventBridgeEnabled": False})
    assert get(fd)["eventOrchestration"] == {"eventBridgeEnabled": False}


def test_repeated_names_in_a_list_count_once(fd: Any) -> None:
    put(fd, eventVariables=["email", "ip", "email"], labels=["fraud", "fraud"])
    item = get(fd)
    assert (item["eventVariables"], item["labels"]) == (["email", "ip"], ["fraud"])


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"eventVariables": ["email", "nope", "gone"]},
            "The event type refers to variables that do not exist: nope, gone.",
        ),
        (
            {"labels": ["fraud", "nope"]},
            "The event type refers to labels that do not exist: nope.",
        ),
        (
            {"entityTypes": ["customer", "nope"]},
            "The event type refers to entity types that do not exist: nope.",
        ),
        (
            {"eventVariables": ["score", "email"]},
            "Only variables with data source EVENT can be event variables; not: score.",
        ),
    ],
)
def test_put_refused(fd: Any, store: Store, members: dict[str, Any], message: str) -> None:
    """Every reference must exist (ValidationException: PutEventType models no RNF);
    event variables must have data source EVENT."""
    refused(lambda: put(fd, **members), "ValidationException", message, unchanged=store)


def test_quota(fd: Any, store: Store) -> None:
    """100 event types per account and region (AWS user guide: "Quotas"); updating one still
    works at the quota."""
    for i in range(100):
        put(fd, f"type_{i:03d}")
    refused(
        lambda: put(fd, "one_too_many"),
        "ValidationException",
        "The quota of 100 event types per account and region has been reached.",
        unchanged=store,
    )
    put(fd, "type_000", eventVariables=["email", "ip"])
    assert get(fd, "type_000")["eventVariables"] == ["email", "ip"]


# --- PutEventType: update -------------------------------------------------------------------


def test_update_adds_and_keeps_created_time(fd: Any, store: Store) -> None:
    """Variables and labels may be added; entity types are replaced;
    the description is replaced; tags do not change on update."""
    put(
        fd,
        description="first",
        labels=["fraud"],
        tags=[{"key": "team", "value": "risk"}],
    )
    get_backend().clock.advance(minutes=5)
    put(
        fd,
        description="second",
        eventVariables=["email", "phone"],
        labels=["fraud", "legit"],
        entityTypes=["merchant"],
        tags=[{"key": "team", "value": "other"}],
    )
    assert get(fd) == summary(
        description="second",
        eventVariables=["email", "phone"],
        labels=["fraud", "legit"],
        entityTypes=["merchant"],
        lastUpdatedTime=LATER,
    )
    assert store.event_types["signup"].tags == {"team": "risk"}


def test_update_with_omitted_members(fd: Any) -> None:
    """Omitted on update: the description goes (Put replaces the definition, as for labels),
    labels stay (they cannot be removed), eventIngestion and eventOrchestration keep their state."""
    put(
        fd,
        description="first",
        labels=["fraud"],
        eventIngestion="DISABLED",
        eventOrchestration={"eventBridgeEnabled": True},
    )
    get_backend().clock.advance(minutes=5)
    put(fd)
    assert get(fd) == summary(
        labels=["fraud"],
        eventIngestion="DISABLED",
        eventOrchestration={"eventBridgeEnabled": True},
        lastUpdatedTime=LATER,
    )
    put(fd, eventIngestion="ENABLED", eventOrchestration={"eventBridgeEnabled": False})
    item = get(fd)
    assert (item["eventIngestion"], item["eventOrchestration"]) == (
        "ENABLED",
        {"eventBridgeEnabled": False},
    )


def test_statistics_date_from_creation(fd: Any) -> None:
    """ingestedEventStatistics: no stored events yet, so zeros dated at creation."""
    put(fd)
    get_backend().clock.advance(minutes=5)
    put(fd, description="updated")
    assert get(fd)["ingestedEventStatistics"] == stats(NOW)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"eventVariables": ["phone"]},
            "Event variables cannot be removed from the event type 'signup'; missing from the "
            "request: email, ip.",
        ),
        (
            {"eventVariables": ["email", "ip"], "labels": ["legit"]},
            "Labels cannot be removed from the event type 'signup'; missing from the request: "
            "fraud.",
        ),
        (
            {"eventVariables": ["email", "ip"], "labels": []},
            "Labels cannot be removed from the event type 'signup'; missing from the request: "
            "fraud.",
        ),
        (
            {"eventVariables": ["email", "ip", "nope"]},
            "The event type refers to variables that do not exist: nope.",
        ),
    ],
)
def test_update_refused(fd: Any, store: Store, members: dict[str, Any], message: str) -> None:
    """[C] and the user guide: variables and labels cannot be removed from an event type;
    ValidationException (our choice, docs/behaviour.md, "Event types")."""
    put(fd, eventVariables=["email", "ip"], labels=["fraud"])
    get_backend().clock.advance(minutes=5)
    refused(lambda: put(fd, **members), "ValidationException", message, unchanged=store)


# --- GetEventTypes --------------------------------------------------------------------------


def test_get_missing_name(fd: Any) -> None:
    """A named Get of a missing event type → ResourceNotFoundException."""
    refused(
        lambda: fd.get_event_types(name="nope"),
        "ResourceNotFoundException",
        "The event type 'nope' does not exist.",
    )


def test_empty_listing(client: Any) -> None:
    response = client.get_event_types()
    assert response["eventTypes"] == []
    assert "nextToken" not in response


def test_listing_name_order_and_pages(fd: Any) -> None:
    """Name order, default page 10, maxResults 5-10, no nextToken on the last page."""
    names = [f"type_{i:02d}" for i in range(23)]
    for name in reversed(names):
        put(fd, name)
    seen, pages, token = [], [], None
    while True:
        response = fd.get_event_types(**({"nextToken": token} if token else {}))
        pages.append(len(response["eventTypes"]))
        seen += [item["name"] for item in response["eventTypes"]]
        token = response.get("nextToken")
        if token is None:
            break
    assert (pages, seen) == ([10, 10, 3], names)
    first = fd.get_event_types(maxResults=5)
    assert [item["name"] for item in first["eventTypes"]] == names[:5]
    assert first["eventTypes"][0] == summary("type_00")
    with pytest.raises(fd.exceptions.ValidationException):
        fd.get_event_types(maxResults=11)
    refused(
        lambda: fd.get_event_types(maxResults=5, nextToken=first["nextToken"] + "x"),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )


# --- DeleteEventType ------------------------------------------------------------------------


def test_delete_then_delete_again(fd: Any, store: Store) -> None:
    """Deleting a missing event type succeeds (docs/behaviour.md, "Resources")."""
    put(fd, "a")
    put(fd, "b")
    assert set(fd.delete_event_type(name="a")) == {"ResponseMetadata"}
    assert sorted(store.event_types) == ["b"]
    fd.delete_event_type(name="a")
    assert [item["name"] for item in fd.get_event_types()["eventTypes"]] == ["b"]
    with pytest.raises(fd.exceptions.ResourceNotFoundException):
        fd.get_event_types(name="a")
