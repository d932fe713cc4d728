"""The user's control over model scores, and the event a score callable receives.

Where model scores come from: the user's controls first, then the
service's own rule for ATI models, then a trained model's scorer, then a deterministic default.

Users reach the controls as ``get_backend().scores`` (docs/predictions.md)::

    scores = get_backend().scores
    scores.pin("fraud_model", 950)                     # every event
    scores.use("fraud_model", lambda event: 10.0)      # computed per event
    scores.for_entity("fraud_model", "cust_1", 880)    # events of one entity
    scores.for_event("fraud_model", "tx_42", 990)      # one event

Precedence, most specific first: event id, entity id, callable (returning None passes on), pinned
score. Without any of them an ``ACCOUNT_TAKEOVER_INSIGHTS`` model scores -1 for the first event
of an entity; then the trained scorer of the model version, once training learns one
(``trained_scorer``); then ``default_score``.

The backend loads this module on first use.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from frauddetector_mock.controls.undo import Undo

ATI = "ACCOUNT_TAKEOVER_INSIGHTS"
FIRST_EVENT_SCORE = -1.0
"""What an ATI model scores for the first event of an entity (AWS's "Model scores" page)."""
LOWEST, HIGHEST = 0.0, 1000.0
"""Scores lie in 0-1000 (AWS's "Model scores" page); -1 is only the ATI first-event mark."""

_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity of an event: who performed it."""

    entity_type: str
    entity_id: str

    @property
    def anonymous(self) -> bool:
        """``unknown``, in any case, is an entity not known (AWS API reference: "Entity")."""
        return self.entity_id.lower() == "unknown"


@dataclass(frozen=True, slots=True)
class Event:
    """The event a model scores, as a score callable receives it.

    ``variables`` are the values the request sent (text, as on the wire); variables the request
    left out are not in it. ``timestamp`` is the ``eventTimestamp`` as sent.
    """

    event_id: str
    event_type_name: str
    timestamp: str
    entities: tuple[Entity, ...]
    variables: Mapping[str, str]

    @property
    def entity_ids(self) -> tuple[str, ...]:
        return tuple(entity.entity_id for entity in self.entities)


ScoreFunction = Callable[[Event], "float | None"]
"""A user's score callable: the event in, a score in 0-1000 out (None: no opinion, the next
control in precedence decides)."""


def checked_score(model_id: str, score: object) -> float:
    """``score`` as a float, or ValueError naming the model when it is not a score."""
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        raise ValueError(
            f"the score of model {model_id!r} must be a number, not {type(score).__name__}"
        )
    value = float(score)
    if not math.isfinite(value) or not (LOWEST <= value <= HIGHEST or value == FIRST_EVENT_SCORE):
        raise ValueError(
            f"the score of model {model_id!r} must lie in 0-1000 (or be -1, an ATI model's "
            f"first event of an entity), not {score!r}"
        )
    return value


class Scores:
    """The user's control over model scores, per model id (shared by every account and region
    of the backend). Every setter also works as a context manager that undoes it on exit::

        with get_backend().scores.pin("fraud_model", 950):
            ...
    """

    def __init__(self) -> None:
        self._pinned: dict[str, float] = {}
        self._functions: dict[str, ScoreFunction] = {}
        self._by_entity: dict[str, dict[str, float]] = {}
        self._by_event: dict[str, dict[str, float]] = {}

    def pin(self, model_id: str, score: float) -> Undo:
        """Every event scored by ``model_id`` gets ``score``."""
        value = checked_score(model_id, score)
        return self._set(self._pinned, model_id, value)

    def use(self, model_id: str, function: ScoreFunction) -> Undo:
        """``function(event)`` gives the score of each event ``model_id`` scores."""
        if not callable(function):
            raise TypeError(f"a score function must be callable, not {type(function).__name__}")
        return self._set(self._functions, model_id, function)

    def for_entity(self, model_id: str, entity_id: str, score: float) -> Undo:
        """Events of the entity ``entity_id`` (any of the event's entities) get ``score``."""
        value = checked_score(model_id, score)
        return self._set(self._by_entity.setdefault(model_id, {}), entity_id, value)

    def for_event(self, model_id: str, event_id: str, score: float) -> Undo:
        """The event ``event_id`` gets ``score``."""
        value = checked_score(model_id, score)
        return self._set(self._by_event.setdefault(model_id, {}), event_id, value)

    def clear(self, model_id: str | None = None) -> None:
        """Drop every control of ``model_id`` (of every model when None)."""
        for table in (self._pinned, self._functions, self._by_entity, self._by_event):
            if model_id is None:
                table.clear()
            else:
                table.pop(model_id, None)

    reset = clear

    def controls(self, model_id: str) -> bool:
        """Whether ``model_id`` has at least one control."""
        return (
            model_id in self._pinned
            or model_id in self._functions
            or model_id in self._by_entity
            or model_id in self._by_event
        )

    def fixed_scores(self) -> dict[str, dict[str, Any]]:
        """The controls that are plain numbers (pinned, per entity, per event), as copies: what
        a state snapshot can keep; score functions are code and are not."""
        return {
            "pinned": dict(self._pinned),
            "by_entity": {model: dict(table) for model, table in self._by_entity.items()},
            "by_event": {model: dict(table) for model, table in self._by_event.items()},
        }

    def load_fixed_scores(self, state: dict[str, dict[str, Any]]) -> None:
        """Add the controls of a ``fixed_scores()`` state."""
        self._pinned.update(state["pinned"])
        for model, table in state["by_entity"].items():
            self._by_entity.setdefault(model, {}).update(table)
        for model, table in state["by_event"].items():
            self._by_event.setdefault(model, {}).update(table)

    @property
    def controlled(self) -> frozenset[str]:
        """The model ids that have at least one control."""
        return frozenset([*self._pinned, *self._functions, *self._by_entity, *self._by_event])

    def chosen(self, model_id: str, event: Event) -> float | None:
        """The score the user's controls give ``event`` for ``model_id``, or None."""
        by_event = self._by_event.get(model_id)
        if by_event and event.event_id in by_event:
            return by_event[event.event_id]
        by_entity = self._by_entity.get(model_id)
        if by_entity:
            for entity in event.entities:
                if entity.entity_id in by_entity:
                    return by_entity[entity.entity_id]
        function = self._functions.get(model_id)
        if function is not None:
            score = function(event)
            if score is not None:
                return checked_score(model_id, score)
        return self._pinned.get(model_id)

    @staticmethod
    def _set(table: dict[str, _V], key: str, value: _V) -> Undo:
        had = key in table
        before = table.get(key)
        table[key] = value

        def undo() -> None:
            if had:
                table[key] = before  # type: ignore[assignment]  # present, so of type _V
            else:
                table.pop(key, None)

        return Undo(undo)
