"""What GetEventPrediction costs in the mock, against botocore's Stubber answering the same call.

    python benchmarks/bench_prediction.py [--quick]

A detector of 1, 10 and 100 rules, and of 100 rules with one deployed model; every rule reads
the event's variables and the last one a list, so that FIRST_MATCHED runs every rule before its
match (the costliest case). The Stubber gets the same request and hands back the mock's own
answer, so both sides serialize and parse the same bodies. The two alternate, round by round
(benchmarks/timing.py). Prints microseconds per call and the ratio; asserts nothing about
speed (it is measured, not tested).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a file, too
from benchmarks.bench_calls import mocked, stubber
from benchmarks.timing import Round, interleaved

REGION = "us-east-1"
CASES = ((1, False), (10, False), (100, False), (100, True))
CASE_REGIONS = ("us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
DETECTOR = "bench_detector"
EVENT_TYPE = "payment"
MODEL = "fraud_model"
REQUEST: dict[str, Any] = {
    "detectorId": DETECTOR,
    "eventId": "tx_1",
    "eventTypeName": EVENT_TYPE,
    "eventTimestamp": "2024-03-01T09:00:00Z",
    "entities": [{"entityType": "customer", "entityId": "cust_1"}],
    "eventVariables": {
        "amount": "125.50",
        "email_address": "jane@example.com",
        "ip_address": "10.0.0.1",
        "card_bin": "510510",
    },
}


def region_for(rules: int, model: bool) -> str:
    """Each case's detector lives in a region of its own, so that all can be set up at once."""
    return CASE_REGIONS[CASES.index((rules, model))]


def set_up(client: Any, rules: int, model: bool) -> None:
    for name, data_type, variable_type, default in (
        ("amount", "FLOAT", "PRICE", "0.0"),
        ("email_address", "STRING", "EMAIL_ADDRESS", "<unknown>"),
        ("ip_address", "STRING", "IP_ADDRESS", "<unknown>"),
        ("card_bin", "STRING", "CARD_BIN", "000000"),
    ):
        client.create_variable(
            name=name,
            dataType=data_type,
            dataSource="EVENT",
            defaultValue=default,
            variableType=variable_type,
        )
    client.put_entity_type(name="customer")
    for label in ("fraud", "legit"):
        client.put_label(name=label)
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["amount", "email_address", "ip_address", "card_bin"],
        entityTypes=["customer"],
        labels=["fraud", "legit"],
        eventIngestion="DISABLED",  # what is measured is the prediction, not the event store
    )
    client.create_list(name="deny_bins", elements=["423768", "510510"], variableType="CARD_BIN")
    for outcome in ("review", "block"):
        client.put_outcome(name=outcome)
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    models = []
    if model:
        client.create_model(
            modelId=MODEL, modelType="ONLINE_FRAUD_INSIGHTS", eventTypeName=EVENT_TYPE
        )
        client.create_model_version(
            modelId=MODEL,
            modelType="ONLINE_FRAUD_INSIGHTS",
            trainingDataSource="EXTERNAL_EVENTS",
            trainingDataSchema={
                "modelVariables": ["amount", "email_address"],
                "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
            },
            externalEventsDetail={
                "dataLocation": "s3://bucket/training.csv",
                "dataAccessRoleArn": "arn:aws:iam::123456789012:role/training",
            },
        )
        client.update_model_version_status(
            modelId=MODEL,
            modelType="ONLINE_FRAUD_INSIGHTS",
            modelVersionNumber="1.0",
            status="ACTIVE",
        )
        models = [
            {"modelId": MODEL, "modelType": "ONLINE_FRAUD_INSIGHTS", "modelVersionNumber": "1.0"}
        ]
    references = []
    for n in range(rules):
        last = n == rules - 1
        if last:
            expression = "$card_bin in @deny_bins"
        elif model and n % 2:
            expression = f"${MODEL}_insightscore > 1000 and $amount > {n}"
        else:
            expression = f'$amount > {10_000 + n} and $email_address != "x{n}@example.com"'
        client.create_rule(
            ruleId=f"rule_{n}",
            detectorId=DETECTOR,
            expression=expression,
            language="DETECTORPL",
            outcomes=["block" if last else "review"],
        )
        references.append({"detectorId": DETECTOR, "ruleId": f"rule_{n}", "ruleVersion": "1"})
    client.create_detector_version(detectorId=DETECTOR, rules=references, modelVersions=models)
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="ACTIVE"
    )


def rounds_of(rules: int, model: bool, region: str = REGION) -> tuple[Round, Round]:
    """(Stubber, mock) rounds of GetEventPrediction on a detector of ``rules`` rules, set up in
    ``region`` of the mock's backend. The Stubber hands back the mock's own answer, so both sides
    serialize and parse the same bodies."""
    answer: dict[str, Any] = {}

    def set_up_and_check(client: Any) -> None:
        set_up(client, rules, model)
        answer.update(client.get_event_prediction(**REQUEST))
        answer.pop("ResponseMetadata")
        assert answer["ruleResults"] == [{"ruleId": f"rule_{rules - 1}", "outcomes": ["block"]}]

    mock = mocked(
        lambda client: client.get_event_prediction(**REQUEST), region, set_up=set_up_and_check
    )
    return stubber("get_event_prediction", answer, **REQUEST), mock


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    args = parser.parse_args()
    calls, rounds = (300, 3) if args.quick else (1000, 9)

    print(
        f"{'GetEventPrediction, FIRST_MATCHED, last rule matches':<52} {'mock':>8} {'Stubber':>8}"
    )
    print(f"{'':<52} {'µs':>8} {'µs':>8} {'ratio':>7}")
    for rules, model in CASES:
        name = f"{rules} rules" + (" and one model" if model else "")
        stub, mock = rounds_of(rules, model, region=region_for(rules, model))
        timings = interleaved(("Stubber", stub), [(name, mock)], calls, rounds)
        print(
            f"{name:<52} {timings.best(name):8.1f} {timings.best('Stubber'):8.1f} "
            f"{timings.ratio(name):7.2f}"
        )


if __name__ == "__main__":
    main()
