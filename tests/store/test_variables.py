"""Variables: CreateVariable, BatchCreateVariable, BatchGetVariable, GetVariables, UpdateVariable,
DeleteVariable (docs/behaviour.md, "Variables", "Resources", "Pagination").

The in-use rules of DeleteVariable are in test_in_use.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from frauddetector_mock.store.variable_types import DATA_TYPE_OF
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.snapshot import snapshot

ARN = "arn:aws:frauddetector:us-east-1:123456789012:variable/"
LATER = "2024-03-01T09:35:00.250Z"


def entry(name: str = "email", **members: Any) -> dict[str, Any]:
    return {
        "name": name,
        "dataType": "STRING",
        "dataSource": "EVENT",
        "defaultValue": "<null>",
        **members,
    }


def summary(name: str = "email", **members: Any) -> dict[str, Any]:
    return {
        **entry(name, **members),
        "lastUpdatedTime": NOW,
        "createdTime": NOW,
        "arn": ARN + name,
    }


# --- CreateVariable -------------------------------------------------------------------------


def test_create_then_get(client: Any) -> None:
    """The shape, the ARN `variable/<name>`; Create answers an empty result."""
    response = client.create_variable(
        **entry(description="the buyer's email", variableType="EMAIL_ADDRESS")
    )
    assert set(response) == {"ResponseMetadata"}
    assert client.get_variables(name="email")["variables"] == [
        {
            "name": "email",
            "dataType": "STRING",
            "dataSource": "EVENT",
            "defaultValue": "<null>",
            "description": "the buyer's email",
            "variableType": "EMAIL_ADDRESS",
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": ARN + "email",
        }
    ]


def test_optional_members_are_omitted(client: Any, store: Store) -> None:
    """Members without a value are left out of the answer."""
    members = {"dataSource": "EXTERNAL_MODEL_SCORE", "dataType": "FLOAT", "defaultValue": "0.0"}
    client.create_variable(**entry("score", **members))
    assert client.get_variables(name="score")["variables"] == [summary("score", **members)]
    assert store.variables["score"].tags == {}


def test_tags_are_stored(client: Any, store: Store) -> None:
    client.create_variable(**entry(), tags=[{"key": "team", "value": "risk"}])
    assert store.variables["email"].tags == {"team": "risk"}


@pytest.mark.parametrize(
    ("data_type", "default"),
    [
        ("STRING", ""),  # the console's default for text
        ("STRING", "null"),
        ("STRING", " padded "),
        ("INTEGER", "0"),
        ("INTEGER", "-42"),
        ("FLOAT", "0.0"),
        ("FLOAT", "1e3"),
        ("BOOLEAN", "false"),
        ("BOOLEAN", "True"),
        ("DATETIME", "2024-03-01T09:30:00Z"),
    ],
)
def test_defaults_that_fit_the_data_type(
    client: Any, store: Store, data_type: str, default: str
) -> None:
    """The default must parse as the data type; it is kept exactly as sent."""
    client.create_variable(**entry("v", dataType=data_type, defaultValue=default))
    assert store.variables["v"].default_value == default
    assert client.get_variables(name="v")["variables"][0]["defaultValue"] == default


def test_every_documented_variable_type_with_its_data_type(client: Any) -> None:
    """The documented variable types (plus ARE_CREDENTIALS_VALID and SESSION_ID from the
    ATI sample), each with the data type AWS's samples pair it with."""
    defaults = {"STRING": "", "FLOAT": "0.0", "BOOLEAN": "false"}
    for i, (variable_type, data_type) in enumerate(sorted(DATA_TYPE_OF.items())):
        client.create_variable(
            **entry(f"v{i}", dataType=data_type, defaultValue=defaults[data_type]),
            variableType=variable_type,
        )
    listed = client.get_variables()["variables"]
    assert sorted((v["variableType"], v["dataType"]) for v in listed) == sorted(
        DATA_TYPE_OF.items()
    )


INVALID_NAME = (
    "The variable name '{}' is not valid: use 1 to 100 lowercase letters, digits and "
    "underscores, not starting with a digit."
)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        *[
            ({"name": name}, INVALID_NAME.format(name))
            for name in ("Email", "1st_email", "e-mail", "e mail", "", "a" * 101)
        ],
        (
            {"dataSource": "MODEL_SCORE"},
            "The variable 'email' cannot be created with data source MODEL_SCORE: the service "
            "creates model score variables when a model version is trained.",
        ),
        (
            {"dataType": "INTEGER", "defaultValue": "1.5"},
            "The default value of the variable 'email' does not fit its data type INTEGER: "
            "'1.5' is not a valid INTEGER (expected a whole number such as 42).",
        ),
        (
            {"dataType": "FLOAT", "defaultValue": "abc"},
            "The default value of the variable 'email' does not fit its data type FLOAT: "
            "'abc' is not a valid FLOAT (expected a number such as 12.5).",
        ),
        (
            {"dataType": "BOOLEAN", "defaultValue": "yes"},
            "The default value of the variable 'email' does not fit its data type BOOLEAN: "
            "'yes' is not a valid BOOLEAN (expected true or false).",
        ),
        (
            {"dataType": "DATETIME", "defaultValue": "yesterday"},
            "The default value of the variable 'email' does not fit its data type DATETIME: "
            "'yesterday' is not a valid DATETIME (expected ISO 8601 such as "
            "2019-11-30T01:01:01Z).",
        ),
        (
            {"dataType": "INTEGER", "defaultValue": ""},
            "The default value of the variable 'email' does not fit its data type INTEGER: "
            "'' stands for no value, which only a STRING variable may default to.",
        ),
        (
            {"dataType": "FLOAT", "defaultValue": "null"},
            "The default value of the variable 'email' does not fit its data type FLOAT: "
            "'null' stands for no value, which only a STRING variable may default to.",
        ),
        (
            {"variableType": "EMAIL"},
            "The variable type 'EMAIL' is not a variable type of Amazon Fraud Detector.",
        ),
        (
            {"variableType": "PRICE"},
            "The variable type 'PRICE' holds FLOAT values; it cannot be used for a variable of "
            "data type STRING.",
        ),
        (
            {"dataType": "FLOAT", "defaultValue": "0.0", "variableType": "EMAIL_ADDRESS"},
            "The variable type 'EMAIL_ADDRESS' holds STRING values; it cannot be used for a "
            "variable of data type FLOAT.",
        ),
    ],
)
def test_create_refused(client: Any, store: Store, members: dict[str, Any], message: str) -> None:
    """The name pattern from CloudFormation; MODEL_SCORE belongs to the service; the default
    must fit the data type; documented variable types and their data type (docs/behaviour.md,
    "Variables")."""
    refused(
        lambda: client.create_variable(**{**entry(), **members}),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_create_existing_name_refused(client: Any, store: Store) -> None:
    """Create on an existing name fails with ValidationException."""
    client.create_variable(**entry())
    refused(
        lambda: client.create_variable(**entry(dataType="INTEGER", defaultValue="0")),
        "ValidationException",
        "The variable 'email' already exists.",
        unchanged=store,
    )


def test_create_quota(client: Any, store: Store) -> None:
    """5000 variables per account and region (AWS user guide: "Quotas")."""
    for start in range(0, 5000, 25):
        batch = [entry(f"v{i:04d}") for i in range(start, start + 25)]
        assert client.batch_create_variable(variableEntries=batch)["errors"] == []
    refused(
        lambda: client.create_variable(**entry("one_too_many")),
        "ValidationException",
        "The quota of 5000 variables per account and region has been reached.",
        unchanged=store,
    )
    assert len(store.variables) == 5000


# --- BatchCreateVariable --------------------------------------------------------------------


def test_batch_create_all(client: Any, store: Store) -> None:
    """Every entry created; the request's tags go to each variable."""
    response = client.batch_create_variable(
        variableEntries=[entry("a"), entry("b", dataType="INTEGER", defaultValue="0")],
        tags=[{"key": "team", "value": "risk"}],
    )
    assert response["errors"] == []
    assert client.get_variables()["variables"] == [
        summary("a"),
        summary("b", dataType="INTEGER", defaultValue="0"),
    ]
    assert store.variables["a"].tags == store.variables["b"].tags == {"team": "risk"}


def test_batch_create_partial_success(client: Any, store: Store) -> None:
    """Failed entries are reported (name, code, message), the others are created; a name
    that exists or repeats an earlier entry gets 409, any other refusal 400."""
    client.create_variable(**entry("taken"))
    response = client.batch_create_variable(
        variableEntries=[
            entry("first"),
            entry("taken"),
            entry("first", dataType="INTEGER", defaultValue="1"),
            {"name": "partial", "dataType": "STRING", "dataSource": "EVENT"},
            {"dataType": "STRING", "dataSource": "EVENT", "defaultValue": ""},
            entry("bad_type", dataType="TEXT"),
            entry("bad_source", dataSource="FILE"),
            entry("scored", dataSource="MODEL_SCORE"),
            entry("count", dataType="INTEGER", defaultValue="many"),
            entry("Upper"),
            entry("last", variableType="IP_ADDRESS"),
        ]
    )
    assert response["errors"] == [
        {"name": "taken", "code": 409, "message": "The variable 'taken' already exists."},
        {"name": "first", "code": 409, "message": "The variable 'first' already exists."},
        {"name": "partial", "code": 400, "message": "The member 'defaultValue' is required."},
        {"code": 400, "message": "The member 'name' is required."},
        {
            "name": "bad_type",
            "code": 400,
            "message": "The dataType 'TEXT' is not valid; use one of STRING, INTEGER, FLOAT, "
            "BOOLEAN, DATETIME.",
        },
        {
            "name": "bad_source",
            "code": 400,
            "message": "The dataSource 'FILE' is not valid; use one of EVENT, MODEL_SCORE, "
            "EXTERNAL_MODEL_SCORE.",
        },
        {
            "name": "scored",
            "code": 400,
            "message": "The variable 'scored' cannot be created with data source MODEL_SCORE: "
            "the service creates model score variables when a model version is trained.",
        },
        {
            "name": "count",
            "code": 400,
            "message": "The default value of the variable 'count' does not fit its data type "
            "INTEGER: 'many' is not a valid INTEGER (expected a whole number such as 42).",
        },
        {"name": "Upper", "code": 400, "message": INVALID_NAME.format("Upper")},
    ]
    assert sorted(store.variables) == ["first", "last", "taken"]
    assert store.variables["first"].data_type == "STRING"  # the first entry of a name wins
    assert store.variables["last"].variable_type == "IP_ADDRESS"


def test_batch_create_quota_counts_the_batch(client: Any, store: Store) -> None:
    """The quota stops a batch part-way; the entries past it are reported with 400."""
    for start in range(0, 4990, 25):
        count = min(25, 4990 - start)
        batch = [entry(f"v{i:04d}") for i in range(start, start + count)]
        client.batch_create_variable(variableEntries=batch)
    response = client.batch_create_variable(variableEntries=[entry(f"x{i}") for i in range(25)])
    quota = "The quota of 5000 variables per account and region has been reached."
    assert response["errors"] == [
        {"name": f"x{i}", "code": 400, "message": quota} for i in range(10, 25)
    ]
    assert len(store.variables) == 5000
    assert "x9" in store.variables and "x10" not in store.variables


def test_batch_create_nothing_valid_changes_nothing(client: Any, store: Store) -> None:
    before = snapshot(store)
    response = client.batch_create_variable(variableEntries=[entry("Bad")])
    assert response["errors"] == [
        {"name": "Bad", "code": 400, "message": INVALID_NAME.format("Bad")}
    ]
    assert snapshot(store) == before


def test_batch_create_at_most_25_entries(client: Any, store: Store) -> None:
    """A batch holds 1 to 25 entries (AWS API reference: "BatchCreateVariable")."""
    refused(
        lambda: client.batch_create_variable(variableEntries=[entry(f"v{i}") for i in range(26)]),
        "ValidationException",
        re.compile("variableEntries"),
        unchanged=store,
    )


# --- BatchGetVariable -----------------------------------------------------------------------


def test_batch_get_found_and_missing(client: Any) -> None:
    """Found variables in `variables` (request order), missing names in `errors`; a name
    asked twice is answered once; never an exception."""
    client.batch_create_variable(variableEntries=[entry("a"), entry("b")])
    response = client.batch_get_variable(names=["b", "nope", "a", "b", "gone"])
    assert response["variables"] == [summary("b"), summary("a")]
    assert response["errors"] == [
        {"name": "nope", "code": 404, "message": "The variable 'nope' does not exist."},
        {"name": "gone", "code": 404, "message": "The variable 'gone' does not exist."},
    ]


def test_batch_get_none_found(client: Any) -> None:
    response = client.batch_get_variable(names=["nope"])
    assert response["variables"] == []
    assert response["errors"] == [
        {"name": "nope", "code": 404, "message": "The variable 'nope' does not exist."}
    ]


# --- GetVariables ---------------------------------------------------------------------------


def test_get_missing_name(client: Any) -> None:
    """Get with a missing name raises ResourceNotFoundException."""
    refused(
        lambda: client.get_variables(name="nope"),
        "ResourceNotFoundException",
        "The variable 'nope' does not exist.",
    )


def test_get_empty_listing(client: Any) -> None:
    response = client.get_variables()
    assert response["variables"] == []
    assert "nextToken" not in response


def test_listing_name_order_and_pages(client: Any) -> None:
    """Name order, default page 100, maxResults 50-100, no nextToken on the last page."""
    names = [f"v{i:03d}" for i in range(230)]
    for start in range(0, 230, 25):
        shuffled = list(reversed(names[start : start + 25]))
        client.batch_create_variable(variableEntries=[entry(n) for n in shuffled])
    first = client.get_variables()
    assert [v["name"] for v in first["variables"]] == names[:100]
    second = client.get_variables(nextToken=first["nextToken"])
    third = client.get_variables(nextToken=second["nextToken"])
    assert [v["name"] for v in second["variables"] + third["variables"]] == names[100:]
    assert "nextToken" not in third
    small = client.get_variables(maxResults=50)
    assert len(small["variables"]) == 50
    with pytest.raises(client.exceptions.ValidationException):
        client.get_variables(maxResults=101)
    refused(
        lambda: client.get_variables(nextToken="garbage"),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )


# --- UpdateVariable -------------------------------------------------------------------------


def test_update_every_member(client: Any, store: Store) -> None:
    """Default, description and variable type change; createdTime stays and
    lastUpdatedTime moves."""
    client.create_variable(**entry("amount", dataType="FLOAT", defaultValue="0.0"))
    get_backend().clock.advance(minutes=5)
    response = client.update_variable(
        name="amount", defaultValue="1.5", description="order total", variableType="PRICE"
    )
    assert set(response) == {"ResponseMetadata"}
    assert client.get_variables(name="amount")["variables"] == [
        {
            **summary("amount", dataType="FLOAT", defaultValue="1.5"),
            "description": "order total",
            "variableType": "PRICE",
            "lastUpdatedTime": LATER,
        }
    ]


def test_update_changes_only_what_is_sent(client: Any, store: Store) -> None:
    client.create_variable(**entry(description="first", variableType="EMAIL_ADDRESS"))
    get_backend().clock.advance(minutes=5)
    client.update_variable(name="email", defaultValue="unknown@example.com")
    client.update_variable(name="email", variableType="EMAIL_ADDRESS")  # the same type again
    assert client.get_variables(name="email")["variables"] == [
        {
            **summary(defaultValue="unknown@example.com"),
            "description": "first",
            "variableType": "EMAIL_ADDRESS",
            "lastUpdatedTime": LATER,
        }
    ]


@pytest.mark.parametrize(
    ("created", "update", "message"),
    [
        (
            {"variableType": "EMAIL_ADDRESS"},
            {"variableType": "IP_ADDRESS"},
            "The variable type of the variable 'email' is already EMAIL_ADDRESS and cannot change.",
        ),
        (
            {},
            {"variableType": "NOPE"},
            "The variable type 'NOPE' is not a variable type of Amazon Fraud Detector.",
        ),
        (
            {},
            {"variableType": "NUMERIC"},
            "The variable type 'NUMERIC' holds FLOAT values; it cannot be used for a variable "
            "of data type STRING.",
        ),
        (
            {"dataType": "INTEGER", "defaultValue": "0"},
            {"defaultValue": "zero", "description": "never stored"},
            "The default value of the variable 'email' does not fit its data type INTEGER: "
            "'zero' is not a valid INTEGER (expected a whole number such as 42).",
        ),
        (
            {"dataType": "BOOLEAN", "defaultValue": "false"},
            {"defaultValue": ""},
            "The default value of the variable 'email' does not fit its data type BOOLEAN: "
            "'' stands for no value, which only a STRING variable may default to.",
        ),
    ],
)
def test_update_refused(
    client: Any,
    store: Store,
    created: dict[str, Any],
    update: dict[str, Any],
    message: str,
) -> None:
    """A set variable type never changes [C]; new values must fit the data type."""
    client.create_variable(**entry(**created))
    get_backend().clock.advance(minutes=5)
    refused(
        lambda: client.update_variable(name="email", **update),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_update_missing_variable(client: Any, store: Store) -> None:
    """UpdateVariable of an unknown name → ResourceNotFoundException (modelled)."""
    refused(
        lambda: client.update_variable(name="nope", defaultValue="x"),
        "ResourceNotFoundException",
        "The variable 'nope' does not exist.",
        unchanged=store,
    )


# --- DeleteVariable -------------------------------------------------------------------------


def test_delete_then_delete_again(client: Any, store: Store) -> None:
    """A delete of a missing variable succeeds (docs/behaviour.md, "Resources")."""
    client.batch_create_variable(variableEntries=[entry("a"), entry("b")])
    assert set(client.delete_variable(name="a")) == {"ResponseMetadata"}
    assert sorted(store.variables) == ["b"]
    client.delete_variable(name="a")
    assert [v["name"] for v in client.get_variables()["variables"]] == ["b"]
    client.create_variable(**entry("a"))  # the name is free again
