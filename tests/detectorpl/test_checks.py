"""What CreateRule refuses after parsing: unknown names, type mismatches, limits."""

from __future__ import annotations

import pickle

import pytest

from frauddetector_mock.detectorpl import RuleError, check

from .common import LIST_NAMES, VARIABLES

# (expression, column, token, detail)
REFUSED = [
    # Names.
    ("$amount > 5 and $nope > 1", 17, "$nope", "variable 'nope' does not exist"),
    ("$Amount > 5", 1, "$Amount", "variable 'Amount' does not exist"),
    (
        "$sample_model_insightscore > 900",
        1,
        "$sample_model_insightscore",
        "variable 'sample_model_insightscore' does not exist",
    ),
    ("$email in @nope", 11, "@nope", "list 'nope' does not exist"),
    ("$email not in @Deny_emails", 15, "@Deny_emails", "list 'Deny_emails' does not exist"),
    # Types of comparisons.
    ("$email > 5", 8, ">", "cannot compare STRING with INTEGER"),
    ('$amount == "5"', 9, "==", "cannot compare FLOAT with STRING"),
    ("$qty == true", 6, "==", "cannot compare INTEGER with BOOLEAN"),
    ("$signup == 5", 9, "==", "cannot compare DATETIME with INTEGER"),
    ("$signup > $amount", 9, ">", "cannot compare DATETIME with FLOAT"),
    ("$is_new == $email", 9, "==", "cannot compare BOOLEAN with STRING"),
    ("$is_new == 1", 9, "==", "cannot compare BOOLEAN with INTEGER"),
    (
        '$is_new == "yes"',
        12,
        '"yes"',
        'cannot compare a BOOLEAN with the string "yes"; use true, false, "True" or "False"',
    ),
    (
        '"1" == $is_new',
        1,
        '"1"',
        'cannot compare a BOOLEAN with the string "1"; use true, false, "True" or "False"',
    ),
    ("$is_new > false", 9, ">", "cannot order BOOLEAN values with '>'"),
    ('$is_new <= "True"', 9, "<=", "cannot order BOOLEAN values with '<='"),
    ("$amount > null", 9, ">", "null can only be compared with '==' or '!='"),
    ("null <= null", 6, "<=", "null can only be compared with '==' or '!='"),
    (
        '$signup > "yesterday"',
        11,
        '"yesterday"',
        '"yesterday" is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)',
    ),
    (
        '$signup > "2019-13-01"',
        11,
        '"2019-13-01"',
        '"2019-13-01" is not a valid DATETIME (month must be in 1..12)',
    ),
    # Membership.
    ('$qty in ["1"]', 10, '"1"', 'array element "1" is STRING, but the value is INTEGER'),
    ("$email in [1, 2]", 12, "1", "array element 1 is INTEGER, but the value is STRING"),
    ("$is_new in [1]", 13, "1", "array element 1 is INTEGER, but the value is BOOLEAN"),
    (
        '$is_new in ["maybe"]',
        13,
        '"maybe"',
        'cannot compare a BOOLEAN with the string "maybe"; use true, false, "True" or "False"',
    ),
    (
        '$signup in ["soon"]',
        13,
        '"soon"',
        '"soon" is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)',
    ),
    ("$signup in [1]", 13, "1", "array element 1 is INTEGER, but the value is DATETIME"),
    ("null in [1]", 6, "in", "null cannot be tested with 'in'"),
    ("null not in @deny_emails", 6, "not in", "null cannot be tested with 'not in'"),
    ("$qty in @bad_bins", 6, "in", "only a STRING can be looked up in a list, found INTEGER"),
    (
        "$is_new not in @bad_bins",
        9,
        "not in",
        "only a STRING can be looked up in a list, found BOOLEAN",
    ),
    # Arithmetic.
    ('$amount + "1" > 1', 9, "+", "operator '+' needs numbers, found STRING"),
    ("$email * 2 > 1", 8, "*", "operator '*' needs numbers, found STRING"),
    ("$is_new - 1 > 1", 9, "-", "operator '-' needs numbers, found BOOLEAN"),
    ("$signup % 2 > 1", 9, "%", "operator '%' needs numbers, found DATETIME"),
    ("$amount / null > 1", 9, "/", "operator '/' needs numbers, found null"),
    ('-$email == "a"', 1, "-", "operator '-' needs a number, found STRING"),
    ("-$is_new", 1, "-", "operator '-' needs a number, found BOOLEAN"),
    ('$name + "x" == "ax"', 7, "+", "operator '+' needs numbers, found STRING"),
    # Conditions.
    ("$amount", 1, "$amount", "the expression must be a condition (true or false), found FLOAT"),
    (
        "$amount + 1",
        1,
        "$amount",
        "the expression must be a condition (true or false), found FLOAT",
    ),
    ('"yes"', 1, '"yes"', "the expression must be a condition (true or false), found STRING"),
    ("null", 1, "null", "the expression must be a condition (true or false), found null"),
    (
        "lowercase($name)",
        1,
        "lowercase",
        "the expression must be a condition (true or false), found STRING",
    ),
    (
        "getcurrentdatetime()",
        1,
        "getcurrentdatetime",
        "the expression must be a condition (true or false), found DATETIME",
    ),
    ("$amount and $is_new", 1, "$amount", "operator 'and' needs a condition, found FLOAT"),
    ("$is_new or $email", 12, "$email", "operator 'or' needs a condition, found STRING"),
    ("!$qty", 2, "$qty", "operator '!' needs a condition, found INTEGER"),
    ("!($qty + 1)", 3, "$qty", "operator '!' needs a condition, found INTEGER"),
    # Function arguments.
    ('lowercase($qty) == "1"', 11, "$qty", "function 'lowercase' needs a STRING, found INTEGER"),
    (
        'uppercase($is_new) == "A"',
        11,
        "$is_new",
        "function 'uppercase' needs a STRING, found BOOLEAN",
    ),
    ("regex_match(1, $name)", 13, "1", "function 'regex_match' needs a STRING, found INTEGER"),
    (
        'regex_match("a", $signup)',
        18,
        "$signup",
        "function 'regex_match' needs a STRING, found DATETIME",
    ),
    (
        "isbefore($qty, $signup)",
        10,
        "$qty",
        "function 'isbefore' needs a DATETIME or an ISO 8601 STRING, found INTEGER",
    ),
    (
        'isafter($signup, "tomorrow")',
        18,
        '"tomorrow"',
        '"tomorrow" is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)',
    ),
    (
        "getepochmilliseconds($amount) > 1",
        22,
        "$amount",
        "function 'getepochmilliseconds' needs a DATETIME or an ISO 8601 STRING, found FLOAT",
    ),
    (
        'getepochmilliseconds("2019-02-30") > 1',
        22,
        '"2019-02-30"',
        '"2019-02-30" is not a valid DATETIME (day is out of range for month)',
    ),
    (
        'lowercase(getcurrentdatetime()) == "x"',
        11,
        "getcurrentdatetime",
        "function 'lowercase' needs a STRING, found DATETIME",
    ),
    ('getepochmilliseconds($signup) == "1"', 31, "==", "cannot compare INTEGER with STRING"),
    # Regular expressions that RE2 (like the service's RE2J) refuses.
    (
        'regex_match("(a)\\1", $name)',
        13,
        '"(a)\\1"',
        'invalid regular expression "(a)\\1": invalid escape sequence: \\1',
    ),
    (
        'regex_match("(?=a)a", $name)',
        13,
        '"(?=a)a"',
        'invalid regular expression "(?=a)a": invalid perl operator: (?=',
    ),
    (
        'regex_match("(?<!a)b", $name)',
        13,
        '"(?<!a)b"',
        'invalid regular expression "(?<!a)b": invalid perl operator: (?<!',
    ),
    ('regex_match("[a-", $name)', 13, '"[a-"', 'invalid regular expression "[a-": missing ]: [a-'),
    (
        'regex_match("a{2000}", $name)',
        13,
        '"a{2000}"',
        'invalid regular expression "a{2000}": invalid repetition size: {2000}',
    ),
    ('regex_match("(ab", $name)', 13, '"(ab"', 'invalid regular expression "(ab": missing ): (ab'),
    (
        'regex_match("*a", $name)',
        13,
        '"*a"',
        'invalid regular expression "*a": no argument for repetition operator: *',
    ),
]


@pytest.mark.parametrize(("expression", "column", "token", "detail"), REFUSED)
def test_refused(expression: str, column: int, token: str, detail: str) -> None:
    with pytest.raises(RuleError) as caught:
        check(expression, VARIABLES, LIST_NAMES)
    error = caught.value
    assert error.message == f"Rule expression is invalid at column {column}: {detail}"
    assert (error.column, error.token) == (column, token)
    assert error.fix is None


@pytest.mark.parametrize(
    ("expression", "unknown"),
    [
        ("$amount > 5 and $nope > 1", ("variable", "nope")),
        ("$email in @nope", ("list", "nope")),
        ("$email > 5", None),
        ("lowercase($nope) == 1", ("variable", "nope")),
    ],
)
def test_an_unknown_name_is_named(expression: str, unknown: tuple[str, str] | None) -> None:
    """Tools (check-rule) offer the declared names from this, without reading the message."""
    with pytest.raises(RuleError) as caught:
        check(expression, VARIABLES, LIST_NAMES)
    assert caught.value.unknown == unknown


def test_at_most_three_distinct_lists() -> None:
    three = "$email in @deny_emails and $ip in @allow_ips and $card_bin not in @bad_bins"
    assert check(three, VARIABLES, LIST_NAMES).lists == {"deny_emails", "allow_ips", "bad_bins"}
    repeated = three + " or $email in @deny_emails or $ip not in @allow_ips"
    assert len(check(repeated, VARIABLES, LIST_NAMES).lists) == 3
    with pytest.raises(RuleError) as caught:
        check(three + " and $name in @fourth_list", VARIABLES, LIST_NAMES)
    assert caught.value.message == "A rule can have at most 3 lists"
    assert (caught.value.column, caught.value.token) == (90, "@fourth_list")


def test_the_first_problem_is_reported() -> None:
    with pytest.raises(RuleError) as caught:
        check("$nope > 1 and starts_with($email)", VARIABLES)
    assert caught.value.token == "$nope"


def test_syntax_errors_come_before_name_errors() -> None:
    with pytest.raises(RuleError) as caught:
        check("$nope > 1 and (", VARIABLES)
    assert "expected a value" in caught.value.message


def test_unknown_data_type_in_the_catalogue() -> None:
    with pytest.raises(ValueError, match="unknown data type 'NUMBER'"):
        check("$x > 1", {"x": "NUMBER"})


def test_expression_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        check(b"$x > 1", {"x": "INTEGER"})  # type: ignore[arg-type]


def test_compiled_rule_reports_what_it_uses() -> None:
    rule = check(
        '$amount > 1 and ($email in @deny_emails or lowercase($name) == "x")',
        VARIABLES,
        LIST_NAMES,
    )
    assert rule.variables == frozenset({"amount", "email", "name"})
    assert rule.lists == frozenset({"deny_emails"})
    assert "def evaluate(values, lists=None, now=None):" in rule.source
    assert repr(rule).startswith("CompiledRule('$amount > 1")


def test_model_score_and_external_model_variables_are_ordinary_variables() -> None:
    catalogue = {"fraud_model_insightscore": "FLOAT", "sagemaker_xgb_score_v1": "FLOAT"}
    rule = check("$fraud_model_insightscore > 900 or $sagemaker_xgb_score_v1 > 0.9", catalogue)
    assert rule.evaluate({"fraud_model_insightscore": 858.0, "sagemaker_xgb_score_v1": 0.95})
    assert not rule.evaluate({"fraud_model_insightscore": 858.0, "sagemaker_xgb_score_v1": 0.07})


def test_rule_errors_pickle() -> None:
    error = RuleError("Rule expression is invalid at column 3: x", 3, "$a")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.column, copy.token) == (error.message, 3, "$a")
    assert (copy.unknown, copy.fix) == (None, None)
    error = RuleError("m", 1, "$a", ("variable", "a"), (0, 2, "$b"))
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.unknown, copy.fix) == (("variable", "a"), (0, 2, "$b"))


def test_compiled_rules_copy_and_pickle() -> None:
    import copy

    rule = check("$email in @deny_emails and $amount > 1", VARIABLES, LIST_NAMES)
    assert copy.deepcopy(rule) is rule
    assert copy.copy(rule) is rule
    again = pickle.loads(pickle.dumps(rule))
    assert again.expression == rule.expression
    assert again.variables == rule.variables
    assert again.lists == rule.lists
    lists = {"deny_emails": {"a@b.c"}}
    assert again.evaluate({"email": "a@b.c", "amount": 2.0}, lists) is True
