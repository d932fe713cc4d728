"""Rules and rule versions: CreateRule, UpdateRuleVersion, UpdateRuleMetadata,
GetRules, DeleteRule.

A rule lives in its detector (``Detector.rules``: ruleId -> version -> RuleVersion). Versions are
immutable except for their description; a new expression or new outcomes make a new version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import rules as rule_messages
from frauddetector_mock.store import usage
from frauddetector_mock.store.pagination import listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.detectorpl import CompiledRule
    from frauddetector_mock.store.detectors import Detector
    from frauddetector_mock.store.state import Store

RULE_QUOTA = 5000
"""Rules per account (AWS's "Quotas" page). Each version counts: each has its own ARN."""

LISTS_PER_DETECTOR = 30
"""Distinct lists across all rule versions of one detector (AWS's "Quotas" page)."""


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

    def reference(self) -> dict[str, str]:
        """The ``Rule`` shape that names this version."""
        return {
            "detectorId": self.detector_id,
            "ruleId": self.rule_id,
            "ruleVersion": self.rule_version,
        }

    def to_summary(self) -> dict[str, Any]:
        """A ``RuleDetail`` of GetRules."""
        summary: dict[str, Any] = {"ruleId": self.rule_id}
        if self.description is not None:
            summary["description"] = self.description
        summary["detectorId"] = self.detector_id
        summary["ruleVersion"] = self.rule_version
        summary["expression"] = self.expression
        summary["language"] = self.language
        summary["outcomes"] = list(self.outcomes)
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["createdTime"] = self.created_time
        summary["arn"] = self.arn
        return summary


def sort_key(rule: RuleVersion) -> str:
    """ruleId, then the version numerically, as one string (pagination compares strings).

    A space sorts below every character a ruleId may hold, and versions have at most 5 digits.
    """
    return f"{rule.rule_id} {int(rule.rule_version):05d}"


def _compile(store: Store, detector: Detector, params: Params) -> CompiledRule:
    """Check a new version's outcomes and expression against what exists; raise if refused."""
    # The rule language is imported with the first rule, not with the package.
    from frauddetector_mock.detectorpl import RuleError, check

    for outcome in params["outcomes"]:
        if outcome not in store.outcomes:
            raise ValidationException(common.not_found("outcome", outcome))
    variables = {name: variable.data_type for name, variable in store.variables.items()}
    try:
        compiled = check(params["expression"], variables, store.lists.keys())
    except RuleError as error:
        raise ValidationException(error.message) from None
    event_type = store.event_types.get(detector.event_type_name)
    event_variables = set(event_type.event_variables) if event_type is not None else set()
    for name in sorted(compiled.variables):
        if store.variables[name].data_source == "EVENT" and name not in event_variables:
            raise ValidationException(
                rule_messages.rule_variable_not_in_event_type(
                    name, detector.event_type_name, detector.detector_id
                )
            )
    if compiled.lists:  # without lists of its own, a version cannot push the detector over
        used = {name for rule in _versions(detector) for name in rule.compiled.lists}
        if len(used | compiled.lists) > LISTS_PER_DETECTOR:
            raise ValidationException(
                rule_messages.detector_list_quota(detector.detector_id, LISTS_PER_DETECTOR)
            )
    if _count(store) >= RULE_QUOTA:
        raise ValidationException(common.quota_exceeded("rule", RULE_QUOTA))
    return compiled


def _count(store: Store) -> int:
    return sum(len(versions) for d in store.detectors.values() for versions in d.rules.values())


def _versions(detector: Detector) -> list[RuleVersion]:
    return [rule for versions in detector.rules.values() for rule in versions.values()]


def _add_version(
    store: Store,
    detector: Detector,
    rule_id: str,
    version: str,
    compiled: CompiledRule,
    params: Params,
) -> dict[str, Any]:
    now = store.timestamp()
    rule = RuleVersion(
        arn=store.arn(f"rule/{detector.detector_id}/{rule_id}/{version}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
        detector_id=detector.detector_id,
        rule_id=rule_id,
        rule_version=version,
        expression=params["expression"],
        compiled=compiled,
        language=params["language"],
        outcomes=list(params["outcomes"]),
        description=params.get("description"),
    )
    detector.rules.setdefault(rule_id, {})[version] = rule
    return {"rule": rule.reference()}


def handle_create_rule(store: Store, params: Params) -> dict[str, Any]:
    detector_id, rule_id = params["detectorId"], params["ruleId"]
    detector = store.detectors.get(detector_id)
    if detector is None:
        # CreateRule models no ResourceNotFoundException (docs/behaviour.md, "Resources").
        raise ValidationException(common.not_found("detector", detector_id))
    if rule_id in detector.rules:
        raise ValidationException(rule_messages.rule_exists())
    compiled = _compile(store, detector, params)
    return _add_version(store, detector, rule_id, "1", compiled, params)


def _find(store: Store, reference: dict[str, str]) -> RuleVersion:
    detector_id, rule_id = reference["detectorId"], reference["ruleId"]
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(common.not_found("detector", detector_id))
    rule = detector.rules.get(rule_id, {}).get(reference["ruleVersion"])
    if rule is None:
        raise ResourceNotFoundException(rule_messages.rule_version_not_found(reference))
    return rule


def handle_update_rule_version(store: Store, params: Params) -> dict[str, Any]:
    reference = params["rule"]
    detector_id, rule_id = reference["detectorId"], reference["ruleId"]
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(common.not_found("detector", detector_id))
    versions = detector.rules.get(rule_id)
    if versions is None:
        raise ResourceNotFoundException(rule_messages.rule_not_found(detector_id, rule_id))
    # Each new version is above all others, so the last key of the dict is the highest.
    latest = next(reversed(versions))
    # A new version builds on the latest one only; any other number, one that never existed
    # included, is refused (docs/behaviour.md, "Rules").
    if reference["ruleVersion"] != latest:
        raise ValidationException(
            rule_messages.not_the_latest_version(rule_id, reference["ruleVersion"], latest)
        )
    compiled = _compile(store, detector, params)
    # One above the highest existing version (AWS API reference: "UpdateRuleVersion"); numbers
    # freed by DeleteRule can return.
    version = str(int(latest) + 1)
    return _add_version(store, detector, rule_id, version, compiled, params)


def handle_update_rule_metadata(store: Store, params: Params) -> dict[str, Any]:
    rule = _find(store, params["rule"])
    rule.description = params["description"]
    rule.last_updated_time = store.timestamp()
    return {}


def handle_get_rules(store: Store, params: Params) -> dict[str, Any]:
    detector_id = params["detectorId"]
    rule_id, rule_version = params.get("ruleId"), params.get("ruleVersion")
    detector = store.detectors.get(detector_id)
    if detector is None:
        raise ResourceNotFoundException(common.not_found("detector", detector_id))
    if rule_id is None:
        if rule_version is not None:
            raise ValidationException(rule_messages.rule_version_without_rule_id())
        rules = _versions(detector)
    else:
        # A filter that matches nothing lists nothing: scripts ask GetRules whether a rule
        # exists before they create it (docs/behaviour.md, "Rules").
        versions = detector.rules.get(rule_id, {})
        if rule_version is None:
            rules = list(versions.values())
        else:
            rules = [versions[rule_version]] if rule_version in versions else []
    return listing(
        store,
        params,
        "GetRules",
        "ruleDetails",
        rules,
        sort_key,
        RuleVersion.to_summary,
        scope=(detector_id, rule_id, rule_version),
    )


def handle_delete_rule(store: Store, params: Params) -> dict[str, Any]:
    reference = params["rule"]
    detector_id, rule_id, version = (
        reference["detectorId"],
        reference["ruleId"],
        reference["ruleVersion"],
    )
    detector = store.detectors.get(detector_id)
    versions = detector.rules.get(rule_id) if detector is not None else None
    if detector is None or versions is None or version not in versions:
        return {}  # DeleteRule models no ResourceNotFoundException
    # Every status blocks, DRAFT included (our choice, docs/behaviour.md, "Rules"): a detector
    # version then never names a rule version that is gone.
    users = usage.detector_versions_with_rule(store, detector_id, rule_id, version)
    if users:
        raise ConflictException(
            rule_messages.rule_in_use(
                reference, [f"{usage.version_label(v)} ({v.status})" for v in users]
            )
        )
    del versions[version]
    if not versions:
        del detector.rules[rule_id]
    return {}


HANDLERS: dict[str, Handler] = {
    "CreateRule": handle_create_rule,
    "UpdateRuleVersion": handle_update_rule_version,
    "UpdateRuleMetadata": handle_update_rule_metadata,
    "GetRules": handle_get_rules,
    "DeleteRule": handle_delete_rule,
}
