"""GetEventPrediction (§6): choose the detector version, build the variables, score the models,
call the external models, run the compiled rules, and record what happened.

What a detector version needs for every prediction (its rules in order, the types and defaults
of its variables, its models and endpoints) is worked out once into a ``_Plan`` and reused until
something it was built from changes: a call only converts the values sent, scores, and runs the
rules. Lists are read live, so an UpdateList changes the next outcome.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from frauddetector_mock import messages
from frauddetector_mock.backend import Predicting
from frauddetector_mock.clock import format_instant
from frauddetector_mock.controls.endpoints import (
    CONTENT_TYPES,
    EndpointError,
    Endpoints,
    fill,
    read_output,
    template_parts,
)
from frauddetector_mock.errors import (
    ResourceNotFoundException,
    ResourceUnavailableException,
    ValidationException,
)
from frauddetector_mock.predict.scoring import ATI, Entity, Event, Scores, score
from frauddetector_mock.store import events as stored_events
from frauddetector_mock.store.external_models import INPUT_TEMPLATES
from frauddetector_mock.store.lifecycle import score_variable
from frauddetector_mock.store.models import find_version
from frauddetector_mock.store.predictions import SOURCE_DEFAULT, SOURCE_EVENT, Prediction, record
from frauddetector_mock.store.resource import Handler, Params

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from frauddetector_mock.store.detectors import Detector, DetectorVersion
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.external_models import ExternalModel
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.rules import RuleVersion
    from frauddetector_mock.store.state import Store
    from frauddetector_mock.store.variables import Variable

MAX_INPUTS = 5000
"""Inputs (event variables) per prediction (§11)."""
MAX_PAYLOAD = 256 * 1024
"""Bytes per prediction request (§11)."""
EVENT_BRIDGE_SOURCE = "aws.frauddetector"
EVENT_BRIDGE_DETAIL_TYPE = "Event Prediction Result Returned"
_ALL_MATCHED = "ALL_MATCHED"
_UNKNOWN_ENTITY = "unknown"


# What a detector version needs, worked out once ---------------------------------------------


@dataclass(eq=False, slots=True)
class _ModelStep:
    model: tuple[str, str, str]  # modelId, modelType, modelVersionNumber
    version: ModelVersion | None
    variable: str  # <modelId>_insightscore
    model_variables: tuple[str, ...] | None  # what the model was trained on, when known
    summary: dict[str, str]  # the response's modelVersion: no arn, as in real answers (§10)
    # score -> its EvaluatedModelVersion, shared by the records (read-only, like them)
    evaluations: dict[float, dict[str, Any]] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class _ExternalStep:
    endpoint: str
    model: ExternalModel | None
    input_configuration: dict[str, Any] | None
    output_configuration: dict[str, Any] | None
    status: str | None
    use_event_variables: bool
    template: tuple[tuple[str, ...], tuple[str, ...]] | None  # literal texts, placeholders
    content_type: str
    outputs: tuple[tuple[str, str], ...]  # (variable, data type) of the output map


@dataclass(eq=False, slots=True)
class _Plan:
    version: DetectorVersion
    event_type: EventType
    # What the plan was built from, compared on every call (identity for records and texts:
    # an update replaces them).
    rule_refs: list[tuple[str, str]]
    mode: str
    model_refs: list[dict[str, str]]
    endpoints: list[str]
    event_variables: list[str]
    entity_types: list[str]
    watched: list[tuple[str, Variable, str]]  # (name, record, default text)
    # What every call uses.
    data_types: dict[str, str]  # event variable -> data type
    typed: frozenset[str]  # the event variables whose values need converting (not STRING)
    defaults: dict[str, object]  # typed default of every variable the rules may read
    default_texts: dict[str, str]  # event variable -> default as text
    default_rows: list[tuple[str, str, str]]  # the record's (name, default, "DEFAULT") rows
    rules: list[RuleVersion]
    evaluators: list[Callable[..., bool]]  # each rule's compiled function, in order
    results: list[tuple[str, list[str]]]  # each rule's (ruleId, outcomes)
    misses: list[bool]  # False for every rule
    list_names: tuple[str, ...]
    models: list[_ModelStep] = field(default_factory=list)
    externals: list[_ExternalStep] = field(default_factory=list)
    required_inputs: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    first_matches: dict[int, list[bool]] = field(default_factory=dict)  # index -> matched

    def current(self, store: Store) -> bool:
        """Whether nothing the plan was built from has changed since."""
        version = self.version
        if (
            version.rules != self.rule_refs
            or version.rule_execution_mode != self.mode
            or version.model_versions != self.model_refs
            or version.external_model_endpoints != self.endpoints
        ):
            return False
        event_type = store.event_types.get(self.event_type.name)
        if (
            event_type is not self.event_type
            or event_type.event_variables != self.event_variables
            or event_type.entity_types != self.entity_types
        ):
            return False
        variables = store.variables
        for name, variable, default in self.watched:
            if variables.get(name) is not variable or variable.default_value is not default:
                return False
        for model_step in self.models:
            if find_version(store, *model_step.model) is not model_step.version:
                return False
        for step in self.externals:
            model = store.external_models.get(step.endpoint)
            if model is not step.model or (
                model is not None
                and (
                    model.input_configuration is not step.input_configuration
                    or model.output_configuration is not step.output_configuration
                    or model.model_endpoint_status != step.status
                )
            ):
                return False
        return True


# Detector versions are keyed by identity: a deleted version takes its plan with it.
_PLANS: weakref.WeakKeyDictionary[DetectorVersion, _Plan] = weakref.WeakKeyDictionary()


def _plan(store: Store, detector: Detector, version: DetectorVersion) -> _Plan:
    plan = _PLANS.get(version)
    if plan is None or not plan.current(store):
        plan = _PLANS[version] = _build(store, detector, version)
    return plan


def _build(store: Store, detector: Detector, version: DetectorVersion) -> _Plan:
    event_type = store.event_types[detector.event_type_name]
    variables = store.variables
    watched: list[tuple[str, Variable, str]] = []
    data_types: dict[str, str] = {}
    defaults: dict[str, object] = {}
    default_texts: dict[str, str] = {}

    def watch(name: str) -> Variable | None:
        variable = variables.get(name)
        if variable is not None:
            watched.append((name, variable, variable.default_value))
        return variable

    for name in event_type.event_variables:
        variable = watch(name)
        if variable is None:  # an event type's variables cannot be deleted; be safe anyway
            continue
        data_types[name] = variable.data_type
        default_texts[name] = variable.default_value
        defaults[name] = _typed_default(variable)

    rules = [detector.rules[rule_id][number] for rule_id, number in version.rules]
    models = [_model_step(store, ref) for ref in version.model_versions]
    externals = [
        _external_step(store, endpoint, watch) for endpoint in version.external_model_endpoints
    ]
    produced = {step.variable for step in models}
    produced.update(name for step in externals for name, _ in step.outputs)
    # A variable a rule reads that neither the event nor a model of this version supplies (a
    # score variable of a model the version does not use) has its default (§5.3).
    for rule in rules:
        for name in rule.compiled.variables:
            if name not in defaults and name not in produced:
                variable = watch(name)
                defaults[name] = None if variable is None else _typed_default(variable)
    list_names = tuple(sorted({name for rule in rules for name in rule.compiled.lists}))
    return _Plan(
        version=version,
        event_type=event_type,
        rule_refs=list(version.rules),
        mode=version.rule_execution_mode,
        model_refs=[dict(ref) for ref in version.model_versions],
        endpoints=list(version.external_model_endpoints),
        event_variables=list(event_type.event_variables),
        entity_types=list(event_type.entity_types),
        watched=watched,
        data_types=data_types,
        typed=frozenset(name for name, data_type in data_types.items() if data_type != "STRING"),
        defaults=defaults,
        default_texts=default_texts,
        default_rows=[(name, text, SOURCE_DEFAULT) for name, text in default_texts.items()],
        rules=rules,
        evaluators=[rule.compiled.evaluate for rule in rules],
        results=[(rule.rule_id, list(rule.outcomes)) for rule in rules],
        misses=[False] * len(rules),
        list_names=list_names,
        models=models,
        externals=externals,
        required_inputs=[
            (f"'{step.model[0]}' ({step.model[1]}) version {step.model[2]}", frozenset(names))
            for step in models
            if (names := step.model_variables)
        ],
    )


def _typed_default(variable: Variable) -> object:
    from frauddetector_mock.detectorpl import convert

    try:
        return convert(variable.default_value, variable.data_type)
    except ValueError:  # defaults are checked on creation; a bad one reads as null
        return None


def _model_step(store: Store, ref: dict[str, str]) -> _ModelStep:
    model = (ref["modelId"], ref["modelType"], ref["modelVersionNumber"])
    version = find_version(store, *model)
    names = None
    if version is not None:
        names = tuple((version.training_data_schema or {}).get("modelVariables") or ()) or None
    return _ModelStep(
        model=model,
        version=version,
        variable=score_variable(model[0]),
        model_variables=names,
        summary={"modelId": model[0], "modelType": model[1], "modelVersionNumber": model[2]},
    )


def _external_step(
    store: Store, endpoint: str, watch: Callable[[str], Variable | None]
) -> _ExternalStep:
    model = store.external_models.get(endpoint)
    if model is None:
        return _ExternalStep(endpoint, None, None, None, None, False, None, "", ())
    inputs = model.input_configuration
    use_event_variables = bool(inputs.get("useEventVariables"))
    template = None
    content_type = ""
    if use_event_variables:
        input_format = inputs.get("format") or "APPLICATION_JSON"
        template = template_parts(inputs.get(INPUT_TEMPLATES[input_format]) or "")
        content_type = CONTENT_TYPES[input_format]
    outputs = []
    for name in model.output_variables():
        variable = watch(name)
        outputs.append((name, "STRING" if variable is None else variable.data_type))
    return _ExternalStep(
        endpoint=endpoint,
        model=model,
        input_configuration=model.input_configuration,
        output_configuration=model.output_configuration,
        status=model.model_endpoint_status,
        use_event_variables=use_event_variables,
        template=template,
        content_type=content_type,
        outputs=tuple(outputs),
    )


# The operation -------------------------------------------------------------------------------


def handle_get_event_prediction(store: Store, params: Params) -> dict[str, Any]:
    sent: dict[str, str] = params["eventVariables"]
    _check_size(params, sent)
    detector, version = _detector_version(store, params)
    plan = _plan(store, detector, version)
    event_type = plan.event_type
    timestamp = params["eventTimestamp"]
    _check_timestamp(timestamp)
    entities: list[dict[str, str]] = params["entities"]
    _check_entities(event_type, entities)
    values = _event_values(plan, sent)
    for model, names in plan.required_inputs:
        if names.isdisjoint(sent):
            raise ValidationException(
                messages.model_variables_missing(
                    detector.detector_id, version.detector_version_id, model, sorted(names)
                )
            )
    blobs = _data_blobs(plan, params.get("externalModelEndpointDataBlobs") or {})
    predicting = _predicting(store)

    # Evaluation: nothing below changes the store until the prediction is recorded.
    model_scores, model_evaluations = _score_models(store, predicting, plan, params, values)
    outputs, external_evaluations = _call_endpoints(predicting.endpoints, plan, sent, blobs, values)
    lists = {name: store.lists[name].elements for name in plan.list_names if name in store.lists}
    now = store.clock.now()
    matched, rule_results, outcomes = _run_rules(plan, values, lists, now)

    prediction = record(
        store,
        Prediction(
            sequence=0,  # numbered by record()
            event_id=params["eventId"],
            event_type_name=event_type.name,
            event_timestamp=timestamp,
            prediction_timestamp=_timestamp_text(predicting, now),
            detector_id=detector.detector_id,
            detector_version_id=version.detector_version_id,
            detector_version_status=version.status,
            rule_execution_mode=version.rule_execution_mode,
            entity_type=entities[0]["entityType"],
            entity_id=entities[0]["entityId"],
            variables=[
                (row[0], sent[row[0]], SOURCE_EVENT) if row[0] in sent else row
                for row in plan.default_rows
            ],
            values=values,
            rules=plan.rules,
            evaluated=len(matched),
            matched=matched,
            outcomes=outcomes,
            model_evaluations=model_evaluations,
            external_evaluations=external_evaluations,
        ),
    )
    _remember_entities(predicting, plan, entities[0])
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
        predicting.eventbridge.append(
            _eventbridge_event(store, version, prediction, entities, result)
        )
    return result


def _run_rules(
    plan: _Plan, values: dict[str, object], lists: dict[str, Any], now: datetime
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
    for index, evaluate in enumerate(plan.evaluators):
        if evaluate(values, lists, now):
            row = plan.first_matches.get(index)
            if row is None:
                row = plan.first_matches[index] = [*plan.misses[:index], True]
            rule_id, rule_outcomes = plan.results[index]
            return row, [{"ruleId": rule_id, "outcomes": list(rule_outcomes)}], rule_outcomes
    return plan.misses, [], []


def _timestamp_text(predicting: Predicting, now: datetime) -> str:
    # A frozen clock gives every call the same instant: format it once.
    last = predicting.last_timestamp
    if last is None or last[0] != now:
        last = predicting.last_timestamp = (now, format_instant(now))
    return last[1]


def _check_size(params: Params, sent: dict[str, str]) -> None:
    if not sent:
        raise ValidationException(messages.event_variables_empty())
    if len(sent) > MAX_INPUTS:
        raise ValidationException(messages.too_many_event_variables(len(sent), MAX_INPUTS))
    # Counted exactly only when a cheap lower bound comes near the limit.
    rough = sum(map(len, sent)) + sum(map(len, sent.values())) + 6 * len(sent)
    rough += sum(
        len(blob.get("byteBuffer") or "")
        for blob in (params.get("externalModelEndpointDataBlobs") or {}).values()
    )
    if rough * 2 > MAX_PAYLOAD:
        import json

        size = len(json.dumps(params, separators=(",", ":")).encode())
        if size > MAX_PAYLOAD:
            raise ValidationException(messages.prediction_payload_too_large(size, MAX_PAYLOAD))


def _detector_version(store: Store, params: Params) -> tuple[Detector, DetectorVersion]:
    detector_id = params["detectorId"]
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(messages.not_found("detector", detector_id))
    version_id = params.get("detectorVersionId")
    if version_id is None:
        version = next((v for v in detector.versions.values() if v.status == "ACTIVE"), None)
        if version is None:
            raise ResourceNotFoundException(messages.no_active_detector_version(detector_id))
    else:
        found = detector.versions.get(version_id)
        if found is None:
            raise ResourceNotFoundException(
                messages.detector_version_not_found(detector_id, version_id)
            )
        version = found
    if params["eventTypeName"] != detector.event_type_name:
        raise ValidationException(
            messages.prediction_event_type_mismatch(
                params["eventTypeName"], detector_id, detector.event_type_name
            )
        )
    return detector, version


def _check_timestamp(text: str) -> None:
    if _timestamp_pattern().fullmatch(text) is None:
        raise ValidationException(messages.invalid_prediction_event_timestamp(text))
    try:
        datetime.fromisoformat(text)  # the calendar: no 2024-02-30, no 25:00
    except ValueError:
        # Python 3.10 reads neither "Z" nor more than 6 digits of a fraction.
        from frauddetector_mock.detectorpl.values import parse_datetime

        try:
            parse_datetime(text)
        except ValueError:
            raise ValidationException(messages.invalid_prediction_event_timestamp(text)) from None


_PATTERNS: list[Any] = []


def _timestamp_pattern() -> Any:
    if not _PATTERNS:
        import re

        # A date and a time to the second, fractions optional, and a zone: Z or an offset.
        _PATTERNS.append(
            re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)")
        )
    return _PATTERNS[0]


def _check_entities(event_type: EventType, entities: list[dict[str, str]]) -> None:
    if not entities:
        raise ValidationException(messages.entities_missing(event_type.name))
    allowed = event_type.entity_types
    unknown = [e["entityType"] for e in entities if e["entityType"] not in allowed]
    if unknown:
        raise ValidationException(
            messages.entity_types_unknown(event_type.name, list(dict.fromkeys(unknown)))
        )


def _event_values(plan: _Plan, sent: dict[str, str]) -> dict[str, object]:
    """The typed values the rules see: the values sent, converted, over the defaults."""
    data_types = plan.data_types
    if not data_types.keys() >= sent.keys():
        unknown = [name for name in sent if name not in data_types]
        raise ValidationException(messages.event_variables_unknown(plan.event_type.name, unknown))
    values = dict(plan.defaults)
    values.update(sent)  # STRING values are taken as sent; the others are converted below
    if plan.typed.isdisjoint(sent):
        return values
    from frauddetector_mock.detectorpl import convert

    for name, raw in sent.items():
        data_type = data_types[name]
        if data_type == "STRING":
            continue
        try:
            values[name] = convert(raw, data_type)
        except ValueError:
            raise ValidationException(messages.event_value_invalid(name, data_type)) from None
    return values


def _data_blobs(plan: _Plan, blobs: dict[str, dict[str, str]]) -> dict[str, tuple[bytes, str]]:
    """The bodies callers sent for the endpoints that do not build their own (decoded)."""
    bodies: dict[str, tuple[bytes, str]] = {}
    for step in plan.externals:
        if step.model is None or step.use_event_variables:
            continue
        blob = blobs.get(step.endpoint)
        if blob is None or "byteBuffer" not in blob:
            raise ValidationException(messages.data_blob_missing(step.endpoint))
        body = _decoded(step.endpoint, blob["byteBuffer"])
        bodies[step.endpoint] = (body, blob.get("contentType") or "")  # passed on as sent
    return bodies


def _decoded(endpoint: str, byte_buffer: str) -> bytes:
    import base64
    import binascii

    try:
        return base64.b64decode(byte_buffer, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationException(messages.data_blob_invalid(endpoint)) from None


def _predicting(store: Store) -> Predicting:
    if store.predicting is None:  # a store made without a backend (tests of the store alone)
        store.predicting = Predicting(Scores(), Endpoints(), [])
    return store.predicting


def _score_models(
    store: Store,
    predicting: Predicting,
    plan: _Plan,
    params: Params,
    values: dict[str, object],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not plan.models:
        return [], []
    entities = params["entities"]
    sent = params["eventVariables"]
    built: list[Event] = []

    def event() -> Event:
        if not built:
            built.append(
                Event(
                    event_id=params["eventId"],
                    event_type_name=params["eventTypeName"],
                    timestamp=params["eventTimestamp"],
                    entities=tuple(Entity(e["entityType"], e["entityId"]) for e in entities),
                    variables=MappingProxyType(dict(sent)),
                )
            )
        return built[0]

    first = entities[0]
    key = (first["entityType"], first["entityId"])
    anonymous = key[1].lower() == _UNKNOWN_ENTITY
    scores: list[dict[str, Any]] = []
    evaluations: list[dict[str, Any]] = []
    for step in plan.models:
        model_id = step.model[0]
        # An anonymous entity has no history: every one of its events is a first (§4.2, §4.10).
        new = anonymous or key not in predicting.entities_seen.get(model_id, ())
        value = score(
            predicting.scores,
            store,
            step.version,
            step.model,
            event,
            sent,
            new,
            step.model_variables,
        )
        values[step.variable] = value
        scores.append({"modelVersion": dict(step.summary), "scores": {step.variable: value}})
        evaluation = step.evaluations.get(value)
        if evaluation is None:
            evaluation = step.evaluations[value] = _model_evaluation(step, value)
        evaluations.append(evaluation)
    return scores, evaluations


def _model_evaluation(step: _ModelStep, value: float) -> dict[str, Any]:
    """The ``EvaluatedModelVersion`` of a score (§7): the score as text, no explanations."""
    model_id, model_type, number = step.model
    return {
        "modelId": model_id,
        "modelVersion": number,
        "modelType": model_type,
        "evaluations": [
            {
                "outputVariableName": step.variable,
                "evaluationScore": str(value),
                "predictionExplanations": {
                    "variableImpactExplanations": [],
                    "aggregatedVariablesImpactExplanations": [],
                },
            }
        ],
    }


def _call_endpoints(
    endpoints: Endpoints,
    plan: _Plan,
    sent: Mapping[str, str],
    blobs: dict[str, tuple[bytes, str]],
    values: dict[str, object],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not plan.externals:
        return [], []
    from frauddetector_mock.detectorpl import convert

    texts: dict[str, str] | None = None
    outputs: list[dict[str, Any]] = []
    evaluations: list[dict[str, Any]] = []
    for step in plan.externals:
        endpoint = step.endpoint
        if step.model is None or step.status != "ASSOCIATED":
            raise ResourceUnavailableException(messages.endpoint_dissociated(endpoint))
        inputs: dict[str, str] = {}
        if step.template is not None:
            if texts is None:
                # Placeholders take the text sent, or the variable's default (§5.3).
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
                messages.endpoint_unavailable(endpoint, str(error))
            ) from None
        for name, data_type in step.outputs:
            try:
                values[name] = convert(raw[name], data_type)
            except ValueError:
                raise ResourceUnavailableException(
                    messages.endpoint_output_invalid(endpoint, name, data_type)
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


def _remember_entities(predicting: Predicting, plan: _Plan, entity: dict[str, str]) -> None:
    """ATI models know an entity from its first scored event on (§4.10)."""
    if entity["entityId"].lower() == _UNKNOWN_ENTITY:
        return
    key = (entity["entityType"], entity["entityId"])
    for step in plan.models:
        if step.model[1] == ATI:
            predicting.entities_seen.setdefault(step.model[0], {})[key] = None


def _eventbridge_event(
    store: Store,
    version: DetectorVersion,
    prediction: Prediction,
    entities: list[dict[str, str]],
    result: dict[str, Any],
) -> dict[str, Any]:
    """The EventBridge event the prediction emits (§4.5): AWS publishes no schema of its
    detail, so it carries the prediction's ids and its results as GetEventPrediction does."""
    import copy
    import hashlib

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


HANDLERS: dict[str, Handler] = {"GetEventPrediction": handle_get_event_prediction}
