"""The EventBridge event a prediction emits when its event type sends them."""

from __future__ import annotations

import copy
import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frauddetector_mock.store.detectors import DetectorVersion
    from frauddetector_mock.store.predictions import Prediction
    from frauddetector_mock.store.state import Store

EVENT_BRIDGE_SOURCE = "aws.frauddetector"
EVENT_BRIDGE_DETAIL_TYPE = "Event Prediction Result Returned"


def eventbridge_event(
    store: Store,
    version: DetectorVersion,
    prediction: Prediction,
    entities: list[dict[str, str]],
    result: dict[str, Any],
) -> dict[str, Any]:
    """The EventBridge event the prediction emits (docs/behaviour.md, "Predictions"): AWS
    publishes no schema of its detail, so it carries the prediction's ids and its results as
    GetEventPrediction does."""

    seed = f"{store.account_id}:{store.region}:{prediction.sequence}".encode()
    digest = hashlib.blake2b(seed, digest_size=16).hexdigest()
    event_id = "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:]))
    return {
        "version": "0",
        "id": event_id,
        "detail-type": EVENT_BRIDGE_DETAIL_TYPE,
        "source": EVENT_BRIDGE_SOURCE,
        "account": store.account_id,
        "time": prediction.prediction_timestamp[:19] + "Z",
        "region": store.region,
        "resources": [version.arn],
        "detail": {
            "eventId": prediction.event_id,
            "eventTypeName": prediction.event_type_name,
            "eventTimestamp": prediction.event_timestamp,
            "entities": [dict(entity) for entity in entities],
            "detectorId": prediction.detector_id,
            "detectorVersionId": prediction.detector_version_id,
            "predictionTimestamp": prediction.prediction_timestamp,
            "outcomes": list(dict.fromkeys(prediction.outcomes)),
            "ruleResults": copy.deepcopy(result["ruleResults"]),
            "modelScores": copy.deepcopy(result["modelScores"]),
            "externalModelOutputs": copy.deepcopy(result["externalModelOutputs"]),
        },
    }
