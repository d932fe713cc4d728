"""Detectors and detector versions (§4.7, §4.9): PutDetector, GetDetectors, DescribeDetector,
DeleteDetector, CreateDetectorVersion, GetDetectorVersion, UpdateDetectorVersion,
UpdateDetectorVersionMetadata, UpdateDetectorVersionStatus, DeleteDetectorVersion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.resource import Resource
from frauddetector_mock.store.rules import RuleVersion

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class DetectorVersion(Resource):
    detector_id: str
    detector_version_id: str  # "1", "2", ...
    status: str  # DRAFT | ACTIVE | INACTIVE
    rule_execution_mode: str  # FIRST_MATCHED | ALL_MATCHED
    rules: list[tuple[str, str]] = field(default_factory=list)  # (ruleId, ruleVersion), in order
    model_versions: list[dict[str, str]] = field(default_factory=list)  # ModelVersion shapes
    external_model_endpoints: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass(eq=False, kw_only=True)
class Detector(Resource):
    """A detector and everything it contains: every version of every rule, and its versions.

    ``last_version_number`` only grows: a deleted version's number is never given again.
    """

    detector_id: str
    event_type_name: str
    description: str | None = None
    rules: dict[str, dict[str, RuleVersion]] = field(default_factory=dict)  # ruleId -> version -> r
    versions: dict[str, DetectorVersion] = field(default_factory=dict)
    last_version_number: int = 0


HANDLERS: dict[str, Any] = {}
