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


# Stored events (§4.12)


def event_not_found(event_type: str, event_id: str) -> str:
    return f"The event '{event_id}' of event type '{event_type}' is not stored."


def label_without_timestamp() -> str:
    return "assignedLabel and labelTimestamp go together: send both or neither."


def invalid_event_timestamp(member: str, value: str, reason: str) -> str:
    return f"The {member} '{value}' is not valid: {reason}."


def label_not_in_event_type(label: str, event_type: str) -> str:
    return f"The label '{label}' is not a label of the event type '{event_type}'."


def event_variables_unknown(event_type: str, names: list[str]) -> str:
    return f"The event type '{event_type}' has no event variables {', '.join(names)}."


def event_value_invalid(name: str, data_type: str) -> str:
    # Event values are sensitive in the model: the message names the variable, not the value.
    return f"The value of the event variable '{name}' is not a valid {data_type}."


def event_value_too_long(name: str, limit: int) -> str:
    return (
        f"The value of the event variable '{name}' is longer than {limit} characters, "
        "the most a stored event holds."
    )


def entities_missing(event_type: str) -> str:
    return f"An event of the event type '{event_type}' needs at least one entity."


def entity_types_unknown(event_type: str, names: list[str]) -> str:
    return f"The event type '{event_type}' has no entity types {', '.join(names)}."


def event_ingestion_disabled(event_type: str) -> str:
    return (
        f"The event type '{event_type}' has eventIngestion DISABLED; enable it with "
        "PutEventType to store events."
    )


def events_deletion_running(event_type: str) -> str:
    return (
        f"The events of the event type '{event_type}' are being deleted; wait until "
        "GetDeleteEventsByEventTypeStatus answers COMPLETE."
    )


def no_events_deletion(event_type: str) -> str:
    return f"No deletion of the events of the event type '{event_type}' has been requested."


def event_type_has_events(event_type: str, count: int) -> str:
    return (
        f"The event type '{event_type}' still has {count:,} stored "
        f"{'event' if count == 1 else 'events'}; delete them first with DeleteEventsByEventType "
        "or DeleteEvent."
    )


def carried_by_stored_events(kind: str, name: str, event_types: list[str]) -> str:
    return (
        f"The {kind} '{name}' is carried by stored events of the event types "
        f"{', '.join(event_types)}; delete those events first."
    )


# Models and model versions (§4.10)


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
    # The service's own wording (afd-semantics §9.3), a Java list rendering.
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
    # The service's own wording (afd-semantics §9.3).
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


def no_model_learned_title() -> str:
    return "No model was learned from data"


def no_model_learned(reason: str) -> str:
    return (
        f"{reason} No model was learned, so this version has no training metrics; it scores "
        "events with the mock's default scorer."
    )


def training_failed_title() -> str:
    return "Training failed"


# Training (frauddetector_mock/training/train.py, training_rows.py; §4.10)


def training_no_label_column(location: str) -> str:
    return f"The training data at {location} has no EVENT_LABEL column."


def training_no_events(event_type: str, window: dict[str, str]) -> str:
    start, end = window.get("startTime", "(any time)"), window.get("endTime", "(any time)")
    return (
        f"No events of the event type {event_type} are stored with an event timestamp between "
        f"{start} and {end}."
    )


def training_too_few_labels(fraud: int, legit: int, minimum: int) -> str:
    return (
        f"The training data holds {fraud} fraud and {legit} legitimate labelled events; the mock "
        f"learns from at least {minimum} of each."
    )


def training_needs_scikit_learn() -> str:
    return (
        "Training needs scikit-learn, which is not installed: pip install "
        "'frauddetector-mock[training]'."
    )


def training_not_learnable(error: object) -> str:
    return f"The training data could not be learned from: {error}"


def training_insufficient_title() -> str:
    return "Insufficient training data"


def training_data_title() -> str:
    return "Training data"


def training_data_summary(
    read: int, fraud: int, legit: int, unlabeled_left_out: int, unmapped_left_out: int
) -> str:
    return (
        f"{read} events read; {fraud + legit} used ({fraud} fraud, {legit} legitimate); "
        f"{unlabeled_left_out} unlabelled and {unmapped_left_out} with a label the label mapper "
        "does not name were left out. Metrics are measured on a held-out fifth of the events."
    )


# Prediction history (§4.13, §7)


def invalid_prediction_time(member: str, value: str) -> str:
    return f"The {member} '{value}' is not an ISO 8601 timestamp such as 2021-11-29T15:55:31.116Z."


def prediction_filter_without_value(member: str) -> str:
    return f"The filter {member} has no value: give the value to filter on, or leave {member} out."


def prediction_time_range_reversed(start: str, end: str) -> str:
    return f"The predictionTimeRange starts at '{start}', after its endTime '{end}'."


def next_token_expired(hours: int) -> str:
    return f"The nextToken has expired: a token is good for {hours} hours."


def prediction_not_found(
    event_type: str, event_id: str, detector_id: str, version_id: str, timestamp: str
) -> str:
    return (
        f"No prediction of the event '{event_id}' of event type '{event_type}' by the detector "
        f"'{detector_id}' version '{version_id}' was made at '{timestamp}'; ListEventPredictions "
        "lists the predictions and their predictionTimestamp."
    )


# GetEventPrediction (§6)


def no_active_detector_version(detector_id: str) -> str:
    return (
        f"The detector '{detector_id}' has no ACTIVE version; activate one with "
        "UpdateDetectorVersionStatus or name a version in detectorVersionId."
    )


def prediction_event_type_mismatch(event_type: str, detector_id: str, expected: str) -> str:
    return (
        f"The detector '{detector_id}' evaluates events of the event type '{expected}', "
        f"not '{event_type}'."
    )


def event_variables_empty() -> str:
    return "eventVariables must hold at least one variable."


def too_many_event_variables(count: int, limit: int) -> str:
    return f"The request has {count:,} eventVariables; a prediction takes at most {limit:,}."


def prediction_payload_too_large(size: int, limit: int) -> str:
    return f"The request is {size:,} bytes long; a prediction takes at most {limit:,} bytes."


def invalid_prediction_event_timestamp(value: str) -> str:
    return (
        f"The eventTimestamp '{value}' is not an ISO 8601 date and time in UTC, such as "
        "2024-03-01T09:30:00Z."
    )


def model_variables_missing(detector_id: str, version_id: str, model: str, names: list[str]) -> str:
    return (
        f"The detector '{detector_id}' version '{version_id}' uses the model {model}: send at "
        f"least one of its variables {', '.join(names)}."
    )


def data_blob_missing(endpoint: str) -> str:
    return (
        f"The external model '{endpoint}' takes its input from externalModelEndpointDataBlobs "
        "(useEventVariables is false); the request has none for it."
    )


def data_blob_invalid(endpoint: str) -> str:
    return f"The byteBuffer of externalModelEndpointDataBlobs '{endpoint}' is not valid base64."


def endpoint_unavailable(endpoint: str, reason: str) -> str:
    return f"The SageMaker endpoint '{endpoint}' of the external model could not answer: {reason}."


def endpoint_dissociated(endpoint: str) -> str:
    return (
        f"The external model '{endpoint}' is DISSOCIATED; associate it with PutExternalModel "
        "to score with it."
    )


def endpoint_output_invalid(endpoint: str, variable: str, data_type: str) -> str:
    return (
        f"The SageMaker endpoint '{endpoint}' answered a value for the variable '{variable}' "
        f"that is not a valid {data_type}."
    )


# Batch import and batch prediction jobs (§4.14)


def batch_job_id_used(job_id: str) -> str:
    return f"A batch job with the jobId '{job_id}' already exists or existed; use a new jobId."


def batch_job_not_cancellable(kind: str, job_id: str, status: str) -> str:
    return f"The {kind} job '{job_id}' is {status} and cannot be canceled."


def batch_job_running(kind: str, job_id: str, status: str) -> str:
    return f"The {kind} job '{job_id}' is {status}; cancel it and wait until it ends first."


def batch_prediction_job_running(job_id: str) -> str:
    return (
        f"The batch prediction job '{job_id}' is still running; only one batch prediction job "
        "may run at a time per account."
    )


def batch_input_unreadable(path: str, reason: str) -> str:
    return f"The input file {path} could not be read: {reason}"


def batch_output_unwritable(path: str, reason: str) -> str:
    return f"The output file {path} could not be written: {reason}"


def batch_no_s3() -> str:
    return (
        "no S3 is available to the mock: run the job inside moto's mock_aws so that the "
        "input file can be read."
    )


def batch_header_missing(columns: list[str]) -> str:
    return f"The input file header lacks the required columns {columns}."


def batch_header_unknown(event_type: str, columns: list[str]) -> str:
    return (
        f"The input file header has columns {columns} that are not variables of the event "
        f"type '{event_type}'."
    )


def batch_header_repeated(columns: list[str]) -> str:
    return f"The input file header repeats the columns {columns}."


def batch_row_width(expected: int, found: int) -> str:
    return f"The row has {found} values where the header has {expected} columns."


# Server mode (frauddetector_mock/wire/server.py)


def server_post_only() -> str:
    return "The service answers POST requests at /."


def server_content_type(content_type: str) -> str:
    return (
        f"The content type {content_type or '(none)'!r} is not supported; "
        "send application/x-amz-json-1.1."
    )


def server_body_too_large(limit: int) -> str:
    return f"The request body is larger than the service's limit of {limit} bytes."


def server_bad_length() -> str:
    return "The Content-Length header is not a number."


def server_unknown_control(name: str) -> str:
    return f"There is no control endpoint {name!r} for this method under /_mock/."


def server_state_not_saved(error: object) -> str:
    return (
        f"The state file could not be written ({error}); the request was not applied, and the "
        "mock holds the state last saved."
    )


def server_bad_control(name: str, error: object) -> str:
    return f"The /_mock/{name} request is not valid: {error}"


# Faults (frauddetector_mock/controls/faults.py): the default texts of injected errors (§9.1)


def fault_throttled() -> str:
    return "Rate exceeded"


def fault_internal() -> str:
    return "An internal error occurred. Try your request again."


def fault_unavailable() -> str:
    return "The external model is unavailable: its endpoint failed to answer the request."
