"""Detectors and detector versions: PutDetector, GetDetectors, DescribeDetector,
DeleteDetector, CreateDetectorVersion, GetDetectorVersion, UpdateDetectorVersion,
UpdateDetectorVersionMetadata, UpdateDetectorVersionStatus, DeleteDetectorVersion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import detectors as detector_messages
from frauddetector_mock.messages import models as model_messages
from frauddetector_mock.messages import predict as predict_messages
from frauddetector_mock.messages import rules as rule_messages
from frauddetector_mock.store import models, usage
from frauddetector_mock.store.pagination import get_or_list, listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from
from frauddetector_mock.store.rules import RuleVersion

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

DETECTOR_QUOTA = 100  # per account and region (AWS's "Quotas" page)
DRAFTS_PER_DETECTOR = 100  # AWS's "Quotas" page
MODELS_PER_VERSION = 10  # model versions and external models together (AWS's "Quotas" page)


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

    def to_summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "detectorVersionId": self.detector_version_id,
            "status": self.status,
        }
        if self.description is not None:
            summary["description"] = self.description
        summary["lastUpdatedTime"] = self.last_updated_time
        return summary


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

    def to_summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {"detectorId": self.detector_id}
        if self.description is not None:
            summary["description"] = self.description
        summary["eventTypeName"] = self.event_type_name
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["createdTime"] = self.created_time
        summary["arn"] = self.arn
        return summary

    def rule_versions(self) -> list[RuleVersion]:
        return [rule for versions in self.rules.values() for rule in versions.values()]


# Detectors -------------------------------------------------------------------------------------


def _detector(store: Store, detector_id: str) -> Detector:
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(common.not_found("detector", detector_id))
    return detector


def handle_put_detector(store: Store, params: Params) -> dict[str, Any]:
    detector_id = params["detectorId"]
    event_type = params["eventTypeName"]
    if event_type not in store.event_types:
        # PutDetector models no ResourceNotFoundException (docs/behaviour.md, "Resources").
        raise ValidationException(common.not_found("event type", event_type))
    existing = store.detectors.get(detector_id)
    if existing is not None:
        # Rules were checked against the event type's variables: moving a detector that has
        # rules or versions to another event type would leave them checked against the wrong one.
        if event_type != existing.event_type_name and (
            existing.versions or existing.rule_versions()
        ):
            raise ValidationException(
                detector_messages.detector_event_type_locked(detector_id, existing.event_type_name)
            )
        existing.event_type_name = event_type
        existing.description = params.get("description")
        existing.last_updated_time = store.timestamp()
        return {}
    if len(store.detectors) >= DETECTOR_QUOTA:
        raise ValidationException(common.quota_exceeded("detector", DETECTOR_QUOTA))
    now = store.timestamp()
    store.detectors[detector_id] = Detector(
        detector_id=detector_id,
        event_type_name=event_type,
        description=params.get("description"),
        arn=store.arn(f"detector/{detector_id}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
    )
    return {}


def handle_get_detectors(store: Store, params: Params) -> dict[str, Any]:
    return get_or_list(
        store,
        params,
        "GetDetectors",
        "detectors",
        store.detectors,
        Detector.to_summary,
        filter_member="detectorId",
        noun="detector",
    )


def handle_describe_detector(store: Store, params: Params) -> dict[str, Any]:
    detector = _detector(store, params["detectorId"])
    versions = listing(
        store,
        params,
        "DescribeDetector",
        "detectorVersionSummaries",
        detector.versions.values(),
        _by_number,
        DetectorVersion.to_summary,
        scope=(detector.detector_id,),
    )
    return {"detectorId": detector.detector_id, **versions, "arn": detector.arn}


def _by_number(version: DetectorVersion) -> str:
    # Zero-padded so that text order is numeric order ("9" before "10"); ids have at most 5 digits.
    return version.detector_version_id.zfill(5)


def handle_delete_detector(store: Store, params: Params) -> dict[str, Any]:
    detector = store.detectors.get(params["detectorId"])
    if detector is None:
        return {}  # DeleteDetector models no ResourceNotFoundException
    versions = [usage.version_label(v) for v in sorted(detector.versions.values(), key=_by_number)]
    rules = [usage.rule_label(r) for r in detector.rule_versions()]
    if versions or rules:
        raise ConflictException(
            detector_messages.detector_in_use(detector.detector_id, versions, rules)
        )
    del store.detectors[detector.detector_id]
    return {}


# Detector versions -----------------------------------------------------------------------------


def _version(store: Store, detector_id: str, version_id: str) -> DetectorVersion:
    version = _detector(store, detector_id).versions.get(version_id)
    if version is None:
        raise ResourceNotFoundException(
            detector_messages.detector_version_not_found(detector_id, version_id)
        )
    return version


@dataclass(frozen=True)
class _Definition:
    """What a detector version evaluates, checked against the registry and ready to store."""

    rules: list[tuple[str, str]]
    model_versions: list[dict[str, str]]
    external_model_endpoints: list[str]


def _model_version(
    store: Store, model: dict[str, str], event_type: str
) -> models.ModelVersion | None:
    """The model version that ``model`` (a ``ModelVersion`` shape) names, its number in any of
    its written forms (``1.00`` for ``1.0``), or None; a version that is not ACTIVE or was
    trained on another event type is refused."""
    return models.deployable_version(store, model, event_type)


def _definition(
    store: Store,
    detector: Detector,
    rules: list[dict[str, str]],
    models: list[dict[str, str]],
    endpoints: list[str],
) -> _Definition:
    """Check rules, model versions and external models of a detector version (docs/behaviour.md,
    "Detectors and detector versions").

    Checks that need only the request come first, then existence, then the state of what exists.
    """
    detector_id = detector.detector_id
    if not rules:
        raise ValidationException(detector_messages.detector_version_without_rules(detector_id))
    for rule in rules:
        if rule["detectorId"] != detector_id:
            raise ValidationException(detector_messages.rule_of_other_detector(detector_id, rule))
    # ruleResults name a rule by its ruleId alone (AWS API reference: "RuleResult"), so two
    # versions of one rule in a detector version could not be told apart; the same goes for a
    # model's one score variable.
    _refuse_repeats("rule", [rule["ruleId"] for rule in rules])
    _refuse_repeats("model", [model["modelId"] for model in models])
    _refuse_repeats("external model", endpoints)
    if len(models) + len(endpoints) > MODELS_PER_VERSION:
        raise ValidationException(
            detector_messages.too_many_models(len(models) + len(endpoints), MODELS_PER_VERSION)
        )
    rule_versions = []
    for rule in rules:
        found = detector.rules.get(rule["ruleId"], {}).get(rule["ruleVersion"])
        if found is None:
            raise ResourceNotFoundException(rule_messages.rule_version_not_found(rule))
        rule_versions.append(found)
    model_versions = []
    for model in models:
        record = _model_version(store, model, detector.event_type_name)
        if record is None:
            raise ResourceNotFoundException(model_messages.model_version_not_found(model))
        # Kept as the service numbered it, so that answers give the number CreateModelVersion
        # gave (docs/behaviour.md, "Models and model versions").
        model_versions.append(record.ref())
    external_models = []
    for endpoint in endpoints:
        external = store.external_models.get(endpoint)
        if external is None:
            raise ResourceNotFoundException(common.not_found("external model", endpoint))
        if external.model_endpoint_status != "ASSOCIATED":
            raise ValidationException(
                detector_messages.external_model_not_associated(
                    endpoint, external.model_endpoint_status
                )
            )
        external_models.append(external)
    produced = {
        "MODEL_SCORE": {f"{model['modelId']}_insightscore" for model in models},
        "EXTERNAL_MODEL_SCORE": {
            name for external in external_models for name in external.output_variables()
        },
    }
    for rule_version in rule_versions:
        label = f"{rule_version.rule_id}/{rule_version.rule_version}"
        for name in sorted(rule_version.compiled.variables):
            # A variable a rule uses cannot be deleted, so it is there (docs/behaviour.md,
            # "Variables").
            source = store.variables[name].data_source
            if source in produced and name not in produced[source]:
                raise ValidationException(
                    detector_messages.rule_variable_without_model(label, name, source)
                )
    return _Definition(
        rules=[(rule["ruleId"], rule["ruleVersion"]) for rule in rules],
        model_versions=model_versions,
        external_model_endpoints=list(endpoints),
    )


def _refuse_repeats(kind: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationException(detector_messages.listed_twice(kind, name))
        seen.add(name)


def _requested(store: Store, detector: Detector, params: Params) -> _Definition:
    return _definition(
        store,
        detector,
        params["rules"],
        params.get("modelVersions") or [],
        params.get("externalModelEndpoints") or [],
    )


def handle_create_detector_version(store: Store, params: Params) -> dict[str, Any]:
    detector = _detector(store, params["detectorId"])
    definition = _requested(store, detector, params)
    drafts = sum(1 for version in detector.versions.values() if version.status == "DRAFT")
    if drafts >= DRAFTS_PER_DETECTOR:
        raise ValidationException(
            detector_messages.draft_version_quota(detector.detector_id, DRAFTS_PER_DETECTOR)
        )
    detector.last_version_number += 1
    version_id = str(detector.last_version_number)
    now = store.timestamp()
    detector.versions[version_id] = DetectorVersion(
        arn=store.arn(f"detector-version/{detector.detector_id}/{version_id}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
        detector_id=detector.detector_id,
        detector_version_id=version_id,
        status="DRAFT",
        rule_execution_mode=params.get("ruleExecutionMode") or "FIRST_MATCHED",
        rules=definition.rules,
        model_versions=definition.model_versions,
        external_model_endpoints=definition.external_model_endpoints,
        description=params.get("description"),
    )
    return {"detectorId": detector.detector_id, "detectorVersionId": version_id, "status": "DRAFT"}


def handle_get_detector_version(store: Store, params: Params) -> dict[str, Any]:
    version = _version(store, params["detectorId"], params["detectorVersionId"])
    result: dict[str, Any] = {
        "detectorId": version.detector_id,
        "detectorVersionId": version.detector_version_id,
    }
    if version.description is not None:
        result["description"] = version.description
    # The lists are present even when empty, as in the responses AWS's CloudFormation handlers
    # are tested against.
    result["externalModelEndpoints"] = list(version.external_model_endpoints)
    result["modelVersions"] = [dict(model) for model in version.model_versions]
    result["rules"] = [
        {"detectorId": version.detector_id, "ruleId": rule_id, "ruleVersion": rule_version}
        for rule_id, rule_version in version.rules
    ]
    result["status"] = version.status
    result["lastUpdatedTime"] = version.last_updated_time
    result["createdTime"] = version.created_time
    result["ruleExecutionMode"] = version.rule_execution_mode
    result["arn"] = version.arn
    return result


def handle_update_detector_version(store: Store, params: Params) -> dict[str, Any]:
    detector = _detector(store, params["detectorId"])
    version = _version(store, detector.detector_id, params["detectorVersionId"])
    if version.status != "DRAFT":
        raise ConflictException(
            detector_messages.detector_version_not_draft(
                version.detector_id, version.detector_version_id, version.status
            )
        )
    definition = _requested(store, detector, params)
    version.rules = definition.rules
    version.model_versions = definition.model_versions
    version.external_model_endpoints = definition.external_model_endpoints
    # The version's evaluation is replaced as a whole: an omitted mode is the documented
    # default. The description is metadata with its own operation and stays when omitted.
    version.rule_execution_mode = params.get("ruleExecutionMode") or "FIRST_MATCHED"
    if params.get("description") is not None:
        version.description = params["description"]
    version.last_updated_time = store.timestamp()
    return {}


def handle_update_detector_version_metadata(store: Store, params: Params) -> dict[str, Any]:
    detector_id, version_id = params["detectorId"], params["detectorVersionId"]
    detector = store.detectors.get(detector_id)
    version = detector.versions.get(version_id) if detector is not None else None
    if detector is None:
        # This operation models no ResourceNotFoundException (docs/behaviour.md, "Resources").
        raise ValidationException(common.not_found("detector", detector_id))
    if version is None:
        raise ValidationException(
            detector_messages.detector_version_not_found(detector_id, version_id)
        )
    version.description = params["description"]
    version.last_updated_time = store.timestamp()
    return {}


_TRANSITIONS = {("DRAFT", "ACTIVE"), ("ACTIVE", "INACTIVE"), ("INACTIVE", "ACTIVE")}


def handle_update_detector_version_status(store: Store, params: Params) -> dict[str, Any]:
    target = params["status"]
    if target not in ("ACTIVE", "INACTIVE"):
        raise ValidationException(detector_messages.detector_version_status_target(target))
    detector = _detector(store, params["detectorId"])
    version = _version(store, detector.detector_id, params["detectorVersionId"])
    if (version.status, target) not in _TRANSITIONS:
        raise ConflictException(
            detector_messages.detector_version_transition(
                version.detector_id, version.detector_version_id, version.status, target
            )
        )
    if target == "ACTIVE":
        # What the version uses may have changed since it was written (an external model
        # dissociated, say): it must still hold before it starts answering predictions.
        _definition(
            store,
            detector,
            [
                {"detectorId": detector.detector_id, "ruleId": rule_id, "ruleVersion": number}
                for rule_id, number in version.rules
            ],
            version.model_versions,
            version.external_model_endpoints,
        )
    now = store.timestamp()
    if target == "ACTIVE":
        for other in detector.versions.values():
            if other.status == "ACTIVE":  # at most one ACTIVE version per detector
                other.status = "INACTIVE"
                other.last_updated_time = now
    version.status = target
    version.last_updated_time = now
    return {}


def handle_delete_detector_version(store: Store, params: Params) -> dict[str, Any]:
    detector = _detector(store, params["detectorId"])
    version = _version(store, detector.detector_id, params["detectorVersionId"])
    if version.status == "ACTIVE":
        raise ConflictException(
            detector_messages.detector_version_active(
                version.detector_id, version.detector_version_id
            )
        )
    del detector.versions[version.detector_version_id]
    return {}


def resolve_version(store: Store, params: Params) -> tuple[Detector, DetectorVersion]:
    """The detector and version a prediction names (``detectorId``, ``detectorVersionId``, else
    the active version), checked against ``eventTypeName``."""
    detector_id = params["detectorId"]
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(common.not_found("detector", detector_id))
    version_id = params.get("detectorVersionId")
    if version_id is None:
        for version in detector.versions.values():
            if version.status == "ACTIVE":
                break
        else:
            raise ResourceNotFoundException(
                predict_messages.no_active_detector_version(detector_id)
            )
    else:
        found = detector.versions.get(version_id)
        if found is None:
            raise ResourceNotFoundException(
                detector_messages.detector_version_not_found(detector_id, version_id)
            )
        version = found
    if params["eventTypeName"] != detector.event_type_name:
        raise ValidationException(
            predict_messages.prediction_event_type_mismatch(
                params["eventTypeName"], detector_id, detector.event_type_name
            )
        )
    return detector, version


HANDLERS: dict[str, Handler] = {
    "PutDetector": handle_put_detector,
    "GetDetectors": handle_get_detectors,
    "DescribeDetector": handle_describe_detector,
    "DeleteDetector": handle_delete_detector,
    "CreateDetectorVersion": handle_create_detector_version,
    "GetDetectorVersion": handle_get_detector_version,
    "UpdateDetectorVersion": handle_update_detector_version,
    "UpdateDetectorVersionMetadata": handle_update_detector_version_metadata,
    "UpdateDetectorVersionStatus": handle_update_detector_version_status,
    "DeleteDetectorVersion": handle_delete_detector_version,
}
