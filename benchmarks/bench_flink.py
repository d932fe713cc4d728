"""The demo's PyFlink job under load: transactions/s through it, and the server's latency.

    python -m benchmarks.bench_flink [--transactions 2000] [--parallelism 1 2]

Sets the demo's detector up once (its history, trained model and rules) on an in-process mock,
serves it on a loopback port (``frauddetector_mock.server``), then for each parallelism runs
``frauddetector_mock/demo/flink_job.py`` as its own process, as the demo does, on a watched
folder that already holds all the transactions (two files per subtask). Prints per run:

- the wall time from starting the job to the last transaction committed by its sink (JVM,
  Python workers and checkpoints included);
- transactions/s through the job's UDF: predictions the server answered, from its first answer
  to its last (start-up excluded);
- the server's median and p99 time per GetEventPrediction, from its request log.

Needs Java and the flink extra (docs/pipeline.md). Asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from frauddetector_mock import mock_frauddetector, server
from frauddetector_mock.demo import flink_checks, pipeline
from frauddetector_mock.demo.flink_engine import (
    Folders,
    Sink,
    deliver,
    flink_job,
    request_timings,
)
from frauddetector_mock.demo.stream import produce

SEED = 7


def measure(endpoint: str, root: Path, parallelism: int, count: int) -> dict[str, Any]:
    folders = Folders.under(root / f"parallelism-{parallelism}")
    # Each run's own event ids: the events the first run stored do not change the second's.
    transactions = list(produce(count, SEED + parallelism))
    deliver(transactions, folders, "bench", parallelism)
    started = time.perf_counter()
    with request_timings() as timings, flink_job(endpoint, folders, parallelism) as job:
        Sink(folders.sink).wait_for({t.event_id for t in transactions}, job)
        wall = time.perf_counter() - started
    return {
        "parallelism": parallelism,
        "transactions": count,
        "calls": len(timings.milliseconds),
        "wall_s": wall,
        "per_second": timings.per_second(),
        "p50_ms": timings.percentile(0.5),
        "p99_ms": timings.percentile(0.99),
    }


def run(count: int, parallelisms: list[int]) -> list[dict[str, Any]]:
    problem = flink_checks.missing_extra() or flink_checks.java_problem()
    if problem:
        raise SystemExit(problem)
    runs = []
    with (
        tempfile.TemporaryDirectory() as folder,
        mock_frauddetector() as mock,
        server(0, backend=mock.backend) as endpoint,
    ):
        client = boto3.client("frauddetector", region_name=pipeline.REGION)
        pipeline.set_up(client, SEED)
        for parallelism in parallelisms:
            runs.append(measure(endpoint, Path(folder), parallelism, count))
    return runs


def table(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| parallelism | transactions | wall, start-up included | transactions/s through the "
        "UDF | server median | server p99 |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for each in runs:
        lines.append(
            f"| {each['parallelism']} | {each['transactions']:,} | {each['wall_s']:.1f} s | "
            f"{each['per_second']:,.0f} | {each['p50_ms']:.1f} ms | {each['p99_ms']:.1f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_flink", description=__doc__)
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--parallelism", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    runs = run(args.transactions, args.parallelism)
    print(table(runs))
    for each in runs:
        if each["calls"] != each["transactions"]:
            print(f"parallelism {each['parallelism']}: {each['calls']} calls (a retried bundle)")


if __name__ == "__main__":
    main()
