"""Prediction history (§4.13, §7): what every GetEventPrediction did, served by
ListEventPredictions and GetEventPredictionMetadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frauddetector_mock.store.rules import RuleVersion


@dataclass(eq=False, slots=True)
class Prediction:
    """The record of one GetEventPrediction, kept as its inputs and results so that the call
    itself stays cheap; GetEventPredictionMetadata renders the rest (``expressionWithValues``)
    only when asked.
    """

    sequence: int  # order of the calls (several may share a prediction timestamp)
    event_id: str
    event_type_name: str
    event_timestamp: str  # as sent
    prediction_timestamp: str  # the backend clock at the call
    detector_id: str
    detector_version_id: str
    detector_version_status: str  # at the time of the prediction
    rule_execution_mode: str
    entity_type: str  # the first entity of the request
    entity_id: str
    # (name, value as text, source): source is "EVENT" (sent), "DEFAULT" (the variable's
    # default), or the model / external model output that supplied it.
    variables: list[tuple[str, str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # the typed values the rules saw
    rules: list[RuleVersion] = field(default_factory=list)  # the version's rules, in order
    evaluated: int = 0  # how many of ``rules`` ran (FIRST_MATCHED stops at the first match)
    matched: list[bool] = field(default_factory=list)  # one per evaluated rule
    outcomes: list[str] = field(default_factory=list)  # of the matched rules, in rule order
    model_evaluations: list[dict[str, Any]] = field(default_factory=list)  # EvaluatedModelVersion
    external_evaluations: list[dict[str, Any]] = field(
        default_factory=list
    )  # EvaluatedExternalModel


HANDLERS: dict[str, Any] = {}
