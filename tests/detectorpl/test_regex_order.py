"""regex_match takes the pattern first (AWS user guide, "Rule language reference": every example
is `regex_match(".*@gmail\\.com", lowercase($email))`). A computed first argument with a string
literal second is the two arguments swapped: refused where it starts, with the call put right."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend, mock_frauddetector
from frauddetector_mock.detectorpl import RuleError, check
from tests.errors import refused

from .common import VARIABLES

PREFIX = "Rule expression is invalid at column"
ORDER = "are swapped: the pattern comes first, as in regex_match(pattern, value)"

# (expression, column, token, the corrected call, the corrected expression)
SWAPPED = [
    (
        'regex_match($email, ".*@gmail\\.com")',
        13,
        "$email",
        'regex_match(".*@gmail\\.com", $email)',
        'regex_match(".*@gmail\\.com", $email)',
    ),
    (
        '$amount > 100 and regex_match(lowercase( $email ),\n  ".*@x")',
        31,
        "lowercase",
        'regex_match(".*@x", lowercase( $email ))',
        '$amount > 100 and regex_match(".*@x", lowercase( $email ))',
    ),
    (
        '!regex_match(($phone_number), (".*\\+1")) or $qty > 1',
        15,
        "$phone_number",
        'regex_match((".*\\+1"), ($phone_number))',
        '!regex_match((".*\\+1"), ($phone_number)) or $qty > 1',
    ),
    ('regex_match(null, "a")', 13, "null", 'regex_match("a", null)', 'regex_match("a", null)'),
]


@pytest.mark.parametrize(("expression", "column", "token", "call", "corrected"), SWAPPED)
def test_swapped_arguments_are_refused_with_the_call_put_right(
    expression: str, column: int, token: str, call: str, corrected: str
) -> None:
    with pytest.raises(RuleError) as caught:
        check(expression, VARIABLES)
    error = caught.value
    assert error.message == (
        f"{PREFIX} {column}: the arguments of 'regex_match' {ORDER}; write {call}"
    )
    assert (error.column, error.token, error.unknown) == (column, token, None)
    assert error.fix is not None
    start, end, text = error.fix
    assert (text, expression[:start] + text + expression[end:]) == (call, corrected)
    check(corrected, VARIABLES)  # the correction is itself a valid rule


@pytest.mark.parametrize(
    ("expression", "values", "result"),
    [
        # A literal pattern, whatever the value is.
        ('regex_match(".*@x", $email)', {"email": "a@x"}, True),
        ('regex_match("a.c", "abc")', {}, True),
        ('regex_match(".*@x", lowercase("A@X"))', {}, True),
        # A computed pattern with a computed value: the pattern really comes from the event.
        ("regex_match($pattern, $email)", {"pattern": "a.*", "email": "abc"}, True),
        ('regex_match($pattern, lowercase("ABC"))', {"pattern": "a.*"}, True),
    ],
)
def test_the_order_of_aws_is_accepted(
    expression: str, values: dict[str, object], result: bool
) -> None:
    assert check(expression, VARIABLES).evaluate(values) is result


def test_names_and_types_are_checked_first() -> None:
    with pytest.raises(RuleError, match="column 13: variable 'nope' does not exist"):
        check('regex_match($nope, ".*")', VARIABLES)
    with pytest.raises(RuleError, match="column 13: function 'regex_match' needs a STRING"):
        check('regex_match($amount, ".*")', VARIABLES)


@pytest.fixture
def client() -> Iterator[Any]:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.create_variable(
            name="email", dataType="STRING", dataSource="EVENT", defaultValue="<null>"
        )
        fd.put_entity_type(name="customer")
        fd.put_event_type(name="signup", eventVariables=["email"], entityTypes=["customer"])
        fd.put_detector(detectorId="det", eventTypeName="signup")
        fd.put_outcome(name="review")
        yield fd


def rule(client: Any, expression: str, **extra: Any) -> Any:
    return client.create_rule(
        detectorId="det", expression=expression, language="DETECTORPL", outcomes=["review"], **extra
    )


def test_create_rule_refuses_swapped_arguments(client: Any) -> None:
    store = get_backend().store("us-east-1")
    refused(
        lambda: rule(client, 'regex_match(lowercase($email), ".*@gmail\\.com")', ruleId="r"),
        "ValidationException",
        f"{PREFIX} 13: the arguments of 'regex_match' {ORDER}; "
        'write regex_match(".*@gmail\\.com", lowercase($email))',
        unchanged=store,
    )
    created = rule(client, 'regex_match(".*@gmail\\.com", lowercase($email))', ruleId="r")
    assert created["rule"]["ruleVersion"] == "1"
    refused(
        lambda: client.update_rule_version(
            rule=created["rule"],
            expression='regex_match($email, "a")',
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        f"{PREFIX} 13: the arguments of 'regex_match' {ORDER}; write regex_match(\"a\", $email)",
        unchanged=store,
    )
    versions = client.get_rules(detectorId="det", ruleId="r")["ruleDetails"]
    assert [(v["ruleVersion"], v["expression"]) for v in versions] == [
        ("1", 'regex_match(".*@gmail\\.com", lowercase($email))')
    ]
