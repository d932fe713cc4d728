"""External (SageMaker) models: PutExternalModel, GetExternalModels, DeleteExternalModel
(docs/behaviour.md, "External models, KMS key, tags").

Where AWS is silent (consistency of formats and templates, what a delete does to output
variables that rules still use) the tests pin the mock's own documented choices (docs/behaviour.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.snapshot import snapshot

ARN = "arn:aws:frauddetector:us-east-1:123456789012"
ROLE = "arn:aws:iam::123456789012:role/fraud_detector_sagemaker"
LATER = "2024-03-01T09:35:00.250Z"

CSV_INPUT = {
    "eventTypeName": "sign_up",
    "format": "TEXT_CSV",
    "useEventVariables": True,
    "csvInputTemplate": "{{order_price}},{{ip_address}}",
}
CSV_OUTPUT = {"format": "TEXT_CSV", "csvIndexToVariableMap": {"0": "sm_score"}}


def put(client: Any, endpoint: str = "sm_endpoint", **overrides: Any) -> Any:
    params: dict[str, Any] = {
        "modelEndpoint": endpoint,
        "modelSource": "SAGEMAKER",
        "invokeModelEndpointRoleArn": ROLE,
        "inputConfiguration": CSV_INPUT,
        "outputConfiguration": CSV_OUTPUT,
        "modelEndpointStatus": "ASSOCIATED",
    }
    params.update(overrides)
    return client.put_external_model(**params)


def score_variable(client: Any, name: str) -> None:
    client.create_variable(
        name=name, dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )


@pytest.fixture
def world(client: Any) -> Any:
    """What an external model refers to: an event type with two variables, two score variables."""
    for name, data_type, default in (("order_price", "FLOAT", "0.0"), ("ip_address", "STRING", "")):
        client.create_variable(
            name=name, dataType=data_type, dataSource="EVENT", defaultValue=default
        )
    client.put_entity_type(name="customer")
    client.put_event_type(
        name="sign_up", eventVariables=["order_price", "ip_address"], entityTypes=["customer"]
    )
    score_variable(client, "sm_score")
    score_variable(client, "sm_other")
    return client


def variable_names(client: Any) -> list[str]:
    return [v["name"] for v in client.get_variables()["variables"]]


# --- PutExternalModel ---------------------------------------------------------------------------


def test_put_then_get_returns_the_whole_model(world: Any) -> None:
    """The fields; the ARN `external-model/<modelEndpoint>`."""
    response = put(world, "sm-Endpoint_1")
    assert set(response) == {"ResponseMetadata"}
    assert world.get_external_models(modelEndpoint="sm-Endpoint_1")["externalModels"] == [
        {
            "modelEndpoint": "sm-Endpoint_1",
            "modelSource": "SAGEMAKER",
            "invokeModelEndpointRoleArn": ROLE,
            "inputConfiguration": CSV_INPUT,
            "outputConfiguration": CSV_OUTPUT,
            "modelEndpointStatus": "ASSOCIATED",
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": f"{ARN}:external-model/sm-Endpoint_1",
        }
    ]


def test_put_accepts_json_input_and_json_lines_output(world: Any) -> None:
    json_input = {
        "eventTypeName": "sign_up",
        "format": "APPLICATION_JSON",
        "useEventVariables": True,
        "jsonInputTemplate": '{"price": {{ order_price }}, "ip": "{{ip_address}}"}',
    }
    json_output = {
        "format": "APPLICATION_JSONLINES",
        "jsonKeyToVariableMap": {"score": "sm_score", "other": "sm_other"},
    }
    put(world, inputConfiguration=json_input, outputConfiguration=json_output)
    model = world.get_external_models(modelEndpoint="sm_endpoint")["externalModels"][0]
    assert (model["inputConfiguration"], model["outputConfiguration"]) == (json_input, json_output)


def test_put_without_event_variables_needs_no_template(world: Any) -> None:
    """With useEventVariables=false the caller sends the endpoint's input itself."""
    passthrough = {"useEventVariables": False, "format": "APPLICATION_JSON"}
    put(world, inputConfiguration=passthrough)
    model = world.get_external_models(modelEndpoint="sm_endpoint")["externalModels"][0]
    assert model["inputConfiguration"] == passthrough


def test_a_template_is_kept_when_event_variables_are_off(world: Any) -> None:
    """A template with useEventVariables=false is stored as sent: the caller's data blob is what
    goes to the endpoint, and users switch useEventVariables back and forth."""
    config = {"useEventVariables": False, "format": "TEXT_CSV", "csvInputTemplate": "{{x}}"}
    put(world, inputConfiguration=config)
    model = world.get_external_models(modelEndpoint="sm_endpoint")["externalModels"][0]
    assert model["inputConfiguration"] == config


def test_template_without_event_type_may_use_any_event_variable(world: Any) -> None:
    world.create_variable(name="email", dataType="STRING", dataSource="EVENT", defaultValue="")
    config = {"format": "TEXT_CSV", "useEventVariables": True, "csvInputTemplate": "{{email}}"}
    put(world, inputConfiguration=config)
    model = world.get_external_models(modelEndpoint="sm_endpoint")["externalModels"][0]
    assert model["inputConfiguration"] == config


def test_put_is_an_upsert_that_keeps_created_time_and_tags(world: Any, store: Store) -> None:
    """Role, mappings and status can change; tags stay (docs/behaviour.md, "Resources")."""
    put(world, tags=[{"key": "team", "value": "risk"}])
    get_backend().clock.advance(minutes=5)
    other_role = "arn:aws:iam::123456789012:role/other_role"
    new_input = {"useEventVariables": False}
    new_output = {"format": "TEXT_CSV", "csvIndexToVariableMap": {"1": "sm_other"}}
    response = put(
        world,
        invokeModelEndpointRoleArn=other_role,
        inputConfiguration=new_input,
        outputConfiguration=new_output,
        modelEndpointStatus="DISSOCIATED",
        tags=[{"key": "team", "value": "other"}],
    )
    assert set(response) == {"ResponseMetadata"}
    assert world.get_external_models()["externalModels"] == [
        {
            "modelEndpoint": "sm_endpoint",
            "modelSource": "SAGEMAKER",
            "invokeModelEndpointRoleArn": other_role,
            "inputConfiguration": new_input,
            "outputConfiguration": new_output,
            "modelEndpointStatus": "DISSOCIATED",
            "lastUpdatedTime": LATER,
            "createdTime": NOW,
            "arn": f"{ARN}:external-model/sm_endpoint",
        }
    ]
    assert store.external_models["sm_endpoint"].tags == {"team": "risk"}


@pytest.mark.parametrize(
    "role",
    [
        "arn:aws:iam::210987654321:role/fraud_detector_sagemaker",
        "arn:aws-cn:iam::123456789012:role/fraud_detector_sagemaker",
    ],
    ids=["other account", "other partition"],
)
def test_role_outside_the_account_is_access_denied(world: Any, store: Store, role: str) -> None:
    """A role not in the caller's account yields AccessDeniedException (modelled)."""
    refused(
        lambda: put(world, invokeModelEndpointRoleArn=role),
        "AccessDeniedException",
        (
            f"The role '{role}' is not in the account 123456789012; Amazon Fraud Detector can only "
            "assume a role of the caller's account to invoke an endpoint."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize(
    "role",
    [
        "fraud_detector_sagemaker",
        "arn:aws:iam::123456789012:user/someone",
        "arn:aws:s3:::123456789012:role/fraud_detector_sagemaker",
    ],
)
def test_a_role_arn_that_is_not_a_role_is_invalid(world: Any, store: Store, role: str) -> None:
    """[I] the form of the model's iamRoleArn shape applies to the invoke role too."""
    refused(
        lambda: put(world, invokeModelEndpointRoleArn=role),
        "ValidationException",
        f"The invokeModelEndpointRoleArn '{role}' is not the ARN of an IAM role.",
        unchanged=store,
    )


def _input(**members: Any) -> dict[str, Any]:
    return {"inputConfiguration": members}


def _output(**members: Any) -> dict[str, Any]:
    return {"outputConfiguration": members}


REFUSED = {
    "unknown event type": (
        _input(eventTypeName="nope", useEventVariables=False),
        "The external model refers to event types that do not exist: nope.",
    ),
    "event variables without format": (
        _input(useEventVariables=True, csvInputTemplate="{{order_price}}"),
        "The inputConfiguration needs a format (TEXT_CSV or APPLICATION_JSON) when "
        "useEventVariables is true.",
    ),
    "event variables without template": (
        _input(useEventVariables=True, format="TEXT_CSV"),
        "The inputConfiguration needs a csvInputTemplate to build the TEXT_CSV input from the "
        "event's variables.",
    ),
    "json format with csv template": (
        _input(useEventVariables=True, format="APPLICATION_JSON", csvInputTemplate="{{a}}"),
        "The csvInputTemplate does not fit the format APPLICATION_JSON.",
    ),
    "both templates": (
        _input(
            useEventVariables=True,
            format="TEXT_CSV",
            csvInputTemplate="{{order_price}}",
            jsonInputTemplate='{"a": {{order_price}}}',
        ),
        "The jsonInputTemplate does not fit the format TEXT_CSV.",
    ),
    "placeholder not in the event type": (
        _input(
            eventTypeName="sign_up",
            useEventVariables=True,
            format="TEXT_CSV",
            csvInputTemplate="{{order_price}},{{sm_score}},{{nope}}",
        ),
        "The csvInputTemplate refers to names that are not event variables of the event type "
        "'sign_up': sm_score, nope.",
    ),
    "placeholder not an event variable": (
        _input(useEventVariables=True, format="TEXT_CSV", csvInputTemplate="{{sm_score}}"),
        "The csvInputTemplate refers to names that are not EVENT variables: sm_score.",
    ),
    "csv output with json map": (
        _output(
            format="TEXT_CSV",
            csvIndexToVariableMap={"0": "sm_score"},
            jsonKeyToVariableMap={"score": "sm_other"},
        ),
        "The jsonKeyToVariableMap does not fit the format TEXT_CSV.",
    ),
    "json lines output without json map": (
        _output(format="APPLICATION_JSONLINES", csvIndexToVariableMap={"0": "sm_score"}),
        "The csvIndexToVariableMap does not fit the format APPLICATION_JSONLINES.",
    ),
    "no output variable": (
        _output(format="TEXT_CSV", csvIndexToVariableMap={}),
        "The outputConfiguration with format TEXT_CSV needs a csvIndexToVariableMap naming at "
        "least one output variable.",
    ),
    "csv key not an index": (
        _output(format="TEXT_CSV", csvIndexToVariableMap={"0": "sm_score", "x": "sm_other"}),
        "The keys of csvIndexToVariableMap must be column indexes (0, 1, ...); not: x.",
    ),
    "variable mapped twice": (
        _output(format="TEXT_CSV", csvIndexToVariableMap={"0": "sm_score", "1": "sm_score"}),
        "The outputConfiguration maps several outputs to each of: sm_score.",
    ),
    "unknown output variable": (
        _output(format="APPLICATION_JSONLINES", jsonKeyToVariableMap={"s": "nope", "t": "gone"}),
        "The external model refers to variables that do not exist: nope, gone.",
    ),
    "output variable of an event": (
        _output(format="TEXT_CSV", csvIndexToVariableMap={"0": "sm_score", "1": "order_price"}),
        "Only variables with data source EXTERNAL_MODEL_SCORE can receive an external model's "
        "output; not: order_price.",
    ),
}


@pytest.mark.parametrize(("overrides", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_inconsistent_or_dangling_configuration_is_invalid(
    world: Any, store: Store, overrides: dict[str, Any], message: str
) -> None:
    """A missing reference is a ValidationException (no RNF modelled); output variables need
    EXTERNAL_MODEL_SCORE; [I] format/template consistency."""
    refused(lambda: put(world, **overrides), "ValidationException", message, unchanged=store)


def test_a_refused_update_keeps_the_model(world: Any, store: Store) -> None:
    put(world)
    before = snapshot(store)
    with pytest.raises(world.exceptions.ValidationException):
        put(world, modelEndpointStatus="DISSOCIATED", **_output(format="TEXT_CSV"))
    assert snapshot(store) == before


# --- GetExternalModels --------------------------------------------------------------------------


def test_get_unknown_endpoint_is_not_found(world: Any) -> None:
    """The modelEndpoint filter of a missing model raises ResourceNotFoundException."""
    refused(
        lambda: world.get_external_models(modelEndpoint="nope"),
        "ResourceNotFoundException",
        "The external model 'nope' does not exist.",
    )


def test_get_lists_nothing_when_empty(client: Any) -> None:
    assert set(client.get_external_models()) == {"externalModels", "ResponseMetadata"}
    assert client.get_external_models()["externalModels"] == []


def test_get_pages_by_endpoint_ten_by_default(world: Any) -> None:
    """GetExternalModels page default 10, maxResults 5-10; listings in name order."""
    endpoints = [f"ep_{n:02d}" for n in range(12)]
    for endpoint in reversed(endpoints):
        put(world, endpoint)
    first = world.get_external_models()
    assert [m["modelEndpoint"] for m in first["externalModels"]] == endpoints[:10]
    second = world.get_external_models(nextToken=first["nextToken"])
    assert [m["modelEndpoint"] for m in second["externalModels"]] == endpoints[10:]
    assert "nextToken" not in second


def test_get_pages_of_five(world: Any) -> None:
    for n in range(7):
        put(world, f"ep_{n}")
    seen, token = [], None
    while True:
        page = world.get_external_models(maxResults=5, **({"nextToken": token} if token else {}))
        seen.append([m["modelEndpoint"] for m in page["externalModels"]])
        token = page.get("nextToken")
        if token is None:
            break
    assert seen == [[f"ep_{n}" for n in range(5)], ["ep_5", "ep_6"]]


def test_get_refuses_more_than_ten_per_page(client: Any) -> None:
    refused(lambda: client.get_external_models(maxResults=11), "ValidationException")


def test_get_refuses_a_foreign_token(world: Any) -> None:
    """A token of another listing is invalid (docs/behaviour.md, "Pagination")."""
    for n in range(12):
        world.put_label(name=f"label_{n:02d}")
    token = world.get_labels(maxResults=10)["nextToken"]
    refused(
        lambda: world.get_external_models(nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )


# --- DeleteExternalModel ------------------------------------------------------------------------


def test_delete_removes_the_model_and_its_output_variables(world: Any, store: Store) -> None:
    """SageMaker output variables are deleted with their model."""
    put(world, **_output(format="TEXT_CSV", csvIndexToVariableMap={"0": "sm_score"}))
    response = world.delete_external_model(modelEndpoint="sm_endpoint")
    assert set(response) == {"ResponseMetadata"}
    assert world.get_external_models()["externalModels"] == []
    assert variable_names(world) == ["ip_address", "order_price", "sm_other"]


def test_delete_keeps_output_variables_another_model_maps(world: Any) -> None:
    """[I] a variable two models map goes with the last of them."""
    put(world, "first")
    put(world, "second")
    world.delete_external_model(modelEndpoint="first")
    assert "sm_score" in variable_names(world)
    world.delete_external_model(modelEndpoint="second")
    assert "sm_score" not in variable_names(world)


def test_delete_of_a_missing_model_succeeds(world: Any, store: Store) -> None:
    """DeleteExternalModel models no RNF, so deletes are idempotent."""
    before = snapshot(store)
    response = world.delete_external_model(modelEndpoint="nope")
    assert set(response) == {"ResponseMetadata"}
    assert snapshot(store) == before


def _detector_with_score_rule(client: Any) -> None:
    """Detector ``fraud_detector`` with rule ``high_score`` reading ``sm_score``."""
    client.put_outcome(name="review")
    client.put_detector(detectorId="fraud_detector", eventTypeName="sign_up")
    client.create_rule(
        ruleId="high_score",
        detectorId="fraud_detector",
        expression="$sm_score > 0.9",
        language="DETECTORPL",
        outcomes=["review"],
    )


HIGH_SCORE = {"detectorId": "fraud_detector", "ruleId": "high_score", "ruleVersion": "1"}


def test_a_rule_reading_an_output_variable_does_not_block_the_delete(
    world: Any, store: Store
) -> None:
    """Only a detector version holds an external model (AWS API reference:
    "DeleteExternalModel"). An output variable a rule version reads stays, so that the rule names
    nothing that is gone; the other output variables go with the model."""
    put(
        world,
        **_output(format="TEXT_CSV", csvIndexToVariableMap={"0": "sm_score", "1": "sm_other"}),
    )
    _detector_with_score_rule(world)
    response = world.delete_external_model(modelEndpoint="sm_endpoint")
    assert set(response) == {"ResponseMetadata"}
    assert world.get_external_models()["externalModels"] == []
    assert variable_names(world) == ["ip_address", "order_price", "sm_score"]
    assert store.variables["sm_score"].data_source == "EXTERNAL_MODEL_SCORE"
    rules = world.get_rules(detectorId="fraud_detector")["ruleDetails"]
    assert [(r["ruleId"], r["expression"]) for r in rules] == [("high_score", "$sm_score > 0.9")]
    # Without its model the rule cannot join a detector version; the answer is a refusal, not a
    # failure of the mock.
    refused(
        lambda: world.create_detector_version(detectorId="fraud_detector", rules=[HIGH_SCORE]),
        "ValidationException",
        (
            "The rule version 'high_score/1' uses the variable 'sm_score' (data source "
            "EXTERNAL_MODEL_SCORE), but no external model of the detector version produces it."
        ),
        unchanged=store,
    )
    # The rules go next, then the variable, by hand.
    world.delete_rule(rule=HIGH_SCORE)
    world.delete_variable(name="sm_score")
    assert variable_names(world) == ["ip_address", "order_price"]


def test_put_again_after_the_delete_maps_the_kept_variable(world: Any) -> None:
    """A variable kept for a rule serves the model when it is put again."""
    put(world)
    _detector_with_score_rule(world)
    world.delete_external_model(modelEndpoint="sm_endpoint")
    put(world)
    world.create_detector_version(
        detectorId="fraud_detector", rules=[HIGH_SCORE], externalModelEndpoints=["sm_endpoint"]
    )
    version = world.get_detector_version(detectorId="fraud_detector", detectorVersionId="1")
    assert version["externalModelEndpoints"] == ["sm_endpoint"]


@pytest.mark.parametrize("status", ["DRAFT", "ACTIVE", "INACTIVE"])
def test_delete_refused_while_a_detector_version_uses_the_model(
    world: Any, store: Store, status: str
) -> None:
    """An external model is deletable only when no detector version, whatever its status, lists
    its endpoint (AWS API reference: "DeleteExternalModel"): ConflictException, HTTP 400
    (docs/behaviour.md, "Resources"). Deleting the detector version frees it."""
    put(world)
    _detector_with_score_rule(world)
    world.create_detector_version(
        detectorId="fraud_detector", rules=[HIGH_SCORE], externalModelEndpoints=["sm_endpoint"]
    )
    for step in {"DRAFT": [], "ACTIVE": ["ACTIVE"], "INACTIVE": ["ACTIVE", "INACTIVE"]}[status]:
        world.update_detector_version_status(
            detectorId="fraud_detector", detectorVersionId="1", status=step
        )
    refused(
        lambda: world.delete_external_model(modelEndpoint="sm_endpoint"),
        "ConflictException",
        "The external model 'sm_endpoint' is used by detector versions: fraud_detector/1.",
        status=400,
        unchanged=store,
    )
    if status == "ACTIVE":
        world.update_detector_version_status(
            detectorId="fraud_detector", detectorVersionId="1", status="INACTIVE"
        )
    world.delete_detector_version(detectorId="fraud_detector", detectorVersionId="1")
    world.delete_external_model(modelEndpoint="sm_endpoint")
    assert world.get_external_models()["externalModels"] == []
    assert "sm_score" in variable_names(world)  # the rule high_score still reads it
