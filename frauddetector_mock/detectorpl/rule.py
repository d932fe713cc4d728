"""The public entry points: `check` (parse, check, compile) and the `CompiledRule` it returns."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from . import lexer
from .checker import check_tree
from .compiler import compile_condition, compile_first_match
from .datatypes import Type, data_type
from .errors import PREFIX, RuleError
from .parser import parse
from .values import UTC, convert, infer_type, render

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence
    from typing import Any

    from .compiler import Evaluator, FirstMatch

# The user guide says an expression must be "less than 4,000 characters"; the API shape allows
# 4096, and the protocol layer checks that. We hold expressions to the guide.
MAX_LENGTH = 3999


class CompiledRule:
    """A checked expression compiled to a Python function, built once per rule version.

    `evaluate(values, lists=None, now=None)` runs the rule: `values` maps variable names to typed
    values (see `convert`), `lists` maps list names to their current entries, `now` is the time
    `getcurrentdatetime()` returns (the clock when None). It returns True or False and never
    raises for bad data: a comparison that cannot be made is false.
    """

    __slots__ = (
        "_spans",
        "_types",
        "condition",
        "evaluate",
        "expression",
        "lists",
        "source",
        "variables",
    )

    evaluate: Evaluator
    expression: str
    variables: frozenset[str]
    lists: frozenset[str]
    source: str  # the generated Python, for the curious

    def __init__(
        self,
        expression: str,
        evaluate: Evaluator,
        source: str,
        types: Mapping[str, str],
        lists: frozenset[str],
        spans: tuple[tuple[int, int, str], ...],
        condition: object = None,
    ) -> None:
        # The generated function itself, not a method wrapping it: one call less per rule.
        self.evaluate = evaluate
        # The checked tree, kept so that the rules of a detector version compile into one
        # function (`first_match`).
        self.condition = condition
        self.expression = expression
        self.source = source
        self._types = dict(types)
        self.variables = frozenset(types)
        self.lists = lists
        self._spans = spans

    def render_with_values(self, values: Mapping[str, object]) -> str:
        """The expression with each `$variable` replaced by its value written as a literal."""
        parts: list[str] = []
        done = 0
        for start, end, name in self._spans:
            parts.append(self.expression[done:start])
            parts.append(render(values.get(name)))
            done = end
        parts.append(self.expression[done:])
        return "".join(parts)

    def __repr__(self) -> str:
        return f"CompiledRule({self.expression!r})"

    # Compiled rules are immutable: copies share, pickles recompile from the expression.
    def __copy__(self) -> CompiledRule:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> CompiledRule:
        return self

    def __reduce__(self) -> tuple[object, tuple[str, dict[str, str], frozenset[str]]]:
        return (check, (self.expression, self._types, self.lists))


def check(
    expression: str, variables: Mapping[str, str], lists: Collection[str] = ()
) -> CompiledRule:
    """Parse `expression`, check it against the variables (name -> data type) and the names of
    existing lists, and compile it. Raises RuleError for anything the service would refuse."""
    types = {name: data_type(type_name) for name, type_name in variables.items()}
    return _build(expression, types, lists)


def _build(expression: str, types: Mapping[str, Type], lists: Collection[str]) -> CompiledRule:
    if not isinstance(expression, str):
        raise TypeError(f"the expression must be a str, not {type(expression).__name__}")
    if len(expression) > MAX_LENGTH:
        raise RuleError(
            f"{PREFIX}: it has {len(expression)} characters; "
            f"an expression must be shorter than {MAX_LENGTH + 1:,} characters"
        )
    root, tokens = parse(expression)
    token_text = {token.pos: token.text for token in tokens}
    checked = check_tree(root, types, lists, token_text)
    compiled = compile_condition(checked.condition)
    used = {name: types[name].value for name in sorted(checked.variables)}
    spans = tuple(
        (token.pos, token.pos + len(token.text), str(token.value))
        for token in tokens
        if token.kind == lexer.VAR
    )
    return CompiledRule(
        expression,
        compiled.function,
        compiled.source,
        used,
        checked.lists,
        spans,
        checked.condition,
    )


def first_match(rules: Sequence[CompiledRule]) -> FirstMatch:
    """One function that runs ``rules`` in order and answers the index of the first that
    matches, or -1: the same answers as calling each rule's `evaluate` in turn, without a call
    per rule."""
    conditions = [rule.condition for rule in rules]
    if any(condition is None for condition in conditions):  # made by hand, not by check()
        evaluators = [rule.evaluate for rule in rules]

        def each(values: Any, lists: Any = None, now: Any = None) -> int:
            for index, evaluate in enumerate(evaluators):
                if evaluate(values, lists, now):
                    return index
            return -1

        return each
    return compile_first_match(conditions)  # type: ignore[arg-type]


def evaluate(
    expression: str,
    values: Mapping[str, object],
    variables: Mapping[str, str] | None = None,
    lists: Mapping[str, Collection[str]] | None = None,
    now: datetime | None = None,
) -> bool:
    """Check and run an expression in one go, for trying expressions out.

    With `variables` (name -> data type), string values of non-STRING variables are converted as
    event values are, and missing ones are null. Without it, each variable's type is inferred from
    its Python value (None: unknown type, compatible with anything).
    """
    lists = lists or {}
    if variables is None:
        inferred = {name: infer_type(value) for name, value in values.items()}
        signature = tuple(sorted((name, t or "ANY") for name, t in inferred.items()))
        typed = dict(values)
    else:
        signature = tuple(sorted((name, data_type(t).value) for name, t in variables.items()))
        typed = {}
        for name, type_name in variables.items():
            value = values.get(name)
            if isinstance(value, str) and type_name != "STRING":
                value = convert(value, type_name)
            typed[name] = value
    for name, value in typed.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            typed[name] = value.replace(tzinfo=UTC)
    rule = _cached(expression, signature, frozenset(lists))
    return rule.evaluate(typed, lists, now)


@lru_cache(maxsize=256)
def _cached(
    expression: str, signature: tuple[tuple[str, str], ...], lists: frozenset[str]
) -> CompiledRule:
    types = {name: Type(type_name) for name, type_name in signature}
    return _build(expression, types, lists)
