"""GetEventPrediction: choose the detector version, build the variables, score the models,
call the external models, run the compiled rules, and record what happened.

What a detector version needs for every prediction is worked out once into a plan (plan.py):
a call only converts the values sent, scores (scoring.py), calls the external models
(external.py), runs the rules, and records what happened. Lists are read live, so an UpdateList
changes the next outcome.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import format_instant
from frauddetector_mock.controls.predicting import Predicting
from frauddetector_mock.detectorpl import convert
from frauddetector_mock.detectorpl.values import parse_datetime
from frauddetector_mock.errors import ValidationException
from frauddetector_mock.messages import events as event_messages
from frauddetector_mock.messages import predict as predict_messages
from frauddetector_mock.predict.eventbridge import eventbridge_event
from frauddetector_mock.predict.external import call_endpoints, data_blobs
from frauddetector_mock.predict.plan import Plan, plan_for
from frauddetector_mock.predict.scoring import remember_entities, score_models
from frauddetector_mock.store import events as stored_events
from frauddetector_mock.store.detectors import resolve_version
from frauddetector_mock.store.predictions import SOURCE_EVENT, Prediction, record
from frauddetector_mock.store.resource import Params

if TYPE_CHECKING:
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.state import Store

MAX_INPUTS = 5000
"""Inputs (event variables) per prediction (AWS's "Quotas" page)."""
MAX_PAYLOAD = 256 * 1024
"""Bytes per prediction request (AWS's "Quotas" page)."""
_OTHER_MEMBERS = 4096
"""Bytes that the members besides the event's texts take at most: ids, names and the timestamp
(each at most 64 characters, twelve bytes each) and the members' own names."""
_ALL_MATCHED = "ALL_MATCHED"
# A date and a time to the second, fractions optional, and a zone: Z or an offset.
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)")


def handle_get_event_prediction(
    store: Store, params: Params, controls: Predicting
) -> dict[str, Any]:
    sent: dict[str, str] = params["eventVariables"]
    _check_size(params, sent, stored_events.check_unicode(params))
    detector, version = resolve_version(store, params)
    plan = plan_for(store, detector, version)
    event_type = plan.event_type
    timestamp = params["eventTimestamp"]
    check_timestamp(timestamp)
    entities: list[dict[str, str]] = params["entities"]
    _check_entities(event_type, entities)
    values = _event_values(plan, sent)
    for model, names in plan.required_inputs:
        if names.isdisjoint(sent):
            raise ValidationException(
                predict_messages.model_variables_missing(
                    detector.detector_id, version.detector_version_id, model, sorted(names)
                )
            )
    blobs = data_blobs(plan, params.get("externalModelEndpointDataBlobs") or {})

    # Evaluation: nothing below changes the store until the prediction is recorded.
    model_scores, model_evaluations = score_models(store, controls.scores, plan, params, values)
    outputs, external_evaluations = call_endpoints(controls.endpoints, plan, sent, blobs, values)
    lists = {}
    for name in plan.list_names:  # read live: an UpdateList changes the next outcome
        found = store.lists.get(name)
        if found is not None:
            lists[name] = found.elements
    now = store.clock.now()
    matched, rule_results, outcomes = _run_rules(plan, values, lists, now)

    # Positional, in the order of Prediction's fields: keywords cost a prediction about 0.6 µs.
    prediction = record(
        store,
        Prediction(
            0,  # sequence, numbered by record()
            params["eventId"],
            event_type.name,
            timestamp,  # event_timestamp
            _timestamp_text(store, now),  # prediction_timestamp
            detector.detector_id,
            version.detector_version_id,
            version.status,
            version.rule_execution_mode,
            entities[0]["entityType"],
            entities[0]["entityId"],
            tuple(  # variables
                [
                    (row[0], sent[row[0]], SOURCE_EVENT) if row[0] in sent else row
                    for row in plan.default_rows
                ]
            ),
            values,
            plan.rules,
            len(matched),  # evaluated
            matched,
            outcomes,
            model_evaluations,
            external_evaluations,
        ),
    )
    remember_entities(store, plan, entities[0])
    if event_type.event_ingestion == "ENABLED":
        stored_events.ingest(
            store, event_type.name, params["eventId"], timestamp, dict(sent), entities
        )
    result = {
        "modelScores": model_scores,
        "ruleResults": rule_results,
        "externalModelOutputs": outputs,
    }
    if event_type.event_bridge_enabled:
        controls.eventbridge.append(eventbridge_event(store, version, prediction, entities, result))
    return result


def _run_rules(
    plan: Plan, values: dict[str, object], lists: dict[str, Any], now: datetime
) -> tuple[list[bool], list[dict[str, Any]], list[str]]:
    """(matched, ruleResults, outcomes): ``matched`` says for each rule evaluated whether it
    matched, every rule under ALL_MATCHED, up to the first match under FIRST_MATCHED.

    Records keep ``matched`` and ``outcomes`` read-only: FIRST_MATCHED shares them between the
    records of one plan, which keeps a long history small and cheap to collect.
    """
    if plan.mode == _ALL_MATCHED:
        matched = [evaluate(values, lists, now) for evaluate in plan.evaluators]
        results = []
        outcomes: list[str] = []
        for hit, (rule_id, rule_outcomes) in zip(matched, plan.results, strict=True):
            if hit:
                results.append({"ruleId": rule_id, "outcomes": list(rule_outcomes)})
                outcomes.extend(rule_outcomes)
        return matched, results, outcomes
    index = plan.first_match(values, lists, now)
    if index < 0:
        return plan.misses, [], []
    row = plan.first_matches.get(index)
    if row is None:
        row = plan.first_matches[index] = [*plan.misses[:index], True]
    rule_id, rule_outcomes = plan.results[index]
    return row, [{"ruleId": rule_id, "outcomes": list(rule_outcomes)}], rule_outcomes


def _timestamp_text(store: Store, now: datetime) -> str:
    # A frozen clock gives every call the same instant: format it once.
    last = store.last_prediction_time
    if last is None or last[0] != now:
        last = store.last_prediction_time = (now, format_instant(now))
    return last[1]


def _check_size(params: Params, sent: dict[str, str], characters: int) -> None:
    """Refuse a request over ``MAX_PAYLOAD`` bytes of JSON. ``characters``, the event's texts
    (check_unicode), bound it cheaply: JSON writes a character in at most twelve bytes (a
    surrogate pair of ``\\u`` escapes), the members the event's texts leave out are short, and
    base64 blobs take a byte a character; the request is counted exactly only near the limit."""
    if not sent:
        raise ValidationException(predict_messages.event_variables_empty())
    if len(sent) > MAX_INPUTS:
        raise ValidationException(predict_messages.too_many_event_variables(len(sent), MAX_INPUTS))
    bound = 12 * characters + 6 * len(sent) + 64 * len(params["entities"]) + _OTHER_MEMBERS
    blobs = params.get("externalModelEndpointDataBlobs")
    if blobs:
        bound += sum(len(blob.get("byteBuffer") or "") + 256 for blob in blobs.values())
    if not characters or bound > MAX_PAYLOAD:
        size = len(json.dumps(params, separators=(",", ":")).encode())
        if size > MAX_PAYLOAD:
            raise ValidationException(
                predict_messages.prediction_payload_too_large(size, MAX_PAYLOAD)
            )


def check_timestamp(text: str) -> None:
    """Refuse an eventTimestamp that is not ISO 8601 with a zone, as GetEventPrediction does."""
    if _TIMESTAMP.fullmatch(text) is None:
        raise ValidationException(predict_messages.invalid_prediction_event_timestamp(text))
    try:
        datetime.fromisoformat(text)  # the calendar: no 2024-02-30, no 25:00
    except ValueError:
        # Python 3.10 reads neither "Z" nor more than 6 digits of a fraction.
        try:
            parse_datetime(text)
        except ValueError:
            raise ValidationException(
                predict_messages.invalid_prediction_event_timestamp(text)
            ) from None


def _check_entities(event_type: EventType, entities: list[dict[str, str]]) -> None:
    if not entities:
        raise ValidationException(event_messages.entities_missing(event_type.name))
    allowed = event_type.entity_types
    if len(entities) == 1 and entities[0]["entityType"] in allowed:
        return  # nearly every prediction names one entity
    unknown = [e["entityType"] for e in entities if e["entityType"] not in allowed]
    if unknown:
        raise ValidationException(
            event_messages.entity_types_unknown(event_type.name, list(dict.fromkeys(unknown)))
        )


def _event_values(plan: Plan, sent: dict[str, str]) -> dict[str, object]:
    """The typed values the rules see: the values sent, converted, over the defaults."""
    data_types = plan.data_types
    if not data_types.keys() >= sent.keys():
        unknown = [name for name in sent if name not in data_types]
        raise ValidationException(
            event_messages.event_variables_unknown(plan.event_type.name, unknown)
        )
    values = dict(plan.defaults)
    values.update(sent)  # STRING values are taken as sent; the others are converted below
    if plan.typed.isdisjoint(sent):
        return values

    for name, raw in sent.items():
        data_type = data_types[name]
        if data_type == "STRING":
            continue
        try:
            values[name] = convert(raw, data_type)
        except ValueError:
            raise ValidationException(event_messages.event_value_invalid(name, data_type)) from None
    return values


HANDLERS = {"GetEventPrediction": handle_get_event_prediction}
