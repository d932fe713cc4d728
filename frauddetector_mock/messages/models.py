"""Models and model versions."""

from __future__ import annotations


def model_version_not_found(model: dict[str, str]) -> str:
    return (
        f"The model version '{model['modelVersionNumber']}' of model '{model['modelId']}' "
        f"({model['modelType']}) does not exist."
    )


def model_exists(model_id: str, model_type: str) -> str:
    return f"The model '{model_id}' ({model_type}) already exists."


def model_not_found(model_id: str, model_type: str | None) -> str:
    of_type = f" ({model_type})" if model_type is not None else ""
    return f"The model '{model_id}'{of_type} does not exist."


def model_in_use(model: str, versions: list[str]) -> str:
    return f"The model {model} is used by detector versions: {', '.join(versions)}."


def model_has_versions(model: str, numbers: list[str]) -> str:
    versions = ", ".join(numbers)
    return f"The model {model} still has the model versions {versions}; delete them first."


def model_score_variable_in_use(model: str, variable: str, rules: list[str]) -> str:
    return (
        f"The model {model} cannot be deleted: its score variable '{variable}', which goes with "
        f"it, is used by rule versions: {', '.join(rules)}."
    )


def training_source_not_supported(model_type: str, source: str) -> str:
    return (
        f"A {model_type} model trains on INGESTED_EVENTS only; the trainingDataSource {source} "
        "is for ONLINE_FRAUD_INSIGHTS models."
    )


def events_detail_missing(member: str, source: str) -> str:
    return f"Training on {source} needs the {member}."


def events_detail_mismatch(member: str, source: str) -> str:
    return f"The {member} does not go with training on {source}."


def data_role_not_in_account(role_arn: str, account_id: str) -> str:
    return (
        f"The dataAccessRoleArn '{role_arn}' is not a role of the account {account_id}; Amazon "
        "Fraud Detector can only assume a role of the caller's account to read training data."
    )


def invalid_time_window(start: str, end: str) -> str:
    return (
        f"The ingestedEventsTimeWindow from '{start}' to '{end}' is not valid: give two ISO 8601 "
        "times, the start before the end."
    )


def variables_do_not_exist(names: list[str]) -> str:
    # The service's own wording (docs/behaviour.md, "Models and model versions"), a Java list.
    return f"VariableIds: [{', '.join(names)}] do not exist."


def not_in_event_type(kind: str, event_type: str, names: list[str]) -> str:
    return f"These {kind} are not {kind} of the event type '{event_type}': {', '.join(names)}."


def model_variable_count(model_type: str, count: int, low: int, high: int) -> str:
    return (
        f"A {model_type} model trains on {low} to {high} variables; the trainingDataSchema "
        f"names {count}."
    )


def label_mapper_key(key: str, allowed: tuple[str, ...]) -> str:
    return f"The labelMapper key '{key}' is not valid; use {' or '.join(allowed)}."


def label_in_both_classes(labels: list[str]) -> str:
    return f"These labels are mapped to both FRAUD and LEGIT: {', '.join(labels)}."


def score_variable_taken(name: str, data_source: str) -> str:
    return (
        f"The variable '{name}' exists with data source {data_source}; the model needs that "
        "name for its score variable. Delete the variable or use another model id."
    )


def simultaneous_training() -> str:
    # The service's own wording (docs/behaviour.md, "Models and model versions").
    return "Simultaneous training for the same major version not allowed"


def model_version_quota(model: str, limit: int) -> str:
    return f"The model {model} already has {limit} versions, the most a model can have."


def training_quota(limit: int) -> str:
    return (
        f"{limit} model versions are already training in this account and region, the most "
        "that can train at once."
    )


def version_numbers_exhausted(model: str) -> str:
    return f"The model {model} has no version number left to give."


def model_major_not_found(model: str, major: str) -> str:
    return f"The model {model} has no version of the major version {major}."


def model_version_number_without_model_id() -> str:
    return "A modelVersionNumber can only be given together with a modelId."


def model_version_number_not_found(model_id: str, model_type: str | None, number: str) -> str:
    of_type = f" ({model_type})" if model_type is not None else ""
    return f"The model version '{number}' of model '{model_id}'{of_type} does not exist."


def model_version_transition(version: str, current: str, target: str) -> str:
    return (
        f"The model version '{version}' is {current} and cannot be set to {target}; allowed: "
        "TRAINING_IN_PROGRESS to TRAINING_CANCELLED, TRAINING_COMPLETE to ACTIVE, "
        "ACTIVE to INACTIVE."
    )


def deployed_model_version_quota(limit: int) -> str:
    return (
        f"{limit} model versions are already deployed in this account and region, the most "
        "that can be ACTIVE at once."
    )


def model_version_not_deletable(version: str, status: str) -> str:
    return (
        f"The model version '{version}' is {status}; only a TRAINING_COMPLETE (ready to deploy) "
        "model version can be deleted."
    )


def model_version_not_active(version: str, status: str) -> str:
    return (
        f"The model version '{version}' is {status}; a detector version can only use an ACTIVE "
        "model version."
    )


def model_of_other_event_type(version: str, model_event_type: str, event_type: str) -> str:
    return (
        f"The model version '{version}' was trained on the event type '{model_event_type}'; "
        f"the detector evaluates '{event_type}'."
    )
