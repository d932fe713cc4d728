"""Rules and rule versions (§4.8, §5.4): CreateRule, UpdateRuleVersion, UpdateRuleMetadata,
GetRules, DeleteRule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.detectorpl import CompiledRule
from frauddetector_mock.store.resource import Resource

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class RuleVersion(Resource):
    """One immutable version of a rule; ``compiled`` is its expression, checked and compiled once
    when the version is created."""

    detector_id: str
    rule_id: str
    rule_version: str  # "1", "2", ...
    expression: str
    compiled: CompiledRule
    language: str = "DETECTORPL"
    outcomes: list[str] = field(default_factory=list)
    description: str | None = None


HANDLERS: dict[str, Any] = {}
