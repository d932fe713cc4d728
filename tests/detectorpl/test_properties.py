"""Property-based tests: no input makes the language fail other than with RuleError, and the
compiled evaluator agrees with the reference tree-walker on generated well-formed rules."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frauddetector_mock.detectorpl import CompiledRule, RuleError, check
from frauddetector_mock.detectorpl.rule import first_match

from .reference import reference_evaluate

VARIABLES = {
    "i1": "INTEGER",
    "i2": "INTEGER",
    "f1": "FLOAT",
    "f2": "FLOAT",
    "s1": "STRING",
    "s2": "STRING",
    "t1": "STRING",  # holds date-times as text, or junk
    "b1": "BOOLEAN",
    "b2": "BOOLEAN",
    "d1": "DATETIME",
    "d2": "DATETIME",
}
LIST_NAMES = ("l1", "l2", "l3")  # l3 exists when checked, but is missing when evaluated
NOW = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STRINGS = ["a", "A", "abc", "ABC", "", "null", "x@gmail.com", "2020-01-01T00:00:00Z", "é"]
DATETIMES = [
    datetime(2019, 11, 30, 1, 1, 1, tzinfo=timezone.utc),
    datetime(2020, 1, 1, tzinfo=timezone.utc),
    datetime(2024, 6, 1, 12, tzinfo=timezone.utc),
    datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc),
]

# -- well-formed expressions, by type --------------------------------------------------------------

Text = st.SearchStrategy[str]


def _paren(*parts: str) -> str:
    return "(" + " ".join(parts) + ")"


@cache
def datetimes(depth: int) -> Text:
    return st.sampled_from(["$d1", "$d2", "getcurrentdatetime()"])


@cache
def datetime_args(depth: int) -> Text:
    literals = st.sampled_from(['"2020-01-01T00:00:00Z"', '"2019-06-01"', "$t1", "null"])
    return st.one_of(datetimes(depth), literals)


@cache
def numbers(depth: int) -> Text:
    leaves = st.one_of(
        st.sampled_from(["$i1", "$i2", "$f1", "$f2", "0", "1", "2.5", "0.0", "100", "007"]),
        st.integers(0, 10**30).map(str),
    )
    if depth == 0:
        return leaves
    sub = numbers(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/", "%"]), sub).map(lambda t: _paren(*t)),
        sub.map(lambda x: "-" + x),
        datetime_args(depth - 1).map(lambda d: f"getepochmilliseconds({d})"),
    )


@cache
def strings(depth: int) -> Text:
    leaves = st.one_of(
        st.sampled_from(["$s1", "$s2", "$t1"]),
        st.sampled_from(STRINGS).map(lambda s: f'"{s}"'),
    )
    if depth == 0:
        return leaves
    sub = strings(depth - 1)
    return st.one_of(
        leaves,
        sub.map(lambda x: f"lowercase({x})"),
        sub.map(lambda x: f"uppercase({x})"),
    )


@cache
def conditions(depth: int) -> Text:
    n, s, d = numbers(min(depth, 2)), strings(min(depth, 2)), datetimes(depth)
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    eq = st.sampled_from(["==", "!="])
    patterns = st.sampled_from(["a.*", ".*", "[a-c]+", "(?i)abc", ".*@gmail\\.com", "é|a"])
    leaves = st.one_of(
        st.sampled_from(["$b1", "$b2", "true", "false", "$b1 == $b2", "null == null"]),
        st.tuples(n, ops, n).map(lambda t: " ".join(t)),
        st.tuples(s, ops, s).map(lambda t: " ".join(t)),
        st.tuples(d, ops, d).map(lambda t: " ".join(t)),
        st.tuples(d, ops, st.sampled_from(["$t1", '"2020-01-01"'])).map(lambda t: " ".join(t)),
        st.tuples(st.one_of(n, s, d, st.just("$b1")), eq).map(lambda t: f"{t[0]} {t[1]} null"),
        st.tuples(st.sampled_from(["$b1", "$b2"]), eq, st.sampled_from(['"True"', '"false"'])).map(
            lambda t: " ".join(t)
        ),
        st.tuples(
            n,
            st.sampled_from(["in", "not in"]),
            st.sampled_from(["[1, 2.5, -3]", "[0, null]", "[]"]),
        ).map(lambda t: " ".join(t)),
        st.tuples(
            s, st.sampled_from(["in", "not in"]), st.sampled_from(['["a", ""]', '["abc", null]'])
        ).map(lambda t: " ".join(t)),
        st.tuples(s, st.sampled_from(["in", "not in"]), st.sampled_from(["@l1", "@l2", "@l3"])).map(
            lambda t: " ".join(t)
        ),
        st.tuples(patterns, s).map(lambda t: f'regex_match("{t[0]}", {t[1]})'),
        # A computed pattern; a literal value with it is refused as swapped arguments.
        s.filter(lambda x: not x.startswith('"')).map(lambda x: f"regex_match($s2, {x})"),
        st.tuples(st.sampled_from(["isbefore", "isafter"]), datetime_args(0), datetime_args(0)).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        st.tuples(st.sampled_from(["isbefore", "isafter"]), datetime_args(0)).map(
            lambda t: f'{t[0]}(getcurrentdatetime(), {t[1]}) == "False"'
        ),
    )
    if depth == 0:
        return leaves
    sub = conditions(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(sub, st.sampled_from(["and", "or"]), sub).map(lambda t: _paren(*t)),
        st.lists(sub, min_size=3, max_size=4).map(lambda xs: _paren(" or ".join(xs))),
        sub.map(lambda x: "!" + _paren(x)),
        st.tuples(sub, eq, sub).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        st.tuples(sub, eq, st.sampled_from(["true", "false"])).map(
            lambda t: f"({t[0]}) {t[1]} {t[2]}"
        ),
    )


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


VALUES = st.fixed_dictionaries(
    {
        "i1": _maybe(st.integers(-3, 3)),
        "i2": _maybe(st.integers()),
        "f1": _maybe(st.sampled_from([0.0, 0.5, -2.5, 100.0, 1e308])),
        "f2": _maybe(st.floats(allow_nan=False, allow_infinity=False)),
        "s1": _maybe(st.sampled_from(STRINGS)),
        "s2": _maybe(st.sampled_from([*STRINGS, "(a)\\1", "a.*"])),
        "t1": _maybe(st.sampled_from(["2020-01-01T00:00:00Z", "2019-12-31", "garbage", ""])),
        "b1": _maybe(st.booleans()),
        "b2": _maybe(st.booleans()),
        "d1": _maybe(st.sampled_from(DATETIMES)),
        "d2": _maybe(st.sampled_from(DATETIMES)),
    }
)
LISTS = st.fixed_dictionaries(
    {"l1": st.frozensets(st.sampled_from(STRINGS)), "l2": st.frozensets(st.sampled_from(STRINGS))}
)


@SETTINGS
@given(expression=conditions(3), values=VALUES, lists=LISTS)
def test_compiled_rules_agree_with_the_reference(
    expression: str, values: dict[str, object], lists: dict[str, frozenset[str]]
) -> None:
    rule = check(expression, VARIABLES, LIST_NAMES)
    compiled = rule.evaluate(values, lists, NOW)
    assert compiled is reference_evaluate(expression, VARIABLES, values, lists, NOW, LIST_NAMES)
    rendered = rule.render_with_values(values)
    assert isinstance(rendered, str)


@SETTINGS
@given(
    expressions=st.lists(conditions(2), min_size=1, max_size=6),
    values=VALUES,
    lists=LISTS,
    now=st.sampled_from([NOW, None]),
)
def test_the_rules_of_a_version_compiled_as_one_match_as_each_alone(
    expressions: list[str],
    values: dict[str, object],
    lists: dict[str, frozenset[str]],
    now: datetime | None,
) -> None:
    """`first_match` answers the index of the first rule whose own `evaluate` holds, or -1."""
    rules = [check(expression, VARIABLES, LIST_NAMES) for expression in expressions]
    expected = next(
        (index for index, rule in enumerate(rules) if rule.evaluate(values, lists, now)), -1
    )
    assert first_match(rules)(values, lists, now) == expected


# -- anything else: only RuleError -----------------------------------------------------------------

VOCABULARY = [
    "$i1",
    "$s1",
    "$b1",
    "$d1",
    "$t1",
    "$f1",
    "$nope",
    "$",
    "@l1",
    "@nope",
    "@",
    '"a"',
    '"2020-01-01"',
    '"(a)\\1"',
    '"',
    '"\\"',
    "\\",
    "'",
    "1",
    "2.5",
    "1.",
    "007",
    "99999",
    "(",
    ")",
    "[",
    "]",
    ",",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "!",
    "&&",
    "|",
    "#",
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "null",
    "AND",
    "True",
    "NULL",
    "lowercase",
    "uppercase",
    "regex_match",
    "isbefore",
    "isafter",
    "getcurrentdatetime",
    "getepochmilliseconds",
    "starts_with",
    "foo",
    "\n",
    "\t",
    "é",
    "\x00",
]


def _run_or_refuse(
    expression: str, values: dict[str, object], lists: dict[str, frozenset[str]]
) -> None:
    try:
        rule = check(expression, VARIABLES, LIST_NAMES)
    except RuleError as error:
        assert error.message == str(error)
        assert error.column is None or 1 <= error.column <= len(expression) + 1
        return
    assert isinstance(rule, CompiledRule)
    result = rule.evaluate(values, lists, NOW)
    assert result is reference_evaluate(expression, VARIABLES, values, lists, NOW, LIST_NAMES)
    rule.render_with_values(values)


@settings(max_examples=400, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(VOCABULARY), max_size=25),
    separator=st.sampled_from([" ", ""]),
    values=VALUES,
    lists=LISTS,
)
def test_token_soup_only_raises_rule_errors(
    tokens: list[str], separator: str, values: dict[str, object], lists: dict[str, frozenset[str]]
) -> None:
    _run_or_refuse(separator.join(tokens), values, lists)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), values=VALUES, lists=LISTS)
def test_arbitrary_text_only_raises_rule_errors(
    text: str, values: dict[str, object], lists: dict[str, frozenset[str]]
) -> None:
    _run_or_refuse(text, values, lists)


@settings(max_examples=100, deadline=None)
@given(expression=conditions(2), noise=st.sampled_from(VOCABULARY), position=st.integers(0, 200))
def test_damaged_expressions_only_raise_rule_errors(
    expression: str, noise: str, position: int
) -> None:
    at = position % (len(expression) + 1)
    _run_or_refuse(expression[:at] + noise + expression[at:], {}, {})
