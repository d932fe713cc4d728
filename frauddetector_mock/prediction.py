"""GetEventPrediction (§6): choose the detector version, build the variables, score the models,
run the compiled rules, and record what happened."""

from __future__ import annotations

from typing import Any

HANDLERS: dict[str, Any] = {}
