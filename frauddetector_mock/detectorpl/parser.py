"""Tokens to a syntax tree, by recursive descent.

Precedence, loosest first: `or`, `and`, `!`, comparisons and `in`/`not in` (which do not chain),
`+ -`, `* / %`, unary `-`, then literals, variables, calls and parentheses.
"""

from __future__ import annotations

from . import lexer
from .errors import RuleError, invalid_at, quoted
from .lexer import Token
from .nodes import (
    Array,
    Binary,
    Call,
    Compare,
    ListRef,
    Literal,
    Logical,
    Membership,
    Node,
    Unary,
    Variable,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    _Production = Callable[[], Node]

# Deeper expressions are refused: it bounds recursion here and in every later stage, and it keeps
# the generated Python well inside the nesting limits of Python's own compiler.
MAX_DEPTH = 64

KEYWORDS = frozenset(("and", "or", "in", "not", "true", "false", "null"))
_COMPARISONS = frozenset(("==", "!=", ">", ">=", "<", "<="))
_LITERAL_NAMES: dict[str, tuple[str, object]] = {
    "true": ("BOOLEAN", True),
    "false": ("BOOLEAN", False),
    "null": ("NULL", None),
}


def parse(source: str) -> tuple[Node, list[Token]]:
    """The syntax tree of `source` and its tokens (the tokens serve to render values later)."""
    tokens = lexer.tokenize(source)
    if tokens[0].kind == lexer.END:
        raise invalid_at(0, None, "the expression is empty")
    return _Parser(tokens).expression(), tokens


def describe(token: Token) -> str:
    return "the end of the expression" if token.kind == lexer.END else quoted(token.text)


def _keyword_hint(token: Token) -> str | None:
    """A hint for keywords written in the wrong case (AND, True, NULL...)."""
    if token.kind == lexer.NAME and token.text.lower() in KEYWORDS and token.text not in KEYWORDS:
        return f"keywords are lowercase: use {quoted(token.text.lower())}"
    return None


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    # -- tokens, errors, depth --------------------------------------------------------------------

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at_op(self, *ops: str) -> bool:
        token = self.tokens[self.i]
        return token.kind == lexer.OP and token.text in ops

    def at_keyword(self, word: str) -> bool:
        token = self.tokens[self.i]
        return token.kind == lexer.NAME and token.text == word

    def error(self, token: Token, detail: str) -> RuleError:
        text = None if token.kind == lexer.END else token.text
        return invalid_at(token.pos, text, detail)

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(token, f"the expression is nested too deeply (at most {MAX_DEPTH})")

    def bounded(self, node: Node) -> Node:
        if node.height > MAX_DEPTH:
            raise invalid_at(
                node.pos, node.token, f"the expression is nested too deeply (at most {MAX_DEPTH})"
            )
        return node

    # -- grammar ---------------------------------------------------------------------------------

    def expression(self) -> Node:
        node = self.or_expr()
        token = self.peek
        if token.kind != lexer.END:
            raise self.error(token, self.unexpected(token))
        return node

    def unexpected(self, token: Token) -> str:
        hint = _keyword_hint(token)
        if hint:
            return f"unexpected {quoted(token.text)}; {hint}"
        if token.kind == lexer.OP and token.text == ")":
            return "unexpected ')' without a matching '('"
        if token.kind == lexer.OP and token.text not in ("(", "!", "-"):
            return f"unexpected {quoted(token.text)}"
        return f"unexpected {quoted(token.text)}; join conditions with 'and' or 'or'"

    def or_expr(self) -> Node:
        return self.chain("or", self.and_expr)

    def and_expr(self) -> Node:
        return self.chain("and", self.not_expr)

    def chain(self, word: str, operand: _Production) -> Node:
        first = operand()
        if not self.at_keyword(word):
            return first
        pos = self.peek.pos
        operands = [first]
        while self.at_keyword(word):
            self.advance()
            operands.append(operand())
        return self.bounded(Logical(pos, word, tuple(operands)))

    def not_expr(self) -> Node:
        if self.at_op("!"):
            token = self.advance()
            self.enter(token)
            operand = self.not_expr()
            self.depth -= 1
            return self.bounded(Unary(token.pos, "!", operand))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        token = self.peek
        if token.kind == lexer.OP and token.text in _COMPARISONS:
            self.advance()
            node: Node = Compare(token.pos, token.text, left, self.additive())
        elif self.at_keyword("in"):
            self.advance()
            node = Membership(token.pos, False, left, self.container(token))
        elif self.at_keyword("not"):
            self.advance()
            if not self.at_keyword("in"):
                raise self.error(token, "'not' can only be used in 'not in'; negate with '!'")
            self.advance()
            node = Membership(token.pos, True, left, self.container(token))
        else:
            return left
        after = self.peek
        if (after.kind == lexer.OP and after.text in _COMPARISONS) or (
            after.kind == lexer.NAME and after.text in ("in", "not")
        ):
            raise self.error(
                after, "comparisons cannot be chained; join them with 'and' or use parentheses"
            )
        return self.bounded(node)

    def container(self, operator: Token) -> Array | ListRef:
        token = self.peek
        if token.kind == lexer.LIST:
            self.advance()
            return ListRef(token.pos, token.text, str(token.value))
        if self.at_op("["):
            return self.array()
        word = "not in" if operator.text == "not" else "in"
        raise self.error(
            token,
            f"expected an array [...] or a list @name after '{word}', found {describe(token)}",
        )

    def array(self) -> Array:
        opening = self.advance()
        items: list[Literal] = []
        if self.at_op("]"):
            self.advance()
            return Array(opening.pos, ())
        while True:
            items.append(self.array_item())
            token = self.advance()
            if token.kind == lexer.OP and token.text == "]":
                return Array(opening.pos, tuple(items))
            if not (token.kind == lexer.OP and token.text == ","):
                raise self.error(
                    token, f"expected ',' or ']' in the array, found {describe(token)}"
                )

    def array_item(self) -> Literal:
        token = self.peek
        if self.at_op("-"):
            number = self.tokens[self.i + 1]
            if number.kind in (lexer.INTEGER, lexer.FLOAT):
                self.i += 2
                value = number.value
                assert isinstance(value, (int, float))
                return Literal(token.pos, "-" + number.text, number.kind, -value)
        literal = self.literal(token)
        if literal is None:
            raise self.error(token, f"array elements must be literals, found {describe(token)}")
        self.advance()
        return literal

    def literal(self, token: Token) -> Literal | None:
        if token.kind in (lexer.STRING, lexer.INTEGER, lexer.FLOAT):
            return Literal(token.pos, token.text, token.kind, token.value)
        if token.kind == lexer.NAME and token.text in _LITERAL_NAMES:
            kind, value = _LITERAL_NAMES[token.text]
            return Literal(token.pos, token.text, kind, value)
        return None

    def additive(self) -> Node:
        node = self.term()
        while self.at_op("+", "-"):
            token = self.advance()
            node = self.bounded(Binary(token.pos, token.text, node, self.term()))
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at_op("*", "/", "%"):
            token = self.advance()
            node = self.bounded(Binary(token.pos, token.text, node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.at_op("-"):
            token = self.advance()
            self.enter(token)
            operand = self.unary()
            self.depth -= 1
            return self.bounded(Unary(token.pos, "-", operand))
        return self.primary()

    def primary(self) -> Node:
        token = self.peek
        literal = self.literal(token)
        if literal is not None:
            self.advance()
            return literal
        if token.kind == lexer.VAR:
            self.advance()
            return Variable(token.pos, token.text, str(token.value))
        if token.kind == lexer.OP and token.text == "(":
            return self.group()
        following = self.tokens[self.i + 1] if token.kind != lexer.END else token
        if token.kind == lexer.NAME and token.text not in KEYWORDS and following.text == "(":
            return self.call()
        raise self.error(token, self.not_a_value(token))

    def not_a_value(self, token: Token) -> str:
        if token.kind == lexer.END:
            return "expected a value, found the end of the expression"
        if token.kind == lexer.LIST:
            return f"a list such as {quoted(token.text)} can only follow 'in' or 'not in'"
        if token.kind == lexer.OP and token.text == "!":
            return "'!' applies to a whole condition; put the negated condition in parentheses"
        if token.kind == lexer.NAME:
            hint = _keyword_hint(token)
            if hint:
                return f"unexpected {quoted(token.text)}; {hint}"
            if token.text == "not":
                return "'not' can only be used in 'not in'; negate with '!'"
            if token.text not in KEYWORDS:
                return (
                    f"unexpected name {quoted(token.text)}; "
                    f"variables are written {quoted('$' + token.text)}"
                )
        return f"expected a value, found {describe(token)}"

    def group(self) -> Node:
        opening = self.advance()
        self.enter(opening)
        node = self.or_expr()
        self.depth -= 1
        closing = self.advance()
        if not (closing.kind == lexer.OP and closing.text == ")"):
            raise self.error(
                closing,
                f"expected ')' to close the '(' at column {opening.pos + 1}, "
                f"found {describe(closing)}",
            )
        return node

    def call(self) -> Node:
        name = self.advance()
        self.advance()  # the "("
        self.enter(name)
        args: list[Node] = []
        if self.at_op(")"):
            self.advance()
        else:
            while True:
                args.append(self.or_expr())
                token = self.advance()
                if token.kind == lexer.OP and token.text == ")":
                    break
                if not (token.kind == lexer.OP and token.text == ","):
                    raise self.error(
                        token,
                        f"expected ',' or ')' in the call of {quoted(name.text)}, "
                        f"found {describe(token)}",
                    )
        self.depth -= 1
        return self.bounded(Call(name.pos, name.text, tuple(args)))
