"""The syntax tree the parser builds.

Nodes keep where they came from (`pos`: the token that names the construct, such as an operator;
`start`: the first character), so that the checker can point at the exact column. `height` is the
depth of the subtree, bounded by the parser so that nothing downstream can recurse without limit.
"""

from __future__ import annotations


class Node:
    __slots__ = ("height", "pos", "start", "token")

    def __init__(self, pos: int, start: int, token: str, height: int) -> None:
        self.pos = pos
        self.start = start
        self.token = token
        self.height = height


class Literal(Node):
    """`kind` is one of STRING, INTEGER, FLOAT, BOOLEAN, NULL."""

    __slots__ = ("kind", "value")

    def __init__(self, pos: int, token: str, kind: str, value: object) -> None:
        super().__init__(pos, pos, token, 1)
        self.kind = kind
        self.value = value


class Variable(Node):
    __slots__ = ("name",)

    def __init__(self, pos: int, token: str, name: str) -> None:
        super().__init__(pos, pos, token, 1)
        self.name = name


class ListRef(Node):
    __slots__ = ("name",)

    def __init__(self, pos: int, token: str, name: str) -> None:
        super().__init__(pos, pos, token, 1)
        self.name = name


class Array(Node):
    __slots__ = ("items",)

    def __init__(self, pos: int, items: tuple[Literal, ...]) -> None:
        super().__init__(pos, pos, "[", 2)
        self.items = items


class Unary(Node):
    """`-x` or `!x`."""

    __slots__ = ("op", "operand")

    def __init__(self, pos: int, op: str, operand: Node) -> None:
        super().__init__(pos, pos, op, operand.height + 1)
        self.op = op
        self.operand = operand


class _Operation(Node):
    """An operator between two operands; the subclasses stay distinct node types."""

    __slots__ = ("left", "op", "right")

    def __init__(self, pos: int, op: str, left: Node, right: Node) -> None:
        super().__init__(pos, left.start, op, max(left.height, right.height) + 1)
        self.op = op
        self.left = left
        self.right = right


class Binary(_Operation):
    """Arithmetic: `+ - * / %`."""

    __slots__ = ()


class Compare(_Operation):
    """`== != > >= < <=`."""

    __slots__ = ()


class Membership(Node):
    """`x in [..]`, `x in @list`, and their `not in` forms."""

    __slots__ = ("container", "left", "negated")

    def __init__(self, pos: int, negated: bool, left: Node, container: Array | ListRef) -> None:
        token = "not in" if negated else "in"
        super().__init__(pos, left.start, token, max(left.height, container.height) + 1)
        self.negated = negated
        self.left = left
        self.container = container


class Logical(Node):
    """`and` / `or` over two or more operands (a chain of one operator is one node)."""

    __slots__ = ("op", "operands")

    def __init__(self, pos: int, op: str, operands: tuple[Node, ...]) -> None:
        height = max(operand.height for operand in operands) + 1
        super().__init__(pos, operands[0].start, op, height)
        self.op = op
        self.operands = operands


class Call(Node):
    __slots__ = ("args", "name")

    def __init__(self, pos: int, name: str, args: tuple[Node, ...]) -> None:
        height = max((arg.height for arg in args), default=0) + 1
        super().__init__(pos, pos, name, height)
        self.name = name
        self.args = args
