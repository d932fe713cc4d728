"""Lists: CreateList, UpdateList, GetListElements, GetListsMetadata, DeleteList
(docs/behaviour.md, "Lists", "Resources", "Pagination")."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW

LATER = "2024-03-01T09:35:00.250Z"
ARN = "arn:aws:frauddetector:us-east-1:123456789012:list/"


def elements(client: Any, name: str) -> list[str]:
    result: list[str] = client.get_list_elements(name=name)["elements"]
    return result


def metadata(client: Any, name: str) -> dict[str, Any]:
    (item,) = client.get_lists_metadata(name=name)["lists"]
    result: dict[str, Any] = item
    return result


def later() -> None:
    get_backend().clock.advance(minutes=5)


# CreateList


def test_create_then_read(client: Any, store: Store) -> None:
    response = client.create_list(
        name="deny_emails",
        elements=["b@example.com", "a@example.com"],
        variableType="EMAIL_ADDRESS",
        description="known fraudsters",
        tags=[{"key": "team", "value": "risk"}],
    )
    assert set(response) == {"ResponseMetadata"}
    assert metadata(client, "deny_emails") == {
        "name": "deny_emails",
        "description": "known fraudsters",
        "variableType": "EMAIL_ADDRESS",
        "createdTime": NOW,
        "updatedTime": NOW,  # not lastUpdatedTime
        "arn": ARN + "deny_emails",
    }
    assert elements(client, "deny_emails") == ["a@example.com", "b@example.com"]
    assert store.lists["deny_emails"].tags == {"team": "risk"}


def test_create_with_only_a_name(client: Any) -> None:
    client.create_list(name="empty")
    assert metadata(client, "empty") == {
        "name": "empty",
        "createdTime": NOW,
        "updatedTime": NOW,
        "arn": ARN + "empty",
    }
    assert elements(client, "empty") == []


def test_duplicates_are_stored_once_keeping_the_first(client: Any, store: Store) -> None:
    """Entries are unique; a duplicate is stored once."""
    client.create_list(name="ips", elements=["10.0.0.2", "10.0.0.1", "10.0.0.2", "10.0.0.3"])
    assert list(store.lists["ips"].elements) == ["10.0.0.2", "10.0.0.1", "10.0.0.3"]
    assert elements(client, "ips") == ["10.0.0.1", "10.0.0.2", "10.0.0.3"]


def test_create_existing_name(client: Any, store: Store) -> None:
    """A repeated Create fails; CreateList models only ValidationException."""
    client.create_list(name="deny", elements=["x"])
    refused(
        lambda: client.create_list(name="deny", elements=["y"]),
        "ValidationException",
        "The list 'deny' already exists.",
        unchanged=store,
    )


@pytest.mark.parametrize("variable_type", ["NUMERIC", "PRICE", "ARE_CREDENTIALS_VALID", "NOPE"])
def test_create_with_a_variable_type_that_is_not_text(
    client: Any, store: Store, variable_type: str
) -> None:
    """Only variable types whose data type is STRING may be assigned to a list."""
    refused(
        lambda: client.create_list(name="l", variableType=variable_type),
        "ValidationException",
        (
            f"The variable type '{variable_type}' cannot be used for a list: a list takes a "
            "variable type whose data type is STRING."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize("variable_type", ["IP_ADDRESS", "FREE_FORM_TEXT", "CATEGORICAL"])
def test_create_with_a_text_variable_type(client: Any, variable_type: str) -> None:
    client.create_list(name="l", variableType=variable_type)
    assert metadata(client, "l")["variableType"] == variable_type


def test_quota_of_100_lists(client: Any, store: Store) -> None:
    """100 lists per account (AWS: "Amazon Fraud Detector endpoints and quotas")."""
    for i in range(100):
        client.create_list(name=f"list_{i:03d}")
    refused(
        lambda: client.create_list(name="one_more"),
        "ValidationException",
        "The quota of 100 lists per account and region has been reached.",
        unchanged=store,
    )


def test_at_most_100000_entries(client: Any, store: Store) -> None:
    """Up to 100,000 entries; the shape bounds the request, duplicates count once."""
    many = [f"e{i}" for i in range(100_000)]
    client.create_list(name="full", elements=[*many[:-1], "e0"])  # 100,000 with a repeat
    assert len(store.lists["full"].elements) == 99_999
    refused(
        lambda: client.create_list(name="big", elements=[*many, "x"]),
        "ValidationException",
        re.compile("Member must have length less than or equal to 100000"),
        unchanged=store,
    )


# UpdateList


@pytest.mark.parametrize(
    ("mode", "given", "expected"),
    [
        ("APPEND", ["c", "a", "d", "d"], ["a", "b", "c", "d"]),
        ("REMOVE", ["a", "zzz"], ["b", "c"]),  # absent entries are ignored
        ("REPLACE", ["y", "x", "y"], ["x", "y"]),
        ("REPLACE", [], []),  # an empty REPLACE clears the list
    ],
)
def test_update_modes(
    client: Any, store: Store, mode: str, given: list[str], expected: list[str]
) -> None:
    """APPEND is a union, REMOVE deletes, REPLACE swaps the whole content."""
    client.create_list(name="l", elements=["b", "a", "c"])
    later()
    response = client.update_list(name="l", updateMode=mode, elements=given)
    assert set(response) == {"ResponseMetadata"}
    assert elements(client, "l") == expected
    assert metadata(client, "l") == {
        "name": "l",
        "createdTime": NOW,
        "updatedTime": LATER,
        "arn": ARN + "l",
    }


def test_append_keeps_insertion_order(client: Any, store: Store) -> None:
    client.create_list(name="l", elements=["b", "a"])
    client.update_list(name="l", updateMode="APPEND", elements=["c", "a", "0"])
    assert list(store.lists["l"].elements) == ["b", "a", "c", "0"]


def test_update_missing_list(client: Any, store: Store) -> None:
    refused(
        lambda: client.update_list(name="absent", updateMode="APPEND", elements=["x"]),
        "ResourceNotFoundException",
        "The list 'absent' does not exist.",
        unchanged=store,
    )


def test_elements_without_update_mode(client: Any, store: Store) -> None:
    """Elements must come with the mode that says how to apply them."""
    client.create_list(name="l", elements=["a"])
    refused(
        lambda: client.update_list(name="l", elements=["b"]),
        "ValidationException",
        "The elements for the list 'l' come without an updateMode; give APPEND, REPLACE or REMOVE.",
        unchanged=store,
    )


@pytest.mark.parametrize("mode", ["APPEND", "REPLACE", "REMOVE"])
def test_update_mode_without_elements_changes_no_entry(client: Any, mode: str) -> None:
    """Our choice where AWS is silent (docs/behaviour.md, "Lists"): a mode with nothing to apply
    leaves the entries alone."""
    client.create_list(name="l", elements=["a", "b"])
    later()
    client.update_list(name="l", updateMode=mode, description="touched")
    assert elements(client, "l") == ["a", "b"]
    assert metadata(client, "l")["description"] == "touched"
    assert metadata(client, "l")["updatedTime"] == LATER


def test_description_is_replaced_only_when_given(client: Any) -> None:
    client.create_list(name="l", description="first")
    client.update_list(name="l", updateMode="APPEND", elements=["a"])
    assert metadata(client, "l")["description"] == "first"
    client.update_list(name="l", description="second")
    assert metadata(client, "l")["description"] == "second"


def test_variable_type_is_set_once(client: Any, store: Store) -> None:
    """A variable type can be set later but never changed once set."""
    client.create_list(name="l")
    client.update_list(name="l", variableType="IP_ADDRESS")
    assert metadata(client, "l")["variableType"] == "IP_ADDRESS"
    client.update_list(name="l", variableType="IP_ADDRESS")  # the same again is no change
    refused(
        lambda: client.update_list(name="l", variableType="USERAGENT"),
        "ValidationException",
        "The variable type of the list 'l' is already IP_ADDRESS and cannot change.",
        unchanged=store,
    )


def test_update_with_a_variable_type_that_is_not_text(client: Any, store: Store) -> None:
    client.create_list(name="l")
    refused(
        lambda: client.update_list(name="l", variableType="PRICE"),
        "ValidationException",
        re.compile(r"^The variable type 'PRICE' cannot be used for a list"),
        unchanged=store,
    )


def test_a_failed_update_changes_nothing(client: Any, store: Store) -> None:
    """A refused variable type must not let the elements or description of the call through."""
    client.create_list(name="l", variableType="IP_ADDRESS", elements=["a"])
    refused(
        lambda: client.update_list(
            name="l",
            variableType="USERAGENT",
            updateMode="REPLACE",
            elements=["b"],
            description="new",
        ),
        "ValidationException",
        unchanged=store,
    )
    assert elements(client, "l") == ["a"]


def test_size_after_update(client: Any, store: Store) -> None:
    """More than 100,000 entries after the update is refused; repeats do not count."""
    client.create_list(name="l", elements=[f"e{i}" for i in range(100_000)])
    client.update_list(name="l", updateMode="APPEND", elements=["e0", "e99999"])
    refused(
        lambda: client.update_list(name="l", updateMode="APPEND", elements=["new"]),
        "ValidationException",
        "The list 'l' would have 100,001 entries; a list holds at most 100,000.",
        unchanged=store,
    )
    client.update_list(name="l", updateMode="REMOVE", elements=["e0"])
    client.update_list(name="l", updateMode="APPEND", elements=["new"])
    assert len(store.lists["l"].elements) == 100_000


# GetListElements


def test_elements_of_a_missing_list(client: Any, store: Store) -> None:
    refused(
        lambda: client.get_list_elements(name="absent"),
        "ResourceNotFoundException",
        "The list 'absent' does not exist.",
        unchanged=store,
    )


def walk(client: Any, **params: Any) -> list[list[str]]:
    pages, token = [], None
    while True:
        response = client.get_list_elements(**params, **({"nextToken": token} if token else {}))
        pages.append(response["elements"])
        token = response.get("nextToken")
        if token is None:
            return pages


def test_element_pages(client: Any) -> None:
    """Pages of 5000 by default (the top of 500-5000), in sorted order."""
    entries = [f"entry_{i:05d}" for i in range(12_000)]
    client.create_list(name="l", elements=list(reversed(entries)))
    pages = walk(client, name="l")
    assert [len(page) for page in pages] == [5000, 5000, 2000]
    assert [e for page in pages for e in page] == entries
    small = walk(client, name="l", maxResults=500)
    assert len(small) == 24
    assert [e for page in small for e in page] == entries


def test_a_page_walk_sees_entries_added_meanwhile_in_their_place(client: Any) -> None:
    client.create_list(name="l", elements=[f"e{i:04d}" for i in range(700)])
    first = client.get_list_elements(name="l", maxResults=500)
    client.update_list(name="l", updateMode="APPEND", elements=["a", "zzz"])
    rest = client.get_list_elements(name="l", maxResults=500, nextToken=first["nextToken"])
    assert rest["elements"] == [f"e{i:04d}" for i in range(500, 700)] + ["zzz"]
    assert "nextToken" not in rest


def test_element_page_size_above_range(client: Any, store: Store) -> None:
    """maxResults 500-5000; botocore itself refuses below 500, the server above 5000."""
    client.create_list(name="l")
    refused(
        lambda: client.get_list_elements(name="l", maxResults=5001),
        "ValidationException",
        re.compile("Member must have value less than or equal to 5000"),
        unchanged=store,
    )


def test_element_token_belongs_to_its_list(client: Any, store: Store) -> None:
    client.create_list(name="a", elements=[f"e{i}" for i in range(501)])
    client.create_list(name="b", elements=[f"e{i}" for i in range(501)])
    token = client.get_list_elements(name="a", maxResults=500)["nextToken"]
    refused(
        lambda: client.get_list_elements(name="b", nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
        unchanged=store,
    )


# GetListsMetadata


def test_metadata_of_a_missing_list(client: Any, store: Store) -> None:
    refused(
        lambda: client.get_lists_metadata(name="absent"),
        "ResourceNotFoundException",
        "The list 'absent' does not exist.",
        unchanged=store,
    )


def test_metadata_pages_in_name_order(client: Any) -> None:
    """Default page 50 (top of 5-50), name order."""
    names = [f"list_{i:02d}" for i in range(60)]
    for name in reversed(names):
        client.create_list(name=name)
    first = client.get_lists_metadata()
    assert [item["name"] for item in first["lists"]] == names[:50]
    second = client.get_lists_metadata(nextToken=first["nextToken"])
    assert [item["name"] for item in second["lists"]] == names[50:]
    assert "nextToken" not in second
    small = client.get_lists_metadata(maxResults=5)
    assert [item["name"] for item in small["lists"]] == names[:5]


def test_empty_listing(client: Any) -> None:
    response = client.get_lists_metadata()
    assert response["lists"] == []
    assert "nextToken" not in response


def test_metadata_page_size_above_range(client: Any, store: Store) -> None:
    refused(
        lambda: client.get_lists_metadata(maxResults=51),
        "ValidationException",
        re.compile("Member must have value less than or equal to 50"),
        unchanged=store,
    )


def test_lists_are_per_region(client: Any) -> None:
    client.create_list(name="l")
    other = boto3.client("frauddetector", region_name="eu-west-1")
    assert other.get_lists_metadata()["lists"] == []


# DeleteList


def test_delete_and_delete_again(client: Any) -> None:
    """A delete of something absent succeeds (docs/behaviour.md, "Resources")."""
    client.create_list(name="a")
    client.create_list(name="b")
    assert set(client.delete_list(name="a")) == {"ResponseMetadata"}
    assert [item["name"] for item in client.get_lists_metadata()["lists"]] == ["b"]
    assert set(client.delete_list(name="a")) == {"ResponseMetadata"}
    client.create_list(name="a")  # the name is free again


def rule_set_up(client: Any) -> None:
    client.create_variable(
        name="email",
        dataType="STRING",
        dataSource="EVENT",
        defaultValue="",
        variableType="EMAIL_ADDRESS",
    )
    client.put_entity_type(name="customer")
    client.put_event_type(name="signup", eventVariables=["email"], entityTypes=["customer"])
    client.put_detector(detectorId="det", eventTypeName="signup")
    client.put_outcome(name="review")


def test_delete_a_list_that_rules_use(client: Any, store: Store) -> None:
    """A list used by a rule cannot be deleted (ConflictException)."""
    rule_set_up(client)
    client.create_list(name="deny", elements=["x@example.com"])
    for rule_id in ("r_one", "r_two"):
        client.create_rule(
            ruleId=rule_id,
            detectorId="det",
            expression="$email in @deny",
            language="DETECTORPL",
            outcomes=["review"],
        )
    client.update_rule_version(
        rule={"detectorId": "det", "ruleId": "r_two", "ruleVersion": "1"},
        expression='$email == "a"',
        language="DETECTORPL",
        outcomes=["review"],
    )
    refused(
        lambda: client.delete_list(name="deny"),
        "ConflictException",
        "The list 'deny' is used by rule versions: det/r_one/1, det/r_two/1.",
        unchanged=store,
    )
    for rule_id in ("r_one", "r_two"):
        client.delete_rule(rule={"detectorId": "det", "ruleId": rule_id, "ruleVersion": "1"})
    client.delete_list(name="deny")
    assert client.get_lists_metadata()["lists"] == []
