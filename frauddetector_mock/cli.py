"""The frauddetector-mock command line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from frauddetector_mock import __version__
from frauddetector_mock.demo import add_demo_parser
from frauddetector_mock.detectorpl.command import add_check_rule_parser


def _serve(args: argparse.Namespace) -> int:
    # The server and its WSGI application load for this command only.
    from frauddetector_mock.persistence import StateError, StateFileInUse
    from frauddetector_mock.wire.server import MissingExtraError, serve

    # One line per request on stderr, as moto's server prints them; a no-op where logging is
    # already set up (pytest, an application's own configuration).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        serve(
            args.host,
            args.port,
            args.state_file,
            control_token=args.control_token,
            allowed_hosts=args.allowed_host,
        )
    except MissingExtraError as missing:
        print(missing, file=sys.stderr)
        return 2  # as argparse's usage errors: the command cannot run as installed
    except (StateFileInUse, StateError) as refused:  # another server's file, or no state
        print(f"frauddetector-mock: {refused}", file=sys.stderr)
        return 2
    return 0


def add_serve_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve", help="answer Fraud Detector requests over HTTP (docs/server.md)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=5000, help="port (0: any free port)")
    parser.add_argument(
        "--state-file", default=None, help="keep the state in this file across restarts"
    )
    parser.add_argument(
        "--control-token",
        default=None,
        metavar="TOKEN",
        help="require TOKEN in the X-Mock-Control-Token header of /_mock/ requests",
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host is NAME (a container's name); repeatable",
    )
    parser.set_defaults(func=_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frauddetector-mock")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_demo_parser(subparsers)
    add_check_rule_parser(subparsers)
    add_serve_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
