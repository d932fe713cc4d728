"""The check-rule sub-command, run through the package's command line."""

from __future__ import annotations

import pytest

from frauddetector_mock.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check-rule", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_rule_prints_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "$amount > 100", "--var", "amount:FLOAT")
    assert (code, out, err) == (0, "OK\n", "")


def test_an_invalid_rule_shows_a_caret(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, '$email != "" and starts_with($email, "a")', "--var", "email:STRING"
    )
    assert code == 1
    assert out == ""
    assert err == (
        "Rule expression is invalid at column 18: unknown function 'starts_with'\n"
        '  $email != "" and starts_with($email, "a")\n'
        "                   ^~~~~~~~~~~\n"
    )


def test_an_undeclared_variable(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "$amount > 100")
    assert code == 1
    assert err.splitlines() == [
        "Rule expression is invalid at column 1: variable 'amount' does not exist",
        "  $amount > 100",
        "  ^~~~~~~",
        "no variable is declared",
        "to declare it: --var amount:TYPE (TYPE is STRING, INTEGER, FLOAT, BOOLEAN or DATETIME)",
    ]


def test_a_misspelt_variable_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "$ammount > 100 and $email_adress != null",
        *("--var", "amount:FLOAT", "--var", "email_address:STRING", "--var", "age:INTEGER"),
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Rule expression is invalid at column 1: variable 'ammount' does not exist",
        "  $ammount > 100 and $email_adress != null",
        "  ^~~~~~~~",
        "did you mean $amount?",
        "declared variables: $age, $amount, $email_address",
        "to declare it: --var ammount:TYPE (TYPE is STRING, INTEGER, FLOAT, BOOLEAN or DATETIME)",
    ]


def test_close_names_come_closest_first(capsys: pytest.CaptureFixture[str]) -> None:
    variables = ["score_v1:FLOAT", "score_v2:FLOAT", "scores:FLOAT", "zip:STRING"]
    code, _, err = run(capsys, "$score > 1", *[arg for v in variables for arg in ("--var", v)])
    assert code == 1
    assert err.splitlines()[3:5] == [
        "did you mean $scores or $score_v1 or $score_v2?",
        "declared variables: $score_v1, $score_v2, $scores, $zip",
    ]


def test_nothing_close_lists_the_declared_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, '$ip == "1.2.3.4"', "--var", "amount:FLOAT")
    assert code == 1
    assert err.splitlines()[3:] == [
        "declared variables: $amount",
        "to declare it: --var ip:TYPE (TYPE is STRING, INTEGER, FLOAT, BOOLEAN or DATETIME)",
    ]


def test_a_misspelt_list_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "$email in @deny_email", "--var", "email:STRING", "--list", "deny_emails=a@x.com"
    )
    assert code == 1
    assert err.splitlines() == [
        "Rule expression is invalid at column 11: list 'deny_email' does not exist",
        "  $email in @deny_email",
        "            ^~~~~~~~~~~",
        "did you mean @deny_emails?",
        "declared lists: @deny_emails",
        "to declare it: --list deny_email (or --list deny_email=ENTRY,... with its entries)",
    ]


def test_swapped_regex_arguments_are_put_right(capsys: pytest.CaptureFixture[str]) -> None:
    expression = '$amount > 100 and regex_match($email, ".*@gmail\\.com")'
    code, out, err = run(capsys, expression, "--var", "amount:FLOAT", "--var", "email:STRING")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Rule expression is invalid at column 31: the arguments of 'regex_match' are swapped: "
        "the pattern comes first, as in regex_match(pattern, value); "
        'write regex_match(".*@gmail\\.com", $email)',
        '  $amount > 100 and regex_match($email, ".*@gmail\\.com")',
        "                                ^~~~~~",
        'corrected: $amount > 100 and regex_match(".*@gmail\\.com", $email)',
    ]
    corrected = err.splitlines()[-1].removeprefix("corrected: ")
    code, out, _ = run(
        capsys,
        corrected,
        "--var",
        "amount:FLOAT",
        "--var",
        "email:STRING",
        "--value",
        "amount=120",
        "--value",
        "email=jo@gmail.com",
    )
    assert (code, out.splitlines()[-1]) == (0, "result: true")


def test_the_caret_points_into_the_right_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "$amount > 100 and\n\t$qty >> 2", "--var", "amount:FLOAT", "--var", "qty:INTEGER"
    )
    assert code == 1
    assert err.splitlines() == [
        "Rule expression is invalid at column 26: expected a value, found '>'",
        "  \t$qty >> 2",
        "  \t      ^",
    ]


def test_an_error_at_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "$amount >", "--var", "amount:float")
    assert code == 1
    assert err.splitlines()[1:] == ["  $amount >", "           ^"]


def test_errors_without_a_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "true" + " " * 4000)
    assert code == 1
    assert err.splitlines() == [
        "Rule expression is invalid: it has 4004 characters; "
        "an expression must be shorter than 4,000 characters"
    ]


def test_lists_must_be_declared(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "$email in @deny", "--var", "email:STRING")
    assert code == 1
    assert "list 'deny' does not exist" in err
    code, out, _ = run(capsys, "$email in @deny", "--var", "email:STRING", "--list", "deny")
    assert (code, out) == (0, "OK\n")


def test_values_evaluate_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "$amount > 100 and $email in @deny",
        "--var",
        "amount:FLOAT",
        "--var",
        "email:STRING",
        "--list",
        "deny=a@x.com,b@y.com",
    ]
    code, out, _ = run(capsys, *args, "--value", "amount=120.5", "--value", "email=a@x.com")
    assert code == 0
    assert out.splitlines() == [
        "OK",
        'evaluated: 120.5 > 100 and "a@x.com" in @deny',
        "result: true",
    ]
    code, out, _ = run(capsys, *args, "--value", "amount=99")
    assert out.splitlines()[1:] == ["evaluated: 99.0 > 100 and null in @deny", "result: false"]


def test_now_sets_the_current_time(capsys: pytest.CaptureFixture[str]) -> None:
    expression = 'isbefore(getcurrentdatetime(), "2019-11-30T01:01:01Z") == "False"'
    code, out, _ = run(
        capsys, expression, "--value", "x=1", "--var", "x:INTEGER", "--now", "2019-01-01T00:00:00Z"
    )
    assert (code, out.splitlines()[-1]) == (0, "result: false")
    code, out, _ = run(
        capsys, expression, "--value", "x=1", "--var", "x:INTEGER", "--now", "2020-01-01"
    )
    assert (code, out.splitlines()[-1]) == (0, "result: true")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["$a > 1", "--var", "a:INTEGER", "--value", "a=abc"],
            "--value a: 'abc' is not a valid INTEGER",
        ),
        (
            ["$a > 1", "--var", "a:INTEGER", "--value", "b=1"],
            "--value b: declare the variable with --var b:TYPE",
        ),
        (
            ["$a > 1", "--var", "a:INTEGER", "--value", "a=1", "--now", "later"],
            "--now: 'later' is not a valid DATETIME",
        ),
    ],
)
def test_bad_values(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == "OK\n"
    assert err.startswith(message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["$a > 1", "--var", "a"], "expected NAME:TYPE, got 'a'"),
        (["$a > 1", "--var", "a:NUMBER"], "unknown type 'NUMBER'"),
        (["$a > 1", "--value", "a"], "expected NAME=VALUE, got 'a'"),
        (["$a > 1", "--list", "=x"], "expected NAME or NAME=ENTRY,..., got '=x'"),
    ],
)
def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check-rule", *argv])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_help_mentions_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check-rule", "--help"])
    out = capsys.readouterr().out
    for option in ("--var NAME:TYPE", "--list NAME[=ENTRY,...]", "--value NAME=VALUE", "--now"):
        assert option in out
    assert "  frauddetector-mock check-rule '$amount > 100' --var amount:FLOAT\n" in out
    assert "regex_match takes the pattern first: regex_match(pattern, value)." in out
