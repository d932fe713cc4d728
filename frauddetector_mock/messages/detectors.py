"""Detectors and detector versions."""

from __future__ import annotations


def detector_event_type_locked(detector_id: str, event_type: str) -> str:
    return (
        f"The event type of detector '{detector_id}' cannot change from '{event_type}' "
        "while the detector has rules or detector versions."
    )


def detector_in_use(detector_id: str, versions: list[str], rules: list[str]) -> str:
    held = []
    if versions:
        held.append(f"detector versions {', '.join(versions)}")
    if rules:
        held.append(f"rule versions {', '.join(rules)}")
    return f"The detector '{detector_id}' still has {' and '.join(held)}; delete them first."


def detector_version_not_found(detector_id: str, version_id: str) -> str:
    return f"The detector version '{version_id}' of detector '{detector_id}' does not exist."


def detector_version_without_rules(detector_id: str) -> str:
    return f"A detector version of detector '{detector_id}' needs at least one rule."


def rule_of_other_detector(detector_id: str, rule: dict[str, str]) -> str:
    return (
        f"The rule version '{rule['ruleId']}/{rule['ruleVersion']}' names detector "
        f"'{rule['detectorId']}'; a detector version of detector '{detector_id}' can only use "
        "rules of its own detector."
    )


def listed_twice(kind: str, name: str) -> str:
    return f"The {kind} '{name}' appears more than once; a detector version can use it once."


def too_many_models(count: int, limit: int) -> str:
    return (
        f"A detector version can use at most {limit} models (model versions and external models "
        f"together); this one names {count}."
    )


def external_model_not_associated(endpoint: str, status: str) -> str:
    return (
        f"The external model '{endpoint}' is {status}; a detector version can only use an "
        "ASSOCIATED external model."
    )


def rule_variable_without_model(rule: str, name: str, source: str) -> str:
    provider = "model version" if source == "MODEL_SCORE" else "external model"
    return (
        f"The rule version '{rule}' uses the variable '{name}' (data source {source}), but no "
        f"{provider} of the detector version produces it."
    )


def draft_version_quota(detector_id: str, limit: int) -> str:
    return (
        f"The detector '{detector_id}' already has {limit} DRAFT versions, "
        "the most a detector can have."
    )


def detector_version_not_draft(detector_id: str, version_id: str, status: str) -> str:
    return (
        f"The detector version '{version_id}' of detector '{detector_id}' is {status}; only a "
        "DRAFT detector version can be updated."
    )


def detector_version_status_target(status: str) -> str:
    return (
        f"A detector version cannot be set to {status}; "
        "its new status can only be ACTIVE or INACTIVE."
    )


def detector_version_transition(
    detector_id: str, version_id: str, current: str, target: str
) -> str:
    return (
        f"The detector version '{version_id}' of detector '{detector_id}' cannot go from "
        f"{current} to {target}; allowed: DRAFT to ACTIVE, ACTIVE to INACTIVE, INACTIVE to ACTIVE."
    )


def detector_version_active(detector_id: str, version_id: str) -> str:
    return (
        f"The detector version '{version_id}' of detector '{detector_id}' is ACTIVE; "
        "set it INACTIVE before deleting it."
    )
