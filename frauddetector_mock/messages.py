"""Every error text the mock invents, in one place (afd-semantics §9.3: AWS's own wording is mostly
unpublished, so ours is plain, names the resource, and can be adjusted here)."""

from __future__ import annotations


def not_found(kind: str, name: str) -> str:
    return f"The {kind} '{name}' does not exist."


def quota_exceeded(kind: str, limit: int) -> str:
    return f"The quota of {limit} {kind}s per account and region has been reached."


def invalid_next_token() -> str:
    return "The nextToken is not valid for this request."


def not_implemented(operation: str) -> str:
    return (
        f"frauddetector_mock does not implement {operation} yet; "
        "docs/coverage.md lists the operations it answers."
    )


def internal_error(operation: str, cause: BaseException) -> str:
    return f"frauddetector_mock failed while handling {operation}: {type(cause).__name__}: {cause}"


# Variables and event types (afd-semantics §4.1, §4.5)


def already_exists(kind: str, name: str) -> str:
    return f"The {kind} '{name}' already exists."


def invalid_variable_name(name: str) -> str:
    return (
        f"The variable name '{name}' is not valid: use 1 to 100 lowercase letters, digits and "
        "underscores, not starting with a digit."
    )


def member_missing(member: str) -> str:
    return f"The member '{member}' is required."


def value_not_allowed(member: str, value: str, allowed: list[str]) -> str:
    return f"The {member} '{value}' is not valid; use one of {', '.join(allowed)}."


def model_score_variable_create(name: str) -> str:
    return (
        f"The variable '{name}' cannot be created with data source MODEL_SCORE: the service "
        "creates model score variables when a model version is trained."
    )


def invalid_default_value(name: str, data_type: str, reason: str) -> str:
    return (
        f"The default value of the variable '{name}' does not fit its data type {data_type}: "
        f"{reason}."
    )


def unknown_variable_type(variable_type: str) -> str:
    return f"The variable type '{variable_type}' is not a variable type of Amazon Fraud Detector."


def variable_type_mismatch(variable_type: str, expected: str, data_type: str) -> str:
    return (
        f"The variable type '{variable_type}' holds {expected} values; it cannot be used for a "
        f"variable of data type {data_type}."
    )


def variable_type_fixed(name: str, current: str) -> str:
    return f"The variable type of the variable '{name}' is already {current} and cannot change."


def missing_references(owner: str, kind: str, names: list[str]) -> str:
    return f"The {owner} refers to {kind} that do not exist: {', '.join(names)}."


def not_event_variables(names: list[str]) -> str:
    return f"Only variables with data source EVENT can be event variables; not: {', '.join(names)}."


def event_variables_removed(event_type: str, names: list[str]) -> str:
    return (
        f"Event variables cannot be removed from the event type '{event_type}'; missing from "
        f"the request: {', '.join(names)}."
    )


def labels_removed(event_type: str, names: list[str]) -> str:
    return (
        f"Labels cannot be removed from the event type '{event_type}'; missing from the "
        f"request: {', '.join(names)}."
    )


# Resources still in use (afd-semantics §8)


def in_use(kind: str, name: str, user_kind: str, users: list[str]) -> str:
    return f"The {kind} '{name}' is used by {user_kind}: {', '.join(users)}."


def model_score_variable_delete(name: str) -> str:
    return (
        f"The variable '{name}' holds a model score; it is deleted with its model, not by "
        "DeleteVariable."
    )


# Detectors and detector versions (§4.7, §4.9)


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


def model_version_not_found(model: dict[str, str]) -> str:
    return (
        f"The model version '{model['modelVersionNumber']}' of model '{model['modelId']}' "
        f"({model['modelType']}) does not exist."
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


# Rules and rule versions (§4.8, §5.4)


def rule_exists(detector_id: str, rule_id: str) -> str:
    return (
        f"The rule '{rule_id}' already exists in detector '{detector_id}'; "
        "use UpdateRuleVersion to make a new version."
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


# Lists (§4.6)


def list_variable_type_invalid(variable_type: str) -> str:
    return (
        f"The variable type '{variable_type}' cannot be used for a list: a list takes a variable "
        "type whose data type is STRING."
    )


def list_variable_type_fixed(name: str, current: str) -> str:
    return f"The variable type of the list '{name}' is already {current} and cannot change."


def list_too_long(name: str, size: int, limit: int) -> str:
    return f"The list '{name}' would have {size:,} entries; a list holds at most {limit:,}."


def list_update_mode_missing(name: str) -> str:
    return (
        f"The elements for the list '{name}' come without an updateMode; "
        "give APPEND, REPLACE or REMOVE."
    )


# External models, the KMS key and tags (§4.11, §4.15, §4.16)


def invalid_role_arn(role_arn: str) -> str:
    return f"The invokeModelEndpointRoleArn '{role_arn}' is not the ARN of an IAM role."


def role_not_in_account(role_arn: str, account_id: str) -> str:
    return (
        f"The role '{role_arn}' is not in the account {account_id}; Amazon Fraud Detector can "
        "only assume a role of the caller's account to invoke an endpoint."
    )


def input_format_missing() -> str:
    return (
        "The inputConfiguration needs a format (TEXT_CSV or APPLICATION_JSON) when "
        "useEventVariables is true."
    )


def input_template_missing(member: str, input_format: str) -> str:
    return (
        f"The inputConfiguration needs a {member} to build the {input_format} input from the "
        "event's variables."
    )


def wrong_format_member(member: str, data_format: str) -> str:
    return f"The {member} does not fit the format {data_format}."


def unknown_placeholders(member: str, event_type: str | None, names: list[str]) -> str:
    where = f"event variables of the event type '{event_type}'" if event_type else "EVENT variables"
    return f"The {member} refers to names that are not {where}: {', '.join(names)}."


def output_map_missing(member: str, output_format: str) -> str:
    return (
        f"The outputConfiguration with format {output_format} needs a {member} naming at least "
        "one output variable."
    )


def invalid_csv_indexes(keys: list[str]) -> str:
    return (
        "The keys of csvIndexToVariableMap must be column indexes (0, 1, ...); not: "
        f"{', '.join(keys)}."
    )


def output_variable_repeated(names: list[str]) -> str:
    return f"The outputConfiguration maps several outputs to each of: {', '.join(names)}."


def not_external_model_variables(names: list[str]) -> str:
    return (
        "Only variables with data source EXTERNAL_MODEL_SCORE can receive an external model's "
        f"output; not: {', '.join(names)}."
    )


def output_variable_in_use(endpoint: str, variable: str, rules: list[str]) -> str:
    return (
        f"The external model '{endpoint}' cannot be deleted: its output variable '{variable}', "
        f"which goes with it, is used by rule versions: {', '.join(rules)}."
    )


def kms_key_other_region(key: str, region: str) -> str:
    return f"The KMS key '{key}' is not a key of the region {region}; use a key of this region."


def kms_key_other_account(key: str, account_id: str) -> str:
    return f"The KMS key '{key}' is not a key of the account {account_id}."


def too_many_tags(arn: str, count: int, limit: int) -> str:
    return f"The resource '{arn}' would have {count} tags; a resource has at most {limit}."
