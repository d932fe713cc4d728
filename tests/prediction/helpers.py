"""Building blocks of the prediction tests: a payment event type, detectors of given rules,
deployed model versions and external models, an account takeover (ATI) detector, all made
through boto3 as a user makes them."""

from __future__ import annotations

from typing import Any

from frauddetector_mock.controls.scores import ATI

DETECTOR = "payments"
EVENT_TYPE = "payment"
CUSTOMER = {"entityType": "customer", "entityId": "cust_1"}
EVENT_TIME = "2024-03-01T09:00:00Z"
ROLE = "arn:aws:iam::123456789012:role/fraud-detector"

# (name, data type, variable type, default)
VARIABLES = [
    ("amount", "FLOAT", "PRICE", "0.0"),
    ("card_bin", "STRING", "CARD_BIN", "000000"),
    ("email_address", "STRING", "EMAIL_ADDRESS", "<unknown>"),
    ("ip_address", "STRING", "IP_ADDRESS", "0.0.0.0"),
]
OUTCOMES = ("block", "review", "approve", "verify_customer")
ATI_MODEL = "login_model"
ATI_SCORE = f"{ATI_MODEL}_insightscore"


def set_up_event_type(
    client: Any,
    *,
    ingestion: str = "ENABLED",
    event_bridge: bool | None = None,
    entity_types: tuple[str, ...] = ("customer",),
) -> None:
    """Variables, entity types, outcomes and the ``payment`` event type."""
    for name, data_type, variable_type, default in VARIABLES:
        client.create_variable(
            name=name,
            dataType=data_type,
            dataSource="EVENT",
            defaultValue=default,
            variableType=variable_type,
        )
    for entity_type in entity_types:
        client.put_entity_type(name=entity_type)
    for label in ("fraud", "legit"):
        client.put_label(name=label)
    for outcome in OUTCOMES:
        client.put_outcome(name=outcome)
    params: dict[str, Any] = {
        "name": EVENT_TYPE,
        "eventVariables": [name for name, *_ in VARIABLES],
        "entityTypes": list(entity_types),
        "labels": ["fraud", "legit"],
        "eventIngestion": ingestion,
    }
    if event_bridge is not None:
        params["eventOrchestration"] = {"eventBridgeEnabled": event_bridge}
    client.put_event_type(**params)
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)


def create_rules(client: Any, rules: list[tuple[str, str, list[str]]]) -> list[dict[str, str]]:
    """Version 1 of each (ruleId, expression, outcomes); the references, in order."""
    for rule_id, expression, outcomes in rules:
        client.create_rule(
            ruleId=rule_id,
            detectorId=DETECTOR,
            expression=expression,
            language="DETECTORPL",
            outcomes=outcomes,
        )
    return [{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": "1"} for r, *_ in rules]


def create_version(
    client: Any,
    rules: list[dict[str, str]],
    *,
    mode: str = "FIRST_MATCHED",
    activate: bool = True,
    models: list[dict[str, str]] | None = None,
    endpoints: list[str] | None = None,
) -> str:
    """A new detector version of ``rules``, activated unless told not to; its id."""
    version: str = client.create_detector_version(
        detectorId=DETECTOR,
        rules=rules,
        ruleExecutionMode=mode,
        modelVersions=models or [],
        externalModelEndpoints=endpoints or [],
    )["detectorVersionId"]
    if activate:
        client.update_detector_version_status(
            detectorId=DETECTOR, detectorVersionId=version, status="ACTIVE"
        )
    return version


def deploy_model(
    client: Any, model_id: str, model_type: str = "ONLINE_FRAUD_INSIGHTS"
) -> dict[str, str]:
    """A model of the payment event type trained and deployed at once (the default transition
    mode); its ``ModelVersion`` reference."""
    client.create_model(modelId=model_id, modelType=model_type, eventTypeName=EVENT_TYPE)
    schema = {
        "modelVariables": ["amount", "email_address"],
        "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
    }
    if model_type == "ONLINE_FRAUD_INSIGHTS":
        training: dict[str, Any] = {
            "trainingDataSource": "EXTERNAL_EVENTS",
            "externalEventsDetail": {
                "dataLocation": "s3://bucket/train.csv",
                "dataAccessRoleArn": ROLE,
            },
        }
    else:
        training = {
            "trainingDataSource": "INGESTED_EVENTS",
            "ingestedEventsDetail": {
                "ingestedEventsTimeWindow": {
                    "startTime": "2023-01-01T00:00:00Z",
                    "endTime": "2024-01-01T00:00:00Z",
                }
            },
        }
    number = client.create_model_version(
        modelId=model_id, modelType=model_type, trainingDataSchema=schema, **training
    )["modelVersionNumber"]
    client.update_model_version_status(
        modelId=model_id, modelType=model_type, modelVersionNumber=number, status="ACTIVE"
    )
    return {"modelId": model_id, "modelType": model_type, "modelVersionNumber": number}


def set_up_takeover(client: Any, ingestion: str = "ENABLED") -> Any:
    """The payment event type (entity types customer and merchant), the ATI model ``login_model``
    deployed, and an active detector version using it whose rule ``new_entity`` sends an
    entity's first event (score -1) to verify_customer; the client."""
    set_up_event_type(client, ingestion=ingestion, entity_types=("customer", "merchant"))
    _deploy_takeover(client)
    return client


def _deploy_takeover(client: Any) -> None:
    model = deploy_model(client, ATI_MODEL, ATI)
    rules = create_rules(client, [("new_entity", f"${ATI_SCORE} < 0", ["verify_customer"])])
    create_version(client, rules, models=[model])


def make_takeover_model_again(client: Any) -> None:
    """Detector version 1, its rule and the ATI model deleted, then the model, the rule and a
    detector version using them made again under the same names."""
    model = {"modelId": ATI_MODEL, "modelType": ATI}
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="INACTIVE"
    )
    client.delete_detector_version(detectorId=DETECTOR, detectorVersionId="1")
    client.delete_rule(rule={"detectorId": DETECTOR, "ruleId": "new_entity", "ruleVersion": "1"})
    client.update_model_version_status(**model, modelVersionNumber="1.0", status="INACTIVE")
    client.delete_model_version(**model, modelVersionNumber="1.0")
    client.delete_model(**model)
    _deploy_takeover(client)


def ati_score(client: Any, event_id: str, entity_id: str, entity_type: str = "customer") -> float:
    """The ATI model's score of an event of amount 10 of the entity."""
    entities = [{"entityType": entity_type, "entityId": entity_id}]
    answer = predict(client, event_id, entities=entities, amount="10")
    value: float = answer["modelScores"][0]["scores"][ATI_SCORE]
    return value


def put_external_model(
    client: Any,
    endpoint: str,
    outputs: dict[str, str],
    *,
    output_format: str = "TEXT_CSV",
    input_format: str = "TEXT_CSV",
    template: str | None = "{{amount}},{{card_bin}}",
    use_event_variables: bool = True,
    status: str = "ASSOCIATED",
    data_type: str = "FLOAT",
) -> None:
    """An external model whose output map is ``outputs`` (key or column -> variable); creates
    the output variables that do not exist yet."""
    for name in outputs.values():
        if not client.batch_get_variable(names=[name])["variables"]:
            client.create_variable(
                name=name,
                dataType=data_type,
                dataSource="EXTERNAL_MODEL_SCORE",
                defaultValue="0.0" if data_type == "FLOAT" else "none",
            )
    inputs: dict[str, Any] = {
        "eventTypeName": EVENT_TYPE,
        "format": input_format,
        "useEventVariables": use_event_variables,
    }
    if template is not None:
        member = "csvInputTemplate" if input_format == "TEXT_CSV" else "jsonInputTemplate"
        inputs[member] = template
    map_member = "csvIndexToVariableMap" if output_format == "TEXT_CSV" else "jsonKeyToVariableMap"
    client.put_external_model(
        modelEndpoint=endpoint,
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn=ROLE,
        inputConfiguration=inputs,
        outputConfiguration={"format": output_format, map_member: outputs},
        modelEndpointStatus=status,
    )


def request(
    event_id: str = "tx_1",
    version: str | None = None,
    *,
    entities: list[dict[str, str]] | None = None,
    timestamp: str = EVENT_TIME,
    **variables: str,
) -> dict[str, Any]:
    """GetEventPrediction's parameters for the payment detector."""
    params: dict[str, Any] = {
        "detectorId": DETECTOR,
        "eventId": event_id,
        "eventTypeName": EVENT_TYPE,
        "eventTimestamp": timestamp,
        "entities": entities if entities is not None else [CUSTOMER],
        "eventVariables": variables or {"amount": "10"},
    }
    if version is not None:
        params["detectorVersionId"] = version
    return params


def predict(client: Any, event_id: str = "tx_1", version: str | None = None, **kw: Any) -> Any:
    """GetEventPrediction's answer, without its ResponseMetadata."""
    response = client.get_event_prediction(**request(event_id, version, **kw))
    response.pop("ResponseMetadata")
    return response


def outcomes(response: dict[str, Any]) -> list[str]:
    return [outcome for result in response["ruleResults"] for outcome in result["outcomes"]]
