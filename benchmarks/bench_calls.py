"""What a mocked call costs, against botocore's own floor, in one process and one run.

    python benchmarks/bench_calls.py [--quick]

Anchors measured in the same run:
- botocore's Stubber answering GetLabels (botocore's client cost with a canned answer);
- a bare handler at before-call returning a canned parsed answer (the cheapest possible hook);
- moto's mock_aws on a comparable JSON call (EventBridge ListRules: moto has no Fraud Detector).
Rounds of the Stubber and of each subject alternate (benchmarks/timing.py). Prints microseconds
per call and the median ratio; asserts nothing (speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a file, too
from benchmarks.timing import Round, import_times, interleaved, per_call
from frauddetector_mock import get_backend, mock_frauddetector

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
LABELS = ("fraud", "legit", "suspicious")


def stubber(operation: str, answer: dict[str, Any], **request: Any) -> Round:
    """Rounds of botocore's Stubber handing back ``answer`` to ``operation(**request)``."""
    client = boto3.client("frauddetector", region_name=REGION, **CREDENTIALS)
    stub = Stubber(client)
    stub.activate()
    call = getattr(client, operation)

    def round_(calls: int) -> float:
        for _ in range(calls + 200):  # per_call warms up with up to 200 calls
            stub.add_response(operation, answer)
        return per_call(lambda: call(**request), calls, 1)

    return round_


def canned_before_call() -> Round:
    """Rounds of GetLabels answered by the cheapest possible before-call handler."""
    client = boto3.client("frauddetector", region_name=REGION, **CREDENTIALS)

    def answer(**kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return AWSResponse(None, 200, {}, None), {"labels": [], "ResponseMetadata": {}}

    client.meta.events.register("before-call.frauddetector.GetLabels", answer)
    return lambda calls: per_call(client.get_labels, calls, 1)


def mocked(
    call: Callable[[Any], Any], region: str = REGION, wire: bool = False, set_up: Any = None
) -> Round:
    """Rounds of ``call(client)`` through the mock. The backend is kept from round to round (the
    first mock of the process starts it empty); the call log and prediction history are cleared
    before each round, as each test starts without them."""
    with mock_frauddetector(reset=False, wire=wire):
        client = boto3.client("frauddetector", region_name=region)
        if set_up is not None:
            set_up(client)
    backend = get_backend()

    def round_(calls: int) -> float:
        backend.calls.clear()
        backend.store(region).predictions.clear()
        with mock_frauddetector(reset=False, wire=wire):
            return per_call(lambda: call(client), calls, 1)

    return round_


def put_labels(client: Any) -> None:
    for name in LABELS:
        client.put_label(name=name)


def mock_get_labels(wire: bool = False) -> Round:
    return mocked(lambda client: client.get_labels(), wire=wire, set_up=put_labels)


def mock_answer(call: Callable[[Any], Any], region: str = REGION) -> dict[str, Any]:
    """What the mock answers now, without its metadata: the answer a Stubber anchor hands back,
    so that both sides return the same data."""
    with mock_frauddetector(reset=False):
        answer: dict[str, Any] = call(boto3.client("frauddetector", region_name=region))
    answer.pop("ResponseMetadata")
    return answer


def mock_put_label() -> Round:
    return mocked(lambda client: client.put_label(name="fraud", description="d"))


def mock_get_variables() -> Round:
    def set_up(client: Any) -> None:
        client.create_variable(
            name="email_address", dataType="STRING", dataSource="EVENT", defaultValue="<none>"
        )

    return mocked(lambda client: client.get_variables(name="email_address"), set_up=set_up)


def moto_list_rules() -> Round:
    """Rounds of EventBridge ListRules through moto's mock_aws (each round enters it anew)."""
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("events", region_name=REGION)

    def round_(calls: int) -> float:
        with mock_aws():
            return per_call(client.list_rules, calls, 1)

    return round_


def whole_test(calls: int, repeats: int) -> tuple[float, float]:
    """(ours, moto's) µs for a whole small test: mock on, new client, one call, mock off."""
    from moto import mock_aws

    def ours() -> None:
        with mock_frauddetector():
            boto3.client("frauddetector", region_name=REGION).get_labels()

    def theirs() -> None:
        with mock_aws():
            boto3.client("events", region_name=REGION).list_rules()

    return per_call(ours, calls, repeats), per_call(theirs, max(calls // 10, 3), repeats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    args = parser.parse_args()
    calls, rounds = (300, 3) if args.quick else (2000, 7)

    subjects = [
        ("GetLabels via canned before-call handler", canned_before_call()),
        ("GetLabels via frauddetector_mock", mock_get_labels()),
        ("PutLabel via frauddetector_mock", mock_put_label()),
        ("GetVariables via frauddetector_mock", mock_get_variables()),
        ("GetLabels via frauddetector_mock, wire mode", mock_get_labels(wire=True)),
        ("ListRules via moto mock_aws (comparable)", moto_list_rules()),
    ]
    labels = mock_answer(lambda client: client.get_labels())
    anchor = ("GetLabels via botocore Stubber (floor)", stubber("get_labels", labels))
    timings = interleaved(anchor, subjects, calls, rounds)
    print(f"{'per call':<48} {'µs':>9} {'x Stubber':>10}")
    print(f"{anchor[0]:<48} {timings.best(anchor[0]):9.1f} {1:10.2f}")
    for name, _ in subjects:
        print(f"{name:<48} {timings.best(name):9.1f} {timings.ratio(name):10.2f}")

    print()
    ours, theirs = whole_test(30 if args.quick else 200, 3)
    print(f"{'whole small test (on, new client, call, off)':<48} {'ms':>9} {'x ours':>10}")
    print(f"{'frauddetector_mock':<48} {ours / 1000:9.2f} {1:10.2f}")
    print(f"{'moto mock_aws':<48} {theirs / 1000:9.2f} {theirs / ours:10.2f}")

    print()
    base, with_mock = import_times(3 if args.quick else 7)
    print(f"{'import time':<48} {'ms':>9}")
    print(f"{'import botocore':<48} {base:9.1f}")
    print(f"{'import botocore, frauddetector_mock':<48} {with_mock:9.1f}")
    print(f"{'added by frauddetector_mock':<48} {with_mock - base:9.1f}")


if __name__ == "__main__":
    main()
