"""The frauddetector-mock command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from frauddetector_mock.demo import add_demo_parser
from frauddetector_mock.detectorpl.command import add_check_rule_parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frauddetector-mock")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_demo_parser(subparsers)
    add_check_rule_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
