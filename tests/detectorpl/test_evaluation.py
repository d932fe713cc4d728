"""What rules evaluate to: every operator, every function, nulls, bad data and short-circuits.

Each case runs through the compiled rule and through the reference tree-walker of the tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

import pytest

from frauddetector_mock.detectorpl import check
from frauddetector_mock.detectorpl.rule import first_match

from .common import LIST_NAMES, LISTS, NOW, VARIABLES, utc
from .reference import reference_evaluate

# (expression, values, expected); variables absent from `values` are null.
CASES: list[tuple[str, dict[str, object], bool]] = [
    # -- numbers -----------------------------------------------------------------------------------
    ("$amount > 100", {"amount": 120.5}, True),
    ("$amount > 100", {"amount": 100.0}, False),
    ("$amount >= 100", {"amount": 100.0}, True),
    ("$amount < 100", {"amount": 99.99}, True),
    ("$amount <= 100", {"amount": 100.0}, True),
    ("$amount <= 100", {"amount": 100.01}, False),
    ("$amount == 100", {"amount": 100.0}, True),
    ("$qty == 100", {"qty": 100}, True),
    ("$qty == 100.0", {"qty": 100}, True),
    ("$qty != 100", {"qty": 5}, True),
    ("$qty != 100", {"qty": 100}, False),
    ("$qty > $age", {"qty": 5, "age": 4}, True),
    ("$amount > $qty", {"amount": 5.5, "qty": 5}, True),
    ("$variable_1 * 100.0 > $variable_3", {"variable_1": 0.5, "variable_3": 49.9}, True),
    ("$variable_1 * 100.0 > $variable_3", {"variable_1": 0.5, "variable_3": 50.0}, False),
    ("$qty > 99999999999999999999", {"qty": 10**20}, True),
    # -- arithmetic and precedence -----------------------------------------------------------------
    ("$amount + 1 > 2", {"amount": 1.5}, True),
    ("$amount - 1 == 0.5", {"amount": 1.5}, True),
    ("$qty * 3 == 12", {"qty": 4}, True),
    ("$qty / 2 == 2.5", {"qty": 5}, True),
    ("$qty / 4 == 1", {"qty": 4}, True),
    ("$qty % 3 == 1", {"qty": 7}, True),
    ("$qty % 3 == -1", {"qty": -7}, True),
    ("$qty % -3 == 1", {"qty": 7}, True),
    ("$amount % 2 == 1.5", {"amount": 5.5}, True),
    ("$amount % 2 == -1.5", {"amount": -5.5}, True),
    ("-$qty == -4", {"qty": 4}, True),
    ("- -$qty == 4", {"qty": 4}, True),
    ("-$qty * 2 == -8", {"qty": 4}, True),
    ("2 + 3 * 4 == 14", {}, True),
    ("(2 + 3) * 4 == 20", {}, True),
    ("10 - 4 - 3 == 3", {}, True),
    ("24 / 4 / 2 == 3", {}, True),
    ("2 * 3 % 4 == 2", {}, True),
    ("-2 * -3 == 6", {}, True),
    ("1 - -1 == 2", {}, True),
    ("0.5 + 0.25 == 0.75", {}, True),
    ("0.1 + 0.2 == 0.3", {}, False),
    ("$qty + 1 > $qty", {"qty": 1}, True),
    # -- bad data: the enclosing comparison is false -----------------------------------------------
    ("$qty / $zero > 1", {"qty": 5, "zero": 0}, False),
    ("$qty / $zero < 1", {"qty": 5, "zero": 0}, False),
    ("$qty / $zero == null", {"qty": 5, "zero": 0}, False),
    ("$qty / $zero != 1", {"qty": 5, "zero": 0}, False),
    ("$qty % $zero == 0", {"qty": 5, "zero": 0}, False),
    ("$amount % 0.0 == 0", {"amount": 1.0}, False),
    ("$amount / 0.0 != 1", {"amount": 1.0}, False),
    ("!($qty / $zero > 1)", {"qty": 5, "zero": 0}, True),
    ("$qty / $zero > 1 or $qty == 5", {"qty": 5, "zero": 0}, True),
    ("$qty / $zero > 1 and $qty == 5", {"qty": 5, "zero": 0}, False),
    ("$qty + 1 > 0", {}, False),
    ("$qty + 1 != 0", {}, False),
    ("$qty + 1 == null", {}, False),
    ("-$qty < 0", {}, False),
    ("$qty * $age == 0", {"qty": 0}, False),
    # -- null --------------------------------------------------------------------------------------
    ("$amount > 100", {}, False),
    ("$amount < 100", {}, False),
    ("$amount >= 100", {}, False),
    ("$amount == 100", {}, False),
    ("$amount != 100", {}, True),
    ("$amount == null", {}, True),
    ("$amount == null", {"amount": 0.0}, False),
    ("$amount != null", {"amount": 0.0}, True),
    ("$amount != null", {}, False),
    ("null == $amount", {}, True),
    ("$variable == null", {}, True),
    ("$variable != null", {"variable": 5}, True),
    ("$email == null", {"email": ""}, True),
    ("$email == null", {"email": "null"}, True),
    ("$email == null", {"email": "NULL"}, False),
    ("$email == null", {"email": "<null>"}, False),
    ("$email != null", {"email": ""}, False),
    ("$email != null", {"email": "a"}, True),
    ('$email == ""', {"email": ""}, True),
    ('$email == ""', {}, False),
    ('$email == "null"', {"email": "null"}, True),
    ('$email != "x"', {}, True),
    ("$is_new == null", {}, True),
    ("$is_new == false", {}, False),
    ("$is_new != false", {}, True),
    ("$is_new", {}, False),
    ("!$is_new", {}, True),
    ("$signup == null", {}, True),
    ("$signup != null", {"signup": utc(2020, 1, 1)}, True),
    ("null == null", {}, True),
    ("null != null", {}, False),
    ("lowercase($email) == null", {}, True),
    ("lowercase($email) == null", {"email": "A"}, False),
    ("uppercase($email) != null", {"email": "a"}, True),
    # -- strings -----------------------------------------------------------------------------------
    ('$country == "US"', {"country": "US"}, True),
    ('$country == "US"', {"country": "us"}, False),
    ('$country != "US"', {"country": "FR"}, True),
    ('$country > "A"', {"country": "B"}, True),
    ('$country < "a"', {"country": "Z"}, True),
    ('"apple" < "banana"', {}, True),
    ('"10" < "9"', {}, True),
    ('$name >= "abc"', {"name": "abc"}, True),
    ('$name <= "ab"', {"name": "abc"}, False),
    ('$name > "ab"', {}, False),
    ('$name == "say \\"hi\\""', {"name": 'say "hi"'}, True),
    ('$name == "a\\\\b"', {"name": "a\\b"}, True),
    ('$name == "a\\.b"', {"name": "a\\.b"}, True),
    ('$name == "café"', {"name": "café"}, True),
    ('$name == "two words"', {"name": "two  words"}, False),
    ('$country != "US"', {"country": "US"}, False),
    # -- lowercase / uppercase ---------------------------------------------------------------------
    ('lowercase($email) == "a@gmail.com"', {"email": "A@GMAIL.COM"}, True),
    ('uppercase($country) == "US"', {"country": "us"}, True),
    ('lowercase("ÄB") == "äb"', {}, True),
    ('uppercase(lowercase($name)) == "X"', {"name": "x"}, True),
    ('lowercase($name) == "abc"', {"name": "aBc"}, True),
    ('uppercase($name) == "abc"', {"name": "abc"}, False),
    # -- booleans ----------------------------------------------------------------------------------
    ("$is_new", {"is_new": True}, True),
    ("$is_new", {"is_new": False}, False),
    ("!$is_new", {"is_new": False}, True),
    ("!!$is_new", {"is_new": True}, True),
    ("$is_new == true", {"is_new": True}, True),
    ("$is_new == false", {"is_new": False}, True),
    ("$is_new != true", {"is_new": False}, True),
    ('$is_new == "True"', {"is_new": True}, True),
    ('$is_new == "true"', {"is_new": True}, True),
    ('$is_new == "FALSE"', {"is_new": False}, True),
    ('$is_new == "False"', {"is_new": True}, False),
    ('"True" == $is_new', {"is_new": True}, True),
    ("$is_new == $verified", {"is_new": True, "verified": True}, True),
    ("$is_new != $verified", {"is_new": True, "verified": False}, True),
    ("true", {}, True),
    ("false", {}, False),
    ("true == false", {}, False),
    ("($amount > 1) == true", {"amount": 2.0}, True),
    ("($amount > 1) == false", {}, True),
    ('($amount > 1) != "True"', {"amount": 0.5}, True),
    ("($is_new or $verified) == ($qty > 1)", {"verified": True, "qty": 2}, True),
    # -- and / or / ! and their precedence ---------------------------------------------------------
    ("$is_new and $verified", {"is_new": True, "verified": True}, True),
    ("$is_new and $verified", {"is_new": True, "verified": False}, False),
    ("$is_new or $verified", {"verified": True}, True),
    ("$is_new or $verified", {}, False),
    ("$is_new and $verified or true", {}, True),
    ("true or false and false", {}, True),
    ("!false and false", {}, False),
    ("!$amount > 5", {"amount": 3.0}, True),
    ("!$amount > 5", {"amount": 6.0}, False),
    ("!($is_new or $verified)", {}, True),
    ("!$is_new and !$verified", {"is_new": False, "verified": False}, True),
    ("$is_new and $verified and $qty > 1", {"is_new": True, "verified": True, "qty": 2}, True),
    ("$is_new or $verified or $qty > 1", {"qty": 2}, True),
    ("$is_new or $verified or $qty > 1", {"qty": 1}, False),
    ('($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")', {"a": 50, "b": "FR"}, True),
    ('($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")', {"a": 50, "b": "USA"}, False),
    ('($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")', {"a": 150, "b": "USA"}, True),
    ('($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")', {"a": 150, "b": "FR"}, False),
    ('($a < 100 and $b != "USA") or ($a > 100 and $b == "USA")', {"a": 100, "b": "USA"}, False),
    ('$a < 100 and $b != "USA" or $a > 100 and $b == "USA"', {"a": 150, "b": "USA"}, True),
    # -- in / not in an array ----------------------------------------------------------------------
    ("$variable in [5, 10, 25, 100]", {"variable": 25}, True),
    ("$variable in [5, 10, 25, 100]", {"variable": 26}, False),
    ("$variable in [5, 10, 25, 100]", {}, False),
    ("$variable not in [5, 10, 25, 100]", {"variable": 26}, True),
    ("$variable not in [5, 10, 25, 100]", {"variable": 5}, False),
    ("$variable not in [5, 10, 25, 100]", {}, True),
    ("$qty in [1.0, 2.5]", {"qty": 1}, True),
    ("$amount in [1, 2]", {"amount": 2.0}, True),
    ('$country in ["US", "CA"]', {"country": "CA"}, True),
    ('$country in ["US", "CA"]', {"country": "ca"}, False),
    ('$country not in ["US", "CA"]', {"country": "MX"}, True),
    ("$qty in []", {"qty": 1}, False),
    ("$qty not in []", {"qty": 1}, True),
    ('$email in ["a", null]', {}, True),
    ('$email in ["a", null]', {"email": ""}, True),
    ('$email in ["a"]', {"email": ""}, False),
    ('$email not in ["a", null]', {"email": "null"}, False),
    ("$qty in [1, null]", {}, True),
    ("$qty not in [1, null]", {"qty": 2}, True),
    ("$is_new in [true]", {"is_new": True}, True),
    ('$is_new in ["False"]', {"is_new": False}, True),
    ('$is_new in ["False"]', {"is_new": True}, False),
    ('$signup in ["2020-01-01T00:00:00Z"]', {"signup": utc(2020, 1, 1)}, True),
    ('$signup in ["2020-01-01T01:00:00+01:00"]', {"signup": utc(2020, 1, 1)}, True),
    ('$signup not in ["2020-01-01"]', {"signup": utc(2020, 1, 2)}, True),
    ("$qty in [-1, -2]", {"qty": -2}, True),
    ("$qty + 1 in [3]", {"qty": 2}, True),
    ("$qty / $zero in [1]", {"qty": 1, "zero": 0}, False),
    ("$qty / $zero not in [1]", {"qty": 1, "zero": 0}, False),
    ('lowercase($country) in ["us"]', {"country": "US"}, True),
    # -- in / not in a list ------------------------------------------------------------------------
    ("$email in @deny_emails", {"email": "bad@example.com"}, True),
    ("$email in @deny_emails", {"email": "BAD@example.com"}, False),
    ("$email in @deny_emails", {}, False),
    ("$email not in @deny_emails", {"email": "good@example.com"}, True),
    ("$email not in @deny_emails", {"email": "bad@example.com"}, False),
    ("$email not in @deny_emails", {}, True),
    ("$ip in @allow_ips", {"ip": "10.0.0.1"}, True),
    ("$card_bin in @bad_bins", {"card_bin": "411111"}, True),
    ("$card_bin in @bad_bins", {"card_bin": " 411111"}, False),
    ("$email in @empty_list", {"email": "bad@example.com"}, False),
    ("$email not in @empty_list", {"email": "bad@example.com"}, True),
    ("lowercase($email) in @deny_emails", {"email": "BAD@EXAMPLE.COM"}, True),
    (
        "$email in @deny_emails or $ip not in @allow_ips",
        {"email": "ok@example.com", "ip": "10.0.0.1"},
        False,
    ),
    # -- regex_match -------------------------------------------------------------------------------
    ('regex_match(".*@gmail\\.com", lowercase($email))', {"email": "John@GMAIL.com"}, True),
    ('regex_match(".*@gmail\\.com", lowercase($email))', {"email": "john@gmail.co"}, False),
    ('regex_match(".*@gmail\\.com", lowercase($email))', {"email": "john@gmailxcom"}, False),
    ('regex_match(".*@gmail\\.com", lowercase($email))', {}, False),
    ('regex_match(".*\\+1", $phone_number)', {"phone_number": "555+1"}, True),
    ('regex_match(".*\\+1", $phone_number)', {"phone_number": "+15551234"}, False),
    ('regex_match("^mystring", $name)', {"name": "mystring"}, True),
    ('regex_match("^mystring", $name)', {"name": "mystring2"}, False),
    ('regex_match("mystring", $name)', {"name": "mystring"}, True),
    ('regex_match("mystring", $name)', {"name": "a mystring"}, False),
    ('regex_match(".", $name)', {"name": "a"}, True),
    ('regex_match(".", $name)', {"name": "ab"}, False),
    ('regex_match(".", $name)', {"name": "\n"}, False),
    ('regex_match(".", $name)', {"name": "é"}, True),
    ('regex_match(".*mystring", $name)', {"name": "the mystring"}, True),
    ('regex_match(".*mystring", $name)', {"name": "mystring!"}, False),
    ('regex_match("[0-9]{6}", $card_bin)', {"card_bin": "411111"}, True),
    ('regex_match("(?i)abc", $name)', {"name": "ABC"}, True),
    ('regex_match("\\d+", $name)', {"name": "123"}, True),
    ('regex_match("\\\\d+", $name)', {"name": "123"}, True),
    ('regex_match("a|b", $name)', {"name": "b"}, True),
    ('regex_match("a|b", $name)', {"name": "ab"}, False),
    ('regex_match("", $name)', {"name": ""}, True),
    ('regex_match("", $name)', {"name": "a"}, False),
    ('regex_match(".*", $name)', {"name": ""}, True),
    ('regex_match(".*", $name)', {}, False),
    ('regex_match("é+", $name)', {"name": "ééé"}, True),
    ("regex_match($pattern, $email)", {"pattern": ".*@x\\.com", "email": "a@x.com"}, True),
    ("regex_match($pattern, $email)", {"pattern": ".*@x\\.com", "email": "a@y.com"}, False),
    ("regex_match($pattern, $email)", {"pattern": "(a)\\1", "email": "aa"}, False),
    ("regex_match($pattern, $email)", {"email": "a"}, False),
    ('regex_match("a", $name) == false', {}, True),
    ('regex_match("a", $name) == false', {"name": "b"}, True),
    ('!regex_match("a", $name)', {"name": "b"}, True),
    # -- date-times --------------------------------------------------------------------------------
    ('isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "False"', {}, True),
    ('isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "True"', {}, False),
    ('isafter(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "True"', {}, True),
    ('isafter(getcurrentdatetime(), "2019-11-30T01:01:01Z")', {}, True),
    (
        "isbefore($signup, $event_time)",
        {"signup": utc(2020, 1, 1), "event_time": utc(2021, 1, 1)},
        True,
    ),
    (
        "isbefore($signup, $event_time)",
        {"signup": utc(2020, 1, 1), "event_time": utc(2020, 1, 1)},
        False,
    ),
    (
        "isafter($signup, $event_time)",
        {"signup": utc(2020, 1, 1), "event_time": utc(2020, 1, 1)},
        False,
    ),
    (
        "isafter($event_time, $signup)",
        {"signup": utc(2020, 1, 1), "event_time": utc(2021, 1, 1)},
        True,
    ),
    ("isbefore($signup, $event_time)", {"event_time": utc(2021, 1, 1)}, False),
    ('isbefore($ts_text, "2020-01-01")', {"ts_text": "2019-12-31T23:59:59Z"}, True),
    ('isbefore($ts_text, "2020-01-01")', {"ts_text": "2020-01-01T00:30:00+01:00"}, True),
    ('isbefore($ts_text, "2020-01-01")', {"ts_text": "garbage"}, False),
    ('isbefore($ts_text, "2020-01-01")', {}, False),
    ('isbefore($ts_text, "2020-01-01") == false', {"ts_text": "garbage"}, False),
    ('!isbefore($ts_text, "2020-01-01")', {"ts_text": "garbage"}, True),
    ('getepochmilliseconds("2019-11-30T01:01:01Z") == 1575075661000', {}, True),
    ('getepochmilliseconds("2019-11-30T01:01:01Z") == 1575032461', {}, False),
    ('getepochmilliseconds("1970-01-01T00:00:00.001Z") == 1', {}, True),
    ('getepochmilliseconds("1969-12-31T23:59:59.999Z") == -1', {}, True),
    ("getepochmilliseconds($signup) > 1577836800000", {"signup": utc(2020, 1, 2)}, True),
    ("getepochmilliseconds($signup) > 1577836800000", {}, False),
    ("getepochmilliseconds(getcurrentdatetime()) == 1717243200000", {}, True),
    ("getepochmilliseconds($ts_text) == 0", {"ts_text": "1970-01-01T00:00:00Z"}, True),
    ("$signup < getcurrentdatetime()", {"signup": utc(2020, 1, 1)}, True),
    ('$signup > "2020-01-01"', {"signup": utc(2020, 1, 1, 0, 0, 1)}, True),
    ('$signup == "2020-01-01T02:00:00+02:00"', {"signup": utc(2020, 1, 1)}, True),
    ("$signup >= $ts_text", {"signup": utc(2020, 1, 1), "ts_text": "2020-01-01T00:00:00Z"}, True),
    ("$signup == $ts_text", {"signup": utc(2020, 1, 1), "ts_text": "nope"}, False),
    ("$signup != $ts_text", {"signup": utc(2020, 1, 1), "ts_text": "nope"}, False),
    ('getcurrentdatetime() == "2024-06-01T12:00:00Z"', {}, True),
    ('isbefore("2020-01-01", "2020-01-02")', {}, True),
    ('isbefore("2020-01-01", null)', {}, False),
    # -- literals only -----------------------------------------------------------------------------
    ("1 == 5", {}, False),
    ("5 == 5", {}, True),
    ("1 < 2", {}, True),
    ('"a" == "a"', {}, True),
    ("007 == 7", {}, True),
    # -- the thresholds of AWS's create-a-rule page ------------------------------------------------
    (
        "$sample_fraud_detection_model_insightscore > 900",
        {"sample_fraud_detection_model_insightscore": 858.0},
        False,
    ),
    (
        "$sample_fraud_detection_model_insightscore > 900",
        {"sample_fraud_detection_model_insightscore": 950.0},
        True,
    ),
    (
        "$sample_fraud_detection_model_insightscore <= 900 and "
        "$sample_fraud_detection_model_insightscore > 700",
        {"sample_fraud_detection_model_insightscore": 800.0},
        True,
    ),
    (
        "$sample_fraud_detection_model_insightscore <= 700",
        {"sample_fraud_detection_model_insightscore": 700.0},
        True,
    ),
    ("$sagemaker_xgb_score_v1 > 0.9", {"sagemaker_xgb_score_v1": 0.07167139649391174}, False),
]


@pytest.mark.parametrize(("expression", "values", "expected"), CASES)
def test_evaluation(expression: str, values: dict[str, object], expected: bool) -> None:
    rule = check(expression, VARIABLES, LIST_NAMES)
    assert rule.evaluate(values, LISTS, NOW) is expected
    assert reference_evaluate(expression, VARIABLES, values, LISTS, NOW) is expected


class _Recording(Mapping[str, object]):
    """A mapping that records which keys the rule read."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = dict(data)
        self.read: list[str] = []

    def __getitem__(self, key: str) -> object:
        self.read.append(key)
        return self.data[key]

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.read.append(key)
        return self.data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


SHORT_CIRCUITS = [
    ("$is_new and $amount > 1", {"is_new": False}, False, ["is_new"]),
    ("$is_new and $amount > 1", {"is_new": True, "amount": 2.0}, True, ["is_new", "amount"]),
    ("$is_new or $amount > 1", {"is_new": True}, True, ["is_new"]),
    ("$is_new or $amount > 1", {"is_new": False}, False, ["is_new", "amount"]),
    ("($is_new or $verified) and $qty > 1", {"is_new": True, "qty": 2}, True, ["is_new", "qty"]),
    ("$is_new and $verified and $qty > 1", {"is_new": False}, False, ["is_new"]),
    ("$is_new or $verified or $qty > 1", {"verified": True}, True, ["is_new", "verified"]),
    ("false and regex_match($pattern, $name)", {}, False, []),
    ("true or $qty / $zero > 1", {}, True, []),
    ("!$is_new and $qty > 1", {"is_new": True}, False, ["is_new"]),
    ("!($is_new or $qty > 1)", {"is_new": True}, False, ["is_new"]),
]


@pytest.mark.parametrize(("expression", "values", "expected", "reads"), SHORT_CIRCUITS)
def test_and_or_short_circuit(
    expression: str, values: dict[str, object], expected: bool, reads: list[str]
) -> None:
    recording = _Recording(values)
    assert check(expression, VARIABLES).evaluate(recording, LISTS, NOW) is expected
    assert recording.read == reads


def test_first_match_reads_each_variable_once_whatever_the_number_of_rules() -> None:
    rules = [check(f'$qty > {n} and $email != "x{n}"', VARIABLES) for n in range(50)]
    rules.append(check("$is_new", VARIABLES))
    recording = _Recording({"qty": 0, "email": "a", "is_new": True})
    assert first_match(rules)(recording, LISTS, NOW) == 50
    assert sorted(recording.read) == ["email", "is_new", "qty"]


def test_first_match_takes_a_rule_of_hundreds_of_conditions() -> None:
    """Short `and` chains nest in first_match; Python reads only 100 levels of indentation."""
    chain = check(" and ".join(f"$qty > {n}" for n in range(250)), VARIABLES)
    pair = check("$qty > 1 and $qty > 2", VARIABLES)
    rules = first_match([chain, pair])
    assert [rules({"qty": qty}, LISTS, NOW) for qty in (1000, 100, 2)] == [0, 1, -1]


def test_short_circuit_skips_list_lookups() -> None:
    lists = _Recording({"deny_emails": {"a"}})
    rule = check("$is_new and $email in @deny_emails", VARIABLES, LIST_NAMES)
    assert rule.evaluate({"is_new": False, "email": "a"}, lists) is False  # type: ignore[arg-type]
    assert lists.read == []
    assert rule.evaluate({"is_new": True, "email": "a"}, lists) is True  # type: ignore[arg-type]
    assert lists.read == ["deny_emails"]


def test_lists_are_read_when_the_rule_runs() -> None:
    rule = check("$email in @deny_emails", VARIABLES, LIST_NAMES)
    entries = {"a@b.c"}
    lists = {"deny_emails": entries}
    assert rule.evaluate({"email": "x@y.z"}, lists) is False
    entries.add("x@y.z")
    assert rule.evaluate({"email": "x@y.z"}, lists) is True
    assert rule.evaluate({"email": "x@y.z"}, {"deny_emails": ["x@y.z"]}) is True


@pytest.mark.parametrize("lists", [None, {}, {"other": {"a"}}])
def test_a_missing_list_fails_the_membership(lists: dict[str, set[str]] | None) -> None:
    assert (
        check("$email in @deny_emails", VARIABLES, LIST_NAMES).evaluate({"email": "a"}, lists)
        is False
    )
    negated = check("$email not in @deny_emails", VARIABLES, LIST_NAMES)
    assert negated.evaluate({"email": "a"}, lists) is False


def test_now_defaults_to_the_clock_and_naive_now_is_utc() -> None:
    rule = check('isafter(getcurrentdatetime(), "2020-01-01T00:00:00Z")', VARIABLES)
    assert rule.evaluate({}) is True
    assert rule.evaluate({}, None, datetime(2019, 1, 1)) is False
    assert rule.evaluate({}, None, datetime(2021, 1, 1)) is True


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("$amount > 1", {"amount": "12"}),
        ("$amount > 1", {"amount": [1]}),
        ("$qty in [1, 2]", {"qty": [1]}),
        ("$qty in [1, 2]", {"qty": {"a": 1}}),
        ('lowercase($name) == "a"', {"name": 5}),
        ('regex_match("a", $name)', {"name": 5}),
        ("regex_match($pattern, $name)", {"pattern": 5, "name": "a"}),
        ("isbefore($signup, $event_time)", {"signup": "2020", "event_time": utc(2020, 1, 1)}),
        (
            "isbefore($signup, $event_time)",
            {"signup": datetime(2020, 1, 1), "event_time": utc(2020, 1, 1)},
        ),
        ("getepochmilliseconds($signup) > 1", {"signup": 5}),
        ("$email in @deny_emails", {"email": ["a"]}),
        ("$qty * 1.5 > 1", {"qty": 10**400}),
        ("$qty / 3 > 1", {"qty": 10**400}),
        ("$qty % 1.5 > 1", {"qty": 10**400}),
    ],
)
def test_wrongly_typed_values_never_raise(expression: str, values: dict[str, object]) -> None:
    rule = check(expression, VARIABLES, LIST_NAMES)
    assert rule.evaluate(values, LISTS, NOW) is False


def test_render_with_values() -> None:
    rule = check(
        '$amount > 100 and $email != "$email" and $is_new == true and $signup < "2020-01-01"'
        " and $qty in [1] and $name == null",
        VARIABLES,
    )
    values = {
        "amount": 120.5,
        "email": 'a"b\\c',
        "is_new": False,
        "signup": utc(2019, 5, 1, 12, 30),
        "qty": 3,
    }
    assert rule.render_with_values(values) == (
        '120.5 > 100 and "a\\"b\\\\c" != "$email" and false == true and '
        '"2019-05-01T12:30:00Z" < "2020-01-01" and 3 in [1] and null == null'
    )
