"""Detector versions: CreateDetectorVersion, GetDetectorVersion, UpdateDetectorVersion,
UpdateDetectorVersionMetadata, UpdateDetectorVersionStatus, DeleteDetectorVersion
(docs/behaviour.md, "Detectors and detector versions")."""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from frauddetector_mock.store.variables import Variable
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.test_detectors import ARN, LATER, create_rule
from tests.store.test_detectors import set_up as set_up_event_types

ROLE = "arn:aws:iam::123456789012:role/sagemaker-invoke"
SCORE = "sagemaker_score"
MODEL = {
    "modelId": "fraud_model",
    "modelType": "ONLINE_FRAUD_INSIGHTS",
    "modelVersionNumber": "1.0",
}


def rule(rule_id: str = "risky", version: str = "1", detector: str = "shop") -> dict[str, str]:
    return {"detectorId": detector, "ruleId": rule_id, "ruleVersion": version}


def put_endpoint(client: Any, name: str, variable: str = SCORE, status: str = "ASSOCIATED") -> None:
    client.put_external_model(
        modelEndpoint=name,
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn=ROLE,
        inputConfiguration={"useEventVariables": False},
        outputConfiguration={"format": "TEXT_CSV", "csvIndexToVariableMap": {"0": variable}},
        modelEndpointStatus=status,
    )


@pytest.fixture
def shop(client: Any) -> Any:
    """Detector ``shop`` with rules ``risky`` (versions 1 and 2), ``second`` and ``scored`` (an
    EXTERNAL_MODEL_SCORE variable from endpoint ``scorer``); detector ``bank`` with rule ``risky``.
    """
    set_up_event_types(client)
    client.create_variable(
        name=SCORE, dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )
    put_endpoint(client, "scorer")
    for detector in ("shop", "bank"):
        client.put_detector(detectorId=detector, eventTypeName="registration")
        create_rule(client, detector)
    create_rule(client, "shop", "second")
    client.update_rule_version(
        rule=rule(),
        expression='$email_address == "y@example.com"',
        language="DETECTORPL",
        outcomes=["review"],
    )
    client.create_rule(
        ruleId="scored",
        detectorId="shop",
        expression=f"${SCORE} > 0.5",
        language="DETECTORPL",
        outcomes=["review"],
    )
    return client


def create(client: Any, *rules: dict[str, str], **params: Any) -> str:
    response = client.create_detector_version(
        detectorId="shop", rules=list(rules) or [rule()], **params
    )
    version: str = response["detectorVersionId"]
    return version


def get(client: Any, version: str = "1") -> dict[str, Any]:
    response = client.get_detector_version(detectorId="shop", detectorVersionId=version)
    response.pop("ResponseMetadata")
    result: dict[str, Any] = response
    return result


def set_status(client: Any, version: str, status: str) -> None:
    client.update_detector_version_status(
        detectorId="shop", detectorVersionId=version, status=status
    )


# CreateDetectorVersion and GetDetectorVersion ---------------------------------------------------


def test_create_answers_the_new_draft(shop: Any) -> None:
    """The real answer holds detectorId, detectorVersionId and status DRAFT."""
    response = shop.create_detector_version(detectorId="shop", rules=[rule()])
    response.pop("ResponseMetadata")
    assert response == {"detectorId": "shop", "detectorVersionId": "1", "status": "DRAFT"}
    assert create(shop) == "2"


def test_get_answers_every_field(shop: Any) -> None:
    """Defaults: FIRST_MATCHED, no description, empty model lists present."""
    create(shop, rule("second"), rule("risky", "2"))
    assert get(shop) == {
        "detectorId": "shop",
        "detectorVersionId": "1",
        "externalModelEndpoints": [],
        "modelVersions": [],
        "rules": [rule("second"), rule("risky", "2")],  # in the given order: evaluation order
        "status": "DRAFT",
        "lastUpdatedTime": NOW,
        "createdTime": NOW,
        "ruleExecutionMode": "FIRST_MATCHED",
        "arn": f"{ARN}:detector-version/shop/1",
    }


def test_create_keeps_everything_given(shop: Any, store: Store) -> None:
    create(
        shop,
        rule("scored"),
        externalModelEndpoints=["scorer"],
        ruleExecutionMode="ALL_MATCHED",
        description="with a SageMaker score",
        tags=[{"key": "team", "value": "risk"}],
    )
    assert get(shop) == {
        "detectorId": "shop",
        "detectorVersionId": "1",
        "description": "with a SageMaker score",
        "externalModelEndpoints": ["scorer"],
        "modelVersions": [],
        "rules": [rule("scored")],
        "status": "DRAFT",
        "lastUpdatedTime": NOW,
        "createdTime": NOW,
        "ruleExecutionMode": "ALL_MATCHED",
        "arn": f"{ARN}:detector-version/shop/1",
    }
    assert store.detectors["shop"].versions["1"].tags == {"team": "risk"}


def test_version_numbers_are_never_reused(shop: Any) -> None:
    """Highest + 1, starting at 1; a deleted number is not given again (our choice, [I])."""
    assert [create(shop) for _ in range(3)] == ["1", "2", "3"]
    for version in ("3", "2"):
        shop.delete_detector_version(detectorId="shop", detectorVersionId=version)
    assert create(shop) == "4"


@pytest.mark.parametrize(
    ("params", "exception", "message"),
    [
        (
            {"detectorId": "absent", "rules": [rule(detector="absent")]},
            "ResourceNotFoundException",
            "The detector 'absent' does not exist.",
        ),
        (
            {"rules": []},
            "ValidationException",
            "A detector version of detector 'shop' needs at least one rule.",
        ),
        (
            {"rules": [rule(detector="bank")]},
            "ValidationException",
            "The rule version 'risky/1' names detector 'bank'; a detector version of detector "
            "'shop' can only use rules of its own detector.",
        ),
        (
            {"rules": [rule("risky", "1"), rule("risky", "2")]},
            "ValidationException",
            "The rule 'risky' appears more than once; a detector version can use it once.",
        ),
        (
            {"rules": [rule(), rule()]},
            "ValidationException",
            "The rule 'risky' appears more than once; a detector version can use it once.",
        ),
        (
            {"rules": [rule("absent")]},
            "ResourceNotFoundException",
            "The version '1' of rule 'absent' does not exist in detector 'shop'.",
        ),
        (
            {"rules": [rule("risky", "3")]},
            "ResourceNotFoundException",
            "The version '3' of rule 'risky' does not exist in detector 'shop'.",
        ),
        (
            {"rules": [rule()], "modelVersions": [MODEL]},
            "ResourceNotFoundException",
            "The model version '1.0' of model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) does not "
            "exist.",
        ),
        (
            {"rules": [rule()], "modelVersions": [MODEL, {**MODEL, "modelVersionNumber": "2.0"}]},
            "ValidationException",
            "The model 'fraud_model' appears more than once; a detector version can use it once.",
        ),
        (
            {"rules": [rule()], "externalModelEndpoints": ["absent"]},
            "ResourceNotFoundException",
            "The external model 'absent' does not exist.",
        ),
        (
            {"rules": [rule()], "externalModelEndpoints": ["scorer", "scorer"]},
            "ValidationException",
            "The external model 'scorer' appears more than once; a detector version can use it "
            "once.",
        ),
        (
            {
                "rules": [rule()],
                "modelVersions": [MODEL],
                "externalModelEndpoints": [f"endpoint-{i}" for i in range(10)],
            },
            "ValidationException",
            "A detector version can use at most 10 models (model versions and external models "
            "together); this one names 11.",
        ),
        (
            {"rules": [rule("scored")]},
            "ValidationException",
            "The rule version 'scored/1' uses the variable 'sagemaker_score' (data source "
            "EXTERNAL_MODEL_SCORE), but no external model of the detector version produces it.",
        ),
    ],
)
def test_create_refusals(
    shop: Any, store: Store, params: dict[str, Any], exception: str, message: str
) -> None:
    """Rules of this detector, one version per rule, at least one; models exist, at most 10
    in all; rule variables from models come from the version's models."""
    call = {"detectorId": "shop", **params}
    refused(lambda: shop.create_detector_version(**call), exception, message, unchanged=store)


def test_external_model_must_be_associated(shop: Any, store: Store) -> None:
    """External models must exist and be ASSOCIATED."""
    put_endpoint(shop, "scorer", status="DISSOCIATED")
    refused(
        lambda: create(shop, rule("scored"), externalModelEndpoints=["scorer"]),
        "ValidationException",
        (
            "The external model 'scorer' is DISSOCIATED; a detector version can only use an "
            "ASSOCIATED external model."
        ),
        unchanged=store,
    )


def test_external_score_must_come_from_an_included_endpoint(shop: Any, store: Store) -> None:
    """An endpoint that maps another variable does not supply the rule's score."""
    shop.create_variable(
        name="other_score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0"
    )
    put_endpoint(shop, "other", variable="other_score")
    refused(
        lambda: create(shop, rule("scored"), externalModelEndpoints=["other"]),
        "ValidationException",
        (
            "The rule version 'scored/1' uses the variable 'sagemaker_score' (data source "
            "EXTERNAL_MODEL_SCORE), but no external model of the detector version produces it."
        ),
        unchanged=store,
    )
    assert create(shop, rule("scored"), externalModelEndpoints=["other", "scorer"]) == "1"


def test_model_score_variable_needs_its_model_version(shop: Any, store: Store) -> None:
    """A MODEL_SCORE variable must come from a model version of the detector version.

    Such variables appear when a model version finishes training, which the mock does
    not do yet; the test puts one in the registry as training would.
    """
    store.variables["fraud_model_insightscore"] = Variable(
        arn=store.arn("variable/fraud_model_insightscore"),
        created_time=NOW,
        last_updated_time=NOW,
        name="fraud_model_insightscore",
        data_type="FLOAT",
        data_source="MODEL_SCORE",
        default_value="0.0",
    )
    shop.create_rule(
        ruleId="modelled",
        detectorId="shop",
        expression="$fraud_model_insightscore > 900",
        language="DETECTORPL",
        outcomes=["review"],
    )
    refused(
        lambda: create(shop, rule("modelled")),
        "ValidationException",
        (
            "The rule version 'modelled/1' uses the variable 'fraud_model_insightscore' (data "
            "source MODEL_SCORE), but no model version of the detector version produces it."
        ),
        unchanged=store,
    )


def test_quota_of_100_drafts_per_detector(shop: Any, store: Store) -> None:
    """100 DRAFT versions per detector (AWS user guide: "Quotas"); versions in other statuses do
    not count."""
    for _ in range(100):
        create(shop)
    refused(
        lambda: create(shop),
        "ValidationException",
        "The detector 'shop' already has 100 DRAFT versions, the most a detector can have.",
        unchanged=store,
    )
    set_status(shop, "1", "ACTIVE")
    assert create(shop) == "101"


@pytest.mark.parametrize(("detector", "version"), [("absent", "1"), ("shop", "2")])
def test_get_missing_version(shop: Any, detector: str, version: str) -> None:
    """A missing detector or version answers ResourceNotFoundException."""
    create(shop)
    message = (
        "The detector 'absent' does not exist."
        if detector == "absent"
        else "The detector version '2' of detector 'shop' does not exist."
    )
    refused(
        lambda: shop.get_detector_version(detectorId=detector, detectorVersionId=version),
        "ResourceNotFoundException",
        message,
    )


# UpdateDetectorVersion --------------------------------------------------------------------------


def test_update_replaces_the_definition(shop: Any) -> None:
    """Rules, models and mode are replaced wholesale; an omitted mode is the documented default
    FIRST_MATCHED; an omitted description stays (our choice)."""
    create(
        shop,
        rule(),
        externalModelEndpoints=["scorer"],
        ruleExecutionMode="ALL_MATCHED",
        description="first",
    )
    get_backend().clock.advance(minutes=5)
    response = shop.update_detector_version(
        detectorId="shop",
        detectorVersionId="1",
        rules=[rule("scored"), rule("risky", "2")],
        externalModelEndpoints=["scorer"],
    )
    assert set(response) == {"ResponseMetadata"}
    assert get(shop) == {
        "detectorId": "shop",
        "detectorVersionId": "1",
        "description": "first",
        "externalModelEndpoints": ["scorer"],
        "modelVersions": [],
        "rules": [rule("scored"), rule("risky", "2")],
        "status": "DRAFT",
        "lastUpdatedTime": LATER,
        "createdTime": NOW,
        "ruleExecutionMode": "FIRST_MATCHED",
        "arn": f"{ARN}:detector-version/shop/1",
    }
    shop.update_detector_version(
        detectorId="shop",
        detectorVersionId="1",
        rules=[rule()],
        externalModelEndpoints=[],
        ruleExecutionMode="ALL_MATCHED",
        description="second",
    )
    version = get(shop)
    assert (version["rules"], version["externalModelEndpoints"]) == ([rule()], [])
    assert (version["ruleExecutionMode"], version["description"]) == ("ALL_MATCHED", "second")


@pytest.mark.parametrize("status", ["ACTIVE", "INACTIVE"])
def test_update_only_drafts(shop: Any, store: Store, status: str) -> None:
    """Only a DRAFT version can be updated; otherwise ConflictException."""
    create(shop)
    set_status(shop, "1", "ACTIVE")
    if status == "INACTIVE":
        set_status(shop, "1", "INACTIVE")
    refused(
        lambda: shop.update_detector_version(
            detectorId="shop", detectorVersionId="1", rules=[rule()], externalModelEndpoints=[]
        ),
        "ConflictException",
        (
            f"The detector version '1' of detector 'shop' is {status}; only a DRAFT detector "
            "version can be updated."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("detector", "version", "rules", "endpoints", "exception", "message"),
    [
        (
            "absent",
            "1",
            [rule()],
            [],
            "ResourceNotFoundException",
            "The detector 'absent' does not exist.",
        ),
        (
            "shop",
            "2",
            [rule()],
            [],
            "ResourceNotFoundException",
            "The detector version '2' of detector 'shop' does not exist.",
        ),
        (
            "shop",
            "1",
            [],
            [],
            "ValidationException",
            "A detector version of detector 'shop' needs at least one rule.",
        ),
        (
            "shop",
            "1",
            [rule("absent")],
            [],
            "ResourceNotFoundException",
            "The version '1' of rule 'absent' does not exist in detector 'shop'.",
        ),
        (
            "shop",
            "1",
            [rule("scored")],
            [],
            "ValidationException",
            "The rule version 'scored/1' uses the variable 'sagemaker_score' (data source "
            "EXTERNAL_MODEL_SCORE), but no external model of the detector version produces it.",
        ),
        (
            "shop",
            "1",
            [rule()],
            ["absent"],
            "ResourceNotFoundException",
            "The external model 'absent' does not exist.",
        ),
    ],
)
def test_update_refusals(
    shop: Any,
    store: Store,
    detector: str,
    version: str,
    rules: list[dict[str, str]],
    endpoints: list[str],
    exception: str,
    message: str,
) -> None:
    """The checks of CreateDetectorVersion apply to the new definition."""
    create(shop)
    refused(
        lambda: shop.update_detector_version(
            detectorId=detector,
            detectorVersionId=version,
            rules=rules,
            externalModelEndpoints=endpoints,
        ),
        exception,
        message,
        unchanged=store,
    )


# UpdateDetectorVersionMetadata ------------------------------------------------------------------


@pytest.mark.parametrize("status", ["DRAFT", "ACTIVE", "INACTIVE"])
def test_metadata_in_any_status(shop: Any, status: str) -> None:
    """The description changes whatever the status."""
    create(shop)
    if status != "DRAFT":
        set_status(shop, "1", "ACTIVE")
    if status == "INACTIVE":
        set_status(shop, "1", "INACTIVE")
    get_backend().clock.advance(minutes=5)
    response = shop.update_detector_version_metadata(
        detectorId="shop", detectorVersionId="1", description="explained"
    )
    assert set(response) == {"ResponseMetadata"}
    version = get(shop)
    assert (version["description"], version["status"]) == ("explained", status)
    assert (version["lastUpdatedTime"], version["createdTime"]) == (LATER, NOW)


@pytest.mark.parametrize(
    ("detector", "version", "message"),
    [
        ("absent", "1", "The detector 'absent' does not exist."),
        ("shop", "2", "The detector version '2' of detector 'shop' does not exist."),
    ],
)
def test_metadata_of_missing_version(
    shop: Any, store: Store, detector: str, version: str, message: str
) -> None:
    """The operation models no ResourceNotFoundException: ValidationException
    (docs/behaviour.md, "Detectors and detector versions")."""
    create(shop)
    refused(
        lambda: shop.update_detector_version_metadata(
            detectorId=detector, detectorVersionId=version, description="x"
        ),
        "ValidationException",
        message,
        unchanged=store,
    )


# UpdateDetectorVersionStatus --------------------------------------------------------------------


def to_status(client: Any, status: str) -> None:
    """Bring version 1 to ``status`` through the allowed transitions."""
    if status != "DRAFT":
        set_status(client, "1", "ACTIVE")
    if status == "INACTIVE":
        set_status(client, "1", "INACTIVE")


@pytest.mark.parametrize(
    ("current", "target"), [("DRAFT", "ACTIVE"), ("ACTIVE", "INACTIVE"), ("INACTIVE", "ACTIVE")]
)
def test_allowed_transitions(shop: Any, current: str, target: str) -> None:
    """DRAFT to ACTIVE, ACTIVE to INACTIVE, INACTIVE to ACTIVE (AWS API reference:
    "UpdateDetectorVersionStatus")."""
    create(shop)
    to_status(shop, current)
    get_backend().clock.advance(minutes=5)
    response = shop.update_detector_version_status(
        detectorId="shop", detectorVersionId="1", status=target
    )
    assert set(response) == {"ResponseMetadata"}
    version = get(shop)
    assert (version["status"], version["lastUpdatedTime"]) == (target, LATER)


@pytest.mark.parametrize(
    ("current", "target"),
    [("DRAFT", "INACTIVE"), ("ACTIVE", "ACTIVE"), ("INACTIVE", "INACTIVE")],
)
def test_other_transitions_conflict(shop: Any, store: Store, current: str, target: str) -> None:
    """Any other transition, the same status again included (our choice), is a conflict."""
    create(shop)
    to_status(shop, current)
    refused(
        lambda: set_status(shop, "1", target),
        "ConflictException",
        (
            f"The detector version '1' of detector 'shop' cannot go from {current} to {target}; "
            "allowed: DRAFT to ACTIVE, ACTIVE to INACTIVE, INACTIVE to ACTIVE."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize("current", ["DRAFT", "ACTIVE", "INACTIVE"])
def test_draft_is_not_a_target(shop: Any, store: Store, current: str) -> None:
    """Only ACTIVE and INACTIVE are accepted targets: DRAFT is an invalid value."""
    create(shop)
    to_status(shop, current)
    refused(
        lambda: set_status(shop, "1", "DRAFT"),
        "ValidationException",
        "A detector version cannot be set to DRAFT; its new status can only be ACTIVE or INACTIVE.",
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("detector", "version", "message"),
    [
        ("absent", "1", "The detector 'absent' does not exist."),
        ("shop", "2", "The detector version '2' of detector 'shop' does not exist."),
    ],
)
def test_status_of_missing_version(
    shop: Any, store: Store, detector: str, version: str, message: str
) -> None:
    """A missing detector or version answers ResourceNotFoundException."""
    create(shop)
    refused(
        lambda: shop.update_detector_version_status(
            detectorId=detector, detectorVersionId=version, status="ACTIVE"
        ),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


def test_activating_demotes_the_active_version(shop: Any) -> None:
    """At most one ACTIVE version: the previous one becomes INACTIVE."""
    for _ in range(3):
        create(shop)
    set_status(shop, "1", "ACTIVE")
    get_backend().clock.advance(minutes=5)
    set_status(shop, "2", "ACTIVE")
    summaries = shop.describe_detector(detectorId="shop")["detectorVersionSummaries"]
    assert summaries == [
        {"detectorVersionId": "1", "status": "INACTIVE", "lastUpdatedTime": LATER},
        {"detectorVersionId": "2", "status": "ACTIVE", "lastUpdatedTime": LATER},
        {"detectorVersionId": "3", "status": "DRAFT", "lastUpdatedTime": NOW},
    ]
    set_status(shop, "1", "ACTIVE")
    statuses = [
        s["status"] for s in shop.describe_detector(detectorId="shop")["detectorVersionSummaries"]
    ]
    assert statuses == ["ACTIVE", "INACTIVE", "DRAFT"]


@pytest.mark.parametrize("change", ["dissociate", "remap"])
def test_activation_rechecks_the_external_models(shop: Any, store: Store, change: str) -> None:
    """What a draft uses can change after it is written; activation checks it again (our
    choice, docs/behaviour.md, "Detectors and detector versions")."""
    create(shop, rule("scored"), externalModelEndpoints=["scorer"])
    if change == "dissociate":
        put_endpoint(shop, "scorer", status="DISSOCIATED")
        message = (
            "The external model 'scorer' is DISSOCIATED; a detector version can only use an "
            "ASSOCIATED external model."
        )
    else:
        shop.create_variable(
            name="new_score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0"
        )
        put_endpoint(shop, "scorer", variable="new_score")
        message = (
            "The rule version 'scored/1' uses the variable 'sagemaker_score' (data source "
            "EXTERNAL_MODEL_SCORE), but no external model of the detector version produces it."
        )
    refused(
        lambda: set_status(shop, "1", "ACTIVE"), "ValidationException", message, unchanged=store
    )


# DeleteDetectorVersion --------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["DRAFT", "INACTIVE"])
def test_delete_draft_and_inactive(shop: Any, status: str) -> None:
    """DRAFT and INACTIVE versions can be deleted."""
    create(shop)
    create(shop)
    to_status(shop, status)
    response = shop.delete_detector_version(detectorId="shop", detectorVersionId="1")
    assert set(response) == {"ResponseMetadata"}
    summaries = shop.describe_detector(detectorId="shop")["detectorVersionSummaries"]
    assert [s["detectorVersionId"] for s in summaries] == ["2"]
    with pytest.raises(shop.exceptions.ResourceNotFoundException):
        get(shop)


def test_delete_active_conflicts(shop: Any, store: Store) -> None:
    """An ACTIVE version cannot be deleted."""
    create(shop)
    set_status(shop, "1", "ACTIVE")
    refused(
        lambda: shop.delete_detector_version(detectorId="shop", detectorVersionId="1"),
        "ConflictException",
        (
            "The detector version '1' of detector 'shop' is ACTIVE; set it INACTIVE before "
            "deleting it."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("detector", "version", "message"),
    [
        ("absent", "1", "The detector 'absent' does not exist."),
        ("shop", "2", "The detector version '2' of detector 'shop' does not exist."),
    ],
)
def test_delete_missing_version(
    shop: Any, store: Store, detector: str, version: str, message: str
) -> None:
    """DeleteDetectorVersion models ResourceNotFoundException (docs/behaviour.md, "Resources")."""
    create(shop)
    refused(
        lambda: shop.delete_detector_version(detectorId=detector, detectorVersionId=version),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )
