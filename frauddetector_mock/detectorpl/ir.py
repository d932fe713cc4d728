"""The checked tree: what the checker hands to the compiler.

Two families. Values compute a Python value and may fail on bad data (null arithmetic, division by
zero, a string that is not a date-time). Conditions always yield True or False: a condition whose
values fail is false. Every implicit conversion the checker decided on is an explicit node here
(`ToDatetime`, constants already converted), so the compiler has no type rules of its own.
"""

from __future__ import annotations

from .datatypes import Type

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .functions import Matcher


class Value:
    __slots__ = ("type",)

    def __init__(self, type: Type) -> None:
        self.type = type


class Const(Value):
    __slots__ = ("value",)

    def __init__(self, value: object, type: Type) -> None:
        super().__init__(type)
        self.value = value


class Var(Value):
    __slots__ = ("name",)

    def __init__(self, name: str, type: Type) -> None:
        super().__init__(type)
        self.name = name


class Arith(Value):
    """`+ - * / %` on numbers."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Value, right: Value, type: Type) -> None:
        super().__init__(type)
        self.op = op
        self.left = left
        self.right = right


class Neg(Value):
    __slots__ = ("operand",)

    def __init__(self, operand: Value) -> None:
        super().__init__(operand.type)
        self.operand = operand


class Func(Value):
    """A built-in function call (regex_match here only when its pattern is not a literal)."""

    __slots__ = ("args", "name")

    def __init__(self, name: str, args: tuple[Value, ...], type: Type) -> None:
        super().__init__(type)
        self.name = name
        self.args = args


class Regex(Value):
    """regex_match with a literal pattern, compiled once by the checker."""

    __slots__ = ("matcher", "pattern", "subject")

    def __init__(self, pattern: str, matcher: Matcher, subject: Value) -> None:
        super().__init__(Type.BOOLEAN)
        self.pattern = pattern
        self.matcher = matcher
        self.subject = subject


class ToDatetime(Value):
    """A STRING (or unknown) value read as an ISO 8601 date-time where a DATETIME is needed."""

    __slots__ = ("operand",)

    def __init__(self, operand: Value) -> None:
        super().__init__(Type.DATETIME)
        self.operand = operand


class Cond(Value):
    """A condition used as a BOOLEAN value, e.g. the left side of `($a > 1) == true`."""

    __slots__ = ("condition",)

    def __init__(self, condition: Condition) -> None:
        super().__init__(Type.BOOLEAN)
        self.condition = condition


class Condition:
    __slots__ = ()


class Comparison(Condition):
    """`== != < <= > >=` between two values of compatible types."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Value, right: Value) -> None:
        self.op = op
        self.left = left
        self.right = right


class NullCheck(Condition):
    """`x == null` / `x != null`; `stringlike` makes "" and "null" count as null."""

    __slots__ = ("negated", "operand", "stringlike")

    def __init__(self, operand: Value, negated: bool, stringlike: bool) -> None:
        self.operand = operand
        self.negated = negated
        self.stringlike = stringlike


class InArray(Condition):
    """`x in [...]`; elements are already converted to the type of `x`; null elements are
    recorded in `has_null` instead."""

    __slots__ = ("elements", "has_null", "negated", "operand", "stringlike")

    def __init__(
        self,
        operand: Value,
        elements: tuple[object, ...],
        has_null: bool,
        stringlike: bool,
        negated: bool,
    ) -> None:
        self.operand = operand
        self.elements = elements
        self.has_null = has_null
        self.stringlike = stringlike
        self.negated = negated


class InList(Condition):
    """`x in @name`: the list's entries are read when the rule is evaluated."""

    __slots__ = ("name", "negated", "operand")

    def __init__(self, operand: Value, name: str, negated: bool) -> None:
        self.operand = operand
        self.name = name
        self.negated = negated


class And(Condition):
    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Condition, ...]) -> None:
        self.operands = operands


class Or(Condition):
    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Condition, ...]) -> None:
        self.operands = operands


class Not(Condition):
    __slots__ = ("operand",)

    def __init__(self, operand: Condition) -> None:
        self.operand = operand


class Truth(Condition):
    """A BOOLEAN value used as a condition: true only when the value is exactly true."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value
