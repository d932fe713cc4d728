"""Prediction history: what every GetEventPrediction did, served by
ListEventPredictions and GetEventPredictionMetadata.

GetEventPrediction hands each record to ``record``, which numbers it and keeps the most recent
``RETENTION`` records of the store.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import format_instant, parse_instant
from frauddetector_mock.errors import ResourceNotFoundException, ValidationException
from frauddetector_mock.messages import common
from frauddetector_mock.messages import predictions as prediction_messages
from frauddetector_mock.store.learned import PendingExplanations
from frauddetector_mock.store.pagination import decode_token, encode_token
from frauddetector_mock.store.resource import Handler, Params

if TYPE_CHECKING:
    from frauddetector_mock.store.rules import RuleVersion
    from frauddetector_mock.store.state import Store

SOURCE_EVENT = "EVENT"
"""``eventVariables[].source`` of a value sent in the request's ``eventVariables``."""
SOURCE_DEFAULT = "DEFAULT"
"""``eventVariables[].source`` of an event variable the request left out: its default value."""

RETENTION = 100_000
"""Predictions kept per account and region; the oldest go first (AWS documents no retention)."""

PAGE_DEFAULT = 10
"""ListEventPredictions' page without ``maxResults``: 10, as documented, although an explicit
``maxResults`` must lie in 50-100 (AWS API reference: "ListEventPredictions")."""

TOKEN_LIFETIME = timedelta(hours=24)
"""How long a ListEventPredictions ``nextToken`` is good for (AWS API reference:
"ListEventPredictions")."""

_OPERATION = "ListEventPredictions"
_FILTERS = (
    ("eventId", "event_id"),
    ("eventType", "event_type_name"),
    ("detectorId", "detector_id"),
    ("detectorVersionId", "detector_version_id"),
)
NONE_EVALUATED: list[dict[str, Any]] = []
"""The evaluations of a prediction that ran no model (or no external model): one list for all
such records, which keep their lists read-only (a list less per prediction for the cyclic
collector to walk)."""
_INVERT = 10**18  # sequence -> a key whose ascending string order is newest first
_MS = timedelta(milliseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


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
    variables: tuple[tuple[str, str, str], ...] = ()  # of plain texts: the collector lets go
    values: dict[str, Any] = field(default_factory=dict)  # the typed values the rules saw
    rules: list[RuleVersion] = field(default_factory=list)  # the version's rules, in order
    evaluated: int = 0  # how many of ``rules`` ran (FIRST_MATCHED stops at the first match)
    matched: list[bool] = field(default_factory=list)  # one per evaluated rule
    outcomes: list[str] = field(default_factory=list)  # of the matched rules, in rule order
    model_evaluations: list[dict[str, Any]] = field(default_factory=list)  # EvaluatedModelVersion
    external_evaluations: list[dict[str, Any]] = field(
        default_factory=list
    )  # EvaluatedExternalModel

    def to_summary(self) -> dict[str, Any]:
        """An ``EventPredictionSummary`` of ListEventPredictions."""
        return {
            "eventId": self.event_id,
            "eventTypeName": self.event_type_name,
            "eventTimestamp": self.event_timestamp,
            "predictionTimestamp": self.prediction_timestamp,
            "detectorId": self.detector_id,
            "detectorVersionId": self.detector_version_id,
        }

    def to_metadata(self) -> dict[str, Any]:
        """The result of GetEventPredictionMetadata."""
        metadata: dict[str, Any] = {
            "eventId": self.event_id,
            "eventTypeName": self.event_type_name,
            "entityId": self.entity_id,
            "entityType": self.entity_type,
            "eventTimestamp": self.event_timestamp,
            "detectorId": self.detector_id,
            "detectorVersionId": self.detector_version_id,
            "detectorVersionStatus": self.detector_version_status,
            "eventVariables": [
                {"name": name, "value": value, "source": source}
                for name, value, source in self.variables
            ],
            "rules": [self._evaluated_rule(index, rule) for index, rule in enumerate(self.rules)],
            "ruleExecutionMode": self.rule_execution_mode,
            # One list for the whole prediction: an outcome two matched rules share shows once.
            "outcomes": list(dict.fromkeys(self.outcomes)),
            "evaluatedModelVersions": [self._explained(item) for item in self.model_evaluations],
            "evaluatedExternalModels": copy.deepcopy(self.external_evaluations),
            "predictionTimestamp": self.prediction_timestamp,
        }
        return {key: value for key, value in metadata.items() if value is not None}

    def _explained(self, evaluated: dict[str, Any]) -> dict[str, Any]:
        """An ``EvaluatedModelVersion`` with the explanations of a learned model's score
        rendered from this record's values: those the event sent; the others take the
        defaults the model learned with, as in scoring."""
        rendered = dict(evaluated)
        evaluations = []
        for evaluation in evaluated["evaluations"]:
            pending = evaluation["predictionExplanations"]
            if isinstance(pending, PendingExplanations):
                sent = {
                    name: value for name, value, source in self.variables if source == SOURCE_EVENT
                }
                evaluation = {**evaluation, "predictionExplanations": pending.render(sent)}
            else:
                evaluation = copy.deepcopy(evaluation)  # the record keeps its own
            evaluations.append(evaluation)
        rendered["evaluations"] = evaluations
        return rendered

    def _evaluated_rule(self, index: int, rule: RuleVersion) -> dict[str, Any]:
        evaluated = index < self.evaluated
        return {
            "ruleId": rule.rule_id,
            "ruleVersion": rule.rule_version,
            "expression": rule.expression,
            # Rendered for every rule, reached or not: the values are the prediction's either way.
            "expressionWithValues": rule.compiled.render_with_values(self.values),
            "outcomes": list(rule.outcomes),
            "evaluated": evaluated,
            "matched": evaluated and index < len(self.matched) and self.matched[index],
        }


def record(store: Store, prediction: Prediction) -> Prediction:
    """Add ``prediction`` to the history of ``store``: numbered after every earlier prediction
    (deleted ones included, so a number is never given twice), and the oldest records dropped
    beyond ``RETENTION`` (a thousand at a time)."""
    history = store.predictions
    store.predictions_made += 1
    prediction.sequence = store.predictions_made
    history.append(prediction)
    # Dropped a hundredth of RETENTION at a time: dropping one record per prediction moves the
    # whole list (about 11 µs at 100,000 records) on every call.
    if len(history) > RETENTION + RETENTION // 100:
        del history[: len(history) - RETENTION]
    return prediction


def handle_list_event_predictions(store: Store, params: Params) -> dict[str, Any]:
    filters = []
    for member, attribute in _FILTERS:
        condition = params.get(member)  # null, as in JSON, is no filter
        if condition is None:
            continue
        # FilterCondition's value is optional in the model, yet a filter needs one.
        value = condition.get("value")
        if value is None:
            raise ValidationException(prediction_messages.prediction_filter_without_value(member))
        filters.append((attribute, value))
    time_range = params.get("predictionTimeRange")
    low = high = None
    if time_range is not None:
        start = _instant(time_range["startTime"], "predictionTimeRange.startTime")
        end = _instant(time_range["endTime"], "predictionTimeRange.endTime")
        if start > end:
            raise ValidationException(
                prediction_messages.prediction_time_range_reversed(
                    time_range["startTime"], time_range["endTime"]
                )
            )
        # Records hold millisecond timestamps, which sort as text: compare them as text with
        # the range narrowed to whole milliseconds (both ends inclusive).
        low = format_instant(_ceil_ms(start))
        high = format_instant(end)
    scope = [
        [member for member, _ in _FILTERS if params.get(member) is not None],
        [value for _, value in filters],
        time_range and [time_range["startTime"], time_range["endTime"]],
    ]
    history = store.predictions
    if not filters and time_range is None:
        # "If filter is not specified, the most recent prediction is returned" (AWS API
        # reference: "ListEventPredictions").
        history = history[-1:]
    page, next_token = _page(store, history, params, scope, filters, low, high)
    result: dict[str, Any] = {
        "eventPredictionSummaries": [prediction.to_summary() for prediction in page]
    }
    if next_token is not None:
        result["nextToken"] = next_token
    return result


def handle_get_event_prediction_metadata(store: Store, params: Params) -> dict[str, Any]:
    sent = params["predictionTimestamp"]
    instant = _instant(sent, "predictionTimestamp")
    wanted = (
        params["eventId"],
        params["eventTypeName"],
        params["detectorId"],
        params["detectorVersionId"],
        format_instant(instant),
    )
    # Records hold whole milliseconds: a finer instant names no prediction.
    if instant.microsecond % 1000 == 0:
        # Newest first: calls in the same millisecond share a timestamp, the last one answers.
        for prediction in reversed(store.predictions):
            if wanted == (
                prediction.event_id,
                prediction.event_type_name,
                prediction.detector_id,
                prediction.detector_version_id,
                prediction.prediction_timestamp,
            ):
                return prediction.to_metadata()
    raise ResourceNotFoundException(
        prediction_messages.prediction_not_found(
            params["eventTypeName"],
            params["eventId"],
            params["detectorId"],
            params["detectorVersionId"],
            sent,
        )
    )


def _instant(text: str, member: str) -> datetime:
    try:
        return parse_instant(text)
    except ValueError:
        raise ValidationException(
            prediction_messages.invalid_prediction_time(member, text)
        ) from None


def _ceil_ms(instant: datetime) -> datetime:
    rest = instant.microsecond % 1000
    return instant + timedelta(microseconds=1000 - rest) if rest else instant


def _key(prediction: Prediction) -> str:
    return f"{_INVERT - prediction.sequence:019d}"


def _page(
    store: Store,
    history: list[Prediction],
    params: Params,
    scope: list[Any],
    filters: list[tuple[str, str]],
    low: str | None,
    high: str | None,
) -> tuple[list[Prediction], str | None]:
    """One page of the predictions of ``history`` (oldest first) that pass the filters, newest
    first. A token names the last item of its page, as everywhere (store/pagination.py), and
    also when it was issued: it expires after 24 h.

    ``history`` is in sequence order, so a page resumes at the token's position (a bisection)
    and reads backwards only until it holds one item more than it returns: a walk reads each
    record about once, however many pages it takes."""
    secret = store.arn("")
    size = params.get("maxResults") or PAGE_DEFAULT
    now = (store.clock.now() - _EPOCH) // _MS
    end = len(history)
    token = params.get("nextToken")
    if token:
        key, _, issued = decode_token(secret, _OPERATION, scope, token).partition("@")
        if not issued.isdigit() or not key.isdigit():
            raise ValidationException(common.invalid_next_token())
        if now - int(issued) > TOKEN_LIFETIME // _MS:
            raise ValidationException(
                prediction_messages.next_token_expired(TOKEN_LIFETIME // timedelta(hours=1))
            )
        # Newer than the token's item: at or after it in ``history``, already listed.
        end = bisect.bisect_left(history, _INVERT - int(key), key=_sequence)
    page: list[Prediction] = []
    for index in range(end - 1, -1, -1):
        prediction = history[index]
        if (
            all(getattr(prediction, attribute) == value for attribute, value in filters)
            and (low is None or low <= prediction.prediction_timestamp)
            and (high is None or prediction.prediction_timestamp <= high)
        ):
            if len(page) == size:  # one more passes: the page has a next one
                return page, encode_token(secret, _OPERATION, scope, f"{_key(page[-1])}@{now}")
            page.append(prediction)
    return page, None


def _sequence(prediction: Prediction) -> int:
    return prediction.sequence


HANDLERS: dict[str, Handler] = {
    "ListEventPredictions": handle_list_event_predictions,
    "GetEventPredictionMetadata": handle_get_event_prediction_metadata,
}
