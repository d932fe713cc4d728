"""What a detector version needs for every prediction, worked out once into a ``Plan``: its rules
in order and their compiled functions, the types and defaults of its variables, its models and
endpoints. The store keeps each version's plan (``Store.plans``); it is reused until something it
was built from changes, which ``Plan.current`` checks on every call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.controls.endpoints import CONTENT_TYPES, template_parts
from frauddetector_mock.detectorpl import convert
from frauddetector_mock.detectorpl.rule import first_match
from frauddetector_mock.store.external_models import INPUT_TEMPLATES
from frauddetector_mock.store.lifecycle import score_variable
from frauddetector_mock.store.models import canonical_number, find_version
from frauddetector_mock.store.predictions import SOURCE_DEFAULT

if TYPE_CHECKING:
    from collections.abc import Callable

    from frauddetector_mock.store.detectors import Detector, DetectorVersion
    from frauddetector_mock.store.event_types import EventType
    from frauddetector_mock.store.external_models import ExternalModel
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.rules import RuleVersion
    from frauddetector_mock.store.state import Store
    from frauddetector_mock.store.variables import Variable


@dataclass(eq=False, slots=True)
class ModelStep:
    model: tuple[str, str, str]  # modelId, modelType, modelVersionNumber
    version: ModelVersion | None
    key: tuple[tuple[str, str], str]  # where the version is found: (model key, canonical number)
    variable: str  # <modelId>_insightscore
    model_variables: tuple[str, ...] | None  # what the model was trained on, when known
    # The response's modelVersion: no arn, as in real answers (docs/behaviour.md, "Predictions").
    summary: dict[str, str]
    # (score, id of the learned model that explains it) -> its EvaluatedModelVersion, shared
    # by the records (read-only, like them)
    evaluations: dict[tuple[float, int], dict[str, Any]] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class ExternalStep:
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
class Plan:
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
    first_match: Callable[..., int]  # all the rules as one function: the first that matches
    results: list[tuple[str, list[str]]]  # each rule's (ruleId, outcomes)
    misses: list[bool]  # False for every rule
    list_names: tuple[str, ...]
    models: list[ModelStep] = field(default_factory=list)
    externals: list[ExternalStep] = field(default_factory=list)
    required_inputs: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    first_matches: dict[int, list[bool]] = field(default_factory=dict)  # index -> matched
    # the ids of the models' evaluations -> one list of them, shared by records (score_models)
    evaluation_lists: dict[tuple[int, ...], list[dict[str, Any]]] = field(default_factory=dict)

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
        models = store.models
        for model_step in self.models:
            model_key, number = model_step.key
            owner = models.get(model_key)
            if (None if owner is None else owner.versions.get(number)) is not model_step.version:
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


def plan_for(store: Store, detector: Detector, version: DetectorVersion) -> Plan:
    """The plan of ``version``: the one the store keeps for it while nothing it was built from
    has changed, else a new one."""
    plan: Plan | None = store.plans.get(version)
    if plan is None or not plan.current(store):
        plan = store.plans[version] = _build(store, detector, version)
    return plan


def _build(store: Store, detector: Detector, version: DetectorVersion) -> Plan:
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
    # score variable of a model the version does not use) has its default (docs/behaviour.md,
    # "Predictions").
    for rule in rules:
        for name in rule.compiled.variables:
            if name not in defaults and name not in produced:
                variable = watch(name)
                defaults[name] = None if variable is None else _typed_default(variable)
    list_names = tuple(sorted({name for rule in rules for name in rule.compiled.lists}))
    return Plan(
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
        first_match=first_match([rule.compiled for rule in rules]),
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

    try:
        return convert(variable.default_value, variable.data_type)
    except ValueError:  # defaults are checked on creation; a bad one reads as null
        return None


def _model_step(store: Store, ref: dict[str, str]) -> ModelStep:
    model = (ref["modelId"], ref["modelType"], ref["modelVersionNumber"])
    version = find_version(store, *model)
    names = None
    if version is not None:
        # Answers and records name the version as the service numbered it, whatever form a
        # detector version kept (docs/behaviour.md, "Models and model versions").
        model = (model[0], model[1], version.model_version_number)
        names = tuple((version.training_data_schema or {}).get("modelVariables") or ()) or None
    return ModelStep(
        model=model,
        version=version,
        key=((ref["modelId"], ref["modelType"]), canonical_number(ref["modelVersionNumber"])),
        variable=score_variable(model[0]),
        model_variables=names,
        summary={"modelId": model[0], "modelType": model[1], "modelVersionNumber": model[2]},
    )


def _external_step(
    store: Store, endpoint: str, watch: Callable[[str], Variable | None]
) -> ExternalStep:
    model = store.external_models.get(endpoint)
    if model is None:
        return ExternalStep(endpoint, None, None, None, None, False, None, "", ())
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
    return ExternalStep(
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
