"""The flow of the get-event-prediction CLI page, run by the real AWS CLI (issue 8)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.server.cli_runner import aws, cli_env


def test_the_cli_page_flow_predicts(endpoint_url: str, tmp_path: Path) -> None:
    env = cli_env(tmp_path)

    def run(*args: str) -> object:
        return aws(endpoint_url, env, *args)

    # Resources that do not depend on each other are made at once: each CLI start costs ~0.5 s.
    with ThreadPoolExecutor(4) as pool:
        made = list(
            pool.map(
                lambda args: run(*args),
                [
                    (
                        "create-variable",
                        "--name",
                        "email_address",
                        "--data-type",
                        "STRING",
                        "--data-source",
                        "EVENT",
                        "--default-value",
                        "<unknown>",
                        "--variable-type",
                        "EMAIL_ADDRESS",
                    ),
                    (
                        "create-variable",
                        "--name",
                        "ip_address",
                        "--data-type",
                        "STRING",
                        "--data-source",
                        "EVENT",
                        "--default-value",
                        "<unknown>",
                        "--variable-type",
                        "IP_ADDRESS",
                    ),
                    ("put-entity-type", "--name", "sample_customer"),
                    ("put-label", "--name", "fraud"),
                    ("put-label", "--name", "legit"),
                    ("put-outcome", "--name", "verify_customer"),
                    ("put-outcome", "--name", "approve"),
                ],
            )
        )
    assert made == [None] * 7  # the CLI prints nothing for an empty result
    run(
        "put-event-type",
        "--name",
        "sample_registration",
        "--event-variables",
        "email_address",
        "ip_address",
        "--entity-types",
        "sample_customer",
        "--labels",
        "fraud",
        "legit",
    )
    run(
        "put-detector",
        "--detector-id",
        "sample_detector",
        "--event-type-name",
        "sample_registration",
    )
    rule = run(
        "create-rule",
        "--rule-id",
        "suspicious_email",
        "--detector-id",
        "sample_detector",
        "--expression",
        '$email_address == "fraud@example.com"',
        "--language",
        "DETECTORPL",
        "--outcomes",
        "verify_customer",
    )
    assert rule == {
        "rule": {
            "detectorId": "sample_detector",
            "ruleId": "suspicious_email",
            "ruleVersion": "1",
        }
    }
    version = run(
        "create-detector-version",
        "--detector-id",
        "sample_detector",
        "--rules",
        "detectorId=sample_detector,ruleId=suspicious_email,ruleVersion=1",
    )
    assert version == {
        "detectorId": "sample_detector",
        "detectorVersionId": "1",
        "status": "DRAFT",
    }
    run(
        "update-detector-version-status",
        "--detector-id",
        "sample_detector",
        "--detector-version-id",
        "1",
        "--status",
        "ACTIVE",
    )
    prediction = run(
        "get-event-prediction",
        "--detector-id",
        "sample_detector",
        "--event-id",
        "802454d3-f7d8-482d-97e8-c4b6db9a0428",
        "--event-type-name",
        "sample_registration",
        "--event-timestamp",
        "2024-03-01T09:00:00Z",
        "--entities",
        "entityType=sample_customer,entityId=12345",
        "--event-variables",
        "email_address=fraud@example.com,ip_address=192.0.2.1",
    )
    assert prediction == {
        "modelScores": [],
        "ruleResults": [{"ruleId": "suspicious_email", "outcomes": ["verify_customer"]}],
        "externalModelOutputs": [],
    }
