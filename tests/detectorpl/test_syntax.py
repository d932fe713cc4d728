"""Expressions that must be accepted, and ones that must be refused with a precise message."""

from __future__ import annotations

import pytest

from frauddetector_mock.detectorpl import CompiledRule, RuleError, check

from .common import LIST_NAMES, VARIABLES

ACCEPTED = [
    # From AWS's documentation and samples (AWS user guide: "Rule language reference", "Rules").
    "$sample_fraud_detection_model_insightscore > 900",
    "$sample_fraud_detection_model_insightscore <= 900 and "
    "$sample_fraud_detection_model_insightscore > 700",
    "$sample_fraud_detection_model_insightscore <= 700",
    "$sample_fraud_detection_model_insightscore > 950",
    "$sample_fraud_detection_model_insightscore <= 950 and "
    "$sample_fraud_detection_model_insightscore > 700",
    '$variable != "US"'.replace("$variable", "$country"),
    "$variable in [5, 10, 25, 100]",
    "$email in @deny_emails",
    'regex_match(".*@gmail\\.com", lowercase($email))',
    'regex_match(".*\\+1", $phone_number)',
    'regex_match("^mystring", $name)',
    'regex_match("mystring", $name)',
    'regex_match(".", $name)',
    'regex_match(".*mystring", $name)',
    '($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")',
    "$variable == null",
    "$variable != null",
    'isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "False"',
    'isafter(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "True"',
    'getepochmilliseconds("2019-11-30T01:01:01Z") == 1575032461',
    "1 == 5",
    "$x_insightscore >= 950",
    "$x_insightscore >= 860 and $x_insightscore < 950",
    "$v > 0.9",
    "$v <= 0.5",
    "$sagemaker_xgb_score_v1 > 0.9",
    "$variable_1 * 100.0 > $variable_3",
    'lowercase($email) == "a@b.com"',
    'uppercase($country) == "US"',
    # Every operator.
    "$amount == 1",
    "$amount != 1",
    "$amount > 1",
    "$amount >= 1",
    "$amount < 1",
    "$amount <= 1",
    "$amount + 1 > 2",
    "$amount - 1 > 2",
    "$amount * 2 > 2",
    "$amount / 2 > 2",
    "$qty % 2 == 0",
    "-$amount < 0",
    "- -$amount > 0",
    "$qty in [1, 2, 3]",
    "$qty not in [1, 2, 3]",
    '$country in ["US", "CA"]',
    '$country not in ["US", "CA"]',
    "$ip not in @allow_ips",
    "$is_new",
    "!$is_new",
    "!!$is_new",
    "! ($amount > 5)",
    "!$amount > 5",
    "$is_new and $verified",
    "$is_new or $verified",
    "$is_new and $verified or $amount > 1",
    "$is_new == true",
    "$is_new != false",
    '$is_new == "TRUE"',
    "($amount > 1) == true",
    "true",
    "false",
    "null == null",
    "true == true",
    "$signup < getcurrentdatetime()",
    '$signup > "2020-01-01"',
    '$signup == "2020-01-01T00:00:00Z"',
    '$signup in ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00+01:00"]',
    "isbefore($signup, $event_time)",
    "isafter($ts_text, $signup)",
    "getepochmilliseconds($signup) > 0",
    "getepochmilliseconds(getcurrentdatetime()) > getepochmilliseconds($signup)",
    "regex_match($pattern, $email)",
    '$email in ["a", null]',
    "$qty in []",
    "$qty in [-1, -2.5, 3]",
    '$is_new in [true, "False"]',
    "((($amount > 1)))",
    "$amount>1 and$qty<2",
    "$amount\n>\t1\r\n",
    '"b" > "a"',
    '"a\\"b" == "a\\"b"',
    "0.5 + 0.25 == 0.75",
    "007 == 7",
    "$email in @deny_emails and $ip in @allow_ips and $card_bin in @bad_bins",
    "$email in @deny_emails or $email not in @deny_emails",
    'lowercase(uppercase(lowercase($name))) == "x"',
    "$qty % 2 == 1 or $qty / 0 > 1",
]


@pytest.mark.parametrize("expression", ACCEPTED)
def test_accepted(expression: str) -> None:
    rule = check(expression, VARIABLES, LIST_NAMES)
    assert isinstance(rule, CompiledRule)
    assert rule.expression == expression


# (expression, column, token, detail): the message is "Rule expression is invalid at column
# <column>: <detail>".
REFUSED = [
    ("", 1, None, "the expression is empty"),
    (" \n\t", 1, None, "the expression is empty"),
    ("$amount > ", 11, None, "expected a value, found the end of the expression"),
    ("$amount >> 5", 10, ">", "expected a value, found '>'"),
    ("$amount = 5", 9, "=", "unexpected character '='; use '==' to compare"),
    ("$is_new && $verified", 9, "&", "unexpected character '&'; use 'and'"),
    ("$is_new || $verified", 9, "|", "unexpected character '|'; use 'or'"),
    ("$name == 'x'", 10, "'", 'unexpected character "\'"; strings are written in double quotes'),
    ('$name == "abc', 10, '"', "unterminated string (a closing '\"' is missing)"),
    (
        "$amount > 5 # note",
        13,
        "#",
        "unexpected character '#'; comments are not part of the language",
    ),
    ("$amount ~ 5", 9, "~", "unexpected character '~'"),
    ("$amount > 5;", 12, ";", "unexpected character ';'"),
    ("$amount > £5", 11, "£", "unexpected character '£'"),
    ("$ > 5", 1, "$", "'$' must be followed by a variable name"),
    ("$name in @", 10, "@", "'@' must be followed by a list name"),
    ("$amount > 1.", 11, "1.", "invalid number '1.'"),
    ("$amount > 12abc", 11, "12abc", "invalid number '12abc'"),
    ("$amount > 1.2.3", 11, "1.2.3", "invalid number '1.2.3'"),
    ("$amount > 1e5", 11, "1e5", "invalid number '1e5'"),
    ("$amount>1and$qty<2", 9, "1and", "invalid number '1and'"),
    ("$amount > .5", 11, ".", "unexpected character '.'"),
    ("$amount > 5)", 12, ")", "unexpected ')' without a matching '('"),
    (
        "($amount > 5",
        13,
        None,
        "expected ')' to close the '(' at column 1, found the end of the expression",
    ),
    (
        "(($amount > 5) and ($qty < 1)",
        30,
        None,
        "expected ')' to close the '(' at column 1, found the end of the expression",
    ),
    ("$amount > 5 $qty", 13, "$qty", "unexpected '$qty'; join conditions with 'and' or 'or'"),
    ("$amount > 5 ,", 13, ",", "unexpected ','"),
    ("$amount > 5 ]", 13, "]", "unexpected ']'"),
    (
        "$amount < 5 < 6",
        13,
        "<",
        "comparisons cannot be chained; join them with 'and' or use parentheses",
    ),
    (
        "$amount == 5 == true",
        14,
        "==",
        "comparisons cannot be chained; join them with 'and' or use parentheses",
    ),
    (
        "$qty in [1] in [true]",
        13,
        "in",
        "comparisons cannot be chained; join them with 'and' or use parentheses",
    ),
    ("$qty in $age", 9, "$age", "expected an array [...] or a list @name after 'in', found '$age'"),
    ("$qty not in 5", 13, "5", "expected an array [...] or a list @name after 'not in', found '5'"),
    (
        "$qty in",
        8,
        None,
        "expected an array [...] or a list @name after 'in', found the end of the expression",
    ),
    ("$qty not 5", 6, "not", "'not' can only be used in 'not in'; negate with '!'"),
    ("not $is_new", 1, "not", "'not' can only be used in 'not in'; negate with '!'"),
    ("not($is_new)", 1, "not", "'not' can only be used in 'not in'; negate with '!'"),
    ("$qty in [1, $age]", 13, "$age", "array elements must be literals, found '$age'"),
    (
        "$qty in [1, 2",
        14,
        None,
        "expected ',' or ']' in the array, found the end of the expression",
    ),
    ("$qty in [1 2]", 12, "2", "expected ',' or ']' in the array, found '2'"),
    ("$qty in [1,]", 12, "]", "array elements must be literals, found ']'"),
    ("$qty in [-$age]", 10, "-", "array elements must be literals, found '-'"),
    ("$qty in [(1)]", 10, "(", "array elements must be literals, found '('"),
    ("[1] == [1]", 1, "[", "expected a value, found '['"),
    (
        'lowercase($name, $name) == "a"',
        1,
        "lowercase",
        "function 'lowercase' takes 1 argument, got 2",
    ),
    ('uppercase() == "a"', 1, "uppercase", "function 'uppercase' takes 1 argument, got 0"),
    ('regex_match("a") ', 1, "regex_match", "function 'regex_match' takes 2 arguments, got 1"),
    (
        "getcurrentdatetime(1) == null",
        1,
        "getcurrentdatetime",
        "function 'getcurrentdatetime' takes no arguments, got 1",
    ),
    ("isbefore($signup)", 1, "isbefore", "function 'isbefore' takes 2 arguments, got 1"),
    (
        "isafter($signup, $signup, $signup)",
        1,
        "isafter",
        "function 'isafter' takes 2 arguments, got 3",
    ),
    (
        "getepochmilliseconds() > 1",
        1,
        "getepochmilliseconds",
        "function 'getepochmilliseconds' takes 1 argument, got 0",
    ),
    ('lowercase($name,) == "a"', 17, ")", "expected a value, found ')'"),
    (
        'lowercase($name == "a"',
        23,
        None,
        "expected ',' or ')' in the call of 'lowercase', found the end of the expression",
    ),
    (
        '$email != "" and starts_with($email, "a")',
        18,
        "starts_with",
        "unknown function 'starts_with'",
    ),
    ('contains($email, "@")', 1, "contains", "unknown function 'contains'"),
    ('ends_with($email, ".com")', 1, "ends_with", "unknown function 'ends_with'"),
    ("length($email) > 3", 1, "length", "unknown function 'length'"),
    ('substring($email, 1) == "a"', 1, "substring", "unknown function 'substring'"),
    ('trim($email) == "a"', 1, "trim", "unknown function 'trim'"),
    (
        'LOWERCASE($name) == "a"',
        1,
        "LOWERCASE",
        "unknown function 'LOWERCASE'; function names are lowercase: 'lowercase'",
    ),
    (
        'Regex_Match("a", $name)',
        1,
        "Regex_Match",
        "unknown function 'Regex_Match'; function names are lowercase: 'regex_match'",
    ),
    ("amount > 5", 1, "amount", "unexpected name 'amount'; variables are written '$amount'"),
    ("$amount > 5 AND $is_new", 13, "AND", "unexpected 'AND'; keywords are lowercase: use 'and'"),
    ("$amount > 5 Or $is_new", 13, "Or", "unexpected 'Or'; keywords are lowercase: use 'or'"),
    ("$is_new == TRUE", 12, "TRUE", "unexpected 'TRUE'; keywords are lowercase: use 'true'"),
    ("$is_new == False", 12, "False", "unexpected 'False'; keywords are lowercase: use 'false'"),
    ("$name == NULL", 10, "NULL", "unexpected 'NULL'; keywords are lowercase: use 'null'"),
    ("$qty IN [1]", 6, "IN", "unexpected 'IN'; keywords are lowercase: use 'in'"),
    (
        '@deny_emails == "a"',
        1,
        "@deny_emails",
        "a list such as '@deny_emails' can only follow 'in' or 'not in'",
    ),
    (
        "$is_new == !$verified",
        12,
        "!",
        "'!' applies to a whole condition; put the negated condition in parentheses",
    ),
    ("$amount > 5 and", 16, None, "expected a value, found the end of the expression"),
    ("$amount > 5 or ()", 17, ")", "expected a value, found ')'"),
    ("!", 2, None, "expected a value, found the end of the expression"),
    ("-", 2, None, "expected a value, found the end of the expression"),
    ("and", 1, "and", "expected a value, found 'and'"),
    ("in [1]", 1, "in", "expected a value, found 'in'"),
    ("$amount > 5 and or $is_new", 17, "or", "expected a value, found 'or'"),
    ("(", 2, None, "expected a value, found the end of the expression"),
    (")", 1, ")", "expected a value, found ')'"),
    ("$amount >", 10, None, "expected a value, found the end of the expression"),
    ("1" * 401 + " > 0", 1, "1" * 401, "number '11111111111111111...' is too large"),
]


@pytest.mark.parametrize(("expression", "column", "token", "detail"), REFUSED)
def test_refused(expression: str, column: int, token: str | None, detail: str) -> None:
    with pytest.raises(RuleError) as caught:
        check(expression, VARIABLES, LIST_NAMES)
    error = caught.value
    assert error.message == f"Rule expression is invalid at column {column}: {detail}"
    assert str(error) == error.message
    assert error.column == column
    assert error.token == token


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 65 + "$is_new" + ")" * 65,
        "!" * 65 + "$is_new",
        "!" * 3000 + "$is_new",
        "-" * 3000 + "1 > 0",
        "(" * 1900 + ")" * 1900,
        "1 + " * 70 + "1 > 0",
        "lowercase(" * 65 + "$name" + ")" * 65 + ' == "a"',
    ],
)
def test_nesting_is_bounded(expression: str) -> None:
    with pytest.raises(RuleError) as caught:
        check(expression, VARIABLES, LIST_NAMES)
    assert "nested too deeply (at most 64)" in caught.value.message


def test_the_deepest_allowed_expressions_compile() -> None:
    # Height 64 in each shape the compiler nests: conditions, arithmetic, calls, regexes.
    alternating = "$is_new"
    for level in range(31):
        alternating = f"($is_new {'and' if level % 2 else 'or'} ({alternating}))"
    rule = check(alternating, VARIABLES)
    assert rule.evaluate({"is_new": True}) is True
    nested_calls = "lowercase(" * 62 + "$name" + ")" * 62
    assert check(f'regex_match("a", {nested_calls})', VARIABLES).evaluate({"name": "A"}) is True
    arithmetic = "$qty" + " + 1" * 61 + " > 0"
    assert check(arithmetic, VARIABLES).evaluate({"qty": 0}) is True
    negations = "-" * 62 + "$qty < 0"
    assert check(negations, VARIABLES).evaluate({"qty": 1}) is False
    comparisons = "(" * 30 + "$is_new" + " == true)" * 30
    assert check(comparisons, VARIABLES).evaluate({"is_new": True}) is True


def test_expression_length() -> None:
    padding = " " * (3999 - len("$is_new"))
    assert check("$is_new" + padding, VARIABLES).evaluate({"is_new": True}) is True
    with pytest.raises(RuleError) as caught:
        check("$is_new" + padding + " ", VARIABLES)
    assert caught.value.message == (
        "Rule expression is invalid: it has 4000 characters; "
        "an expression must be shorter than 4,000 characters"
    )
    assert caught.value.column is None
    assert caught.value.token is None


def test_columns_count_characters_across_lines() -> None:
    with pytest.raises(RuleError) as caught:
        check("$amount > 1 and\n  $nope > 2", VARIABLES)
    assert caught.value.column == 19
    assert caught.value.token == "$nope"


def test_keywords_inside_names_are_names() -> None:
    # `android`, `order`, `index` start with keywords but are not keywords.
    variables = {"android": "BOOLEAN", "order": "INTEGER", "index": "STRING", "notes": "STRING"}
    rule = check('$android and $order > 1 and $index in ["a"] and $notes != null', variables)
    values = {"android": True, "order": 2, "index": "a", "notes": "x"}
    assert rule.evaluate(values) is True
