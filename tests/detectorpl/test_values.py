"""convert(): event values (strings on the wire) to typed values, and the one-shot evaluate()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from frauddetector_mock.detectorpl import RuleError, convert, evaluate
from frauddetector_mock.detectorpl.values import format_datetime, render

from .common import utc

CONVERTED = [
    ("abc", "STRING", "abc"),
    ("", "STRING", ""),
    ("null", "STRING", "null"),
    ("  padded ", "STRING", "  padded "),
    ("<null>", "STRING", "<null>"),
    ("42", "INTEGER", 42),
    ("-42", "INTEGER", -42),
    ("+7", "INTEGER", 7),
    ("007", "INTEGER", 7),
    (" 42\n", "INTEGER", 42),
    ("0", "INTEGER", 0),
    ("123456789012345678901234567890", "INTEGER", 123456789012345678901234567890),
    ("", "INTEGER", None),
    ("null", "INTEGER", None),
    ("1.5", "FLOAT", 1.5),
    ("0.0", "FLOAT", 0.0),
    ("-0.25", "FLOAT", -0.25),
    ("5", "FLOAT", 5.0),
    (".5", "FLOAT", 0.5),
    ("5.", "FLOAT", 5.0),
    ("1e3", "FLOAT", 1000.0),
    ("2.5E-2", "FLOAT", 0.025),
    ("0.07167139649391174\n", "FLOAT", 0.07167139649391174),
    ("", "FLOAT", None),
    ("null", "FLOAT", None),
    ("true", "BOOLEAN", True),
    ("false", "BOOLEAN", False),
    ("True", "BOOLEAN", True),
    ("FALSE", "BOOLEAN", False),
    (" true ", "BOOLEAN", True),
    ("", "BOOLEAN", None),
    ("null", "BOOLEAN", None),
    ("2019-11-30T01:01:01Z", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("2019-11-30T01:01:01.5Z", "DATETIME", utc(2019, 11, 30, 1, 1, 1, 500000)),
    ("2019-11-30T01:01:01.123456789Z", "DATETIME", utc(2019, 11, 30, 1, 1, 1, 123456)),
    ("2019-11-30T01:01:01,25Z", "DATETIME", utc(2019, 11, 30, 1, 1, 1, 250000)),
    ("2019-11-30T03:01:01+02:00", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("2019-11-30T00:01:01-0100", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("2019-11-30T03:01:01+02", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("2019-11-30T01:01:01", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("2019-11-30 01:01", "DATETIME", utc(2019, 11, 30, 1, 1)),
    ("2019-11-30", "DATETIME", utc(2019, 11, 30)),
    ("2019-11-30t01:01:01z", "DATETIME", utc(2019, 11, 30, 1, 1, 1)),
    ("", "DATETIME", None),
    ("null", "DATETIME", None),
]


@pytest.mark.parametrize(("raw", "data_type", "expected"), CONVERTED)
def test_convert(raw: str, data_type: str, expected: object) -> None:
    value = convert(raw, data_type)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(value, datetime):
        assert value.utcoffset() == timedelta(0)


REFUSED = [
    ("abc", "INTEGER", "'abc' is not a valid INTEGER (expected a whole number such as 42)"),
    ("1.5", "INTEGER", "'1.5' is not a valid INTEGER (expected a whole number such as 42)"),
    ("1_000", "INTEGER", "'1_000' is not a valid INTEGER (expected a whole number such as 42)"),
    ("١٢", "INTEGER", "'١٢' is not a valid INTEGER (expected a whole number such as 42)"),
    ("NULL", "INTEGER", "'NULL' is not a valid INTEGER (expected a whole number such as 42)"),
    ("abc", "FLOAT", "'abc' is not a valid FLOAT (expected a number such as 12.5)"),
    ("nan", "FLOAT", "'nan' is not a valid FLOAT (expected a number such as 12.5)"),
    ("inf", "FLOAT", "'inf' is not a valid FLOAT (expected a number such as 12.5)"),
    ("1_0.5", "FLOAT", "'1_0.5' is not a valid FLOAT (expected a number such as 12.5)"),
    ("1e999", "FLOAT", "'1e999' is not a valid FLOAT (out of range)"),
    ("yes", "BOOLEAN", "'yes' is not a valid BOOLEAN (expected true or false)"),
    ("1", "BOOLEAN", "'1' is not a valid BOOLEAN (expected true or false)"),
    (
        "30/11/2019",
        "DATETIME",
        "'30/11/2019' is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)",
    ),
    (
        "2019-02-30",
        "DATETIME",
        "'2019-02-30' is not a valid DATETIME (day is out of range for month)",
    ),
    (
        "2019-11-30T25:00:00Z",
        "DATETIME",
        "'2019-11-30T25:00:00Z' is not a valid DATETIME (hour must be in 0..23)",
    ),
    (
        "2019-11-30T01:00:00+24:00",
        "DATETIME",
        "'2019-11-30T01:00:00+24:00' is not a valid DATETIME (zone offset out of range)",
    ),
    (
        "1575075661",
        "DATETIME",
        "'1575075661' is not a valid DATETIME (expected ISO 8601 such as 2019-11-30T01:01:01Z)",
    ),
]


@pytest.mark.parametrize(("raw", "data_type", "message"), REFUSED)
def test_convert_refuses(raw: str, data_type: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        convert(raw, data_type)
    assert str(caught.value) == message


def test_convert_refuses_absurdly_long_integers() -> None:
    with pytest.raises(ValueError, match="out of range"):
        convert("9" * 5000, "INTEGER")


def test_convert_unknown_type_and_non_strings() -> None:
    with pytest.raises(ValueError, match="unknown data type 'NUMBER'"):
        convert("1", "NUMBER")
    with pytest.raises(TypeError):
        convert(1, "INTEGER")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (858.0, "858.0"),
        (0.1, "0.1"),
        ("a", '"a"'),
        ('say "hi" \\o/', '"say \\"hi\\" \\\\o/"'),
        (utc(2019, 11, 30, 1, 1, 1), '"2019-11-30T01:01:01Z"'),
        (utc(2019, 11, 30, 1, 1, 1, 500), '"2019-11-30T01:01:01.000500Z"'),
        (
            datetime(2019, 11, 30, 3, 1, 1, tzinfo=timezone(timedelta(hours=2))),
            '"2019-11-30T01:01:01Z"',
        ),
    ],
)
def test_render(value: object, text: str) -> None:
    assert render(value) == text


def test_format_datetime_of_a_naive_value() -> None:
    assert format_datetime(datetime(2020, 1, 1)) == "2020-01-01T00:00:00Z"


# -- evaluate(): the one-shot form --------------------------------------------------------------


def test_evaluate_infers_types_from_python_values() -> None:
    values = {"amount": 120.5, "email": "A@GMAIL.COM", "qty": 3, "new": True, "at": utc(2020, 1, 1)}
    expression = (
        'regex_match(".*@gmail\\.com", lowercase($email)) and $amount > 100 and $qty in [1, 3] '
        'and $new and $at < "2021-01-01"'
    )
    assert evaluate(expression, values) is True


def test_evaluate_with_unknown_types_for_none() -> None:
    assert evaluate("$maybe == null", {"maybe": None}) is True
    assert evaluate("$maybe > 5", {"maybe": None}) is False
    assert evaluate("$maybe", {"maybe": None}) is False
    assert evaluate('$maybe in ["a", null]', {"maybe": None}) is True
    assert evaluate("lowercase($maybe) == null", {"maybe": None}) is True
    assert evaluate('isbefore($maybe, "2020-01-01")', {"maybe": None}) is False


def test_evaluate_converts_strings_of_declared_variables() -> None:
    variables = {"amount": "FLOAT", "is_new": "BOOLEAN", "at": "DATETIME", "email": "STRING"}
    values = {"amount": "120.5", "is_new": "true", "at": "2020-01-01T00:00:00Z", "email": "5"}
    assert evaluate(
        '$amount > 100 and $is_new and $at < "2021-01-01" and $email == "5"', values, variables
    )
    assert evaluate("$amount == null", {}, variables) is True
    with pytest.raises(ValueError, match="not a valid FLOAT"):
        evaluate("$amount > 1", {"amount": "abc"}, variables)


def test_evaluate_with_lists_and_now() -> None:
    lists = {"deny": ["a@b.c"]}
    assert evaluate("$email in @deny", {"email": "a@b.c"}, lists=lists) is True
    assert evaluate("$email not in @deny", {"email": "x"}, lists=lists) is True
    at = datetime(2019, 1, 1, tzinfo=timezone.utc)
    assert evaluate('isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z")', {}, now=at) is True


def test_evaluate_takes_naive_datetimes_as_utc() -> None:
    assert evaluate('$at == "2020-01-01T00:00:00Z"', {"at": datetime(2020, 1, 1)}) is True


def test_evaluate_reports_rule_errors() -> None:
    with pytest.raises(RuleError, match="variable 'nope' does not exist"):
        evaluate("$nope > 1", {"amount": 1.0})
    with pytest.raises(RuleError, match="list 'deny' does not exist"):
        evaluate("$email in @deny", {"email": "a"})
    with pytest.raises(RuleError, match="shorter than 4,000"):
        evaluate("true" + " " * 4000, {})


def test_evaluate_refuses_values_it_cannot_type() -> None:
    with pytest.raises(ValueError, match="cannot infer a data type from a list"):
        evaluate("$x == null", {"x": [1]})
