"""A populated world for the fuzz tests: one of every kind of resource, made through boto3 as a
user makes them, so that fuzzed names hit real records (an ACTIVE detector version with rules,
a deployed model version, an external model, a list, stored events, predictions, tags, batch
jobs). ``running()`` switches the mock on, freezes the clock, makes the world once through a
client without client-side validation and yields both, with the requests that made it (the seeds
the strategies vary); ``restore`` brings the world back before each example.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import boto3
from botocore.config import Config

from frauddetector_mock import get_backend, mock_frauddetector, persistence
from frauddetector_mock.persistence import CannedOutput
from tests.prediction.helpers import (
    CUSTOMER,
    DETECTOR,
    EVENT_TIME,
    EVENT_TYPE,
    ROLE,
    VARIABLES,
    create_rules,
    create_version,
    deploy_model,
    put_external_model,
    request,
    set_up_event_type,
)

REGION = "us-east-1"
ACCOUNT = "123456789012"
NOW = "2024-03-01T09:30:00.250Z"
MODEL = "fraud_model"
ENDPOINT = "sagemaker-fraud"
LIST = "blocked_emails"
ARN = f"arn:aws:frauddetector:{REGION}:{ACCOUNT}"

# Times and numbers at the edges of what parsers take (leap day, leap second, offsets, nanoseconds,
# the ends of the calendar) and of what floats hold.
TIMESTAMPS = [
    EVENT_TIME,
    NOW,
    "2024-02-29T23:59:59Z",
    "2023-02-29T00:00:00Z",
    "2016-12-31T23:59:60Z",
    "2024-03-01T09:00:00.123456789Z",
    "2024-03-01T09:00:00+14:00",
    "2024-03-01T09:00:00-00:00",
    "2024-03-01 09:00:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "2024-03-01",
]
NUMBERS = ["12.5", "900", "-0", "1e308", "1e400", "-1e400", "NaN", "Infinity", "0x10", " 5 ", ""]

# One ARN of every kind of resource the world holds, and near misses.
RESOURCES = [
    f"{ARN}:{resource}"
    for resource in (
        f"detector/{DETECTOR}",
        f"detector-version/{DETECTOR}/1",
        f"rule/{DETECTOR}/big/1",
        f"event-type/{EVENT_TYPE}",
        "entity-type/customer",
        "label/fraud",
        "outcome/block",
        "variable/amount",
        f"list/{LIST}",
        f"external-model/{ENDPOINT}",
        f"model/ONLINE_FRAUD_INSIGHTS/{MODEL}",
        f"model-version/ONLINE_FRAUD_INSIGHTS/{MODEL}/1.0",
        "batch-import/imp_1",
        "batch-prediction/pred_1",
        f"rule/{DETECTOR}/big",
        f"detector/{DETECTOR}/",
    )
] + [f"arn:aws:frauddetector:us-west-2:{ACCOUNT}:detector/{DETECTOR}"]

# Values the fuzzed requests draw from, by the member name they fit (a member named here draws
# from its list as often as from random text; every other string slot uses NAMES).
BY_MEMBER: dict[str, list[str]] = {
    "detectorId": [DETECTOR],
    "detectorName": [DETECTOR],
    "detectorVersionId": ["1", "2"],
    "detectorVersion": ["1", "2"],
    "ruleId": ["big", "rest"],
    "ruleVersion": ["1"],
    "eventTypeName": [EVENT_TYPE],
    "eventId": ["tx_1", "ev_1"],
    "entityType": ["customer"],
    "entityId": ["cust_1"],
    "modelId": [MODEL],
    "modelType": ["ONLINE_FRAUD_INSIGHTS"],
    "modelVersionNumber": ["1.0"],
    "modelEndpoint": [ENDPOINT],
    "assignedLabel": ["fraud", "legit"],
    "labelTimestamp": TIMESTAMPS,
    "eventTimestamp": TIMESTAMPS,
    "predictionTimestamp": TIMESTAMPS,
    "startTime": TIMESTAMPS,
    "endTime": TIMESTAMPS,
    "eventVariables#value": [*NUMBERS, "a@example.com", "411111", "10.0.0.1"],
    "defaultValue": NUMBERS,
    "jobId": ["imp_1", "pred_1"],
    "resourceARN": RESOURCES,
    "arn": RESOURCES,
    "iamRoleArn": [ROLE],
    "dataAccessRoleArn": [ROLE],
    "invokeModelEndpointRoleArn": [ROLE],
    "inputPath": ["s3://fraud-data/input.csv"],
    "outputPath": ["s3://fraud-data/out"],
    "dataLocation": ["s3://fraud-data/train.csv"],
    "kmsEncryptionKeyArn": ["DEFAULT"],
    "expression": ["$amount > 500", "$amount <= 500"],
    "language": ["DETECTORPL"],
    "outcomes": ["block", "review", "approve"],
    "labels": ["fraud", "legit"],
    "entityTypes": ["customer"],
    "eventVariables": [name for name, *_ in VARIABLES],
    "eventVariables#key": [name for name, *_ in VARIABLES],
    "variableNames": [name for name, *_ in VARIABLES],
    "names": [name for name, *_ in VARIABLES],
    "modelVariables": ["amount", "email_address"],
    "elements": ["a@example.com", "b@example.com"],
    "name": [LIST, "amount", "fraud", "block", "customer", EVENT_TYPE, "spare_name"],
    "tagKeys": ["team"],
    "key": ["team"],
}
NAMES = sorted({value for values in BY_MEMBER.values() for value in values})


def build(client: Any) -> bytes:
    """Make the world through ``client`` (inside a mock on a frozen clock); its snapshot."""
    backend = get_backend()
    backend.endpoints.register(ENDPOINT, CannedOutput("0.42\n"))
    set_up_event_type(client)
    client.put_label(name="spare_label")
    client.put_outcome(name="spare_outcome")
    client.put_entity_type(name="spare_entity")
    client.create_variable(
        name="spare_variable", dataType="STRING", dataSource="EVENT", defaultValue="x"
    )
    refs = create_rules(
        client, [("big", "$amount > 500", ["review"]), ("rest", "$amount <= 500", ["approve"])]
    )
    model = deploy_model(client, MODEL)
    put_external_model(client, ENDPOINT, {"0": "sagemaker_score"})
    create_version(client, refs, models=[model], endpoints=[ENDPOINT])
    create_version(client, refs, activate=False)
    client.create_list(name=LIST, elements=["a@example.com"], variableType="EMAIL_ADDRESS")
    client.send_event(
        eventId="ev_1",
        eventTypeName=EVENT_TYPE,
        eventTimestamp=EVENT_TIME,
        eventVariables={"amount": "12.5", "email_address": "a@example.com"},
        entities=[CUSTOMER],
        assignedLabel="fraud",
        labelTimestamp=EVENT_TIME,
    )
    client.get_event_prediction(**request("tx_1", amount="900"))
    client.tag_resource(
        resourceARN=f"{ARN}:detector/{DETECTOR}", tags=[{"key": "team", "value": "risk"}]
    )
    for job_id, kind in (("imp_1", "import"), ("pred_1", "prediction")):
        params: dict[str, Any] = {
            "jobId": job_id,
            "inputPath": "s3://fraud-data/input.csv",
            "outputPath": "s3://fraud-data/out",
            "eventTypeName": EVENT_TYPE,
            "iamRoleArn": ROLE,
        }
        if kind == "import":
            client.create_batch_import_job(**params)
        else:
            client.create_batch_prediction_job(detectorName=DETECTOR, detectorVersion="1", **params)
    _touch(client)
    return persistence.snapshot(backend)


def _touch(client: Any) -> None:
    """Reads and updates that leave the world as it is: their requests seed the strategies."""
    detector_arn = f"{ARN}:detector/{DETECTOR}"
    refs = [
        {"detectorId": DETECTOR, "ruleId": rule, "ruleVersion": "1"} for rule in BY_MEMBER["ruleId"]
    ]
    model = {"modelId": MODEL, "modelType": "ONLINE_FRAUD_INSIGHTS"}
    client.update_variable(name="amount", defaultValue="0.0", description="order amount")
    client.update_rule_metadata(rule={**refs[0]}, description="big orders")
    client.update_detector_version_metadata(
        detectorId=DETECTOR, detectorVersionId="2", description="next"
    )
    client.update_detector_version(
        detectorId=DETECTOR,
        detectorVersionId="2",
        externalModelEndpoints=[],
        rules=refs,
        ruleExecutionMode="ALL_MATCHED",
    )
    client.update_list(name=LIST, elements=["a@example.com"], updateMode="APPEND")
    client.update_event_label(
        eventId="ev_1", eventTypeName=EVENT_TYPE, assignedLabel="fraud", labelTimestamp=EVENT_TIME
    )
    client.update_model(**model, description="fraud model")
    client.describe_detector(detectorId=DETECTOR)
    client.get_detector_version(detectorId=DETECTOR, detectorVersionId="1")
    client.get_rules(detectorId=DETECTOR, ruleId="big", ruleVersion="1")
    client.describe_model_versions(**model, modelVersionNumber="1.0")
    client.get_model_version(**model, modelVersionNumber="1.0")
    client.get_event(eventId="ev_1", eventTypeName=EVENT_TYPE)
    client.get_list_elements(name=LIST)
    client.get_lists_metadata(name=LIST)
    client.list_tags_for_resource(resourceARN=detector_arn)
    client.batch_get_variable(names=["amount", "card_bin"])
    summary = client.list_event_predictions(eventId={"value": "tx_1"})["eventPredictionSummaries"]
    client.get_event_prediction_metadata(
        eventId="tx_1",
        eventTypeName=EVENT_TYPE,
        detectorId=DETECTOR,
        detectorVersionId="1",
        predictionTimestamp=summary[0]["predictionTimestamp"],
    )
    client.get_batch_import_jobs(jobId="imp_1")
    client.get_batch_prediction_jobs(jobId="pred_1")


def restore(world: bytes) -> None:
    """Back to the world as ``build`` left it, clock frozen as it was."""
    persistence.restore(world, get_backend())


class World(NamedTuple):
    client: Any  # boto3's, with parameter_validation=False
    built: bytes  # the world's snapshot
    # operation -> the parameters of each call that succeeded while the world was built
    succeeded: dict[str, list[dict[str, Any]]]

    def __repr__(self) -> str:  # hypothesis prints the fixtures of a failing example
        return "World(...)"


@contextmanager
def running() -> Iterator[World]:
    """The mock on, its clock frozen at NOW, the world built."""
    with mock_frauddetector():
        get_backend().clock.freeze(NOW)
        client = boto3.client(
            "frauddetector", region_name=REGION, config=Config(parameter_validation=False)
        )
        built = build(client)
        succeeded: dict[str, list[dict[str, Any]]] = {}
        for call in get_backend().calls:
            if call.ok:
                succeeded.setdefault(call.operation, []).append(call.request)
        yield World(client, built, succeeded)
