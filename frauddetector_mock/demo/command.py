"""``frauddetector-mock demo``'s command line: its options, and the engine that runs the stream
processor (a loop in this process, or a PyFlink job)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from frauddetector_mock.demo import flink_engine, pipeline
from frauddetector_mock.messages import demo as demo_messages

ENGINES = ("inprocess", "flink")


def add_demo_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="run the real-time fraud prevention pipeline against the mock"
    )
    parser.add_argument("-n", "--transactions", type=int, default=400, help="how many (400)")
    parser.add_argument("--seed", type=int, default=7, help="the generator's seed (7)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="output folder (default: ./frauddetector-demo)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="inprocess",
        help="the stream processor: a loop in this process (inprocess, the default), or a "
        "PyFlink job calling the mock's server (flink: the flink extra and Java)",
    )
    parser.add_argument(
        "--parallelism",
        type=int,
        default=None,
        help=f"the Flink job's parallelism ({flink_engine.PARALLELISM})",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="the loopback port of the mock's server that the Flink job calls (0: any free "
        "port, the default)",
    )
    parser.set_defaults(func=_run_from_args)


def _run_from_args(args: argparse.Namespace) -> int:
    if args.transactions < 2:
        print("demo: --transactions must be at least 2 (one per detector version)")
        return 2
    if args.engine == "flink":
        refused = _flink_options(args.parallelism, args.port)
        if refused:
            print(refused, file=sys.stderr)
            return 2
        return flink_engine.run(
            args.transactions,
            args.seed,
            args.output,
            parallelism=flink_engine.PARALLELISM if args.parallelism is None else args.parallelism,
            port=args.port or 0,
        )
    for option, value in (("--parallelism", args.parallelism), ("--port", args.port)):
        if value is not None:
            print(demo_messages.needs_flink_engine(option), file=sys.stderr)
            return 2
    return pipeline.run(args.transactions, args.seed, args.output)


def _flink_options(parallelism: int | None, port: int | None) -> str | None:
    if parallelism is not None and parallelism < 1:
        return demo_messages.bad_parallelism(parallelism)
    if port is not None and not 0 <= port <= 65535:
        return demo_messages.bad_port(port)
    return None
