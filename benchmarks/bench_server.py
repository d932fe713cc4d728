"""Server mode under load: concurrent clients calling GetEventPrediction on loopback.

    python benchmarks/bench_server.py [--clients 8] [--requests 6000] [--seconds 10]

Each server runs in its own process (``frauddetector-mock serve --port 0``, and moto's
``ThreadedMotoServer`` as the anchor, answering EventBridge ListRules, a comparable JSON 1.1
operation: moto has no Fraud Detector). The clients are threads of this process, each on one
keep-alive connection sending pre-built requests (signatures are not checked by either server),
so the numbers are the servers' and not boto3's. A run stops at ``--requests`` or ``--seconds``,
whichever comes first. Prints requests/s, p50 and p99; asserts nothing (speed is measured, not
tested).
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from typing import Any

import boto3

REGION = "us-east-1"
AUTH = (
    "AWS4-HMAC-SHA256 Credential=bench/20240301/us-east-1/{service}/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0" * 64
)
MOTO_SERVER = """
import sys, time
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
server.start()
print("ready", flush=True)
time.sleep(3600)
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_mock() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "frauddetector_mock", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # waitress logs its queue depth under load
        text=True,
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline().rsplit(":", 1)[1])


def start_moto() -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", MOTO_SERVER, str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    wait_listening(port)
    return process, port


def wait_listening(port: int) -> None:
    import socket

    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def set_up_prediction(url: str) -> bytes:
    """A detector of three rules on four variables; the GetEventPrediction body to send."""
    fd = boto3.client(
        "frauddetector",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    for name, data_type, default in [
        ("amount", "FLOAT", "0.0"),
        ("email_address", "STRING", "<unknown>"),
        ("ip_address", "STRING", "<unknown>"),
        ("card_bin", "STRING", "000000"),
    ]:
        fd.create_variable(name=name, dataType=data_type, dataSource="EVENT", defaultValue=default)
    fd.put_entity_type(name="customer")
    for outcome in ("block", "review", "approve"):
        fd.put_outcome(name=outcome)
    fd.put_event_type(
        name="payment",
        eventVariables=["amount", "email_address", "ip_address", "card_bin"],
        entityTypes=["customer"],
    )
    fd.put_detector(detectorId="payments", eventTypeName="payment")
    rules = [
        ("big", '$amount > 5000 and $card_bin == "411111"', "block"),
        ("odd", '$email_address == "fraud@example.com" or $ip_address == "192.0.2.1"', "review"),
        ("rest", "$amount >= 0", "approve"),
    ]
    for rule_id, expression, outcome in rules:
        fd.create_rule(
            ruleId=rule_id,
            detectorId="payments",
            expression=expression,
            language="DETECTORPL",
            outcomes=[outcome],
        )
    fd.create_detector_version(
        detectorId="payments",
        rules=[{"detectorId": "payments", "ruleId": r, "ruleVersion": "1"} for r, *_ in rules],
    )
    fd.update_detector_version_status(detectorId="payments", detectorVersionId="1", status="ACTIVE")
    return json.dumps(
        {
            "detectorId": "payments",
            "eventId": "bench-event",
            "eventTypeName": "payment",
            "eventTimestamp": "2024-03-01T09:00:00Z",
            "entities": [{"entityType": "customer", "entityId": "cust_1"}],
            "eventVariables": {
                "amount": "120.5",
                "email_address": "a@example.com",
                "ip_address": "198.51.100.7",
                "card_bin": "411111",
            },
        }
    ).encode()


def load(
    port: int, target: str, body: bytes, service: str, clients: int, requests: int, seconds: float
) -> dict[str, Any]:
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": target,
        "X-Amz-Date": "20240301T093000Z",
        "Authorization": AUTH.format(service=service),
    }
    latencies: list[float] = []
    failures = [0]
    remaining = [requests]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            connection.request("POST", "/", body, headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                failures[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "failures": failures[0],
        "per_second": count / elapsed,
        "p50_ms": latencies[count // 2] * 1e3,
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1e3,
    }


def throughput(clients: int, requests: int, seconds: float) -> dict[str, dict[str, Any]]:
    """Both servers under the same load, one after the other: name -> ``load``'s figures."""
    runs = {}
    mock, mock_port = start_mock()
    try:
        body = set_up_prediction(f"http://127.0.0.1:{mock_port}")
        target = "AWSHawksNestServiceFacade.GetEventPrediction"
        load(mock_port, target, body, "frauddetector", clients, 300, seconds)  # warm-up
        runs["frauddetector-mock GetEventPrediction"] = load(
            mock_port, target, body, "frauddetector", clients, requests, seconds
        )
    finally:
        mock.kill()
        mock.wait()
    moto, moto_port = start_moto()
    try:
        target, body = "AWSEvents.ListRules", b"{}"
        load(moto_port, target, body, "events", clients, 300, seconds)
        runs["moto ThreadedMotoServer events ListRules"] = load(
            moto_port, target, body, "events", clients, requests, seconds
        )
    finally:
        moto.kill()
        moto.wait()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    runs = throughput(args.clients, args.requests, args.seconds)
    print(f"{args.clients} concurrent keep-alive clients on loopback")
    for name, run in runs.items():
        print(
            f"{name:42} {run['per_second']:8.0f} req/s  p50 {run['p50_ms']:6.2f} ms  "
            f"p99 {run['p99_ms']:6.2f} ms  ({run['requests']} requests, "
            f"{run['failures']} failed)"
        )


if __name__ == "__main__":
    main()
