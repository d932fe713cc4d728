"""Names and types: the syntax tree, checked against the catalogue, to the checked tree (ir).

Everything that can be known without event data is decided here, once per rule version: unknown
variables, lists and functions, argument counts, type mismatches, literal date-times, literal
regular expressions.
"""

from __future__ import annotations

from . import ir, nodes
from .datatypes import Type, is_numeric
from .errors import RuleError, invalid_at, quoted
from .functions import DATETIME, SIGNATURES, compile_regex
from .values import parse_datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

MAX_LISTS = 3

_ORDERING = frozenset((">", ">=", "<", "<="))
_BOOLEAN_WORDS = {"true": True, "false": False}
LITERAL_TYPES = {
    "STRING": Type.STRING,
    "INTEGER": Type.INTEGER,
    "FLOAT": Type.FLOAT,
    "BOOLEAN": Type.BOOLEAN,
    "NULL": Type.NULL,
}


class Checked:
    """The outcome of a check: the condition to compile and the names it uses."""

    __slots__ = ("condition", "lists", "variables")

    def __init__(
        self, condition: ir.Condition, variables: frozenset[str], lists: frozenset[str]
    ) -> None:
        self.condition = condition
        self.variables = variables
        self.lists = lists


def check_tree(
    root: nodes.Node,
    variables: Mapping[str, Type],
    lists: Collection[str],
    token_text: Mapping[int, str],
) -> Checked:
    """Check `root`; `variables` maps names to types, `token_text` maps offsets to token texts."""
    checker = _Checker(variables, lists, token_text)
    condition = checker.condition(root, None)
    return Checked(condition, frozenset(checker.used_variables), frozenset(checker.used_lists))


def _is_string(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Literal) and node.kind == "STRING"


def _source(tokens: list[tuple[int, str]]) -> str:
    """The text of consecutive tokens, with one space wherever the expression had blanks."""
    parts: list[str] = []
    end = tokens[0][0] if tokens else 0
    for pos, text in tokens:
        if pos > end:
            parts.append(" ")
        parts.append(text)
        end = pos + len(text)
    return "".join(parts)


def _plural(count: int) -> str:
    if count == 0:
        return "no arguments"
    return "1 argument" if count == 1 else f"{count} arguments"


class _Checker:
    def __init__(
        self,
        variables: Mapping[str, Type],
        lists: Collection[str],
        token_text: Mapping[int, str],
    ) -> None:
        self.variables = variables
        self.lists = lists
        self.token_text = token_text
        self.used_variables: set[str] = set()
        self.used_lists: list[str] = []

    def at_start(self, node: nodes.Node, detail: str) -> RuleError:
        return invalid_at(node.start, self.token_text.get(node.start), detail)

    def at(
        self, node: nodes.Node, detail: str, unknown: tuple[str, str] | None = None
    ) -> RuleError:
        return invalid_at(node.pos, node.token, detail, unknown=unknown)

    # -- conditions ------------------------------------------------------------------------------

    def condition(self, node: nodes.Node, context: nodes.Node | None) -> ir.Condition:
        """`node` where a condition is needed; `context` is the operator that needs it (None at
        the top of the expression)."""
        if isinstance(node, nodes.Compare):
            return self.compare(node)
        if isinstance(node, nodes.Membership):
            return self.membership(node)
        if isinstance(node, nodes.Logical):
            operands = tuple(self.condition(operand, node) for operand in node.operands)
            return ir.And(operands) if node.op == "and" else ir.Or(operands)
        if isinstance(node, nodes.Unary) and node.op == "!":
            return ir.Not(self.condition(node.operand, node))
        value = self.value(node)
        if value.type in (Type.BOOLEAN, Type.ANY):
            return ir.Truth(value)
        found = value.type.label
        if context is None:
            raise self.at_start(
                node, f"the expression must be a condition (true or false), found {found}"
            )
        raise self.at_start(
            node, f"operator {quoted(context.token)} needs a condition, found {found}"
        )

    def compare(self, node: nodes.Compare) -> ir.Condition:
        """The type rules of comparisons: numbers with numbers (INTEGER and FLOAT mix), STRING with
        STRING, DATETIME with DATETIME or an ISO 8601 STRING, BOOLEAN with BOOLEAN or the string
        literals "true"/"false" in any case; anything with null through == and != only. Booleans
        and null have no order."""
        left = self.value(node.left)
        right = self.value(node.right)
        op = node.op
        lt, rt = left.type, right.type
        if Type.NULL in (lt, rt):
            if op in _ORDERING:
                raise self.at(node, "null can only be compared with '==' or '!='")
            other = right if lt is Type.NULL else left
            stringlike = other.type in (Type.STRING, Type.ANY)
            return ir.NullCheck(other, op == "!=", stringlike)
        if Type.ANY in (lt, rt) or (is_numeric(lt) and is_numeric(rt)) or lt is rt:
            if lt is Type.BOOLEAN and rt is Type.BOOLEAN and op in _ORDERING:
                raise self.at(node, f"cannot order BOOLEAN values with {quoted(op)}")
            return ir.Comparison(op, left, right)
        if {lt, rt} == {Type.BOOLEAN, Type.STRING}:
            if op in _ORDERING:
                raise self.at(node, f"cannot order BOOLEAN values with {quoted(op)}")
            string_node = node.right if rt is Type.STRING else node.left
            if not isinstance(string_node, nodes.Literal):
                raise self.at(node, f"cannot compare {lt.label} with {rt.label}")
            flag = self.boolean_word(string_node)
            if lt is Type.STRING:
                return ir.Comparison(op, flag, right)
            return ir.Comparison(op, left, flag)
        if {lt, rt} == {Type.DATETIME, Type.STRING}:
            if lt is Type.STRING:
                return ir.Comparison(op, self.as_datetime(node.left, left), right)
            return ir.Comparison(op, left, self.as_datetime(node.right, right))
        raise self.at(node, f"cannot compare {lt.label} with {rt.label}")

    def boolean_word(self, literal: nodes.Literal) -> ir.Const:
        """A string literal standing for a boolean: AWS's examples compare isbefore()/isafter()
        with "True" and "False"."""
        word = str(literal.value).lower()
        if word not in _BOOLEAN_WORDS:
            raise self.at(
                literal,
                f"cannot compare a BOOLEAN with the string {literal.token}; "
                'use true, false, "True" or "False"',
            )
        return ir.Const(_BOOLEAN_WORDS[word], Type.BOOLEAN)

    def as_datetime(self, node: nodes.Node, value: ir.Value) -> ir.Value:
        """A STRING where a DATETIME is needed: literals are converted now, others when run."""
        if isinstance(node, nodes.Literal) and isinstance(node.value, str):
            try:
                return ir.Const(parse_datetime(node.value, node.token), Type.DATETIME)
            except ValueError as error:
                raise self.at(node, str(error)) from None
        return ir.ToDatetime(value)

    def membership(self, node: nodes.Membership) -> ir.Condition:
        left = self.value(node.left)
        container = node.container
        if left.type is Type.NULL:
            raise self.at(node, f"null cannot be tested with {quoted(node.token)}")
        if isinstance(container, nodes.ListRef):
            self.use_list(container)
            if left.type not in (Type.STRING, Type.ANY):
                raise self.at(
                    node, f"only a STRING can be looked up in a list, found {left.type.label}"
                )
            return ir.InList(left, container.name, node.negated)
        elements: list[object] = []
        has_null = False
        for item in container.items:
            if item.kind == "NULL":
                has_null = True
            else:
                elements.append(self.element(item, left.type))
        stringlike = left.type in (Type.STRING, Type.ANY)
        return ir.InArray(left, tuple(elements), has_null, stringlike, node.negated)

    def element(self, item: nodes.Literal, target: Type) -> object:
        """An array element converted to the type of the value looked up."""
        kind = LITERAL_TYPES[item.kind]
        if target is Type.ANY or kind is target or (is_numeric(kind) and is_numeric(target)):
            return item.value
        if target is Type.BOOLEAN and kind is Type.STRING:
            return self.boolean_word(item).value
        if target is Type.DATETIME and kind is Type.STRING:
            try:
                return parse_datetime(str(item.value), item.token)
            except ValueError as error:
                raise self.at(item, str(error)) from None
        raise self.at(
            item, f"array element {item.token} is {kind.label}, but the value is {target.label}"
        )

    def use_list(self, ref: nodes.ListRef) -> None:
        if ref.name not in self.lists:
            raise self.at(ref, f"list {quoted(ref.name)} does not exist", ("list", ref.name))
        if ref.name not in self.used_lists:
            self.used_lists.append(ref.name)
            if len(self.used_lists) > MAX_LISTS:
                raise RuleError(
                    f"A rule can have at most {MAX_LISTS} lists", ref.pos + 1, ref.token
                )

    # -- values ----------------------------------------------------------------------------------

    def value(self, node: nodes.Node) -> ir.Value:
        if isinstance(node, nodes.Literal):
            return ir.Const(node.value, LITERAL_TYPES[node.kind])
        if isinstance(node, nodes.Variable):
            return self.variable(node)
        if isinstance(node, nodes.Binary):
            return self.arithmetic(node)
        if isinstance(node, nodes.Unary) and node.op == "-":
            operand = self.value(node.operand)
            if not is_numeric(operand.type):
                raise self.at(node, f"operator '-' needs a number, found {operand.type.label}")
            return ir.Neg(operand)
        if isinstance(node, nodes.Call):
            return self.call(node)
        if isinstance(node, (nodes.ListRef, nodes.Array)):  # the parser never puts them here
            raise self.at(node, "a list or an array can only follow 'in' or 'not in'")
        return ir.Cond(self.condition(node, None))

    def variable(self, node: nodes.Variable) -> ir.Value:
        type_ = self.variables.get(node.name)
        if type_ is None:
            detail = f"variable {quoted(node.name)} does not exist"
            raise self.at(node, detail, ("variable", node.name))
        self.used_variables.add(node.name)
        return ir.Var(node.name, type_)

    def arithmetic(self, node: nodes.Binary) -> ir.Value:
        left = self.value(node.left)
        right = self.value(node.right)
        for operand in (left, right):
            if not is_numeric(operand.type):
                raise self.at(
                    node, f"operator {quoted(node.op)} needs numbers, found {operand.type.label}"
                )
        if node.op == "/":
            result = Type.FLOAT
        elif left.type is Type.INTEGER and right.type is Type.INTEGER:
            result = Type.INTEGER
        elif Type.ANY in (left.type, right.type):
            result = Type.ANY
        else:
            result = Type.FLOAT
        return ir.Arith(node.op, left, right, result)

    def call(self, node: nodes.Call) -> ir.Value:
        signature = SIGNATURES.get(node.name)
        if signature is None:
            detail = f"unknown function {quoted(node.name)}"
            if node.name.lower() in SIGNATURES:
                detail += f"; function names are lowercase: {quoted(node.name.lower())}"
            raise self.at(node, detail)
        if len(node.args) != len(signature.params):
            raise self.at(
                node,
                f"function {quoted(node.name)} takes {_plural(len(signature.params))}, "
                f"got {len(node.args)}",
            )
        args: list[ir.Value] = []
        for arg, param in zip(node.args, signature.params, strict=True):
            value = self.value(arg)
            if param == DATETIME:
                value = self.datetime_argument(node, arg, value)
            elif value.type not in (Type.STRING, Type.NULL, Type.ANY):
                raise self.at_start(
                    arg, f"function {quoted(node.name)} needs a STRING, found {value.type.label}"
                )
            args.append(value)
        if node.name == "regex_match":
            pattern = node.args[0]
            if _is_string(node.args[1]) and not _is_string(pattern):
                raise self.swapped_regex_arguments(node)
            if isinstance(pattern, nodes.Literal) and isinstance(pattern.value, str):
                try:
                    matcher = compile_regex(pattern.value)
                except ValueError as error:
                    raise self.at(
                        pattern, f"invalid regular expression {pattern.token}: {error}"
                    ) from None
                return ir.Regex(pattern.value, matcher, args[1])
        return ir.Func(node.name, tuple(args), signature.result)

    def swapped_regex_arguments(self, call: nodes.Call) -> RuleError:
        """`regex_match($email, ".*@x")`: AWS's order is the pattern, then the value. A literal
        value with a computed pattern is the two arguments swapped, not a wish to match a fixed
        text against a pattern held in the event."""
        tokens = list(self.token_text.items())
        opening = next(i for i, (pos, _) in enumerate(tokens) if pos == call.pos) + 1
        depth, comma, closing = 0, opening, opening
        for index in range(opening, len(tokens)):
            text = tokens[index][1]
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text == "," and depth == 1:
                comma = index
            if depth == 0:
                closing = index
                break
        value = _source(tokens[opening + 1 : comma])
        pattern = _source(tokens[comma + 1 : closing])
        fixed = f"{call.name}({pattern}, {value})"
        end = tokens[closing][0] + 1
        return invalid_at(
            call.args[0].start,
            self.token_text.get(call.args[0].start),
            f"the arguments of {quoted(call.name)} are swapped: the pattern comes first, "
            f"as in regex_match(pattern, value); write {fixed}",
            fix=(call.pos, end, fixed),
        )

    def datetime_argument(self, call: nodes.Call, arg: nodes.Node, value: ir.Value) -> ir.Value:
        if value.type in (Type.DATETIME, Type.NULL):
            return value
        if value.type in (Type.STRING, Type.ANY):
            return self.as_datetime(arg, value)
        raise self.at_start(
            arg,
            f"function {quoted(call.name)} needs a DATETIME or an ISO 8601 STRING, "
            f"found {value.type.label}",
        )
