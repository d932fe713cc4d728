"""A deliberately naive tree-walking evaluator of the checked tree, used as the oracle for the
compiled evaluator. It follows the documented semantics with explicit failure values instead of
exceptions and generated code, so the two implementations share nothing but the checker and the
run-time primitives (regex, date parsing, modulo)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timezone

from frauddetector_mock.detectorpl import functions, ir, lexer
from frauddetector_mock.detectorpl.checker import check_tree
from frauddetector_mock.detectorpl.datatypes import data_type
from frauddetector_mock.detectorpl.parser import parse


class _Fail:
    """The result of a value that could not be computed."""

    def __repr__(self) -> str:
        return "FAIL"


FAIL = _Fail()
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def checked(expression: str, variables: Mapping[str, str], lists: Collection[str]) -> ir.Condition:
    root, tokens = parse(expression)
    types = {name: data_type(t) for name, t in variables.items()}
    text = {token.pos: token.text for token in tokens if token.kind != lexer.END}
    return check_tree(root, types, lists, text).condition


def reference_evaluate(
    expression: str,
    variables: Mapping[str, str],
    values: Mapping[str, object],
    lists: Mapping[str, Collection[str]] | None,
    now: datetime,
    list_names: Collection[str] | None = None,
) -> bool:
    names = list(lists or ()) if list_names is None else list_names
    condition = checked(expression, variables, names)
    return _Evaluator(values, lists, now).condition(condition)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class _Evaluator:
    def __init__(
        self,
        values: Mapping[str, object],
        lists: Mapping[str, Collection[str]] | None,
        now: datetime,
    ) -> None:
        self.values = values
        self.lists = lists
        self.now = now

    def condition(self, node: ir.Condition) -> bool:
        if isinstance(node, ir.And):
            return all(self.condition(operand) for operand in node.operands)
        if isinstance(node, ir.Or):
            return any(self.condition(operand) for operand in node.operands)
        if isinstance(node, ir.Not):
            return not self.condition(node.operand)
        if isinstance(node, ir.Truth):
            return self.value(node.value) is True
        if isinstance(node, ir.Comparison):
            return self.comparison(node)
        if isinstance(node, ir.NullCheck):
            x = self.value(node.operand)
            if x is FAIL:
                return False
            return self.is_null(x, node.stringlike) != node.negated
        if isinstance(node, ir.InArray):
            x = self.value(node.operand)
            if x is FAIL:
                return False
            member = any(x == element for element in node.elements) or (
                node.has_null and self.is_null(x, node.stringlike)
            )
            return member != node.negated
        if isinstance(node, ir.InList):
            x = self.value(node.operand)
            if x is FAIL or self.lists is None or node.name not in self.lists:
                return False
            member = any(x == entry for entry in self.lists[node.name])
            return member != node.negated
        raise AssertionError(node)

    @staticmethod
    def is_null(x: object, stringlike: bool) -> bool:
        return x is None or (stringlike and x in ("", "null"))

    def comparison(self, node: ir.Comparison) -> bool:
        left = self.value(node.left)
        right = self.value(node.right)
        if left is FAIL or right is FAIL:
            return False
        if node.op == "==":
            return left == right
        if node.op == "!=":
            return left != right
        if left is None or right is None:
            return False
        try:
            if node.op == "<":
                return left < right  # type: ignore[operator]
            if node.op == "<=":
                return left <= right  # type: ignore[operator]
            if node.op == ">":
                return left > right  # type: ignore[operator]
            return left >= right  # type: ignore[operator]
        except TypeError:
            return False

    def value(self, node: ir.Value) -> object:
        if isinstance(node, ir.Const):
            return node.value
        if isinstance(node, ir.Var):
            return self.values.get(node.name)
        if isinstance(node, ir.Cond):
            return self.condition(node.condition)
        if isinstance(node, ir.Neg):
            x = self.value(node.operand)
            return -x if _is_number(x) else FAIL  # type: ignore[operator]
        if isinstance(node, ir.Arith):
            return self.arithmetic(node)
        if isinstance(node, ir.ToDatetime):
            x = self.value(node.operand)
            if x is FAIL:
                return FAIL
            try:
                return functions.to_datetime(x)
            except (TypeError, ValueError):
                return FAIL
        if isinstance(node, ir.Regex):
            subject = self.value(node.subject)
            if subject is FAIL:
                return FAIL
            if subject is None:
                return False
            if not isinstance(subject, str):
                return FAIL
            try:
                return node.matcher(subject)
            except UnicodeError:
                return FAIL
        if isinstance(node, ir.Func):
            return self.function(node)
        raise AssertionError(node)

    def arithmetic(self, node: ir.Arith) -> object:
        left = self.value(node.left)
        right = self.value(node.right)
        if not (_is_number(left) and _is_number(right)):
            return FAIL
        a: float = left  # type: ignore[assignment]
        b: float = right  # type: ignore[assignment]
        try:
            if node.op == "+":
                return a + b
            if node.op == "-":
                return a - b
            if node.op == "*":
                return a * b
            if node.op == "/":
                return FAIL if b == 0 else a / b
            return FAIL if b == 0 else functions.modulo(a, b)
        except (OverflowError, ValueError):  # huge ints to float; fmod of an infinity
            return FAIL

    def function(self, node: ir.Func) -> object:
        args = [self.value(arg) for arg in node.args]
        if any(arg is FAIL for arg in args):
            return FAIL
        name = node.name
        if name == "getcurrentdatetime":
            return self.now
        if name in ("lowercase", "uppercase"):
            x = args[0]
            if x is None:
                return None
            if not isinstance(x, str):
                return FAIL
            return x.lower() if name == "lowercase" else x.upper()
        if name in ("isbefore", "isafter"):
            a, b = args
            if not (isinstance(a, datetime) and isinstance(b, datetime)):
                return FAIL
            return a < b if name == "isbefore" else a > b
        if name == "getepochmilliseconds":
            d = args[0]
            if not isinstance(d, datetime):
                return FAIL
            delta = d - _EPOCH
            return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
        if name == "regex_match":
            pattern, subject = args
            if subject is None:
                return False
            if not isinstance(pattern, str) or not isinstance(subject, str):
                return FAIL
            try:
                return functions.compile_regex(pattern)(subject)
            except ValueError:  # refused by RE2, or not encodable
                return FAIL
        raise AssertionError(name)
