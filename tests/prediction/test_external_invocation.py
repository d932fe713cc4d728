"""External (SageMaker) models in GetEventPrediction (AWS API reference: "PutExternalModel",
"GetEventPrediction"): the body sent to the endpoint, its answer read into output variables,
the rules on them, and ResourceUnavailableException when the endpoint cannot answer.

There is no SageMaker: ``get_backend().endpoints`` answers for each endpoint (docs/predictions.md).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.controls.endpoints import EndpointError, Endpoints, Invocation, read_output
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.prediction.helpers import (
    CUSTOMER,
    DETECTOR,
    EVENT_TIME,
    EVENT_TYPE,
    create_rules,
    create_version,
    outcomes,
    predict,
    put_external_model,
    request,
    set_up_event_type,
)
from tests.raw_http import post

ENDPOINT = "fraud-xgb-endpoint"


def detector_with_endpoint(client: Any, **external: Any) -> None:
    """The payment detector with one external model, output ``xgb_score``, and a rule on it."""
    set_up_event_type(client)
    put_external_model(client, ENDPOINT, external.pop("outputs", {"0": "xgb_score"}), **external)
    rules = create_rules(client, [("xgb_high", "$xgb_score > 0.9", ["review"])])
    create_version(client, rules, endpoints=[ENDPOINT])


def test_the_template_is_filled_and_the_csv_answer_read(client: Any) -> None:
    """[D] useEventVariables fills the {{variable}} placeholders from the event (a missing
    variable gives its default); the raw text of the answer is returned, line end included, as
    the service answers [O], and converted by the variable's data type for the rules."""
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.93\n")
    answer = predict(client, amount="6000")
    assert answer == {
        "modelScores": [],
        "ruleResults": [{"ruleId": "xgb_high", "outcomes": ["review"]}],
        "externalModelOutputs": [
            {
                "externalModel": {"modelEndpoint": ENDPOINT, "modelSource": "SAGEMAKER"},
                "outputs": {"xgb_score": "0.93\n"},
            }
        ],
    }
    assert get_backend().endpoints.calls == [
        Invocation(ENDPOINT, b"6000,000000", "text/csv", output="0.93\n")
    ]


def test_a_low_external_score_does_not_match(client: Any) -> None:
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.07167139649391174\n")
    assert outcomes(predict(client, amount="1")) == []


def test_the_real_sagemaker_answer_saved_in_a_public_notebook(client: Any) -> None:
    """[O] a SageMaker-only detector (dashes in its id), three threshold rules,
    FIRST_MATCHED, entity UNKNOWN: the answer AWS gave, to the byte."""
    set_up_event_type(client)
    client.put_detector(detectorId="fraud-detector-xgb", eventTypeName=EVENT_TYPE)
    put_external_model(client, "sagemaker-xgb-endpoint-v1", {"0": "sagemaker_xgb_score_v1"})
    score = "$sagemaker_xgb_score_v1"
    thresholds = [
        ("rules_0_sagemaker_xgb_score_v1", f"{score} > 0.9", "block"),
        ("rules_1_sagemaker_xgb_score_v1", f"{score} > 0.5 and {score} <= 0.9", "review"),
        ("rules_2_sagemaker_xgb_score_v1", f"{score} <= 0.5", "approve"),
    ]
    for rule_id, expression, outcome in thresholds:
        client.create_rule(
            ruleId=rule_id,
            detectorId="fraud-detector-xgb",
            expression=expression,
            language="DETECTORPL",
            outcomes=[outcome],
        )
    client.create_detector_version(
        detectorId="fraud-detector-xgb",
        rules=[
            {"detectorId": "fraud-detector-xgb", "ruleId": r, "ruleVersion": "1"}
            for r, *_ in thresholds
        ],
        externalModelEndpoints=["sagemaker-xgb-endpoint-v1"],
    )
    get_backend().endpoints.respond("sagemaker-xgb-endpoint-v1", "0.07167139649391174\n")
    answer = client.get_event_prediction(
        detectorId="fraud-detector-xgb",
        detectorVersionId="1",
        eventId="802454d3-f7d8-482d-97e8-c4b6db9a0428",
        eventTypeName=EVENT_TYPE,
        eventTimestamp="2021-01-13T16:33:53Z",
        entities=[{"entityType": "customer", "entityId": "UNKNOWN"}],
        eventVariables={"amount": "116.28", "card_bin": "426051"},
    )
    answer.pop("ResponseMetadata")
    assert answer == {
        "modelScores": [],
        "ruleResults": [{"ruleId": "rules_2_sagemaker_xgb_score_v1", "outcomes": ["approve"]}],
        "externalModelOutputs": [
            {
                "externalModel": {
                    "modelEndpoint": "sagemaker-xgb-endpoint-v1",
                    "modelSource": "SAGEMAKER",
                },
                "outputs": {"sagemaker_xgb_score_v1": "0.07167139649391174\n"},
            }
        ],
    }


def test_a_json_template_and_a_json_lines_answer(client: Any, store: Store) -> None:
    """JSON input (APPLICATION_JSON) and JSON lines output: each key to its variable; numbers
    keep the text they were written with. The record keeps inputs and outputs (AWS API
    reference: "GetEventPredictionMetadata")."""
    set_up_event_type(client)
    client.create_variable(
        name="xgb_band", dataType="STRING", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="none"
    )
    put_external_model(
        client,
        ENDPOINT,
        {"score": "xgb_score", "band": "xgb_band"},
        input_format="APPLICATION_JSON",
        output_format="APPLICATION_JSONLINES",
        template='{"amount": {{amount}}, "email": "{{ email_address }}"}',
    )
    rules = create_rules(client, [("xgb_high", "$xgb_score > 0.9", ["review"])])
    create_version(client, rules, endpoints=[ENDPOINT])
    received: list[tuple[bytes, str]] = []

    def endpoint(body: bytes, content_type: str) -> bytes:
        received.append((body, content_type))
        return b'{"score": 0.950, "band": "high", "extra": [1, 2]}\n'

    get_backend().endpoints.register(ENDPOINT, endpoint)
    answer = predict(client, amount="6000", email_address="a@example.com")
    assert received == [(b'{"amount": 6000, "email": "a@example.com"}', "application/json")]
    assert answer["externalModelOutputs"][0]["outputs"] == {
        "xgb_score": "0.950",
        "xgb_band": "high",
    }
    assert outcomes(answer) == ["review"]
    assert store.predictions[-1].external_evaluations == [
        {
            "modelEndpoint": ENDPOINT,
            "useEventVariables": True,
            "inputVariables": {"amount": "6000", "email_address": "a@example.com"},
            "outputVariables": {"xgb_score": "0.950", "xgb_band": "high"},
        }
    ]


def test_several_csv_columns(client: Any) -> None:
    set_up_event_type(client)
    put_external_model(client, ENDPOINT, {"0": "xgb_score", "2": "xgb_other"})
    rules = create_rules(client, [("xgb_high", "$xgb_other > 0.9", ["review"])])
    create_version(client, rules, endpoints=[ENDPOINT])
    get_backend().endpoints.respond(ENDPOINT, '0.1,"ignored, quoted",0.95\n')
    answer = predict(client)
    assert answer["externalModelOutputs"][0]["outputs"] == {
        "xgb_score": "0.1",
        "xgb_other": "0.95\n",
    }
    assert outcomes(answer) == ["review"]


def test_the_callers_data_blob_is_passed_through(client: Any) -> None:
    """[D] without useEventVariables the endpoint gets the caller's
    externalModelEndpointDataBlobs entry, body and content type as sent."""
    detector_with_endpoint(client, use_event_variables=False, template=None)
    received: list[tuple[bytes, str]] = []
    get_backend().endpoints.register(
        ENDPOINT, lambda body, content_type: received.append((body, content_type)) or "0.99"
    )
    params = request(amount="10")
    params["externalModelEndpointDataBlobs"] = {
        ENDPOINT: {"byteBuffer": b"\x00raw,bytes", "contentType": "application/x-custom"},
        "another-endpoint": {"byteBuffer": b"unused", "contentType": "text/csv"},
    }
    answer = client.get_event_prediction(**params)
    assert received == [(b"\x00raw,bytes", "application/x-custom")]
    assert outcomes(answer) == ["review"]


# ResourceUnavailableException and the caller's own mistakes ------------------------------------


def unavailable(client: Any, store: Store, message: str | re.Pattern[str]) -> None:
    """The prediction of ``request()`` is refused with ResourceUnavailableException."""
    refused(
        lambda: client.get_event_prediction(**request()),
        "ResourceUnavailableException",
        message,
        unchanged=store,
    )


def ending(text: str) -> re.Pattern[str]:
    """A message that ends with ``text``."""
    return re.compile(re.escape(text) + r"\Z")


def test_no_invoker_registered(client: Any, store: Store) -> None:
    """[I] nothing answers for the endpoint -> ResourceUnavailableException (HTTP 400,
    docs/behaviour.md, "Protocol and errors"), nothing recorded or stored."""
    detector_with_endpoint(client)
    unavailable(
        client,
        store,
        f"The SageMaker endpoint '{ENDPOINT}' of the external model could not answer: no "
        "invoker is registered for it (get_backend().endpoints.register).",
    )


def test_an_invoker_that_raises(client: Any, store: Store) -> None:
    detector_with_endpoint(client)

    def down(body: bytes, content_type: str) -> str:
        raise TimeoutError("model container not responding")

    get_backend().endpoints.register(ENDPOINT, down)
    unavailable(
        client,
        store,
        ending(
            "could not answer: its invoker raised TimeoutError: model container not responding."
        ),
    )
    calls = get_backend().endpoints.calls
    assert [(c.endpoint, c.output, c.error) for c in calls] == [
        (
            ENDPOINT,
            None,
            "its invoker raised TimeoutError: model container not responding",
        )
    ]


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("", "its answer is empty, where a CSV line was expected"),
        ("\n", "its answer is empty, where a CSV line was expected"),
    ],
)
def test_an_empty_answer(client: Any, store: Store, output: str, reason: str) -> None:
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, output)
    unavailable(client, store, ending(f"could not answer: {reason}."))


def test_an_answer_with_too_few_columns(client: Any, store: Store) -> None:
    detector_with_endpoint(client, outputs={"1": "xgb_score"})
    get_backend().endpoints.respond(ENDPOINT, "0.5\n")
    unavailable(
        client,
        store,
        ending("its CSV answer has 1 columns; there is no column 1 for the variable 'xgb_score'."),
    )


def test_an_answer_that_is_not_of_the_variables_data_type(client: Any, store: Store) -> None:
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "high\n")
    unavailable(
        client,
        store,
        f"The SageMaker endpoint '{ENDPOINT}' answered a value for the variable 'xgb_score' "
        "that is not a valid FLOAT.",
    )


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("not json", "its answer is not a JSON line"),
        ("[0.5]", "its JSON line is not an object"),
        ('{"other": 1}', "its JSON line has no key 'score' for the variable 'xgb_score'"),
    ],
)
def test_a_json_lines_answer_without_the_key(
    client: Any, store: Store, output: str, reason: str
) -> None:
    detector_with_endpoint(
        client,
        outputs={"score": "xgb_score"},
        output_format="APPLICATION_JSONLINES",
    )
    get_backend().endpoints.respond(ENDPOINT, output)
    unavailable(client, store, re.compile(re.escape(reason)))


def test_a_dissociated_endpoint_is_unavailable(client: Any, store: Store) -> None:
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.5")
    put_external_model(client, ENDPOINT, {"0": "xgb_score"}, status="DISSOCIATED")
    unavailable(
        client,
        store,
        f"The external model '{ENDPOINT}' is DISSOCIATED; associate it with PutExternalModel "
        "to score with it.",
    )
    assert get_backend().endpoints.calls == []


def test_a_missing_data_blob_is_the_callers_mistake(client: Any, store: Store) -> None:
    """Without useEventVariables the caller must send the body: ValidationException [I]."""
    detector_with_endpoint(client, use_event_variables=False, template=None)
    get_backend().endpoints.respond(ENDPOINT, "0.5")
    refused(
        lambda: client.get_event_prediction(**request()),
        "ValidationException",
        (
            f"The external model '{ENDPOINT}' takes its input from externalModelEndpointDataBlobs "
            "(useEventVariables is false); the request has none for it."
        ),
        unchanged=store,
    )
    assert get_backend().endpoints.calls == []


def test_a_data_blob_that_is_not_base64(client: Any, store: Store) -> None:
    """Only a client other than botocore can send it (botocore encodes blobs itself)."""
    detector_with_endpoint(client, use_event_variables=False, template=None)
    params = request()
    params["externalModelEndpointDataBlobs"] = {
        ENDPOINT: {"byteBuffer": "%%% not base64 %%%", "contentType": "text/csv"}
    }
    before = len(store.predictions)
    response = post("GetEventPrediction", json.dumps(params).encode())
    assert response.status_code == 400
    assert response.json() == {
        "__type": "ValidationException",
        "message": f"The byteBuffer of externalModelEndpointDataBlobs '{ENDPOINT}' is not valid "
        "base64.",
    }
    assert len(store.predictions) == before


# The Endpoints object --------------------------------------------------------------------------


def test_register_as_a_context_manager_restores_the_previous_invoker() -> None:
    endpoints = Endpoints()
    endpoints.respond("e", "1")
    with endpoints.respond("e", "2"):
        assert endpoints.invoke("e", b"", "text/csv") == "2"
    assert endpoints.invoke("e", b"", "text/csv") == "1"
    with endpoints.respond("f", "3"):
        assert endpoints.registered == frozenset({"e", "f"})
    assert endpoints.registered == frozenset({"e"})
    endpoints.unregister("e")
    with pytest.raises(EndpointError):
        endpoints.invoke("e", b"", "text/csv")
    assert len(endpoints.calls) == 3
    endpoints.reset()
    assert endpoints.calls == [] and endpoints.registered == frozenset()


def test_an_invoker_must_answer_text() -> None:
    endpoints = Endpoints()
    endpoints.register("e", lambda body, content_type: 0.5)  # type: ignore[arg-type, return-value]
    with pytest.raises(EndpointError, match="returned float, not text"):
        endpoints.invoke("e", b"", "text/csv")
    with pytest.raises(TypeError):
        endpoints.register("e", "0.5")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        endpoints.respond("e", 0.5)  # type: ignore[arg-type]


def test_json_values_as_text() -> None:
    mapping = {"b": "v_b", "n": "v_n", "o": "v_o", "s": "v_s", "i": "v_i"}
    line = '{"b": true, "n": null, "o": {"x": [1, 2.50]}, "s": "text", "i": 7}\n{"b": false}'
    assert read_output(
        {"format": "APPLICATION_JSONLINES", "jsonKeyToVariableMap": mapping}, line
    ) == {
        "v_b": "true",
        "v_n": "null",
        "v_o": '{"x":["1","2.50"]}',
        "v_s": "text",
        "v_i": "7",
    }


def test_the_event_variables_sent_reach_the_endpoint_unchanged(client: Any) -> None:
    """The placeholders take the text sent, not the converted value (1e3 stays 1e3)."""
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.1")
    predict(client, amount="1e3", card_bin="411111")
    assert get_backend().endpoints.calls[0].body == b"1e3,411111"


def test_records_and_events_of_an_external_prediction(client: Any, store: Store) -> None:
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.95")
    predict(client, amount="12")
    event = client.get_event(eventId="tx_1", eventTypeName=EVENT_TYPE)["event"]
    assert event["eventVariables"] == {"amount": "12"}
    assert event["entities"] == [CUSTOMER] and event["eventTimestamp"] == EVENT_TIME
    assert store.predictions[-1].values["xgb_score"] == 0.95
    assert store.predictions[-1].detector_id == DETECTOR


def test_get_event_prediction_metadata_shows_the_endpoint(client: Any) -> None:
    """GetEventPredictionMetadata: evaluatedExternalModels with the template's inputs and the
    raw outputs."""
    detector_with_endpoint(client)
    get_backend().endpoints.respond(ENDPOINT, "0.95\n")
    predict(client, amount="12")
    metadata = client.get_event_prediction_metadata(
        eventId="tx_1",
        eventTypeName=EVENT_TYPE,
        detectorId=DETECTOR,
        detectorVersionId="1",
        predictionTimestamp="2024-03-01T09:30:00.250Z",
    )
    assert metadata["evaluatedExternalModels"] == [
        {
            "modelEndpoint": ENDPOINT,
            "useEventVariables": True,
            "inputVariables": {"amount": "12", "card_bin": "000000"},
            "outputVariables": {"xgb_score": "0.95\n"},
        }
    ]
    assert metadata["rules"][0]["expressionWithValues"] == "0.95 > 0.9"
