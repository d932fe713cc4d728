"""The set-up of AWS's "Create a rule" page, then the teardown order of AWS's sample notebooks.

The page scores with a trained model (``sample_fraud_detection_model_insightscore``). Here a
SageMaker model registered with PutExternalModel supplies that score variable (source
EXTERNAL_MODEL_SCORE), so the whole scenario runs on the configuration operations alone; the
rules, their versions and the teardown are the page's and the samples'.

Each teardown step is first tried too early and refused with ConflictException (HTTP 400), leaving
the store as it was, then accepted once its precondition holds.
"""

from __future__ import annotations

import re
from typing import Any

from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.snapshot import snapshot

DETECTOR = "sample_detector"
SCORE = "sample_fraud_detection_model_insightscore"
ENDPOINT = "sample-fraud-detection-endpoint"
ROLE = "arn:aws:iam::123456789012:role/sagemaker-invoke"
EVENT_TYPE = "sample_registration"

# The page's three rules and its UpdateRuleVersion calls (thresholds 900 -> 950).
RULES = {
    "high_fraud_risk": (f"${SCORE} > 900", "verify_customer"),
    "medium_fraud_risk": (f"${SCORE} <= 900 and ${SCORE} > 700", "review"),
    "low_fraud_risk": (f"${SCORE} <= 700", "approve"),
}
UPDATES = {
    "high_fraud_risk": (f"${SCORE} > 950", "verify_customer"),
    "medium_fraud_risk": (f"${SCORE} <= 950 and ${SCORE} > 700", "review"),
}


def set_up(client: Any) -> None:
    for name, variable_type in (("email_address", "EMAIL_ADDRESS"), ("ip_address", "IP_ADDRESS")):
        client.create_variable(
            name=name,
            dataType="STRING",
            dataSource="EVENT",
            defaultValue="<unknown>",
            variableType=variable_type,
        )
    client.create_variable(
        name=SCORE, dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )
    client.put_entity_type(name="customer")
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["email_address", "ip_address"],
        labels=["fraud", "legit"],
        entityTypes=["customer"],
    )
    client.put_external_model(
        modelEndpoint=ENDPOINT,
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn=ROLE,
        inputConfiguration={
            "eventTypeName": EVENT_TYPE,
            "format": "APPLICATION_JSON",
            "useEventVariables": True,
            "jsonInputTemplate": '{"email": "{{email_address}}", "ip": "{{ip_address}}"}',
        },
        outputConfiguration={
            "format": "APPLICATION_JSONLINES",
            "jsonKeyToVariableMap": {"score": SCORE},
        },
        modelEndpointStatus="ASSOCIATED",
    )
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    for outcome in ("verify_customer", "review", "approve"):
        client.put_outcome(name=outcome)


def create_rules(client: Any) -> None:
    for rule_id, (expression, outcome) in RULES.items():
        response = client.create_rule(
            ruleId=rule_id,
            detectorId=DETECTOR,
            expression=expression,
            language="DETECTORPL",
            outcomes=[outcome],
        )
        assert response["rule"] == {"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "1"}
    for rule_id, (expression, outcome) in UPDATES.items():
        response = client.update_rule_version(
            rule={"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "1"},
            expression=expression,
            language="DETECTORPL",
            outcomes=[outcome],
        )
        assert response["rule"] == {"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "2"}


def rule_versions(client: Any) -> list[tuple[str, str, str]]:
    details = client.get_rules(detectorId=DETECTOR)["ruleDetails"]
    return [(d["ruleId"], d["ruleVersion"], d["expression"]) for d in details]


def test_create_a_rule_page(client: Any) -> None:
    set_up(client)
    create_rules(client)
    assert rule_versions(client) == [
        ("high_fraud_risk", "1", f"${SCORE} > 900"),
        ("high_fraud_risk", "2", f"${SCORE} > 950"),
        ("low_fraud_risk", "1", f"${SCORE} <= 700"),
        ("medium_fraud_risk", "1", f"${SCORE} <= 900 and ${SCORE} > 700"),
        ("medium_fraud_risk", "2", f"${SCORE} <= 950 and ${SCORE} > 700"),
    ]
    one = client.get_rules(detectorId=DETECTOR, ruleId="high_fraud_risk", ruleVersion="2")
    assert one["ruleDetails"][0]["outcomes"] == ["verify_customer"]
    assert one["ruleDetails"][0]["arn"] == (
        "arn:aws:frauddetector:us-east-1:123456789012:rule/sample_detector/high_fraud_risk/2"
    )


def test_teardown_in_aws_order(client: Any, store: Store) -> None:
    set_up(client)
    create_rules(client)
    version = client.create_detector_version(
        detectorId=DETECTOR,
        rules=[
            {"detectorId": DETECTOR, "ruleId": "high_fraud_risk", "ruleVersion": "2"},
            {"detectorId": DETECTOR, "ruleId": "medium_fraud_risk", "ruleVersion": "2"},
            {"detectorId": DETECTOR, "ruleId": "low_fraud_risk", "ruleVersion": "1"},
        ],
        externalModelEndpoints=[ENDPOINT],
    )
    assert version["detectorVersionId"] == "1"
    assert version["status"] == "DRAFT"
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="ACTIVE"
    )

    # 1. The active version must be made INACTIVE before anything under it can go.
    refused(
        lambda: client.delete_detector_version(detectorId=DETECTOR, detectorVersionId="1"),
        "ConflictException",
        unchanged=store,
    )
    refused(
        lambda: client.delete_rule(
            rule={"detectorId": DETECTOR, "ruleId": "low_fraud_risk", "ruleVersion": "1"}
        ),
        "ConflictException",
        unchanged=store,
    )
    refused(
        lambda: client.delete_detector(detectorId=DETECTOR), "ConflictException", unchanged=store
    )
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="INACTIVE"
    )
    assert (
        client.get_detector_version(detectorId=DETECTOR, detectorVersionId="1")["status"]
        == "INACTIVE"
    )

    # 2. Detector versions: an INACTIVE version still holds its rule versions and its model.
    refused(
        lambda: client.delete_rule(
            rule={"detectorId": DETECTOR, "ruleId": "high_fraud_risk", "ruleVersion": "2"}
        ),
        "ConflictException",
        unchanged=store,
    )
    refused(
        lambda: client.delete_external_model(modelEndpoint=ENDPOINT),
        "ConflictException",
        unchanged=store,
    )
    client.delete_detector_version(detectorId=DETECTOR, detectorVersionId="1")
    assert client.describe_detector(detectorId=DETECTOR)["detectorVersionSummaries"] == []

    # 3. Rule versions, as GetRules lists them; while they exist the detector and the outcomes
    #    they name stay.
    refused(
        lambda: client.delete_detector(detectorId=DETECTOR), "ConflictException", unchanged=store
    )
    refused(
        lambda: client.delete_outcome(name="verify_customer"),
        "ConflictException",
        re.compile("high_fraud_risk"),
        unchanged=store,
    )
    for rule_id, rule_version, _ in rule_versions(client):
        client.delete_rule(
            rule={"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": rule_version}
        )
    assert rule_versions(client) == []

    # 4. The detector; while it exists its event type stays.
    refused(lambda: client.delete_event_type(name=EVENT_TYPE), "ConflictException", unchanged=store)
    client.delete_detector(detectorId=DETECTOR)
    assert client.get_detectors()["detectors"] == []

    # 5. (Models: none in this set-up.) 6. The external model, which takes its output variable.
    client.delete_external_model(modelEndpoint=ENDPOINT)
    assert client.get_external_models()["externalModels"] == []

    # 7. (No stored events.) 8. The event type, which holds the variables, labels, entity type.
    refused(
        lambda: client.delete_variable(name="email_address"), "ConflictException", unchanged=store
    )
    refused(lambda: client.delete_label(name="fraud"), "ConflictException", unchanged=store)
    refused(
        lambda: client.delete_entity_type(name="customer"), "ConflictException", unchanged=store
    )
    client.delete_event_type(name=EVENT_TYPE)

    # 9. What is left.
    client.delete_entity_type(name="customer")
    for name in ("email_address", "ip_address", SCORE):
        client.delete_variable(name=name)
    for name in ("fraud", "legit"):
        client.delete_label(name=name)
    for name in ("verify_customer", "review", "approve"):
        client.delete_outcome(name=name)

    empty = ({}, [], 0, "DEFAULT", None)
    assert {name: value for name, value in snapshot(store).items() if value not in empty} == {}
    assert client.get_variables()["variables"] == []
