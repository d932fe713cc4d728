"""GetEventPrediction (frauddetector_mock/predict/): its request, detector version and endpoints."""

from __future__ import annotations


def no_active_detector_version(detector_id: str) -> str:
    return (
        f"The detector '{detector_id}' has no ACTIVE version; activate one with "
        "UpdateDetectorVersionStatus or name a version in detectorVersionId."
    )


def prediction_event_type_mismatch(event_type: str, detector_id: str, expected: str) -> str:
    return (
        f"The detector '{detector_id}' evaluates events of the event type '{expected}', "
        f"not '{event_type}'."
    )


def event_variables_empty() -> str:
    return "eventVariables must hold at least one variable."


def too_many_event_variables(count: int, limit: int) -> str:
    return f"The request has {count:,} eventVariables; a prediction takes at most {limit:,}."


def prediction_payload_too_large(size: int, limit: int) -> str:
    return f"The request is {size:,} bytes long; a prediction takes at most {limit:,} bytes."


def invalid_prediction_event_timestamp(value: str) -> str:
    return (
        f"The eventTimestamp '{value}' is not an ISO 8601 date and time in UTC, such as "
        "2024-03-01T09:30:00Z."
    )


def model_variables_missing(detector_id: str, version_id: str, model: str, names: list[str]) -> str:
    return (
        f"The detector '{detector_id}' version '{version_id}' uses the model {model}: send at "
        f"least one of its variables {', '.join(names)}."
    )


def data_blob_missing(endpoint: str) -> str:
    return (
        f"The external model '{endpoint}' takes its input from externalModelEndpointDataBlobs "
        "(useEventVariables is false); the request has none for it."
    )


def data_blob_invalid(endpoint: str) -> str:
    return f"The byteBuffer of externalModelEndpointDataBlobs '{endpoint}' is not valid base64."


def endpoint_unavailable(endpoint: str, reason: str) -> str:
    return f"The SageMaker endpoint '{endpoint}' of the external model could not answer: {reason}."


def endpoint_dissociated(endpoint: str) -> str:
    return (
        f"The external model '{endpoint}' is DISSOCIATED; associate it with PutExternalModel "
        "to score with it."
    )


def endpoint_output_invalid(endpoint: str, variable: str, data_type: str) -> str:
    return (
        f"The SageMaker endpoint '{endpoint}' answered a value for the variable '{variable}' "
        f"that is not a valid {data_type}."
    )
