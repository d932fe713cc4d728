"""Rules and rule versions."""

from __future__ import annotations


def rule_exists() -> str:
    # The service's own words, compared verbatim by public pipeline scripts
    # (docs/behaviour.md, "Rules").
    return "Failed to save rule since it already exists."


def not_the_latest_version(rule_id: str, version: str, latest: str) -> str:
    # One sentence that ends in the latest version: public scripts cut the text at its first "."
    # and read the number before it (docs/behaviour.md, "Rules"). Ids hold no ".".
    return (
        f"The rule version {version} of rule '{rule_id}' is not the most recent version of the "
        f"rule, whereas the most recent version is {latest}."
    )


def rule_not_found(detector_id: str, rule_id: str) -> str:
    return f"The rule '{rule_id}' does not exist in detector '{detector_id}'."


def rule_version_not_found(rule: dict[str, str]) -> str:
    return (
        f"The version '{rule['ruleVersion']}' of rule '{rule['ruleId']}' does not exist in "
        f"detector '{rule['detectorId']}'."
    )


def rule_version_without_rule_id() -> str:
    return "A ruleVersion can only be given together with a ruleId."


def rule_variable_not_in_event_type(name: str, event_type: str, detector_id: str) -> str:
    return (
        f"The variable '{name}' is not a variable of the event type '{event_type}' "
        f"of detector '{detector_id}'."
    )


def detector_list_quota(detector_id: str, limit: int) -> str:
    return (
        f"The rules of detector '{detector_id}' would use more than {limit} lists; "
        f"a detector can use at most {limit}."
    )


def rule_in_use(rule: dict[str, str], versions: list[str]) -> str:
    return (
        f"The version '{rule['ruleVersion']}' of rule '{rule['ruleId']}' in detector "
        f"'{rule['detectorId']}' is used by detector versions {', '.join(versions)}; a rule "
        "version used by any detector version, DRAFT included, cannot be deleted."
    )
