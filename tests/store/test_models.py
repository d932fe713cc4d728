"""Models: CreateModel, GetModels, UpdateModel, DeleteModel, tags on a model's ARN, and what a
model holds (docs/behaviour.md, "Models and model versions", "Resources")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW

ARN = "arn:aws:frauddetector:us-east-1:123456789012"
LATER = "2024-03-01T09:35:00.250Z"
OFI = "ONLINE_FRAUD_INSIGHTS"
TFI = "TRANSACTION_FRAUD_INSIGHTS"
ATI = "ACCOUNT_TAKEOVER_INSIGHTS"
ROLE = "arn:aws:iam::123456789012:role/fraud_detector_training"
SCHEMA = {
    "modelVariables": ["email_address", "ip_address"],
    "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
}
EXTERNAL = {"dataLocation": "s3://training-data/registrations.csv", "dataAccessRoleArn": ROLE}
WINDOW = {
    "ingestedEventsTimeWindow": {
        "startTime": "2024-01-01T00:00:00Z",
        "endTime": "2024-02-01T00:00:00Z",
    }
}


def set_up(client: Any) -> Any:
    """Event types ``registration`` (variables email_address and ip_address, labels fraud and
    legit) and ``login`` (variable ip_address only)."""
    for name, variable_type in (("email_address", "EMAIL_ADDRESS"), ("ip_address", "IP_ADDRESS")):
        client.create_variable(
            name=name,
            dataType="STRING",
            dataSource="EVENT",
            defaultValue="<unknown>",
            variableType=variable_type,
        )
    client.put_entity_type(name="customer")
    for label in ("fraud", "legit", "suspicious"):
        client.put_label(name=label)
    client.put_event_type(
        name="registration",
        eventVariables=["email_address", "ip_address"],
        entityTypes=["customer"],
        labels=["fraud", "legit"],
    )
    client.put_event_type(
        name="login", eventVariables=["ip_address"], entityTypes=["customer"], labels=["fraud"]
    )
    return client


@pytest.fixture
def fd(client: Any) -> Any:
    return set_up(client)


def create_model(
    client: Any, model_id: str = "fraud_model", model_type: str = OFI, **params: Any
) -> None:
    client.create_model(
        modelId=model_id,
        modelType=model_type,
        eventTypeName=params.pop("eventTypeName", "registration"),
        **params,
    )


def train(client: Any, model_id: str = "fraud_model", model_type: str = OFI, **params: Any) -> str:
    """Start training the next major version (EXTERNAL_EVENTS for OFI, else INGESTED_EVENTS)."""
    if model_type == OFI:
        params.setdefault("externalEventsDetail", EXTERNAL)
        source = "EXTERNAL_EVENTS"
    else:
        params.setdefault("ingestedEventsDetail", WINDOW)
        source = "INGESTED_EVENTS"
    response = client.create_model_version(
        modelId=model_id,
        modelType=model_type,
        trainingDataSource=params.pop("trainingDataSource", source),
        trainingDataSchema=params.pop("trainingDataSchema", SCHEMA),
        **params,
    )
    number: str = response["modelVersionNumber"]
    return number


def set_status(
    client: Any,
    status: str,
    number: str = "1.0",
    model_id: str = "fraud_model",
    model_type: str = OFI,
) -> None:
    client.update_model_version_status(
        modelId=model_id, modelType=model_type, modelVersionNumber=number, status=status
    )


def status_of(
    client: Any, number: str = "1.0", model_id: str = "fraud_model", model_type: str = OFI
) -> str:
    response = client.get_model_version(
        modelId=model_id, modelType=model_type, modelVersionNumber=number
    )
    status: str = response["status"]
    return status


def models(client: Any, **params: Any) -> list[tuple[str, str]]:
    return [(m["modelId"], m["modelType"]) for m in client.get_models(**params)["models"]]


def detector_with_model(
    client: Any, number: str = "1.0", rule: str = '$ip_address == "1.2.3.4"'
) -> str:
    """Detector ``shop`` on ``registration`` with rule ``risky`` and a DRAFT version using the
    model version ``fraud_model`` ``number``; its id."""
    client.put_outcome(name="review")
    client.put_detector(detectorId="shop", eventTypeName="registration")
    client.create_rule(
        ruleId="risky",
        detectorId="shop",
        expression=rule,
        language="DETECTORPL",
        outcomes=["review"],
    )
    response = client.create_detector_version(
        detectorId="shop",
        rules=[{"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"}],
        modelVersions=[{"modelId": "fraud_model", "modelType": OFI, "modelVersionNumber": number}],
    )
    version: str = response["detectorVersionId"]
    return version


# CreateModel, GetModels -------------------------------------------------------------------------


def test_create_then_get(fd: Any) -> None:
    """CreateModel answers an empty result; GetModels with both filters answers that one model,
    its ARN ``model/<TYPE>/<modelId>``."""
    response = fd.create_model(
        modelId="fraud_model",
        modelType=OFI,
        eventTypeName="registration",
        description="sign-up fraud",
        tags=[{"key": "team", "value": "risk"}],
    )
    assert set(response) == {"ResponseMetadata"}
    result = fd.get_models(modelId="fraud_model", modelType=OFI)
    assert result["models"] == [
        {
            "modelId": "fraud_model",
            "modelType": OFI,
            "description": "sign-up fraud",
            "eventTypeName": "registration",
            "createdTime": NOW,
            "lastUpdatedTime": NOW,
            "arn": f"{ARN}:model/ONLINE_FRAUD_INSIGHTS/fraud_model",
        }
    ]
    assert "nextToken" not in result
    tags = fd.list_tags_for_resource(resourceARN=f"{ARN}:model/ONLINE_FRAUD_INSIGHTS/fraud_model")
    assert tags["tags"] == [{"key": "team", "value": "risk"}]


def test_a_model_without_description_omits_it(fd: Any) -> None:
    create_model(fd)
    assert "description" not in fd.get_models()["models"][0]


def test_the_key_is_model_id_and_type(fd: Any) -> None:
    """A model is keyed by (modelId, modelType): one id may serve two types."""
    create_model(fd)
    create_model(fd, model_type=TFI)
    assert models(fd) == [("fraud_model", OFI), ("fraud_model", TFI)]
    assert fd.get_models(modelId="fraud_model", modelType=TFI)["models"][0]["arn"] == (
        f"{ARN}:model/TRANSACTION_FRAUD_INSIGHTS/fraud_model"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"modelId": "fraud_model", "modelType": OFI, "eventTypeName": "absent"},
            "The event type 'absent' does not exist.",
        ),
        (
            {"modelId": "fraud_model", "modelType": OFI, "eventTypeName": "login"},
            "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) already exists.",
        ),
    ],
    ids=["unknown-event-type", "duplicate"],
)
def test_create_refusals(fd: Any, store: Store, params: dict[str, Any], message: str) -> None:
    """The event type must exist; a (modelId, modelType) that exists is refused; CreateModel
    models neither RNF nor Conflict, so both are ValidationException."""
    create_model(fd)
    refused(lambda: fd.create_model(**params), "ValidationException", message, unchanged=store)


def test_create_validates_the_model_id(fd: Any, store: Store) -> None:
    """modelId is ``^[0-9a-z_]+$``: no dash."""
    refused(
        lambda: fd.create_model(modelId="fraud-model", modelType=OFI, eventTypeName="registration"),
        "ValidationException",
        re.compile(r"'fraud-model'.*regular expression pattern", re.DOTALL),
        unchanged=store,
    )


def test_quota_of_50_models(fd: Any, store: Store) -> None:
    """50 models per account and region (AWS user guide: "Quotas")."""
    for number in range(50):
        create_model(fd, f"model_{number:02d}")
    refused(
        lambda: fd.create_model(
            modelId="one_too_many", modelType=OFI, eventTypeName="registration"
        ),
        "ValidationException",
        "The quota of 50 models per account and region has been reached.",
        unchanged=store,
    )


def test_get_models_filters(fd: Any) -> None:
    """No filter: all; modelType: that type; both: one (AWS API reference: "GetModels"). modelId
    alone: every type of that id [our choice]."""
    create_model(fd, "b_model", TFI)
    create_model(fd, "a_model", OFI)
    create_model(fd, "a_model", ATI, eventTypeName="login")
    create_model(fd, "c_model", OFI)
    assert models(fd) == [
        ("a_model", ATI),
        ("a_model", OFI),
        ("b_model", TFI),
        ("c_model", OFI),
    ]
    assert models(fd, modelType=OFI) == [("a_model", OFI), ("c_model", OFI)]
    assert models(fd, modelId="a_model") == [("a_model", ATI), ("a_model", OFI)]
    assert models(fd, modelId="a_model", modelType=ATI) == [("a_model", ATI)]
    assert models(fd, modelType=TFI, modelId="b_model") == [("b_model", TFI)]


def test_get_models_on_an_empty_store(fd: Any) -> None:
    assert fd.get_models()["models"] == []
    assert fd.get_models(modelType=ATI)["models"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"modelId": "absent"}, "The model 'absent' does not exist."),
        (
            {"modelId": "fraud_model", "modelType": TFI},
            "The model 'fraud_model' (TRANSACTION_FRAUD_INSIGHTS) does not exist.",
        ),
    ],
)
def test_get_models_of_a_missing_model(
    fd: Any, store: Store, params: dict[str, Any], message: str
) -> None:
    """GetModels with a model id that names nothing: ResourceNotFoundException."""
    create_model(fd)
    refused(lambda: fd.get_models(**params), "ResourceNotFoundException", message, unchanged=store)


def test_get_models_pages(fd: Any) -> None:
    """Default page 10; maxResults 1 to 10; tokens walk every model once in key order."""
    for number in range(12):
        create_model(fd, f"model_{number:02d}")
    first = fd.get_models()
    assert len(first["models"]) == 10
    second = fd.get_models(nextToken=first["nextToken"])
    assert [m["modelId"] for m in second["models"]] == ["model_10", "model_11"]
    assert "nextToken" not in second
    seen: list[str] = []
    params: dict[str, Any] = {"maxResults": 5, "modelType": OFI}
    while True:
        page = fd.get_models(**params)
        seen += [m["modelId"] for m in page["models"]]
        if "nextToken" not in page:
            break
        params["nextToken"] = page["nextToken"]
    assert seen == [f"model_{number:02d}" for number in range(12)]


def test_get_models_page_limits(fd: Any, store: Store) -> None:
    """maxResults above 10 is refused by the server; a token of other filters too."""
    for number in range(3):
        create_model(fd, f"model_{number}")
    refused(
        lambda: fd.get_models(maxResults=11),
        "ValidationException",
        re.compile("maxResults"),
        unchanged=store,
    )
    token = fd.get_models(maxResults=1)["nextToken"]
    refused(
        lambda: fd.get_models(modelType=OFI, nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
        unchanged=store,
    )


# UpdateModel -----------------------------------------------------------------------------------


def test_update_model_changes_the_description(fd: Any) -> None:
    """UpdateModel changes the description only; createdTime stays, lastUpdatedTime moves
    (docs/behaviour.md, "Resources")."""
    create_model(fd, description="first")
    get_backend().clock.freeze(LATER)
    assert set(fd.update_model(modelId="fraud_model", modelType=OFI, description="second")) == {
        "ResponseMetadata"
    }
    model = fd.get_models()["models"][0]
    assert (model["description"], model["createdTime"], model["lastUpdatedTime"]) == (
        "second",
        NOW,
        LATER,
    )


def test_update_model_without_description_keeps_it(fd: Any) -> None:
    """An update changes only the members it sends [our choice, as UpdateVariable]."""
    create_model(fd, description="first")
    fd.update_model(modelId="fraud_model", modelType=OFI)
    assert fd.get_models()["models"][0]["description"] == "first"


def test_update_of_a_missing_model(fd: Any, store: Store) -> None:
    create_model(fd)
    refused(
        lambda: fd.update_model(modelId="fraud_model", modelType=ATI, description="x"),
        "ResourceNotFoundException",
        "The model 'fraud_model' (ACCOUNT_TAKEOVER_INSIGHTS) does not exist.",
        unchanged=store,
    )


# DeleteModel -----------------------------------------------------------------------------------


def test_delete_model(fd: Any) -> None:
    create_model(fd)
    assert set(fd.delete_model(modelId="fraud_model", modelType=OFI)) == {"ResponseMetadata"}
    assert fd.get_models()["models"] == []


def test_delete_of_a_missing_model_succeeds(fd: Any, store: Store) -> None:
    """DeleteModel models no ResourceNotFoundException: deletes are idempotent."""
    create_model(fd)
    fd.delete_model(modelId="fraud_model", modelType=TFI)
    fd.delete_model(modelId="absent", modelType=OFI)
    assert models(fd) == [("fraud_model", OFI)]


def test_delete_is_refused_while_versions_exist(fd: Any, store: Store) -> None:
    """Versions are deleted first, as AWS's cleanup does [our choice: no cascade]."""
    create_model(fd)
    train(fd)
    train(fd)
    refused(
        lambda: fd.delete_model(modelId="fraud_model", modelType=OFI),
        "ConflictException",
        (
            "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) still has the model versions "
            "1.0, 2.0; delete them first."
        ),
        unchanged=store,
    )


def test_delete_is_refused_while_a_detector_version_uses_it(fd: Any, store: Store) -> None:
    """A model used by a detector version cannot be deleted."""
    create_model(fd)
    train(fd)
    set_status(fd, "ACTIVE")
    detector_with_model(fd)
    refused(
        lambda: fd.delete_model(modelId="fraud_model", modelType=OFI),
        "ConflictException",
        "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) is used by detector versions: shop/1.",
        unchanged=store,
    )


def test_delete_takes_the_score_variable_and_dead_versions(fd: Any, store: Store) -> None:
    """Deleting the model deletes its ``<modelId>_insightscore`` variable; versions that
    can never be deployed (cancelled) go with it [our choice]."""
    create_model(fd)
    train(fd)
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="1.0")
    with get_backend().transitions.manual():
        train(fd)
        set_status(fd, "TRAINING_CANCELLED", "2.0")
    assert "fraud_model_insightscore" in store.variables
    fd.delete_model(modelId="fraud_model", modelType=OFI)
    assert fd.get_models()["models"] == []
    with pytest.raises(fd.exceptions.ResourceNotFoundException):
        fd.get_variables(name="fraud_model_insightscore")
    with pytest.raises(fd.exceptions.ResourceNotFoundException):
        status_of(fd, "2.0")


def test_the_score_variable_stays_while_a_model_of_its_id_remains(fd: Any, store: Store) -> None:
    """Two models of one id (two types) share one score variable [our choice]."""
    create_model(fd)
    create_model(fd, model_type=TFI)
    train(fd)
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="1.0")
    fd.delete_model(modelId="fraud_model", modelType=OFI)
    assert "fraud_model_insightscore" in store.variables
    fd.delete_model(modelId="fraud_model", modelType=TFI)
    assert "fraud_model_insightscore" not in store.variables


def test_delete_is_refused_while_a_rule_reads_the_score_variable(fd: Any, store: Store) -> None:
    """The score variable goes with the model, so a rule reading it blocks the delete, as for
    external models' outputs [our choice]."""
    create_model(fd)
    train(fd)
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="1.0")
    fd.put_outcome(name="review")
    fd.put_detector(detectorId="shop", eventTypeName="registration")
    fd.create_rule(
        ruleId="scored",
        detectorId="shop",
        expression="$fraud_model_insightscore > 900",
        language="DETECTORPL",
        outcomes=["review"],
    )
    refused(
        lambda: fd.delete_model(modelId="fraud_model", modelType=OFI),
        "ConflictException",
        (
            "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) cannot be deleted: its score variable "
            "'fraud_model_insightscore', which goes with it, is used by rule versions: "
            "shop/scored/1."
        ),
        unchanged=store,
    )
    fd.delete_rule(rule={"detectorId": "shop", "ruleId": "scored", "ruleVersion": "1"})
    fd.delete_model(modelId="fraud_model", modelType=OFI)
    assert "fraud_model_insightscore" not in store.variables


def test_a_recreated_model_starts_again(fd: Any) -> None:
    """A new model of a deleted one's key has no versions, no tags, and numbers from 1.0."""
    create_model(fd, tags=[{"key": "team", "value": "risk"}])
    train(fd)
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="1.0")
    fd.delete_model(modelId="fraud_model", modelType=OFI)
    create_model(fd)
    arn = f"{ARN}:model/ONLINE_FRAUD_INSIGHTS/fraud_model"
    assert fd.list_tags_for_resource(resourceARN=arn)["tags"] == []
    assert fd.describe_model_versions(modelId="fraud_model")["modelVersionDetails"] == []
    assert train(fd) == "1.0"


# What a model holds ----------------------------------------------------------------------------


def test_event_type_of_a_model_cannot_be_deleted(fd: Any, store: Store) -> None:
    """DeleteEventType is refused while a model uses the event type."""
    create_model(fd)
    create_model(fd, "login_model", ATI, eventTypeName="login")
    refused(
        lambda: fd.delete_event_type(name="registration"),
        "ConflictException",
        "The event type 'registration' is used by models: fraud_model (ONLINE_FRAUD_INSIGHTS).",
        unchanged=store,
    )
    fd.delete_model(modelId="fraud_model", modelType=OFI)
    fd.delete_event_type(name="registration")
    assert [e["name"] for e in fd.get_event_types()["eventTypes"]] == ["login"]


def test_tags_on_a_model(fd: Any, store: Store) -> None:
    """TagResource, UntagResource and ListTagsForResource on ``model/<TYPE>/<id>``."""
    create_model(fd, tags=[{"key": "team", "value": "risk"}])
    arn = f"{ARN}:model/ONLINE_FRAUD_INSIGHTS/fraud_model"
    fd.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "test"}])
    assert fd.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "stage", "value": "test"},
        {"key": "team", "value": "risk"},
    ]
    fd.untag_resource(resourceARN=arn, tagKeys=["team"])
    assert fd.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "stage", "value": "test"}]
    other_type = f"{ARN}:model/TRANSACTION_FRAUD_INSIGHTS/fraud_model"
    refused(
        lambda: fd.list_tags_for_resource(resourceARN=other_type),
        "ResourceNotFoundException",
        f"The resource '{other_type}' does not exist.",
        unchanged=store,
    )
