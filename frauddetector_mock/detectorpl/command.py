"""`frauddetector-mock check-rule`: lint an expression, and optionally run it on values.

    frauddetector-mock check-rule '$amount > 100 and $email in @deny' \\
        --var amount:FLOAT --var email:STRING --list deny=a@x.com,b@y.com \\
        --value amount=120.5 --value email=a@x.com

Prints OK (and, with --value, the expression with its values and the result) and exits 0, or
prints the error with a caret under the column and exits 1. An unknown variable or list comes
with the option that declares it and the names declared (the closest first); a certain
correction, such as regex_match's arguments put back in order, with the corrected expression.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import datetime

from .datatypes import DATA_TYPES
from .errors import RuleError
from .rule import check
from .values import convert, parse_datetime, render

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    SubParsers = argparse._SubParsersAction[Any]

_TYPES = "STRING, INTEGER, FLOAT, BOOLEAN or DATETIME"
_EXAMPLES = """\
examples:
  frauddetector-mock check-rule '$amount > 100' --var amount:FLOAT
  frauddetector-mock check-rule 'regex_match(".*@gmail\\.com", lowercase($email))' \\
      --var email:STRING --value email=Jo@Gmail.com
  frauddetector-mock check-rule '$email in @deny' --var email:STRING --list deny=a@x.com

An unknown variable or list is answered with the names declared (closest first) and the option
that declares it. regex_match takes the pattern first: regex_match(pattern, value).
Exit status: 0 valid, 1 invalid expression or value, 2 malformed command line.
"""


def add_check_rule_parser(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser(
        "check-rule",
        help="check a DETECTORPL rule expression (and optionally evaluate it)",
        description=(
            "Check a rule expression against declared variables and lists, as CreateRule does. "
            "With --value, also evaluate it."
        ),
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", help="the rule expression, e.g. '$amount > 100'")
    parser.add_argument(
        "--var",
        dest="variables",
        action="append",
        default=[],
        type=_variable,
        metavar="NAME:TYPE",
        help=f"declare a variable; TYPE is {_TYPES}",
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
        raise argparse.ArgumentTypeError(f"unknown type {type_name!r} in {spec!r}; use {_TYPES}")
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
        for line in hints(error, args.expression, variables, lists):
            print(line, file=sys.stderr)
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


def hints(
    error: RuleError, expression: str, variables: dict[str, str], lists: dict[str, list[str]]
) -> list[str]:
    """What to do about `error` on this command line."""
    if error.fix is not None:
        start, end, text = error.fix
        return [f"corrected: {expression[:start]}{text}{expression[end:]}"]
    if error.unknown is None:
        return []
    kind, name = error.unknown
    sigil, option, declared = (
        ("$", f"--var {name}:TYPE", sorted(variables))
        if kind == "variable"
        else ("@", f"--list {name}", sorted(lists))
    )
    lines: list[str] = []
    close = sorted(difflib.get_close_matches(name, declared, n=3), key=_distance_to(name))
    if close:
        lines.append(f"did you mean {' or '.join(sigil + match for match in close)}?")
    if declared:
        lines.append(f"declared {kind}s: {', '.join(sigil + known for known in declared)}")
    else:
        lines.append(f"no {kind} is declared")
    if kind == "variable":
        lines.append(f"to declare it: {option} (TYPE is {_TYPES})")
    else:
        lines.append(f"to declare it: {option} (or {option}=ENTRY,... with its entries)")
    return lines


def _distance_to(name: str) -> Callable[[str], tuple[float, str]]:
    """Closest first, as difflib ranks them; equally close names in alphabetical order, where
    difflib would give them in reverse."""

    def key(candidate: str) -> tuple[float, str]:
        return (-difflib.SequenceMatcher(None, candidate, name).ratio(), candidate)

    return key


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
