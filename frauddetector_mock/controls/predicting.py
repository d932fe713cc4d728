"""What GetEventPrediction and batch predictions use besides the registry: the backend's score
and endpoint controls, and the EventBridge events predictions emitted. Shared by every store of
one backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frauddetector_mock.controls.endpoints import Endpoints
from frauddetector_mock.controls.scores import Scores


@dataclass(eq=False)
class Predicting:
    scores: Scores = field(default_factory=Scores)
    endpoints: Endpoints = field(default_factory=Endpoints)
    eventbridge: list[dict[str, Any]] = field(default_factory=list)  # oldest first
