"""Every expression of AWS's documentation, samples and create-a-rule page parses and behaves."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from frauddetector_mock.detectorpl import check

SCORE = "sample_fraud_detection_model_insightscore"

# The three rules of the create-a-rule page, then their updated versions (900 -> 950).
CREATE_A_RULE = {
    "high_fraud_risk": f"${SCORE} > 900",
    "medium_fraud_risk": f"${SCORE} <= 900 and ${SCORE} > 700",
    "low_fraud_risk": f"${SCORE} <= 700",
}
UPDATED = {
    "high_fraud_risk": f"${SCORE} > 950",
    "medium_fraud_risk": f"${SCORE} <= 950 and ${SCORE} > 700",
}


@pytest.mark.parametrize(
    ("score", "matched"),
    [
        (0.0, {"low_fraud_risk"}),
        (700.0, {"low_fraud_risk"}),
        (700.5, {"medium_fraud_risk"}),
        (900.0, {"medium_fraud_risk"}),
        (900.5, {"high_fraud_risk"}),
        (1000.0, {"high_fraud_risk"}),
    ],
)
def test_create_a_rule_thresholds(score: float, matched: set[str]) -> None:
    rules = {rule_id: check(text, {SCORE: "FLOAT"}) for rule_id, text in CREATE_A_RULE.items()}
    assert {rule_id for rule_id, rule in rules.items() if rule.evaluate({SCORE: score})} == matched


@pytest.mark.parametrize(
    ("score", "matched"),
    [(925.0, {"medium_fraud_risk"}), (950.5, {"high_fraud_risk"}), (700.0, set())],
)
def test_updated_thresholds(score: float, matched: set[str]) -> None:
    rules = {rule_id: check(text, {SCORE: "FLOAT"}) for rule_id, text in UPDATED.items()}
    assert {rule_id for rule_id, rule in rules.items() if rule.evaluate({SCORE: score})} == matched


NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)

# (expression, variables, values that match, values that do not)
DOCUMENTED: list[tuple[str, dict[str, str], dict[str, object], dict[str, object]]] = [
    ('$variable != "US"', {"variable": "STRING"}, {"variable": "FR"}, {"variable": "US"}),
    ("$variable in [5, 10, 25, 100]", {"variable": "INTEGER"}, {"variable": 10}, {"variable": 11}),
    (
        'regex_match(".*@gmail\\.com", lowercase($email))',
        {"email": "STRING"},
        {"email": "Jane.Doe@Gmail.com"},
        {"email": "jane@gmail.com.evil.org"},
    ),
    (
        'regex_match(".*\\+1", $phone_number)',
        {"phone_number": "STRING"},
        {"phone_number": "555-0100+1"},
        {"phone_number": "+1-555-0100"},
    ),
    (
        'regex_match("^mystring", $v)',
        {"v": "STRING"},
        {"v": "mystring"},
        {"v": "mystring and more"},
    ),
    ('regex_match("mystring", $v)', {"v": "STRING"}, {"v": "mystring"}, {"v": "MyString"}),
    ('regex_match(".", $v)', {"v": "STRING"}, {"v": "x"}, {"v": "xy"}),
    ('regex_match(".*mystring", $v)', {"v": "STRING"}, {"v": "it is mystring"}, {"v": "mystrings"}),
    (
        '($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")',
        {"a": "INTEGER", "b": "STRING"},
        {"a": 101, "b": "USA"},
        {"a": 99, "b": "USA"},
    ),
    ("$variable == null", {"variable": "STRING"}, {"variable": ""}, {"variable": "x"}),
    ("$variable != null", {"variable": "INTEGER"}, {"variable": 0}, {}),
    ('lowercase($v) == "abc"', {"v": "STRING"}, {"v": "ABC"}, {"v": "abd"}),
    ('uppercase($v) == "ABC"', {"v": "STRING"}, {"v": "abc"}, {"v": "abd"}),
    (
        'isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "False"',
        {},
        {},
        {"__now__": datetime(2019, 1, 1, tzinfo=timezone.utc)},
    ),
    (
        'isafter(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "True"',
        {},
        {},
        {"__now__": datetime(2019, 1, 1, tzinfo=timezone.utc)},
    ),
    # The page's own example shows epoch seconds (of another instant) for a function named
    # milliseconds; we return milliseconds, so the example as printed is false.
    ('getepochmilliseconds("2019-11-30T01:01:01Z") == 1575075661000', {}, {}, {"__skip__": True}),
    ('getepochmilliseconds("2019-11-30T01:01:01Z") == 1575032461', {}, {"__skip__": True}, {}),
    ("1 == 5", {}, {"__skip__": True}, {}),
    (
        "$x_insightscore >= 950",
        {"x_insightscore": "FLOAT"},
        {"x_insightscore": 950.0},
        {"x_insightscore": 949.9},
    ),
    (
        "$x_insightscore >= 860 and $x_insightscore < 950",
        {"x_insightscore": "FLOAT"},
        {"x_insightscore": 860.0},
        {"x_insightscore": 950.0},
    ),
    ("$v > 0.9", {"v": "FLOAT"}, {"v": 0.95}, {"v": 0.9}),
    ("$v <= 0.5", {"v": "FLOAT"}, {"v": 0.5}, {"v": 0.51}),
    (
        "$sagemaker_xgb_score_v1 > 0.9",
        {"sagemaker_xgb_score_v1": "FLOAT"},
        {"sagemaker_xgb_score_v1": 0.91},
        {"sagemaker_xgb_score_v1": 0.07167139649391174},
    ),
    (
        "$variable_1 * 100.0 > $variable_3",
        {"variable_1": "FLOAT", "variable_3": "INTEGER"},
        {"variable_1": 0.5, "variable_3": 49},
        {"variable_1": 0.5, "variable_3": 50},
    ),
    ("$email in @deny_emails", {"email": "STRING"}, {"email": "bad@x.com"}, {"email": "ok@x.com"}),
]


@pytest.mark.parametrize(("expression", "variables", "matching", "other"), DOCUMENTED)
def test_documented_expression(
    expression: str,
    variables: dict[str, str],
    matching: dict[str, object],
    other: dict[str, object],
) -> None:
    rule = check(expression, variables, ["deny_emails"])
    lists = {"deny_emails": {"bad@x.com"}}
    for values, expected in ((matching, True), (other, False)):
        if "__skip__" in values:
            continue
        now = values.get("__now__", NOW)
        assert isinstance(now, datetime)
        assert rule.evaluate(values, lists, now) is expected, (values, expected)
