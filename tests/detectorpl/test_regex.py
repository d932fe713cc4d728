"""regex_match has RE2 semantics: linear time, whole-string matches, no back-references."""

from __future__ import annotations

import pytest

from frauddetector_mock.detectorpl import RuleError, check
from frauddetector_mock.detectorpl.functions import compile_regex, regex_match

# With a backtracking engine, each of these takes time exponential in the length of the input: at
# these sizes, far beyond the age of the universe.
PATHOLOGICAL = [
    ("(a+)+$", "a" * 100_000 + "b"),
    ("(a|aa)+", "a" * 100_000 + "b"),
    ("(a|a?)+b", "a" * 100_000),
    ("(.*a){20}", "a" * 5_000),
    ("(x+x+)+y", "x" * 100_000),
]


@pytest.mark.parametrize(("pattern", "subject"), PATHOLOGICAL)
def test_pathological_patterns_run_in_linear_time(pattern: str, subject: str) -> None:
    rule = check(f'regex_match("{pattern}", $s)', {"s": "STRING"})
    expected = pattern == "(.*a){20}"
    assert rule.evaluate({"s": subject}) is expected


@pytest.mark.parametrize(("pattern", "subject"), PATHOLOGICAL[:2])
def test_pathological_patterns_from_a_variable(pattern: str, subject: str) -> None:
    rule = check("regex_match($p, $s)", {"p": "STRING", "s": "STRING"})
    assert rule.evaluate({"p": pattern, "s": subject}) is False


@pytest.mark.parametrize(
    "pattern",
    ["(a)\\1", "(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "a++", "(?>a)", "\\Z"],
)
def test_patterns_re2_refuses(pattern: str) -> None:
    with pytest.raises(RuleError, match="invalid regular expression"):
        check(f'regex_match("{pattern}", $s)', {"s": "STRING"})
    with pytest.raises(ValueError):
        compile_regex(pattern)
    with pytest.raises(ValueError):
        regex_match(pattern, "a")


def test_refused_patterns_are_not_logged(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError):
        compile_regex("(a)\\1")
    assert capfd.readouterr().err == ""


def test_matches_are_whole_string() -> None:
    matcher = compile_regex("b")
    assert matcher("b") is True
    assert matcher("abc") is False
    assert regex_match("a.c", "abc") is True
    assert regex_match("a.c", "abcd") is False
    assert regex_match("a", None) is False


def test_the_fallback_matcher_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    from frauddetector_mock.detectorpl import functions

    monkeypatch.setattr(functions, "_fast_matcher", lambda compiled: None)
    matcher = functions.compile_regex(".*@gmail\\.com")
    assert matcher("a@gmail.com") is True
    assert matcher("a@gmail.co") is False


def test_surrogates_are_data_problems() -> None:
    with pytest.raises(RuleError, match="the pattern is not valid Unicode"):
        check('regex_match("\ud800", $s)', {"s": "STRING"})
    rule = check('regex_match("a", $s)', {"s": "STRING"})
    assert rule.evaluate({"s": "\ud800"}) is False
