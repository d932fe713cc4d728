"""``frauddetector-mock demo``: a fraud set-up driven through boto3 against the mock.

It follows the order of AWS's guides (entity type, labels, outcomes, then event type, detector,
rules, an active detector version and a prediction) and runs every step the mock answers today;
a step it does not answer yet is shown with the mock's own NotImplemented reply, so the demo
always tells the truth about what is covered.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from frauddetector_mock.mock import get_backend, mock_frauddetector

REGION = "us-east-1"

# Each step: (what it does, client method, parameters).
SET_UP: list[tuple[str, str, dict[str, Any]]] = [
    ("entity type customer", "put_entity_type", {"name": "customer", "description": "a buyer"}),
    ("label fraud", "put_label", {"name": "fraud", "description": "confirmed fraud"}),
    ("label legit", "put_label", {"name": "legit", "description": "legitimate"}),
    ("outcome block", "put_outcome", {"name": "block", "description": "refuse the payment"}),
    (
        "outcome investigate",
        "put_outcome",
        {"name": "investigate", "description": "send to review"},
    ),
    ("outcome approve", "put_outcome", {"name": "approve", "description": "let it through"}),
    (
        "variable amount",
        "create_variable",
        {
            "name": "amount",
            "dataType": "FLOAT",
            "dataSource": "EVENT",
            "defaultValue": "0.0",
            "variableType": "PRICE",
        },
    ),
    (
        "event type transaction_event",
        "put_event_type",
        {
            "name": "transaction_event",
            "eventVariables": ["amount"],
            "labels": ["fraud", "legit"],
            "entityTypes": ["customer"],
        },
    ),
    (
        "detector transaction_fraud_detector",
        "put_detector",
        {"detectorId": "transaction_fraud_detector", "eventTypeName": "transaction_event"},
    ),
    (
        "rule high_amount",
        "create_rule",
        {
            "ruleId": "high_amount",
            "detectorId": "transaction_fraud_detector",
            "expression": "$amount > 1000",
            "language": "DETECTORPL",
            "outcomes": ["block"],
        },
    ),
    (
        "detector version 1",
        "create_detector_version",
        {
            "detectorId": "transaction_fraud_detector",
            "rules": [
                {
                    "detectorId": "transaction_fraud_detector",
                    "ruleId": "high_amount",
                    "ruleVersion": "1",
                }
            ],
        },
    ),
    (
        "activate version 1",
        "update_detector_version_status",
        {"detectorId": "transaction_fraud_detector", "detectorVersionId": "1", "status": "ACTIVE"},
    ),
    (
        "prediction for a 1,500.00 transaction",
        "get_event_prediction",
        {
            "detectorId": "transaction_fraud_detector",
            "eventId": "txn_0001",
            "eventTypeName": "transaction_event",
            "entities": [{"entityType": "customer", "entityId": "c_42"}],
            "eventTimestamp": "2024-05-01T12:00:00Z",
            "eventVariables": {"amount": "1500.00"},
        },
    ),
]


def run() -> int:
    import boto3

    answered = pending = 0
    with mock_frauddetector():
        client = boto3.client("frauddetector", region_name=REGION)
        for title, method, params in SET_UP:
            try:
                response = getattr(client, method)(**params)
            except ClientError as error:
                code = error.response["Error"]["Code"]
                if code != "NotImplemented":
                    print(f"  FAILED   {title}: {code}: {error.response['Error']['Message']}")
                    return 1
                pending += 1
                print(f"  pending  {title} ({error.operation_name} is not implemented yet)")
                continue
            answered += 1
            response.pop("ResponseMetadata", None)
            shown = f" -> {response}" if response else ""
            print(f"  ok       {title}{shown}")
        print()
        print("What the mock now holds (typed records, readable from a test):")
        store = get_backend().store(REGION)
        for kind, records in (
            ("entity types", store.entity_types),
            ("labels", store.labels),
            ("outcomes", store.outcomes),
            ("variables", store.variables),
            ("event types", store.event_types),
            ("detectors", store.detectors),
        ):
            print(f"  {kind:<13} {', '.join(records)}")
        for detector in store.detectors.values():
            for rule in detector.rule_versions():
                print(f"  rule          {rule.rule_id} v{rule.rule_version}: {rule.expression}")
            for version in detector.versions.values():
                print(
                    f"  version       {detector.detector_id} v{version.detector_version_id}: "
                    f"{version.status}"
                )
        labels = client.get_labels()["labels"]
        print(f"  first label   {labels[0]['arn']} created {labels[0]['createdTime']}")
    print()
    print(f"{answered} steps answered by the mock, {pending} pending (see docs/coverage.md).")
    return 0


def add_demo_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="run a fraud detection set-up against the mock")
    parser.set_defaults(func=lambda args: run())
