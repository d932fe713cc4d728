"""How a model version scores an event: the user's controls first (controls/scores.py), then
the service's own rule for ATI models, then a trained model's scorer, then a deterministic
default.

hashlib and json load with the first default score.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from frauddetector_mock.controls.scores import (
    ATI,
    FIRST_EVENT_SCORE,
    Entity,
    Event,
    ScoreFunction,
    Scores,
    checked_score,
)
from frauddetector_mock.store.entity_history import first_event
from frauddetector_mock.store.learned import LearnedModel, PendingExplanations
from frauddetector_mock.store.predictions import NONE_EVALUATED
from frauddetector_mock.store.resource import Params

if TYPE_CHECKING:
    from frauddetector_mock.predict.plan import ModelStep, Plan
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.state import Store


def trained_scorer(store: Store, version: ModelVersion) -> ScoreFunction | None:
    """The scorer a trained model version learned (frauddetector_mock/store/learned.py), or None
    when its training learned nothing and the default score applies."""
    learned = version.learned
    if learned is None:
        return None
    return lambda event: learned.score(event.variables)


def default_score(
    model_id: str,
    model_type: str,
    version_number: str,
    variables: Mapping[str, str],
    model_variables: Iterable[str] | None,
) -> float:
    """A whole-number score in 0-1000 that depends only on the model version and the values of
    the model's variables (all variables sent when the model's are not known).

    The same on every run and machine: blake2b of a canonical JSON text, never ``hash()``, whose
    strings are salted per process. The event id and timestamp are left out, so the same event
    content scores the same whatever its id.
    """
    inputs: tuple[tuple[str, str | None], ...]
    if model_variables is None:
        inputs = tuple(sorted(variables.items()))
    else:
        inputs = tuple([(name, variables.get(name)) for name in sorted(model_variables)])
    return _default_score(model_id, model_type, version_number, inputs)


@functools.lru_cache(maxsize=4096)
def _default_score(
    model_id: str, model_type: str, version_number: str, inputs: tuple[tuple[str, str | None], ...]
) -> float:

    text = json.dumps(
        [model_id, model_type, version_number, dict(inputs)],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return float(int.from_bytes(digest, "big") % 1001)


def score(
    scores: Scores,
    store: Store,
    version: ModelVersion | None,
    model: tuple[str, str, str],
    event: Callable[[], Event],
    variables: Mapping[str, str],
    first_event_of_entity: bool,
    model_variables: Iterable[str] | None,
) -> float:
    """The score of the event by the model version ``model`` (modelId, modelType, number), in
    the order of precedence of this module's docstring. ``event()`` gives the event, built only
    when a control or a trained scorer needs it; ``variables`` are its values as sent."""
    model_id, model_type, number = model
    if scores.controls(model_id):
        chosen = scores.chosen(model_id, event())
        if chosen is not None:
            return chosen
    if model_type == ATI and first_event_of_entity:
        return FIRST_EVENT_SCORE
    if version is not None:
        learned = trained_scorer(store, version)
        if learned is not None:
            value = learned(event())
            if value is not None:
                return checked_score(model_id, value)
    return default_score(model_id, model_type, number, variables, model_variables)


UNKNOWN_ENTITY = "unknown"
"""An entity id that stands for no known entity, in any case."""


def score_models(
    store: Store,
    scores: Scores,
    plan: Plan,
    params: Params,
    values: dict[str, object],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not plan.models:
        return [], NONE_EVALUATED
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
    anonymous = key[1].lower() == UNKNOWN_ENTITY
    results: list[dict[str, Any]] = []
    evaluations: list[dict[str, Any]] = []
    for step in plan.models:
        model_id = step.model[0]
        # An anonymous entity has no history: every one of its events is a first
        # (docs/behaviour.md, "Predictions").
        new = anonymous or (
            step.model[1] == ATI and first_event(store, model_id, ATI, params["eventTypeName"], key)
        )
        value = score(
            scores,
            store,
            step.version,
            step.model,
            event,
            sent,
            new,
            step.model_variables,
        )
        values[step.variable] = value
        results.append({"modelVersion": dict(step.summary), "scores": {step.variable: value}})
        learned = None if step.version is None else step.version.learned
        explainer = None if learned is None else _explainer(scores, step, value, sent, learned)
        # Cached per score and explainer: a record holds no event's explanations, only what
        # renders them from its own values (store/predictions.py), so records share it. The
        # explainer is named by identity (its evaluation keeps it alive, so the id stays its).
        evaluation = step.evaluations.get((value, id(explainer)))
        if evaluation is None:
            evaluation = _model_evaluation(step, value, explainer)
            step.evaluations[value, id(explainer)] = evaluation
        evaluations.append(evaluation)
    # Records of the same evaluations share one list of them, read-only like the rest of a
    # record: a list less per prediction for the cyclic collector to walk. Each shared list
    # holds the evaluations its key names, so their ids stay theirs.
    shared = plan.evaluation_lists.setdefault(tuple(map(id, evaluations)), evaluations)
    return results, shared


def _explainer(
    scores: Scores, step: ModelStep, value: float, sent: Mapping[str, str], learned: LearnedModel
) -> LearnedModel | None:
    """The model version's learned model when it gave ``value``, which it can explain, or None:
    the score came from a control or ATI's first-event rule, and has no explanation."""
    if value == FIRST_EVENT_SCORE:
        return None
    if scores.controls(step.model[0]) and learned.score(sent) != value:
        return None
    return learned


def _model_evaluation(
    step: ModelStep, value: float, explainer: LearnedModel | None
) -> dict[str, Any]:
    """The ``EvaluatedModelVersion`` of a score: the score as text, and its explanations: none,
    or those the learned model renders for each record (AWS API reference:
    "GetEventPredictionMetadata")."""
    model_id, model_type, number = step.model
    explanations: PendingExplanations | dict[str, list[Any]]
    if explainer is None:
        explanations = {
            "variableImpactExplanations": [],
            "aggregatedVariablesImpactExplanations": [],
        }
    else:
        explanations = PendingExplanations(explainer)
    return {
        "modelId": model_id,
        "modelVersion": number,
        "modelType": model_type,
        "evaluations": [
            {
                "outputVariableName": step.variable,
                "evaluationScore": str(value),
                "predictionExplanations": explanations,
            }
        ],
    }


def remember_entities(store: Store, plan: Plan, entity: dict[str, str]) -> None:
    """ATI models know an entity from its first scored event on (AWS's "Model scores" page)."""
    if entity["entityId"].lower() == UNKNOWN_ENTITY:
        return
    key = (entity["entityType"], entity["entityId"])
    for step in plan.models:
        if step.model[1] == ATI:
            store.entities_seen.setdefault(step.model[0], {})[key] = None
