"""Server-side validation from botocore's input shapes (docs/behaviour.md, "Protocol and
errors"): every kind of constraint answered as AWS's Coral services word it, whether or not the
client validated first."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ParamValidationError

from frauddetector_mock import get_backend, mock_frauddetector
from tests.errors import refused
from tests.raw_http import post

IDENTIFIER = "^[0-9a-z_-]+$"
TAG_KEY = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"


def prediction(**variables: str) -> dict[str, Any]:
    """GetEventPrediction parameters that are valid but for ``eventVariables``."""
    return {
        "detectorId": "d",
        "eventId": "e",
        "eventTypeName": "t",
        "entities": [],
        "eventTimestamp": "2024-01-01T00:00:00Z",
        "eventVariables": variables,
    }


@pytest.fixture
def fd() -> Any:
    """A client that leaves all checking to the service, as another SDK or the CLI would."""
    with mock_frauddetector():
        yield boto3.client(
            "frauddetector",
            region_name="us-east-1",
            config=Config(parameter_validation=False),
        )


def one(text: str) -> tuple[str, str, int]:
    return ("ValidationException", f"1 validation error detected: {text}", 400)


CASES = [
    pytest.param(
        "put_label",
        {},
        one("Value null at 'name' failed to satisfy constraint: Member must not be null"),
        id="required",
    ),
    pytest.param(
        "get_labels",
        {"maxResults": "20"},
        one(
            "Value '20' at 'maxResults' failed to satisfy constraint: "
            "Member must be of type integer"
        ),
        id="type",
    ),
    pytest.param(
        "put_label",
        {"name": "x" * 65},
        one(
            f"Value '{'x' * 65}' at 'name' failed to satisfy constraint: "
            "Member must have length less than or equal to 64"
        ),
        id="max-length",
    ),
    pytest.param(
        "put_label",
        {"name": "Fraud"},
        one(
            "Value 'Fraud' at 'name' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {IDENTIFIER}"
        ),
        id="pattern",
    ),
    pytest.param(
        "put_label",
        {"name": "fraud\n"},
        one(
            "Value 'fraud\n' at 'name' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {IDENTIFIER}"
        ),
        id="pattern-is-whole-string",
    ),
    pytest.param(
        "put_label",
        {"name": ""},
        (
            "ValidationException",
            "2 validation errors detected: "
            "Value '' at 'name' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1; "
            "Value '' at 'name' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {IDENTIFIER}",
            400,
        ),
        id="min-length-and-pattern",
    ),
    pytest.param(
        "update_detector_version_status",
        {"detectorId": "d", "detectorVersionId": "1", "status": "PAUSED"},
        one(
            "Value 'PAUSED' at 'status' failed to satisfy constraint: "
            "Member must satisfy enum value set: [DRAFT, ACTIVE, INACTIVE]"
        ),
        id="enum",
    ),
    pytest.param(
        "get_labels",
        {"maxResults": 51},
        one(
            "Value '51' at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 50"
        ),
        id="integer-max",
    ),
    pytest.param(
        "get_labels",
        {"maxResults": 9},
        one(
            "Value '9' at 'maxResults' failed to satisfy constraint: "
            "Member must have value greater than or equal to 10"
        ),
        id="integer-min",
    ),
    pytest.param(
        "put_label",
        {"name": "fraud", "tags": [{"key": f"k{i}", "value": "v"} for i in range(201)]},
        one(
            "Value '["
            + ", ".join(f"{{key=k{i}, value=v}}" for i in range(201))
            + "]' at 'tags' failed to satisfy constraint: "
            "Member must have length less than or equal to 200"
        ),
        id="list-max",
    ),
    pytest.param(
        "batch_get_variable",
        {"names": []},
        one(
            "Value '[]' at 'names' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        ),
        id="list-min",
    ),
    pytest.param(
        "put_label",
        {"name": "fraud", "tags": [{"key": "team"}]},
        one(
            "Value null at 'tags.1.member.value' failed to satisfy constraint: "
            "Member must not be null"
        ),
        id="nested-list-member",
    ),
    pytest.param(
        "put_label",
        {"name": "fraud", "tags": [{"key": "a#b", "value": "v"}]},
        one(
            "Value 'a#b' at 'tags.1.member.key' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {TAG_KEY}"
        ),
        id="unicode-class-pattern",
    ),
    pytest.param(
        "put_label",
        {"name": "fraud", "tags": [{"key": "k", "value": "\U0001f600" * 129}]},
        one(
            f"Value '{chr(0x1F600) * 129}' at 'tags.1.member.value' failed to satisfy "
            "constraint: Member must have length less than or equal to 256"
        ),
        id="length-in-utf16-units",
    ),
    pytest.param(
        "get_event_prediction",
        prediction(),
        one(
            "Value '{}' at 'eventVariables' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        ),
        id="map-min",
    ),
    pytest.param(
        "get_event_prediction",
        prediction(amount=""),
        one(
            "Value '{amount=}' at 'eventVariables' failed to satisfy constraint: Map value must "
            "satisfy constraint: [Member must have length greater than or equal to 1]"
        ),
        id="map-value",
    ),
    pytest.param(
        "get_event_prediction",
        prediction(**{"k" * 65: "1"}),
        one(
            f"Value '{{{'k' * 65}=1}}' at 'eventVariables' failed to satisfy constraint: Map keys "
            "must satisfy constraint: [Member must have length less than or equal to 64]"
        ),
        id="map-key",
    ),
    pytest.param(
        "create_rule",
        {
            "ruleId": "r",
            "detectorId": "d",
            "expression": "",
            "language": "DETECTORPL",
            "outcomes": ["block"],
        },
        one(
            "Value at 'expression' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        ),
        id="sensitive-value-not-echoed",
    ),
]


@pytest.mark.parametrize(("operation", "params", "expected"), CASES)
def test_constraint(
    fd: Any, operation: str, params: dict[str, Any], expected: tuple[str, str, int]
) -> None:
    code, message, status = expected
    refused(partial(getattr(fd, operation), **params), code, message, status=status)
    assert get_backend().store().labels == {}  # a refused call changes nothing


def test_errors_are_catchable_as_modelled_exceptions(fd: Any) -> None:
    with pytest.raises(fd.exceptions.ValidationException):
        fd.put_label(name="UPPER")


def test_valid_unicode_tag_keys_are_accepted(fd: Any) -> None:
    fd.put_label(
        name="fraud", tags=[{"key": "clé équipe", "value": "é"}, {"key": "チーム", "value": ""}]
    )
    assert get_backend().store().labels["fraud"].tags == {"clé équipe": "é", "チーム": ""}


def test_tag_value_of_128_astral_characters_fits(fd: Any) -> None:
    fd.put_label(name="fraud", tags=[{"key": "k", "value": "\U0001f600" * 128}])
    assert "fraud" in get_backend().store().labels


def test_a_lone_surrogate_counts_as_one_java_character(fd: Any) -> None:
    """JSON may carry "\\ud800" unpaired; Java holds it as one UTF-16 unit, so a description
    of 128 of them fits its maximum of 128 (docs/behaviour.md, "Protocol and errors")."""
    fd.put_label(name="fraud", description="\ud800" * 128)
    assert get_backend().store().labels["fraud"].description == "\ud800" * 128
    refused(
        lambda: fd.put_label(name="fraud", description="\ud800" * 129),
        "ValidationException",
        re.compile(r"Member must have length less than or equal to 128\Z"),
    )


def test_a_deeply_nested_value_is_refused_with_a_short_message(fd: Any) -> None:
    """Garbage nested hundreds of levels deep where a string belongs is a ValidationException
    whose message shows the outer levels only, not an internal error (docs/behaviour.md,
    "Protocol and errors")."""
    deep: Any = "x"
    for _ in range(600):
        deep = [deep]
    message = (
        "1 validation error detected: Value '" + "[" * 16 + "[...]" + "]" * 16
        + "' at 'name' failed to satisfy constraint: Member must be of type string"
    )  # fmt: skip
    refused(lambda: fd.put_label(name=deep), "ValidationException", message)
    assert get_backend().store().labels == {}


def test_botocore_checks_minimums_itself_and_the_service_checks_the_rest() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        with pytest.raises(ParamValidationError):
            fd.put_label(name="")  # caught by botocore, never sent
        with pytest.raises(fd.exceptions.ValidationException, match="regular expression"):
            fd.put_label(name="UPPER")  # botocore sends it; the service refuses it


def test_same_answer_from_boto3_and_from_raw_http(fd: Any) -> None:
    raw = post("GetLabels", b'{"maxResults": 500}')
    code, message = raw.json()["__type"], raw.json()["message"]
    refused(lambda: fd.get_labels(maxResults=500), code, message, status=raw.status_code)


def test_members_the_model_does_not_know_are_ignored() -> None:
    with mock_frauddetector():
        answer = post("PutLabel", b'{"name": "fraud", "colour": "red"}')
        assert answer.status_code == 200
        assert list(get_backend().store().labels) == ["fraud"]
