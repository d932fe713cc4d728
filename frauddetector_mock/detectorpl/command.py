"""`frauddetector-mock check-rule`: lint an expression, and optionally run it on values.

    frauddetector-mock check-rule '$amount > 100 and $email in @deny' \\
        --var amount:FLOAT --var email:STRING --list deny=a@x.com,b@y.com \\
        --value amount=120.5 --value email=a@x.com

Prints OK (and, with --value, the expression with its values and the result) and exits 0, or
prints the error with a caret under the column and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from .datatypes import DATA_TYPES
from .errors import RuleError
from .rule import check
from .values import convert, parse_datetime, render

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    SubParsers = argparse._SubParsersAction[Any]


def add_check_rule_parser(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser(
        "check-rule",
        help="check a DETECTORPL rule expression (and optionally evaluate it)",
        description=(
            "Check a rule expression against declared variables and lists, as CreateRule does. "
            "With --value, also evaluate it."
        ),
    )
    parser.add_argument("expression", help="the rule expression, e.g. '$amount > 100'")
    parser.add_argument(
        "--var",
        dest="variables",
        action="append",
        default=[],
        type=_variable,
        metavar="NAME:TYPE",
        help="declare a variable; TYPE is STRING, INTEGER, FLOAT, BOOLEAN or DATETIME",
    )
    parser.add_argument(
        "--list",
        dest="lists",
        action="append",
        default=[],
        type=_list,
        metavar="NAME[=ENTRY,...]",
        help="declare a list, optionally with its entries (comma-separated) for --value runs",
    )
    parser.add_argument(
        "--value",
        dest="values",
        action="append",
        default=[],
        type=_value,
        metavar="NAME=VALUE",
        help="an event value (as sent on the wire); given any, the rule is also evaluated",
    )
    parser.add_argument(
        "--now", help="the time getcurrentdatetime() returns (ISO 8601); default: the clock"
    )
    parser.set_defaults(func=run_check_rule)


def _variable(spec: str) -> tuple[str, str]:
    name, sep, type_name = spec.partition(":")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME:TYPE, got {spec!r}")
    type_name = type_name.strip().upper()
    if type_name not in DATA_TYPES:
        raise argparse.ArgumentTypeError(
            f"unknown type {type_name!r} in {spec!r}; "
            "use STRING, INTEGER, FLOAT, BOOLEAN or DATETIME"
        )
    return name.strip(), type_name


def _list(spec: str) -> tuple[str, list[str] | None]:
    name, sep, entries = spec.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"expected NAME or NAME=ENTRY,..., got {spec!r}")
    if not sep:
        return name, None
    return name, [entry for entry in entries.split(",") if entry]


def _value(spec: str) -> tuple[str, str]:
    name, sep, raw = spec.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {spec!r}")
    return name, raw


def run_check_rule(args: argparse.Namespace) -> int:
    variables: dict[str, str] = dict(args.variables)
    lists: dict[str, list[str]] = {name: entries or [] for name, entries in args.lists}
    try:
        rule = check(args.expression, variables, lists)
    except RuleError as error:
        print(error.message, file=sys.stderr)
        if error.column is not None:
            print(pointer(args.expression, error.column, error.token), file=sys.stderr)
        return 1
    print("OK")
    if not args.values:
        return 0
    values: dict[str, object] = {}
    for name, raw in args.values:
        if name not in variables:
            print(f"--value {name}: declare the variable with --var {name}:TYPE", file=sys.stderr)
            return 1
        try:
            values[name] = convert(raw, variables[name])
        except ValueError as error:
            print(f"--value {name}: {error}", file=sys.stderr)
            return 1
    now: datetime | None = None
    if args.now is not None:
        try:
            now = parse_datetime(args.now)
        except ValueError as error:
            print(f"--now: {error}", file=sys.stderr)
            return 1
    result = rule.evaluate(values, {name: set(entries) for name, entries in lists.items()}, now)
    print(f"evaluated: {rule.render_with_values(values)}")
    print(f"result: {render(result)}")
    return 0


def pointer(expression: str, column: int, token: str | None) -> str:
    """The line of the expression holding `column`, with a caret under it."""
    offset = column - 1
    line_start = expression.rfind("\n", 0, offset) + 1
    line_end = expression.find("\n", offset)
    line = expression[line_start : line_end if line_end != -1 else len(expression)]
    # Keep tabs in the padding so that the caret lines up under tab-indented text.
    pad = "".join("\t" if c == "\t" else " " for c in line[: offset - line_start])
    width = max(1, min(len(token or ""), len(line) - (offset - line_start)))
    return f"  {line}\n  {pad}^{'~' * (width - 1)}"
