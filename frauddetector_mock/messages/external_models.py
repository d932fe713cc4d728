"""External models: the role, the input and output configurations, and deletion."""

from __future__ import annotations


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
