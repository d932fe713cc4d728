"""External models in a prediction: the bodies sent to SageMaker endpoints (built from the
event's variables or passed by the caller), the answer of each endpoint (controls/endpoints.py),
and its outputs as typed variables for the rules.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from frauddetector_mock.controls.endpoints import EndpointError, Endpoints, fill, read_output
from frauddetector_mock.detectorpl import convert
from frauddetector_mock.errors import ResourceUnavailableException, ValidationException
from frauddetector_mock.messages import predict as predict_messages
from frauddetector_mock.store.predictions import NONE_EVALUATED

if TYPE_CHECKING:
    from frauddetector_mock.predict.plan import Plan


def data_blobs(plan: Plan, blobs: dict[str, dict[str, str]]) -> dict[str, tuple[bytes, str]]:
    """The bodies callers sent for the endpoints that do not build their own (decoded)."""
    bodies: dict[str, tuple[bytes, str]] = {}
    for step in plan.externals:
        if step.model is None or step.use_event_variables:
            continue
        blob = blobs.get(step.endpoint)
        if blob is None or "byteBuffer" not in blob:
            raise ValidationException(predict_messages.data_blob_missing(step.endpoint))
        body = _decoded(step.endpoint, blob["byteBuffer"])
        bodies[step.endpoint] = (body, blob.get("contentType") or "")  # passed on as sent
    return bodies


def _decoded(endpoint: str, byte_buffer: str) -> bytes:

    try:
        return base64.b64decode(byte_buffer, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationException(predict_messages.data_blob_invalid(endpoint)) from None


def call_endpoints(
    endpoints: Endpoints,
    plan: Plan,
    sent: Mapping[str, str],
    blobs: dict[str, tuple[bytes, str]],
    values: dict[str, object],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not plan.externals:
        return [], NONE_EVALUATED

    texts: dict[str, str] | None = None
    outputs: list[dict[str, Any]] = []
    evaluations: list[dict[str, Any]] = []
    for step in plan.externals:
        endpoint = step.endpoint
        if step.model is None or step.status != "ASSOCIATED":
            raise ResourceUnavailableException(predict_messages.endpoint_dissociated(endpoint))
        inputs: dict[str, str] = {}
        if step.template is not None:
            if texts is None:
                # Placeholders take the text sent, or the variable's default
                # (AWS API reference: "GetEventPrediction").
                texts = {**plan.default_texts, **sent}
            literal, names = step.template
            body = fill(literal, names, texts).encode()
            content_type = step.content_type
            inputs = {name: texts.get(name, "") for name in names}
        else:
            body, content_type = blobs[endpoint]
        try:
            raw = read_output(
                step.output_configuration or {}, endpoints.invoke(endpoint, body, content_type)
            )
        except EndpointError as error:
            raise ResourceUnavailableException(
                predict_messages.endpoint_unavailable(endpoint, str(error))
            ) from None
        for name, data_type in step.outputs:
            try:
                values[name] = convert(raw[name], data_type)
            except ValueError:
                raise ResourceUnavailableException(
                    predict_messages.endpoint_output_invalid(endpoint, name, data_type)
                ) from None
        outputs.append(
            {
                "externalModel": {"modelEndpoint": endpoint, "modelSource": "SAGEMAKER"},
                "outputs": raw,
            }
        )
        evaluations.append(
            {
                "modelEndpoint": endpoint,
                "useEventVariables": step.use_event_variables,
                "inputVariables": inputs,
                "outputVariables": dict(raw),
            }
        )
    return outputs, evaluations
