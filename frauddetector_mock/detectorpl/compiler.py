"""The checked tree to one Python function, through generated source.

A rule becomes `def evaluate(values, lists=None, now=None)` whose body is straight-line Python:
conditions are statements that set `r`, `and`/`or` are `if r:` / `if not r:` blocks (so they short-
circuit), and each leaf condition sits in its own `try` so that bad data (null arithmetic, division
by zero, an unparseable date) makes that condition false and nothing else. Values reach the source
only as `repr()` of str, int, float, bool or None; every other object (regex matchers, sets,
date-times, run-time functions) is bound by name in the function's globals.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

from . import functions, ir
from .values import NULL_STRINGS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from datetime import datetime
    from typing import Protocol

    class Evaluator(Protocol):
        """The signature of every generated `evaluate`."""

        def __call__(
            self,
            values: Mapping[str, object],
            lists: Mapping[str, Collection[str]] | None = None,
            now: datetime | None = None,
        ) -> bool: ...

    class FirstMatch(Protocol):
        """The signature of a generated `first_match`: the index of the first rule that
        matches, or -1."""

        def __call__(
            self,
            values: Mapping[str, object],
            lists: Mapping[str, Collection[str]] | None = None,
            now: datetime | None = None,
        ) -> int: ...


_ARITHMETIC = frozenset("+-*/")
_CASE = {"lowercase": "lower", "uppercase": "upper"}
_RUNTIME: dict[str, object] = {
    "regex_match": functions.regex_match,
    "getepochmilliseconds": functions.epoch_milliseconds,
}


class Compiled:
    __slots__ = ("function", "source")

    def __init__(self, function: Evaluator, source: str) -> None:
        self.function = function
        self.source = source


def compile_condition(condition: ir.Condition) -> Compiled:
    generator = _Generator()
    body = generator.function("evaluate", condition, entry=True)
    source = "\n".join([*generator.definitions, *body]) + "\n"
    namespace: dict[str, object] = dict(generator.bindings)
    with warnings.catch_warnings():
        # Python warns about `is` with a literal operand. The generator folds the cases it knows
        # (`5 is None`); this keeps any other legal rule from printing a warning.
        warnings.simplefilter("ignore", SyntaxWarning)
        code = compile(source, "<detectorpl>", "exec")
    exec(code, namespace)
    function: Evaluator = namespace["evaluate"]  # type: ignore[assignment]
    return Compiled(function, source)


def compile_first_match(conditions: list[ir.Condition]) -> FirstMatch:
    """The conditions of several rules as one function that tries them in order and answers
    the index of the first that holds, or -1. Each rule's statements are the ones its own
    `evaluate` runs, so the answers are the same; what is saved is a call per rule."""
    generator = _Generator()
    body: list[str] = []
    scope = generator.open_scope()
    for index, condition in enumerate(conditions):
        generator.condition_then(condition, body, f"return {index}")
    lines = ["def first_match(values, lists=None, now=None):"]
    if generator.uses_now:
        lines.append(f"    now = {generator.bind(functions.current_datetime)}(now)")
    lines.extend(generator.close_scope(scope))
    lines.extend(body)
    lines.append("    return -1")
    source = "\n".join([*generator.definitions, *lines]) + "\n"
    namespace: dict[str, object] = dict(generator.bindings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # as in compile_condition
        code = compile(source, "<detectorpl rules>", "exec")
    exec(code, namespace)
    function: FirstMatch = namespace["first_match"]  # type: ignore[assignment]
    return function


_NESTED_OPERANDS = 8  # of a rule's top-level `and`, nested by `first_match`


class _Generator:
    def __init__(self) -> None:
        self.bindings: dict[str, object] = {}
        self.bound: dict[int, str] = {}
        self.definitions: list[str] = []
        self.temps = 0
        self.functions = 0
        self.uses_now = False
        # The event variables `first_match` reads: each is looked up once, at its start, into a
        # local (a hundred rules reading $amount make one lookup, not a hundred). A rule's own
        # function (None here) reads a variable only when it gets to it.
        self.scopes: list[dict[str, str] | None] = [None]
        self.locals = 0

    def bind(self, obj: object) -> str:
        name = self.bound.get(id(obj))
        if name is None:
            name = f"_k{len(self.bindings)}"
            self.bindings[name] = obj
            self.bound[id(obj)] = name
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def open_scope(self) -> dict[str, str]:
        scope: dict[str, str] = {}
        self.scopes.append(scope)
        return scope

    def close_scope(self, scope: dict[str, str]) -> list[str]:
        """The lookups of the variables the function read, for the top of its body."""
        self.scopes.pop()
        return [f"    {local} = values.get({name!r})" for name, local in scope.items()]

    def variable(self, name: str) -> str:
        scope = self.scopes[-1]
        if scope is None:
            return f"values.get({name!r})"
        local = scope.get(name)
        if local is None:
            self.locals += 1
            local = scope[name] = f"_v{self.locals}"
        return local

    def function(self, name: str, condition: ir.Condition, entry: bool = False) -> list[str]:
        lines = [f"def {name}(values, lists=None, now=None):"]
        body: list[str] = []
        self.scopes.append(None)
        self.condition(condition, body, 1)
        self.scopes.pop()
        if entry and self.uses_now:
            lines.append(f"    now = {self.bind(functions.current_datetime)}(now)")
        lines.extend(body)
        lines.append("    return r")
        return lines

    # -- conditions: statements that leave True or False in `r` -----------------------------------

    def condition(self, node: ir.Condition, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if isinstance(node, (ir.And, ir.Or)):
            guard = "if r:" if isinstance(node, ir.And) else "if not r:"
            self.condition(node.operands[0], out, depth)
            for operand in node.operands[1:]:
                out.append(pad + guard)
                self.condition(operand, out, depth + 1)
        elif isinstance(node, ir.Not):
            self.condition(node.operand, out, depth)
            out.append(pad + "r = not r")
        else:
            self.leaf(self.test(node), out, pad)

    def condition_then(self, node: ir.Condition, out: list[str], action: str) -> None:
        """Statements that run ``action`` when ``node`` holds. The operands of a top-level
        ``and`` nest, each in the guard of the one before, so that an operand found false jumps
        straight past the rest (the usual case in a detector's list: most rules miss). A long
        chain stays flat: Python reads at most 100 levels of indentation."""
        operands: Sequence[ir.Condition] = (node,)
        if isinstance(node, ir.And) and len(node.operands) <= _NESTED_OPERANDS:
            operands = node.operands
        depth = 1
        self.condition(operands[0], out, depth)
        for operand in operands[1:]:
            out.append("    " * depth + "if r:")
            depth += 1
            self.condition(operand, out, depth)
        out.extend(("    " * depth + "if r:", "    " * (depth + 1) + action))

    def leaf(self, expression: str, out: list[str], pad: str) -> None:
        # A leaf that fails on bad data is false; `try` costs nothing when nothing is raised.
        out.extend(
            (
                pad + "try:",
                f"{pad}    r = {expression}",
                pad + "except Exception:",
                pad + "    r = False",
            )
        )

    def test(self, node: ir.Condition) -> str:
        if isinstance(node, ir.Comparison):
            return f"{self.value(node.left)} {node.op} {self.value(node.right)}"
        if isinstance(node, ir.NullCheck):
            if isinstance(node.operand, ir.Const):  # `5 is None` would draw a SyntaxWarning
                value = node.operand.value
                is_null = value is None or (node.stringlike and value in NULL_STRINGS)
                return repr(is_null != node.negated)
            operand = self.value(node.operand)
            if node.stringlike:
                return f"{operand} {'not in' if node.negated else 'in'} {NULL_STRINGS!r}"
            return f"{operand} {'is not' if node.negated else 'is'} None"
        if isinstance(node, ir.InArray):
            members = set(node.elements)
            if node.has_null:
                members.update(NULL_STRINGS if node.stringlike else (None,))
            operator = "not in" if node.negated else "in"
            return f"{self.value(node.operand)} {operator} {self.bind(frozenset(members))}"
        if isinstance(node, ir.InList):
            operator = "not in" if node.negated else "in"
            return f"{self.value(node.operand)} {operator} lists[{node.name!r}]"
        if isinstance(node, ir.Truth):
            if isinstance(node.value, ir.Regex):  # already exactly True or False
                return self.value(node.value)
            return f"{self.value(node.value)} is True"
        raise AssertionError(f"unexpected condition {node!r}")

    # -- values: Python expressions ----------------------------------------------------------------

    def value(self, node: ir.Value) -> str:
        if isinstance(node, ir.Const):
            return self.constant(node.value)
        if isinstance(node, ir.Var):
            return self.variable(node.name)
        if isinstance(node, ir.Arith):
            left, right = self.value(node.left), self.value(node.right)
            if node.op in _ARITHMETIC:
                return f"({left} {node.op} {right})"
            return f"{self.bind(functions.modulo)}({left}, {right})"
        if isinstance(node, ir.Neg):
            return f"(-{self.value(node.operand)})"
        if isinstance(node, ir.Regex):
            t = self.temp()
            subject = self.value(node.subject)
            matcher = self.bind(node.matcher)
            return f"(({t} := {subject}) is not None and {matcher}({t}))"
        if isinstance(node, ir.ToDatetime):
            return f"{self.bind(functions.to_datetime)}({self.value(node.operand)})"
        if isinstance(node, ir.Func):
            return self.call(node)
        if isinstance(node, ir.Cond):
            self.functions += 1
            name = f"_c{self.functions}"
            # Defined ahead of `evaluate`, at the top level of the generated module.
            self.definitions.extend(self.function(name, node.condition))
            return f"{name}(values, lists, now)"
        raise AssertionError(f"unexpected value {node!r}")

    def call(self, node: ir.Func) -> str:
        args = [self.value(arg) for arg in node.args]
        if node.name in _CASE:
            t = self.temp()
            return f"(None if ({t} := {args[0]}) is None else {t}.{_CASE[node.name]}())"
        if node.name == "getcurrentdatetime":
            self.uses_now = True
            return "now"
        if node.name == "isbefore":
            return f"({args[0]} < {args[1]})"
        if node.name == "isafter":
            return f"({args[0]} > {args[1]})"
        return f"{self.bind(_RUNTIME[node.name])}({', '.join(args)})"

    def constant(self, value: object) -> str:
        if value is None or isinstance(value, (str, bool, int)):
            return repr(value)
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        return self.bind(value)
