"""Deletion rules of labels, entity types, outcomes, variables and event types
(docs/behaviour.md, "Resources", "Variables").

Each delete is first refused with ConflictException (HTTP 400, modelled by every one of these
deletes) while something still uses the record, leaving the store unchanged, and accepted once
the user is gone.
"""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock.store import Store
from frauddetector_mock.store.variables import Variable
from tests.errors import refused
from tests.store.conftest import NOW

ROLE = "arn:aws:iam::123456789012:role/sagemaker-invoke"


@pytest.fixture
def fd(client: Any) -> Any:
    """An event type `signup` (email; labels fraud, legit; entity type customer) and a score
    variable from an external model, in no detector yet."""
    for name in ("email", "ip"):
        client.create_variable(name=name, dataType="STRING", dataSource="EVENT", defaultValue="")
    client.create_variable(
        name="score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.put_entity_type(name="customer")
    client.put_event_type(
        name="signup",
        eventVariables=["email"],
        labels=["fraud", "legit"],
        entityTypes=["customer"],
    )
    return client


def put_external_model(client: Any, event_type: str = "signup") -> None:
    client.put_external_model(
        modelEndpoint="score-endpoint",
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn=ROLE,
        inputConfiguration={
            "eventTypeName": event_type,
            "format": "APPLICATION_JSON",
            "useEventVariables": True,
            "jsonInputTemplate": '{"email": "{{email}}"}',
        },
        outputConfiguration={
            "format": "APPLICATION_JSONLINES",
            "jsonKeyToVariableMap": {"score": "score"},
        },
        modelEndpointStatus="ASSOCIATED",
    )


def create_rule(client: Any, expression: str, outcomes: list[str]) -> None:
    client.create_rule(
        ruleId="check",
        detectorId="signup_detector",
        expression=expression,
        language="DETECTORPL",
        outcomes=outcomes,
    )


def delete_rule(client: Any, version: str = "1") -> None:
    client.delete_rule(
        rule={"detectorId": "signup_detector", "ruleId": "check", "ruleVersion": version}
    )


def refuse_deleting_the_score(client: Any, store: Store) -> None:
    """DeleteVariable of ``score`` is refused while version 1 of the rule ``check`` reads it."""
    refused(
        lambda: client.delete_variable(name="score"),
        "ConflictException",
        "The variable 'score' is used by rule versions: signup_detector/check/1.",
        unchanged=store,
    )


def delete_the_event_type_and_its_parts(client: Any, store: Store) -> None:
    """The last steps of a teardown: the event type, then what it held and the outcome; each
    delete is accepted, and no variable, label, outcome or entity type is left."""
    client.delete_event_type(name="signup")
    client.delete_entity_type(name="customer")
    for name in ("email", "ip", "score"):
        client.delete_variable(name=name)
    client.delete_label(name="fraud")
    client.delete_label(name="legit")
    client.delete_outcome(name="review")
    assert (store.variables, store.labels, store.outcomes, store.entity_types) == ({}, {}, {}, {})


# --- labels and entity types: held by event types --------------------------------------------


@pytest.mark.parametrize(
    ("operation", "name", "kind"),
    [("delete_label", "fraud", "label"), ("delete_entity_type", "customer", "entity type")],
)
def test_label_and_entity_type_held_by_event_types(
    fd: Any, store: Store, operation: str, name: str, kind: str
) -> None:
    """Refused while an event type lists it; every holder is named."""
    fd.put_event_type(
        name="login", eventVariables=["ip"], labels=["fraud"], entityTypes=["customer"]
    )
    refused(
        lambda: getattr(fd, operation)(name=name),
        "ConflictException",
        f"The {kind} '{name}' is used by event types: signup, login.",
        unchanged=store,
    )
    fd.delete_event_type(name="signup")
    fd.delete_event_type(name="login")
    getattr(fd, operation)(name=name)
    assert name not in store.labels and name not in store.entity_types


def test_unused_label_is_deleted_beside_a_used_one(fd: Any, store: Store) -> None:
    fd.put_label(name="spare")
    fd.delete_label(name="spare")
    assert sorted(store.labels) == ["fraud", "legit"]


# --- outcomes: held by rule versions ---------------------------------------------------------


def test_outcome_held_by_rule_versions(fd: Any, store: Store) -> None:
    """Refused while any rule version lists it; versions named detector/rule/version."""
    fd.put_detector(detectorId="signup_detector", eventTypeName="signup")
    fd.put_outcome(name="review")
    fd.put_outcome(name="approve")
    create_rule(fd, '$email == "a@example.com"', ["review"])
    fd.update_rule_version(
        rule={"detectorId": "signup_detector", "ruleId": "check", "ruleVersion": "1"},
        expression='$email == "b@example.com"',
        language="DETECTORPL",
        outcomes=["review", "approve"],
    )
    refused(
        lambda: fd.delete_outcome(name="review"),
        "ConflictException",
        (
            "The outcome 'review' is used by rule versions: signup_detector/check/1, "
            "signup_detector/check/2."
        ),
        unchanged=store,
    )
    delete_rule(fd, "1")
    refused(
        lambda: fd.delete_outcome(name="review"),
        "ConflictException",
        "The outcome 'review' is used by rule versions: signup_detector/check/2.",
        unchanged=store,
    )
    delete_rule(fd, "2")
    fd.delete_outcome(name="review")
    assert sorted(store.outcomes) == ["approve"]


# --- variables -------------------------------------------------------------------------------


def test_variable_held_by_event_types(fd: Any, store: Store) -> None:
    """Refused while an event type lists it [D]."""
    fd.put_event_type(name="login", eventVariables=["email", "ip"], entityTypes=["customer"])
    refused(
        lambda: fd.delete_variable(name="email"),
        "ConflictException",
        "The variable 'email' is used by event types: signup, login.",
        unchanged=store,
    )
    fd.delete_event_type(name="signup")
    fd.delete_event_type(name="login")
    fd.delete_variable(name="email")
    assert "email" not in store.variables


def test_variable_held_by_an_external_model(fd: Any, store: Store) -> None:
    """A SageMaker output variable goes with its model, not by hand."""
    put_external_model(fd)
    refused(
        lambda: fd.delete_variable(name="score"),
        "ConflictException",
        "The variable 'score' is used by external models: score-endpoint.",
        unchanged=store,
    )
    fd.delete_external_model(modelEndpoint="score-endpoint")
    fd.delete_variable(name="score")  # gone with the model, or deleted now: either way absent
    assert "score" not in store.variables


def test_variable_held_by_rule_versions(fd: Any, store: Store) -> None:
    """[I] a variable a rule version reads stays, or predictions with that rule would break;
    here a score variable that no event type lists."""
    fd.put_detector(detectorId="signup_detector", eventTypeName="signup")
    fd.put_outcome(name="review")
    create_rule(fd, "$score > 900", ["review"])
    refuse_deleting_the_score(fd, store)
    delete_rule(fd)
    fd.delete_variable(name="score")
    assert "score" not in store.variables


def test_model_score_variable_is_refused(fd: Any, store: Store) -> None:
    """MODEL_SCORE variables are deleted with their model. Models are not served yet, so
    the record a trained model version would create is placed in the store directly."""
    store.variables["fraud_model_insightscore"] = Variable(
        name="fraud_model_insightscore",
        arn=store.arn("variable/fraud_model_insightscore"),
        created_time=NOW,
        last_updated_time=NOW,
        data_type="FLOAT",
        data_source="MODEL_SCORE",
        default_value="0.0",
    )
    refused(
        lambda: fd.delete_variable(name="fraud_model_insightscore"),
        "ConflictException",
        (
            "The variable 'fraud_model_insightscore' holds a model score; it is deleted with its "
            "model, not by DeleteVariable."
        ),
        unchanged=store,
    )


def test_unused_variables_are_deleted(fd: Any, store: Store) -> None:
    fd.delete_variable(name="ip")
    fd.delete_variable(name="score")
    assert sorted(store.variables) == ["email"]


# --- event types -----------------------------------------------------------------------------


def test_event_type_held_by_a_detector(fd: Any, store: Store) -> None:
    """Refused while a detector uses it."""
    fd.put_detector(detectorId="signup_detector", eventTypeName="signup")
    refused(
        lambda: fd.delete_event_type(name="signup"),
        "ConflictException",
        "The event type 'signup' is used by detectors: signup_detector.",
        unchanged=store,
    )
    fd.delete_detector(detectorId="signup_detector")
    fd.delete_event_type(name="signup")
    assert store.event_types == {}


def test_event_type_held_by_an_external_model(fd: Any, store: Store) -> None:
    """A model uses it: the external model's input configuration names it."""
    put_external_model(fd)
    refused(
        lambda: fd.delete_event_type(name="signup"),
        "ConflictException",
        "The event type 'signup' is used by external models: score-endpoint.",
        unchanged=store,
    )
    fd.delete_external_model(modelEndpoint="score-endpoint")
    fd.delete_event_type(name="signup")
    assert store.event_types == {}


def test_teardown_in_the_documented_order(fd: Any, store: Store) -> None:
    """AWS's teardown order: detector pieces, external model, event type, then its parts."""
    fd.put_detector(detectorId="signup_detector", eventTypeName="signup")
    fd.put_outcome(name="review")
    create_rule(fd, '$email == "a@example.com"', ["review"])
    put_external_model(fd)
    delete_rule(fd)
    fd.delete_detector(detectorId="signup_detector")
    fd.delete_external_model(modelEndpoint="score-endpoint")
    delete_the_event_type_and_its_parts(fd, store)


def test_teardown_with_the_external_model_before_the_rules(fd: Any, store: Store) -> None:
    """Only detector versions hold an external model (AWS API reference: "DeleteExternalModel"),
    so a teardown may delete it while rule versions still read its output; the variable they read
    stays until the rules are gone, then DeleteVariable removes it."""
    fd.put_detector(detectorId="signup_detector", eventTypeName="signup")
    fd.put_outcome(name="review")
    create_rule(fd, "$score > 0.5", ["review"])
    put_external_model(fd)
    fd.create_detector_version(
        detectorId="signup_detector",
        rules=[{"detectorId": "signup_detector", "ruleId": "check", "ruleVersion": "1"}],
        externalModelEndpoints=["score-endpoint"],
    )
    fd.update_detector_version_status(
        detectorId="signup_detector", detectorVersionId="1", status="ACTIVE"
    )
    fd.update_detector_version_status(
        detectorId="signup_detector", detectorVersionId="1", status="INACTIVE"
    )
    fd.delete_detector_version(detectorId="signup_detector", detectorVersionId="1")
    fd.delete_external_model(modelEndpoint="score-endpoint")
    assert store.external_models == {}
    refuse_deleting_the_score(fd, store)
    delete_rule(fd)
    fd.delete_detector(detectorId="signup_detector")
    delete_the_event_type_and_its_parts(fd, store)
    assert store.detectors == {}
