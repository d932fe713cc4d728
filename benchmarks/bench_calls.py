"""What a mocked call costs, against botocore's own floor, in one process and one run.

    python benchmarks/bench_calls.py [--quick]

Anchors measured in the same run:
- botocore's Stubber answering GetLabels (botocore's client cost with a canned answer);
- a bare handler at before-call returning a canned parsed answer (the cheapest possible hook);
- moto's mock_aws on a comparable JSON call (EventBridge ListRules: moto has no Fraud Detector).
Prints microseconds per call and ratios; asserts nothing (speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from frauddetector_mock import mock_frauddetector

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}


def per_call(call: Callable[[], Any], calls: int, repeats: int) -> float:
    """Best mean time of one call, in microseconds, over ``repeats`` rounds of ``calls``."""
    for _ in range(min(calls, 200)):
        call()
    rounds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return min(rounds)


def stubber_get_labels(calls: int, repeats: int) -> float:
    client = boto3.client("frauddetector", region_name=REGION, **CREDENTIALS)
    stubber = Stubber(client)
    answer = {"labels": []}
    for _ in range(calls * (repeats + 1) + 200):
        stubber.add_response("get_labels", answer)
    with stubber:
        return per_call(client.get_labels, calls, repeats)


def canned_before_call(calls: int, repeats: int) -> float:
    client = boto3.client("frauddetector", region_name=REGION, **CREDENTIALS)

    def answer(**kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return AWSResponse(None, 200, {}, None), {"labels": [], "ResponseMetadata": {}}

    client.meta.events.register("before-call.frauddetector.GetLabels", answer)
    return per_call(client.get_labels, calls, repeats)


def mock_get_labels(calls: int, repeats: int, wire: bool = False) -> float:
    with mock_frauddetector(wire=wire):
        client = boto3.client("frauddetector", region_name=REGION)
        for name in ("fraud", "legit", "suspicious"):
            client.put_label(name=name)
        return per_call(client.get_labels, calls, repeats)


def mock_put_label(calls: int, repeats: int) -> float:
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name=REGION)
        return per_call(lambda: client.put_label(name="fraud", description="d"), calls, repeats)


def moto_list_rules(calls: int, repeats: int) -> float:
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("events", region_name=REGION)
        return per_call(client.list_rules, calls, repeats)


def enter_leave(calls: int, repeats: int) -> float:
    def once() -> None:
        with mock_frauddetector():
            pass

    return per_call(once, calls, repeats)


def small_test(calls: int, repeats: int) -> float:
    def once() -> None:
        with mock_frauddetector():
            boto3.client("frauddetector", region_name=REGION).get_labels()

    return per_call(once, calls, repeats)


def moto_small_test(calls: int, repeats: int) -> float:
    from moto import mock_aws

    def once() -> None:
        with mock_aws():
            boto3.client("events", region_name=REGION).list_rules()

    return per_call(once, calls, repeats)


def import_time(modules: str, runs: int) -> float:
    """Best wall time of a fresh interpreter importing ``modules``, in milliseconds."""
    code = f"import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    args = parser.parse_args()
    calls, repeats = (300, 3) if args.quick else (3000, 5)
    small, runs = (30, 3) if args.quick else (200, 5)

    stub = stubber_get_labels(calls, repeats)
    rows = [
        ("GetLabels via botocore Stubber (floor)", stub),
        ("GetLabels via canned before-call handler", canned_before_call(calls, repeats)),
        ("GetLabels via frauddetector_mock", mock_get_labels(calls, repeats)),
        ("PutLabel via frauddetector_mock", mock_put_label(calls, repeats)),
        ("GetLabels via frauddetector_mock, wire mode", mock_get_labels(calls // 3, repeats, True)),
        ("ListRules via moto mock_aws (comparable)", moto_list_rules(calls // 3, repeats)),
    ]
    print(f"{'per call':<48} {'µs':>9} {'x Stubber':>10}")
    for name, micros in rows:
        print(f"{name:<48} {micros:9.1f} {micros / stub:10.2f}")

    print()
    enter = enter_leave(small * 10, repeats)
    ours, theirs = small_test(small, repeats), moto_small_test(max(small // 10, 3), 3)
    print(f"{'whole small test (on, new client, call, off)':<48} {'ms':>9} {'x ours':>10}")
    print(f"{'enter + leave mock_frauddetector':<48} {enter / 1000:9.3f}")
    print(f"{'frauddetector_mock':<48} {ours / 1000:9.2f} {1:10.2f}")
    print(f"{'moto mock_aws':<48} {theirs / 1000:9.2f} {theirs / ours:10.2f}")

    print()
    base = import_time("botocore", runs)
    with_mock = import_time("botocore, frauddetector_mock", runs)
    print(f"{'import time':<48} {'ms':>9}")
    print(f"{'import botocore':<48} {base:9.1f}")
    print(f"{'import botocore, frauddetector_mock':<48} {with_mock:9.1f}")
    print(f"{'added by frauddetector_mock':<48} {with_mock - base:9.1f}")


if __name__ == "__main__":
    main()
