"""Model versions: CreateModelVersion, UpdateModelVersion, GetModelVersion,
DescribeModelVersions, UpdateModelVersionStatus, DeleteModelVersion, the status machine under
each transition mode, tags, and detector versions using a model version (docs/behaviour.md,
"Models and model versions")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from frauddetector_mock import get_backend, mock_frauddetector
from frauddetector_mock.controls.transitions import AfterReads, Immediate, Manual, Moved
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.test_models import (
    ARN,
    ATI,
    EXTERNAL,
    LATER,
    OFI,
    ROLE,
    SCHEMA,
    TFI,
    WINDOW,
    create_model,
    detector_with_model,
    set_status,
    status_of,
    train,
)
from tests.store.test_models import set_up as set_up_event_types

VERSION_ARN = f"{ARN}:model-version/ONLINE_FRAUD_INSIGHTS/fraud_model"
NO_MODEL_LEARNED = {
    "dataValidationMetrics": {
        "fileLevelMessages": [
            {
                "title": "No model was learned from data",
                # No moto here: the training data in S3 cannot be read (docs/models.md).
                "content": f"The input file {EXTERNAL['dataLocation']} could not be read: no S3 "
                "is available to the mock: run the job inside moto's mock_aws so that the input "
                "file can be read. No model was learned, so this version has no training "
                "metrics; it scores events with the mock's default scorer.",
                "type": "WARNING",
            }
        ],
        "fieldLevelMessages": [],
    }
}


@pytest.fixture
def fd(client: Any) -> Any:
    """The event types of test_models, and the OFI model ``fraud_model`` on ``registration``."""
    set_up_event_types(client)
    create_model(client)
    return client


@pytest.fixture
def manual(fd: Any) -> Any:
    get_backend().transitions.manual()
    return fd


def body(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def numbers(client: Any, **params: Any) -> list[str]:
    details = client.describe_model_versions(**params)["modelVersionDetails"]
    return [f"{d['modelId']}/{d['modelVersionNumber']}" for d in details]


def retrain(client: Any, major: str = "1", **params: Any) -> str:
    params.setdefault("externalEventsDetail", EXTERNAL)
    response = client.update_model_version(
        modelId="fraud_model", modelType=OFI, majorVersionNumber=major, **params
    )
    number: str = response["modelVersionNumber"]
    return number


def fill_major(client: Any, major: str = "1") -> None:
    """Train the next major version, ``major``, then retrain it 99 times (``major``.01 to .99)."""
    assert train(client) == f"{major}.0"
    for _ in range(99):
        retrain(client, major)


# The first version of the fixture's model, as the model version operations name it.
V1 = {"modelId": "fraud_model", "modelType": OFI, "modelVersionNumber": "1.0"}

# The two ways to start a training of ``fraud_model``: a new major version (``train``), or a
# retraining of major version 1 (``retrain``).
STARTS = [pytest.param(train, id="new-major"), pytest.param(retrain, id="retraining")]

# The moves that bring V1, trained under manual transitions, to each status a version can have.
WAY_TO = {
    "TRAINING_IN_PROGRESS": [],
    "TRAINING_COMPLETE": ["finish"],
    "TRAINING_CANCELLED": ["TRAINING_CANCELLED"],
    "ERROR": ["ERROR"],
    "ACTIVATE_REQUESTED": ["ACTIVATE"],
    "ACTIVATE_IN_PROGRESS": ["ACTIVATE", "advance"],
    "ACTIVE": ["ACTIVATE", "finish"],
    "INACTIVATE_REQUESTED": ["ACTIVATE", "finish", "INACTIVATE"],
    "INACTIVATE_IN_PROGRESS": ["ACTIVATE", "finish", "INACTIVATE", "advance"],
}


def bring_to(client: Any, store: Store, status: str) -> None:
    """Train V1 (transitions in manual mode) and bring it to ``status`` by ``WAY_TO``."""
    transitions = get_backend().transitions
    train(client)
    for move in WAY_TO[status]:
        if move == "finish":
            transitions.finish()
        elif move == "advance":
            transitions.advance()
        elif move == "ACTIVATE":
            transitions.finish()
            set_status(client, "ACTIVE")
        elif move == "INACTIVATE":
            set_status(client, "INACTIVE")
        elif move == "ERROR":
            # training cannot publish its score: test_training_fails_when_the_name_is_taken_...
            client.create_variable(
                name="fraud_model_insightscore",
                dataType="FLOAT",
                dataSource="EVENT",
                defaultValue="0.0",
            )
            transitions.finish()
        else:
            set_status(client, move)
    assert store.models[("fraud_model", OFI)].versions["1.0"].status == status


RULE = {"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"}


def detector_with_rule(client: Any) -> None:
    """Detector ``shop`` on ``registration`` with the rule ``risky`` (RULE), and no version."""
    client.put_outcome(name="review")
    client.put_detector(detectorId="shop", eventTypeName="registration")
    client.create_rule(
        ruleId="risky",
        detectorId="shop",
        expression='$ip_address == "1.2.3.4"',
        language="DETECTORPL",
        outcomes=["review"],
    )


# CreateModelVersion, GetModelVersion, DescribeModelVersions -------------------------------------


def test_create_answers_training_in_progress(fd: Any) -> None:
    """CreateModelVersion answers the new major version, TRAINING_IN_PROGRESS."""
    response = fd.create_model_version(
        modelId="fraud_model",
        modelType=OFI,
        trainingDataSource="EXTERNAL_EVENTS",
        trainingDataSchema=SCHEMA,
        externalEventsDetail=EXTERNAL,
    )
    assert body(response) == {
        "modelId": "fraud_model",
        "modelType": OFI,
        "modelVersionNumber": "1.0",
        "status": "TRAINING_IN_PROGRESS",
    }


def test_get_model_version_after_training(fd: Any) -> None:
    """GetModelVersion: the training data as sent, the status, the ARN
    ``model-version/<TYPE>/<id>/<number>``. Training completes before the first read
    in the default mode [our choice]."""
    train(fd)
    assert body(fd.get_model_version(**V1)) == {
        "modelId": "fraud_model",
        "modelType": OFI,
        "modelVersionNumber": "1.0",
        "trainingDataSource": "EXTERNAL_EVENTS",
        "trainingDataSchema": SCHEMA,
        "externalEventsDetail": EXTERNAL,
        "status": "TRAINING_COMPLETE",
        "arn": f"{VERSION_ARN}/1.0",
    }


def test_describe_model_versions_after_training(fd: Any) -> None:
    """ModelVersionDetail adds timestamps and training results; the result says plainly that
    no model was learned from data, with no invented metrics."""
    train(fd)
    assert body(fd.describe_model_versions(modelId="fraud_model")) == {
        "modelVersionDetails": [
            {
                "modelId": "fraud_model",
                "modelType": OFI,
                "modelVersionNumber": "1.0",
                "trainingDataSource": "EXTERNAL_EVENTS",
                "trainingDataSchema": SCHEMA,
                "externalEventsDetail": EXTERNAL,
                "status": "TRAINING_COMPLETE",
                "trainingResult": NO_MODEL_LEARNED,
                "lastUpdatedTime": NOW,
                "createdTime": NOW,
                "arn": f"{VERSION_ARN}/1.0",
                "trainingResultV2": NO_MODEL_LEARNED,
            }
        ]
    }


def test_ingested_events_training(fd: Any) -> None:
    """TFI and ATI train on INGESTED_EVENTS with ingestedEventsDetail."""
    create_model(fd, model_type=TFI)
    assert train(fd, model_type=TFI) == "1.0"
    response = fd.get_model_version(modelId="fraud_model", modelType=TFI, modelVersionNumber="1.0")
    assert response["trainingDataSource"] == "INGESTED_EVENTS"
    assert response["ingestedEventsDetail"] == WINDOW
    assert "externalEventsDetail" not in response
    assert response["arn"] == f"{ARN}:model-version/TRANSACTION_FRAUD_INSIGHTS/fraud_model/1.0"


def test_training_creates_the_score_variable(fd: Any, store: Store) -> None:
    """Completed training creates ``<modelId>_insightscore``: MODEL_SCORE, FLOAT, default 0.0
    (docs/behaviour.md, "Models and model versions"); it is not there while training runs."""
    get_backend().transitions.manual()
    train(fd)
    assert "fraud_model_insightscore" not in store.variables
    get_backend().transitions.finish()
    assert fd.get_variables(name="fraud_model_insightscore")["variables"] == [
        {
            "name": "fraud_model_insightscore",
            "dataType": "FLOAT",
            "dataSource": "MODEL_SCORE",
            "defaultValue": "0.0",
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": f"{ARN}:variable/fraud_model_insightscore",
        }
    ]
    refused(
        lambda: fd.delete_variable(name="fraud_model_insightscore"),
        "ConflictException",
        unchanged=store,
    )


def test_the_score_variable_is_created_once(fd: Any, store: Store) -> None:
    train(fd)
    created = store.variables["fraud_model_insightscore"]
    get_backend().clock.freeze(LATER)
    train(fd)
    assert store.variables["fraud_model_insightscore"] is created
    assert created.created_time == NOW


def test_version_numbers(fd: Any) -> None:
    """CreateModelVersion makes the next major (1.0, 2.0), UpdateModelVersion the next minor of
    a major (1.01, 1.02); numbers are never given twice, even after a delete [our
    choice]."""
    assert train(fd) == "1.0"
    assert retrain(fd) == "1.01"
    assert retrain(fd) == "1.02"
    assert train(fd) == "2.0"
    assert retrain(fd, "1") == "1.03"
    assert retrain(fd, "2") == "2.01"
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="2.01")
    fd.delete_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="2.0")
    assert retrain(fd, "1") == "1.04"
    assert train(fd) == "3.0"
    assert numbers(fd) == [
        "fraud_model/1.0",
        "fraud_model/1.01",
        "fraud_model/1.02",
        "fraud_model/1.03",
        "fraud_model/1.04",
        "fraud_model/3.0",
    ]


def test_update_model_version_keeps_the_schema_and_takes_new_data(fd: Any) -> None:
    """A retraining keeps its major's data source and schema, with the data detail and tags of
    its own request."""
    train(fd)
    other = {"dataLocation": "s3://training-data/march.csv", "dataAccessRoleArn": ROLE}
    response = fd.update_model_version(
        modelId="fraud_model",
        modelType=OFI,
        majorVersionNumber="1",
        externalEventsDetail=other,
        tags=[{"key": "data", "value": "march"}],
    )
    assert body(response) == {
        "modelId": "fraud_model",
        "modelType": OFI,
        "modelVersionNumber": "1.01",
        "status": "TRAINING_IN_PROGRESS",
    }
    version = fd.get_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber="1.01")
    assert (version["trainingDataSchema"], version["externalEventsDetail"]) == (SCHEMA, other)
    assert fd.list_tags_for_resource(resourceARN=f"{VERSION_ARN}/1.01")["tags"] == [
        {"key": "data", "value": "march"}
    ]


VARIABLES = ["email_address", "ip_address"]


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        (
            {"modelType": TFI},
            "ResourceNotFoundException",
            "The model 'fraud_model' (TRANSACTION_FRAUD_INSIGHTS) does not exist.",
        ),
        (
            {"externalEventsDetail": None},
            "ValidationException",
            "Training on EXTERNAL_EVENTS needs the externalEventsDetail.",
        ),
        (
            {"ingestedEventsDetail": WINDOW},
            "ValidationException",
            "The ingestedEventsDetail does not go with training on EXTERNAL_EVENTS.",
        ),
        (
            {"trainingDataSource": "INGESTED_EVENTS", "externalEventsDetail": None},
            "ValidationException",
            "Training on INGESTED_EVENTS needs the ingestedEventsDetail.",
        ),
        (
            {
                "externalEventsDetail": {
                    "dataLocation": "s3://training-data/x.csv",
                    "dataAccessRoleArn": "arn:aws:iam::210987654321:role/elsewhere",
                }
            },
            "AccessDeniedException",
            "The dataAccessRoleArn 'arn:aws:iam::210987654321:role/elsewhere' is not a role of "
            "the account 123456789012; Amazon Fraud Detector can only assume a role of the "
            "caller's account to read training data.",
        ),
        (
            {
                "trainingDataSource": "INGESTED_EVENTS",
                "externalEventsDetail": None,
                "ingestedEventsDetail": {
                    "ingestedEventsTimeWindow": {
                        "startTime": "2024-02-01T00:00:00Z",
                        "endTime": "2024-01-01T00:00:00Z",
                    }
                },
            },
            "ValidationException",
            "The ingestedEventsTimeWindow from '2024-02-01T00:00:00Z' to '2024-01-01T00:00:00Z' "
            "is not valid: give two ISO 8601 times, the start before the end.",
        ),
        (
            {
                "trainingDataSource": "INGESTED_EVENTS",
                "externalEventsDetail": None,
                "ingestedEventsDetail": {
                    "ingestedEventsTimeWindow": {
                        "startTime": "last january",
                        "endTime": "2024-01-01T00:00:00Z",
                    }
                },
            },
            "ValidationException",
            "The ingestedEventsTimeWindow from 'last january' to '2024-01-01T00:00:00Z' "
            "is not valid: give two ISO 8601 times, the start before the end.",
        ),
        (
            {"trainingDataSchema": {"modelVariables": ["email_address", "EVENT_TIMESTAMP"]}},
            "ResourceNotFoundException",
            "VariableIds: [EVENT_TIMESTAMP] do not exist.",
        ),
        (
            {"trainingDataSchema": {"modelVariables": ["amount", "ip_address", "card_bin"]}},
            "ResourceNotFoundException",
            "VariableIds: [amount, card_bin] do not exist.",
        ),
        (
            {"trainingDataSchema": {"modelVariables": [*VARIABLES, "login_count"]}},
            "ValidationException",
            "These variables are not variables of the event type 'registration': login_count.",
        ),
        (
            {"trainingDataSchema": {"modelVariables": ["email_address"]}},
            "ValidationException",
            "A ONLINE_FRAUD_INSIGHTS model trains on 2 to 100 variables; the trainingDataSchema "
            "names 1.",
        ),
        (
            {
                "trainingDataSchema": {
                    "modelVariables": VARIABLES,
                    "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "SUSPECT": ["legit"]}},
                }
            },
            "ValidationException",
            "The labelMapper key 'SUSPECT' is not valid; use FRAUD or LEGIT.",
        ),
        (
            {
                "trainingDataSchema": {
                    "modelVariables": VARIABLES,
                    "labelSchema": {"labelMapper": {"FRAUD": ["fraud", "suspicious", "absent"]}},
                }
            },
            "ValidationException",
            "These labels are not labels of the event type 'registration': suspicious, absent.",
        ),
        (
            {
                "trainingDataSchema": {
                    "modelVariables": VARIABLES,
                    "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["fraud"]}},
                }
            },
            "ValidationException",
            "These labels are mapped to both FRAUD and LEGIT: fraud.",
        ),
    ],
    ids=[
        "unknown-model",
        "external-detail-missing",
        "ingested-detail-with-external-source",
        "ingested-detail-missing",
        "role-of-another-account",
        "window-backwards",
        "window-unparseable",
        "unknown-variable",
        "unknown-variables",
        "variable-not-in-event-type",
        "too-few-variables",
        "label-mapper-key",
        "label-not-in-event-type",
        "label-in-both-classes",
    ],
)
def test_create_refusals(
    fd: Any, store: Store, params: dict[str, Any], error: str, message: str
) -> None:
    """Training data rules per source, variables that exist (RNF with the service's own words)
    and belong to the event type, 2 to 100 OFI variables, labels of the event type, a role of
    the caller's account (AWS API reference: "CreateModelVersion")."""
    fd.create_variable(name="login_count", dataType="INTEGER", dataSource="EVENT", defaultValue="0")
    call = {
        "modelId": "fraud_model",
        "modelType": OFI,
        "trainingDataSource": "EXTERNAL_EVENTS",
        "trainingDataSchema": SCHEMA,
        "externalEventsDetail": EXTERNAL,
        **params,
    }
    call = {key: value for key, value in call.items() if value is not None}
    refused(lambda: fd.create_model_version(**call), error, message, unchanged=store)


@pytest.mark.parametrize("model_type", [TFI, ATI])
def test_only_ofi_trains_on_external_events(fd: Any, store: Store, model_type: str) -> None:
    """TFI and ATI train on stored events only."""
    create_model(fd, model_type=model_type)
    refused(
        lambda: fd.create_model_version(
            modelId="fraud_model",
            modelType=model_type,
            trainingDataSource="EXTERNAL_EVENTS",
            trainingDataSchema=SCHEMA,
            externalEventsDetail=EXTERNAL,
        ),  # not train(): it gives TFI and ATI an ingestedEventsDetail
        "ValidationException",
        (
            f"A {model_type} model trains on INGESTED_EVENTS only; the trainingDataSource "
            "EXTERNAL_EVENTS is for ONLINE_FRAUD_INSIGHTS models."
        ),
        unchanged=store,
    )


def test_the_score_variable_name_must_be_free(fd: Any, store: Store) -> None:
    """A variable of the user's holding ``<modelId>_insightscore`` leaves the model no place
    for its score: refused before training [our choice]."""
    fd.create_variable(
        name="fraud_model_insightscore", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0"
    )
    refused(
        lambda: train(fd),
        "ValidationException",
        (
            "The variable 'fraud_model_insightscore' exists with data source EVENT; the model "
            "needs that name for its score variable. Delete the variable or use another model id."
        ),
        unchanged=store,
    )


def test_training_fails_when_the_name_is_taken_meanwhile(manual: Any, store: Store) -> None:
    """Taken while training runs: the version ends in ERROR, its training result says why
    [our choice]."""
    train(manual)
    manual.create_variable(
        name="fraud_model_insightscore", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0"
    )
    get_backend().transitions.finish()
    detail = manual.describe_model_versions(modelId="fraud_model")["modelVersionDetails"][0]
    assert detail["status"] == "ERROR"
    message = {
        "title": "Training failed",
        "content": "The variable 'fraud_model_insightscore' exists with data source EVENT; the "
        "model needs that name for its score variable. Delete the variable or use another "
        "model id.",
        "type": "ERROR",
    }
    for result in ("trainingResult", "trainingResultV2"):
        assert detail[result]["dataValidationMetrics"]["fileLevelMessages"] == [message]
    assert store.variables["fraud_model_insightscore"].data_source == "EVENT"


@pytest.mark.parametrize("start", STARTS)
def test_one_training_at_a_time_per_model(manual: Any, store: Store, start: Any) -> None:
    """A second training of a model while one runs: the service's own ValidationException
    (docs/behaviour.md, "Models and model versions"), for a new major version and for a
    retraining alike."""
    train(manual)
    refused(
        lambda: start(manual),
        "ValidationException",
        "Simultaneous training for the same major version not allowed",
        unchanged=store,
    )
    create_model(manual, "other_model")
    assert train(manual, "other_model") == "1.0"  # another model trains meanwhile
    get_backend().transitions.finish()
    assert train(manual) == "2.0"


def test_three_trainings_per_account(manual: Any, store: Store) -> None:
    """3 concurrent training jobs per account (AWS user guide: "Quotas")."""
    for model_id in ("model_a", "model_b", "model_c", "model_d"):
        create_model(manual, model_id)
    for model_id in ("model_a", "model_b", "model_c"):
        train(manual, model_id)
    refused(
        lambda: train(manual, "model_d"),
        "ValidationException",
        (
            "3 model versions are already training in this account and region, the most that can "
            "train at once."
        ),
        unchanged=store,
    )
    set_status(manual, "TRAINING_CANCELLED", model_id="model_b")
    assert train(manual, "model_d") == "1.0"


def test_99_retrainings_per_major_version(fd: Any, store: Store) -> None:
    """Minor numbers have two digits (floatVersionString): 1.99 is the last of major 1."""
    fill_major(fd)
    refused(
        lambda: retrain(fd),
        "ValidationException",
        "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) has no version number left to give.",
        unchanged=store,
    )
    assert train(fd) == "2.0"


@pytest.mark.parametrize("start", STARTS)
def test_200_versions_per_model(fd: Any, store: Store, start: Any) -> None:
    """200 versions per model (AWS user guide: "Quotas"), counted over every major version."""
    fill_major(fd, "1")
    fill_major(fd, "2")
    assert len(store.models[("fraud_model", OFI)].versions) == 200
    refused(
        lambda: start(fd),
        "ValidationException",
        (
            "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) already has 200 versions, the most "
            "a model can have."
        ),
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        (
            {"modelType": ATI},
            "ResourceNotFoundException",
            "The model 'fraud_model' (ACCOUNT_TAKEOVER_INSIGHTS) does not exist.",
        ),
        (
            {"majorVersionNumber": "3"},
            "ResourceNotFoundException",
            "The model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) has no version of the major "
            "version 3.",
        ),
        (
            {"externalEventsDetail": None},
            "ValidationException",
            "Training on EXTERNAL_EVENTS needs the externalEventsDetail.",
        ),
        (
            {"externalEventsDetail": None, "ingestedEventsDetail": WINDOW},
            "ValidationException",
            "The ingestedEventsDetail does not go with training on EXTERNAL_EVENTS.",
        ),
    ],
    ids=["unknown-model", "unknown-major", "detail-missing", "detail-of-other-source"],
)
def test_update_refusals(
    fd: Any, store: Store, params: dict[str, Any], error: str, message: str
) -> None:
    """The model and the major version must exist (RNF); the data detail follows the
    major's training data source."""
    train(fd)
    train(fd)
    call = {
        "modelId": "fraud_model",
        "modelType": OFI,
        "majorVersionNumber": "1",
        "externalEventsDetail": EXTERNAL,
        **params,
    }
    call = {key: value for key, value in call.items() if value is not None}
    refused(lambda: fd.update_model_version(**call), error, message, unchanged=store)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param(
            {"modelVersionNumber": "2.0"},
            "The model version '2.0' of model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) does not "
            "exist.",
            id="unknown-number",
        ),
        pytest.param(
            {"modelType": TFI},
            "The model version '1.0' of model 'fraud_model' (TRANSACTION_FRAUD_INSIGHTS) does "
            "not exist.",
            id="unknown-model-type",
        ),
    ],
)
def test_get_model_version_of_a_missing_version(
    fd: Any, store: Store, params: dict[str, str], message: str
) -> None:
    train(fd)
    refused(
        lambda: fd.get_model_version(**{**V1, **params}),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


def test_describe_filters(fd: Any) -> None:
    """Filters modelId, modelType and modelVersionNumber; versions listed by model id, model
    type, then version number [our choice]."""
    create_model(fd, "a_model")
    create_model(fd, "fraud_model", TFI)
    train(fd)
    train(fd)
    retrain(fd)
    train(fd, "a_model")
    train(fd, model_type=TFI)
    assert numbers(fd) == [
        "a_model/1.0",
        "fraud_model/1.0",
        "fraud_model/1.01",
        "fraud_model/2.0",
        "fraud_model/1.0",
    ]
    types = [d["modelType"] for d in fd.describe_model_versions()["modelVersionDetails"]]
    assert types == [OFI, OFI, OFI, OFI, TFI]
    assert numbers(fd, modelId="fraud_model", modelType=OFI) == [
        "fraud_model/1.0",
        "fraud_model/1.01",
        "fraud_model/2.0",
    ]
    assert numbers(fd, modelType=TFI) == ["fraud_model/1.0"]
    assert numbers(fd, modelId="fraud_model", modelVersionNumber="1.0") == [
        "fraud_model/1.0",
        "fraud_model/1.0",
    ]
    assert numbers(fd, modelId="fraud_model", modelType=OFI, modelVersionNumber="1.01") == [
        "fraud_model/1.01"
    ]
    assert numbers(fd, modelType=ATI) == []


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        (
            {"modelVersionNumber": "1.0"},
            "ValidationException",
            "A modelVersionNumber can only be given together with a modelId.",
        ),
        ({"modelId": "absent"}, "ResourceNotFoundException", "The model 'absent' does not exist."),
        (
            {"modelId": "fraud_model", "modelType": TFI},
            "ResourceNotFoundException",
            "The model 'fraud_model' (TRANSACTION_FRAUD_INSIGHTS) does not exist.",
        ),
        (
            {"modelId": "fraud_model", "modelVersionNumber": "1.01"},
            "ResourceNotFoundException",
            "The model version '1.01' of model 'fraud_model' does not exist.",
        ),
        (
            {"modelId": "fraud_model", "modelType": OFI, "modelVersionNumber": "3.0"},
            "ResourceNotFoundException",
            "The model version '3.0' of model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) does not "
            "exist.",
        ),
        ({"maxResults": 11}, "ValidationException", re.compile("maxResults")),
    ],
    ids=[
        "number-without-model",
        "unknown-model",
        "unknown-model-type",
        "unknown-number",
        "unknown-number-of-type",
        "page-too-big",
    ],
)
def test_describe_refusals(
    fd: Any, store: Store, params: dict[str, Any], error: str, message: str | re.Pattern[str]
) -> None:
    """A named model or version must exist (RNF); a version number needs its model id [our
    choice]; maxResults is 1 to 10."""
    train(fd)
    refused(lambda: fd.describe_model_versions(**params), error, message, unchanged=store)


def test_describe_pages(fd: Any) -> None:
    """Default page 10; a token walks on in version order; it is good only for its
    filters."""
    train(fd)
    for _ in range(11):
        retrain(fd)
    first = fd.describe_model_versions(modelId="fraud_model")
    assert len(first["modelVersionDetails"]) == 10
    second = fd.describe_model_versions(modelId="fraud_model", nextToken=first["nextToken"])
    assert [d["modelVersionNumber"] for d in second["modelVersionDetails"]] == ["1.10", "1.11"]
    assert "nextToken" not in second
    walked: list[str] = []
    params: dict[str, Any] = {"maxResults": 5}
    while True:
        page = fd.describe_model_versions(**params)
        walked += [d["modelVersionNumber"] for d in page["modelVersionDetails"]]
        if "nextToken" not in page:
            break
        params["nextToken"] = page["nextToken"]
    assert walked == ["1.0", *(f"1.{minor:02d}" for minor in range(1, 12))]
    with pytest.raises(fd.exceptions.ValidationException):
        fd.describe_model_versions(modelType=OFI, nextToken=first["nextToken"])


# UpdateModelVersionStatus, DeleteModelVersion ---------------------------------------------------


def test_deploy_and_undeploy(fd: Any) -> None:
    """TRAINING_COMPLETE -> ACTIVE (deploy), ACTIVE -> INACTIVE, which ends back in
    TRAINING_COMPLETE, "ready to deploy"; lastUpdatedTime moves, createdTime stays."""
    train(fd)
    get_backend().clock.freeze(LATER)
    assert body(fd.update_model_version_status(**V1, status="ACTIVE")) == {}
    detail = fd.describe_model_versions(modelId="fraud_model")["modelVersionDetails"][0]
    assert (detail["status"], detail["createdTime"], detail["lastUpdatedTime"]) == (
        "ACTIVE",
        NOW,
        LATER,
    )
    set_status(fd, "INACTIVE")
    assert status_of(fd) == "TRAINING_COMPLETE"
    set_status(fd, "ACTIVE")
    assert status_of(fd) == "ACTIVE"


def test_cancel_training(manual: Any) -> None:
    """TRAINING_IN_PROGRESS -> TRAINING_CANCELLED, at once and for good; no score
    variable, no training result."""
    train(manual)
    set_status(manual, "TRAINING_CANCELLED")
    assert status_of(manual) == "TRAINING_CANCELLED"
    assert get_backend().transitions.finish() == []
    detail = manual.describe_model_versions(modelId="fraud_model")["modelVersionDetails"][0]
    assert detail["status"] == "TRAINING_CANCELLED"
    assert "trainingResult" not in detail and "trainingResultV2" not in detail
    with pytest.raises(manual.exceptions.ResourceNotFoundException):
        manual.get_variables(name="fraud_model_insightscore")


TRANSITION_RULE = (
    "allowed: TRAINING_IN_PROGRESS to TRAINING_CANCELLED, TRAINING_COMPLETE to ACTIVE, ACTIVE to "
    "INACTIVE."
)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("TRAINING_IN_PROGRESS", "ACTIVE"),
        ("TRAINING_IN_PROGRESS", "INACTIVE"),
        ("TRAINING_COMPLETE", "TRAINING_CANCELLED"),
        ("TRAINING_COMPLETE", "INACTIVE"),
        ("ACTIVATE_REQUESTED", "ACTIVE"),
        ("ACTIVATE_REQUESTED", "INACTIVE"),
        ("ACTIVATE_REQUESTED", "TRAINING_CANCELLED"),
        ("ACTIVATE_IN_PROGRESS", "INACTIVE"),
        ("ACTIVE", "ACTIVE"),
        ("ACTIVE", "TRAINING_CANCELLED"),
        ("INACTIVATE_REQUESTED", "ACTIVE"),
        ("INACTIVATE_REQUESTED", "INACTIVE"),
        ("INACTIVATE_IN_PROGRESS", "ACTIVE"),
        ("TRAINING_CANCELLED", "ACTIVE"),
        ("TRAINING_CANCELLED", "INACTIVE"),
        ("TRAINING_CANCELLED", "TRAINING_CANCELLED"),
        ("ERROR", "ACTIVE"),
    ],
)
def test_illegal_transitions(manual: Any, store: Store, current: str, target: str) -> None:
    """Only the three documented transitions (AWS API reference: "UpdateModelVersionStatus");
    any other, in-progress statuses included, is a ConflictException [our choice: Conflict for
    state]."""
    bring_to(manual, store, current)
    refused(
        lambda: set_status(manual, target),
        "ConflictException",
        (
            f"The model version 'fraud_model/1.0' is {current} and cannot be set to {target}; "
            + TRANSITION_RULE
        ),
        unchanged=store,
    )


def test_status_of_a_missing_version(fd: Any, store: Store) -> None:
    refused(
        lambda: set_status(fd, "ACTIVE"),
        "ResourceNotFoundException",
        "The model version '1.0' of model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) does not exist.",
        unchanged=store,
    )


def test_status_target_must_be_of_the_enum(fd: Any, store: Store) -> None:
    """TRAINING_COMPLETE is no target (the model's enum, checked by the server)."""
    train(fd)
    refused(
        lambda: set_status(fd, "TRAINING_COMPLETE"),
        "ValidationException",
        re.compile("'TRAINING_COMPLETE'.*enum", re.DOTALL),
        unchanged=store,
    )


def test_five_deployed_versions_per_account(fd: Any, store: Store) -> None:
    """5 ACTIVE model versions per account (AWS user guide: "Quotas"); a version on its way in
    or out counts too [our choice]."""
    for index in range(6):
        create_model(fd, f"model_{index}")
        train(fd, f"model_{index}")
    for index in range(4):
        set_status(fd, "ACTIVE", model_id=f"model_{index}")
    with get_backend().transitions.manual():
        set_status(fd, "INACTIVE", model_id="model_0")
        set_status(fd, "ACTIVE", model_id="model_4")
        refused(
            lambda: set_status(fd, "ACTIVE", model_id="model_5"),
            "ValidationException",
            (
                "5 model versions are already deployed in this account and region, the most "
                "that can be ACTIVE at once."
            ),
            unchanged=store,
        )
    assert status_of(fd, model_id="model_0") == "TRAINING_COMPLETE"  # immediate again
    set_status(fd, "ACTIVE", model_id="model_5")
    assert status_of(fd, model_id="model_5") == "ACTIVE"


def test_delete_model_version(fd: Any) -> None:
    """Only a TRAINING_COMPLETE ("ready to deploy") version can be deleted (AWS API reference:
    "DeleteModelVersion")."""
    train(fd)
    train(fd)
    assert body(fd.delete_model_version(**V1)) == {}
    assert numbers(fd) == ["fraud_model/2.0"]


@pytest.mark.parametrize(
    "params",
    [{"modelVersionNumber": "2.0"}, {"modelType": TFI}, {"modelId": "absent"}],
    ids=["unknown-number", "unknown-model-type", "unknown-model"],
)
def test_delete_of_a_missing_version_succeeds(fd: Any, params: dict[str, str]) -> None:
    """DeleteModelVersion models no ResourceNotFoundException (docs/behaviour.md, "Resources")."""
    train(fd)
    assert body(fd.delete_model_version(**{**V1, **params})) == {}
    assert numbers(fd) == ["fraud_model/1.0"]


@pytest.mark.parametrize(
    "status",
    [
        "TRAINING_IN_PROGRESS",
        "TRAINING_CANCELLED",
        "ACTIVE",
        "ACTIVATE_REQUESTED",
        "INACTIVATE_REQUESTED",
    ],
)
def test_delete_refused_outside_training_complete(manual: Any, store: Store, status: str) -> None:
    """Training, cancelled, deployed or on the way: ConflictException."""
    bring_to(manual, store, status)
    refused(
        lambda: manual.delete_model_version(**V1),
        "ConflictException",
        (
            f"The model version 'fraud_model/1.0' is {status}; only a TRAINING_COMPLETE (ready to "
            "deploy) model version can be deleted."
        ),
        unchanged=store,
    )


def test_tags_on_a_model_version(fd: Any, store: Store) -> None:
    """Tags of CreateModelVersion, then TagResource/UntagResource on the version's ARN;
    the model's own tags are apart."""
    train(fd, tags=[{"key": "team", "value": "risk"}])
    arn = f"{VERSION_ARN}/1.0"
    fd.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "test"}])
    assert fd.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "stage", "value": "test"},
        {"key": "team", "value": "risk"},
    ]
    fd.untag_resource(resourceARN=arn, tagKeys=["stage"])
    assert fd.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "risk"}]
    model_arn = f"{ARN}:model/ONLINE_FRAUD_INSIGHTS/fraud_model"
    assert fd.list_tags_for_resource(resourceARN=model_arn)["tags"] == []
    missing = f"{VERSION_ARN}/2.0"
    refused(
        lambda: fd.tag_resource(resourceARN=missing, tags=[{"key": "a", "value": "b"}]),
        "ResourceNotFoundException",
        f"The resource '{missing}' does not exist.",
        unchanged=store,
    )


# Detector versions using a model version ------------------------------------------------------


def test_a_detector_version_uses_an_active_model_version(fd: Any) -> None:
    """CreateDetectorVersion with an ACTIVE model version; GetDetectorVersion lists it
    with its ARN; rules may read its score variable."""
    train(fd)
    set_status(fd, "ACTIVE")
    version = detector_with_model(fd, rule="$fraud_model_insightscore > 900")
    assert version == "1"
    response = fd.get_detector_version(detectorId="shop", detectorVersionId="1")
    assert response["modelVersions"] == [
        {
            "modelId": "fraud_model",
            "modelType": OFI,
            "modelVersionNumber": "1.0",
            "arn": f"{VERSION_ARN}/1.0",
        }
    ]
    fd.update_detector_version_status(detectorId="shop", detectorVersionId="1", status="ACTIVE")


@pytest.mark.parametrize(
    "status",
    ["TRAINING_IN_PROGRESS", "TRAINING_COMPLETE", "ACTIVATE_REQUESTED", "TRAINING_CANCELLED"],
)
def test_a_detector_version_needs_an_active_model_version(
    manual: Any, store: Store, status: str
) -> None:
    """A model version that is not ACTIVE (deployed) is refused with ValidationException
    (docs/behaviour.md, "Models and model versions")."""
    bring_to(manual, store, status)
    detector_with_rule(manual)
    refused(
        lambda: manual.create_detector_version(detectorId="shop", rules=[RULE], modelVersions=[V1]),
        "ValidationException",
        (
            f"The model version 'fraud_model/1.0' is {status}; a detector version can only use an "
            "ACTIVE model version."
        ),
        unchanged=store,
    )


def test_a_detector_version_needs_a_model_of_its_event_type(fd: Any, store: Store) -> None:
    """The model must be trained on the detector's event type (docs/behaviour.md, "Models and
    model versions")."""
    create_model(fd, "login_model", eventTypeName="login")
    fd.create_variable(
        name="user_agent",
        dataType="STRING",
        dataSource="EVENT",
        defaultValue="<unknown>",
        variableType="USERAGENT",
    )
    fd.put_event_type(
        name="login",
        eventVariables=["ip_address", "user_agent"],
        entityTypes=["customer"],
        labels=["fraud", "legit"],
    )
    schema = {"modelVariables": ["ip_address", "user_agent"]}
    train(fd, "login_model", trainingDataSchema=schema)
    set_status(fd, "ACTIVE", model_id="login_model")
    detector_with_rule(fd)
    refused(
        lambda: fd.create_detector_version(
            detectorId="shop", rules=[RULE], modelVersions=[{**V1, "modelId": "login_model"}]
        ),
        "ValidationException",
        (
            "The model version 'login_model/1.0' was trained on the event type 'login'; the "
            "detector evaluates 'registration'."
        ),
        unchanged=store,
    )


def test_a_used_model_version_stays_deployed(fd: Any, store: Store) -> None:
    """No undeploy and no delete while any detector version, DRAFT included, uses the version
    (docs/behaviour.md, "Models and model versions"); after the detector version goes, both work."""
    train(fd)
    set_status(fd, "ACTIVE")
    detector_with_model(fd)
    in_use = "The model version 'fraud_model/1.0' is used by detector versions: shop/1."
    refused(lambda: set_status(fd, "INACTIVE"), "ConflictException", in_use, unchanged=store)
    refused(lambda: fd.delete_model_version(**V1), "ConflictException", in_use, unchanged=store)
    fd.delete_detector_version(detectorId="shop", detectorVersionId="1")
    set_status(fd, "INACTIVE")
    fd.delete_model_version(**V1)
    assert numbers(fd) == []


# Transition modes -------------------------------------------------------------------------------


def test_the_default_mode_is_immediate(fd: Any) -> None:
    """A fresh mock moves versions at once; every outermost mock starts from that default."""
    assert get_backend().transitions.mode == Immediate()
    get_backend().transitions.manual()
    with mock_frauddetector():
        assert get_backend().transitions.mode == Manual()  # nested mocks keep the backend
    with mock_frauddetector(reset=True):
        assert get_backend().transitions.mode == Manual()
    get_backend().reset()
    assert get_backend().transitions.mode == Immediate()


def test_an_aws_sample_polling_loop_ends_without_sleeping(
    fd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AWS's samples poll GetModelVersion until training is over, sleeping 60 s between
    polls: in the default mode they end on their first poll, and never sleep."""
    import time

    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"the loop slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleep)
    number = train(fd)
    polls = 0
    while True:
        polls += 1
        response = fd.get_model_version(
            modelId="fraud_model", modelType=OFI, modelVersionNumber=number
        )
        if response["status"] == "TRAINING_IN_PROGRESS":
            time.sleep(60)
        else:
            break
    assert (response["status"], polls) == ("TRAINING_COMPLETE", 1)
    set_status(fd, "ACTIVE", number)
    while (
        fd.get_model_version(modelId="fraud_model", modelType=OFI, modelVersionNumber=number)[
            "status"
        ]
        != "ACTIVE"
    ):
        time.sleep(60)
    set_status(fd, "INACTIVE", number)
    while status_of(fd, number) != "TRAINING_COMPLETE":
        time.sleep(60)


def test_after_one_read_each_status_is_seen_once(fd: Any) -> None:
    """after_reads(1): every status on the way is seen by exactly one read (the sequences
    ACTIVATE_REQUESTED -> ACTIVATE_IN_PROGRESS -> ACTIVE and INACTIVATE_REQUESTED ->
    INACTIVATE_IN_PROGRESS -> TRAINING_COMPLETE)."""
    get_backend().transitions.after_reads(1)
    train(fd)
    assert [status_of(fd) for _ in range(3)] == [
        "TRAINING_IN_PROGRESS",
        "TRAINING_COMPLETE",
        "TRAINING_COMPLETE",
    ]
    set_status(fd, "ACTIVE")
    assert [status_of(fd) for _ in range(4)] == [
        "ACTIVATE_REQUESTED",
        "ACTIVATE_IN_PROGRESS",
        "ACTIVE",
        "ACTIVE",
    ]
    set_status(fd, "INACTIVE")
    assert [status_of(fd) for _ in range(4)] == [
        "INACTIVATE_REQUESTED",
        "INACTIVATE_IN_PROGRESS",
        "TRAINING_COMPLETE",
        "TRAINING_COMPLETE",
    ]


def test_after_n_reads(fd: Any) -> None:
    """after_reads(3): each status is seen three times; DescribeModelVersions listing a version
    is a read of it too; the clock gives each step its lastUpdatedTime."""
    get_backend().transitions.after_reads(3)
    train(fd)
    seen = [status_of(fd) for _ in range(2)]
    get_backend().clock.freeze(LATER)
    detail = fd.describe_model_versions(modelId="fraud_model")["modelVersionDetails"][0]
    seen.append(detail["status"])
    assert detail["lastUpdatedTime"] == NOW
    assert seen == ["TRAINING_IN_PROGRESS"] * 3
    detail = fd.describe_model_versions(modelId="fraud_model")["modelVersionDetails"][0]
    assert (detail["status"], detail["lastUpdatedTime"]) == ("TRAINING_COMPLETE", LATER)


def test_after_reads_counts_reads_only(fd: Any) -> None:
    """Other operations do not move a version in after_reads mode: a second training waits
    for reads to end the first."""
    get_backend().transitions.after_reads(1)
    train(fd)
    with pytest.raises(fd.exceptions.ValidationException):
        train(fd)
    assert [status_of(fd), status_of(fd)] == ["TRAINING_IN_PROGRESS", "TRAINING_COMPLETE"]
    assert train(fd) == "2.0"


def test_after_reads_needs_a_read(fd: Any) -> None:
    with pytest.raises(ValueError, match="immediate"):
        get_backend().transitions.after_reads(0)
    assert get_backend().transitions.mode == Immediate()


def test_manual_mode_waits_for_advance(manual: Any) -> None:
    """manual(): reads never move a version; advance() moves one status, finish() to the end;
    each says what moved and where."""
    transitions = get_backend().transitions
    assert transitions.mode == Manual()
    train(manual)
    assert [status_of(manual) for _ in range(3)] == ["TRAINING_IN_PROGRESS"] * 3
    assert transitions.pending() == {f"{VERSION_ARN}/1.0": ["TRAINING_COMPLETE"]}
    assert transitions.advance() == [
        Moved("123456789012", "us-east-1", "fraud_model", OFI, "1.0", "TRAINING_COMPLETE")
    ]
    assert transitions.pending() == {}
    assert transitions.advance() == []
    set_status(manual, "ACTIVE")
    assert transitions.pending() == {f"{VERSION_ARN}/1.0": ["ACTIVATE_IN_PROGRESS", "ACTIVE"]}
    assert status_of(manual) == "ACTIVATE_REQUESTED"
    transitions.advance("fraud_model", "1.0", model_type=OFI)
    assert status_of(manual) == "ACTIVATE_IN_PROGRESS"
    assert transitions.finish("fraud_model") == [
        Moved("123456789012", "us-east-1", "fraud_model", OFI, "1.0", "ACTIVE")
    ]
    assert status_of(manual) == "ACTIVE"


def test_advance_picks_versions(manual: Any, store: Store) -> None:
    """advance() and finish() take a model id, a version number and a model type to pick the
    versions they move."""
    transitions = get_backend().transitions
    create_model(manual, "other_model")
    create_model(manual, model_type=TFI)
    train(manual)
    train(manual, "other_model")
    train(manual, model_type=TFI)
    assert [m.model_id for m in transitions.advance("other_model")] == ["other_model"]
    assert [m.model_type for m in transitions.advance(model_type=TFI)] == [TFI]
    assert transitions.advance("fraud_model", "2.0") == []
    assert status_of(manual) == "TRAINING_IN_PROGRESS"
    assert [m.model_type for m in transitions.finish("fraud_model")] == [OFI]
    assert status_of(manual) == "TRAINING_COMPLETE"


def test_transitions_reach_every_region(manual: Any) -> None:
    """The mode and the controls are the backend's: every account and region."""
    import boto3

    west = boto3.client("frauddetector", region_name="us-west-2")
    set_up_event_types(west)
    create_model(west)
    train(west)
    train(manual)
    moved = get_backend().transitions.finish()
    assert sorted(m.region for m in moved) == ["us-east-1", "us-west-2"]
    assert status_of(west) == "TRAINING_COMPLETE"


def test_modes_as_context_managers(fd: Any) -> None:
    """A setter used with ``with`` restores the mode before it on exit; going back to
    immediate ends the way of every version on its way."""
    transitions = get_backend().transitions
    with transitions.manual():
        train(fd)
        with transitions.after_reads(2) as inner:
            assert inner is transitions
            assert transitions.mode == AfterReads(2)
        assert transitions.mode == Manual()
        assert status_of(fd) == "TRAINING_IN_PROGRESS"
    assert transitions.mode == Immediate()
    assert transitions.pending() == {}
    assert status_of(fd) == "TRAINING_COMPLETE"


# docs/models.md -------------------------------------------------------------------------------


def test_the_examples_of_docs_models_md() -> None:
    """Every ``python`` block of docs/models.md runs, in order, in one namespace; each example
    starts its own outermost mock, so none sees another's state."""
    from tests.doc_examples import run_examples

    run_examples("models.md", expected_blocks=7)
    assert get_backend().transitions.mode == Immediate()
