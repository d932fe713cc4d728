"""Variables: CreateVariable, BatchCreateVariable, BatchGetVariable, GetVariables,
UpdateVariable, DeleteVariable."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import variables as variable_messages
from frauddetector_mock.spec import service_model
from frauddetector_mock.store import usage
from frauddetector_mock.store.pagination import get_or_list
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from
from frauddetector_mock.store.variable_types import DATA_TYPE_OF

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


@dataclass(eq=False, kw_only=True)
class Variable(Resource):
    name: str
    data_type: str  # STRING | INTEGER | FLOAT | BOOLEAN | DATETIME
    data_source: str  # EVENT | MODEL_SCORE | EXTERNAL_MODEL_SCORE
    default_value: str
    description: str | None = None
    variable_type: str | None = None

    def to_summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "name": self.name,
            "dataType": self.data_type,
            "dataSource": self.data_source,
            "defaultValue": self.default_value,
        }
        if self.description is not None:
            summary["description"] = self.description
        if self.variable_type is not None:
            summary["variableType"] = self.variable_type
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["createdTime"] = self.created_time
        summary["arn"] = self.arn
        return summary


QUOTA = 5000  # AWS's "Quotas" page
# The CloudFormation schema's pattern; botocore leaves the name unconstrained.
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,99}")
_REQUIRED = ("name", "dataType", "dataSource", "defaultValue")

# BatchCreateVariable reports each failed entry with an HTTP-like code (docs/behaviour.md,
# "Variables").
_INVALID = 400
_DUPLICATE = 409


class _EntryError(ValidationException):
    """A refused variable definition, with the code BatchCreateVariable reports for it."""

    def __init__(self, message: str, batch_code: int = _INVALID) -> None:
        super().__init__(message)
        self.batch_code = batch_code


def check_default(name: str, value: str, data_type: str) -> None:
    """A default must be a value of the data type; for non-text types an empty default (which
    would make a missing value null) is refused, as the console always fills one in."""
    from frauddetector_mock.detectorpl import convert  # with the first variable, not at import

    try:
        parsed = convert(value, data_type)
    except ValueError as error:
        raise _EntryError(
            variable_messages.invalid_default_value(name, data_type, str(error))
        ) from None
    if parsed is None:
        reason = f"{value!r} stands for no value, which only a STRING variable may default to"
        raise _EntryError(variable_messages.invalid_default_value(name, data_type, reason))


def check_variable_type(variable_type: str, data_type: str) -> None:
    """Each documented variable type carries one data type: the pairing is enforced, because the
    console offers no other and models read values by that type (docs/behaviour.md, "Variables")."""
    expected = DATA_TYPE_OF.get(variable_type)
    if expected is None:
        raise _EntryError(variable_messages.unknown_variable_type(variable_type))
    if expected != data_type:
        raise _EntryError(
            variable_messages.variable_type_mismatch(variable_type, expected, data_type)
        )


def _check_new(store: Store, entry: Params, taken: Collection[str]) -> None:
    """Every check of a new variable; ``taken`` holds names created earlier in the same batch."""
    for member in _REQUIRED:
        if entry.get(member) is None:
            raise _EntryError(variable_messages.member_missing(member))
    name, data_type, data_source = entry["name"], entry["dataType"], entry["dataSource"]
    if _NAME.fullmatch(name) is None:
        raise _EntryError(variable_messages.invalid_variable_name(name))
    # BatchCreateVariable's entries type these members as plain strings; the enums are the
    # model's DataType and DataSource shapes.
    for member, value, shape in (
        ("dataType", data_type, "DataType"),
        ("dataSource", data_source, "DataSource"),
    ):
        allowed = service_model().shape_for(shape).enum
        if value not in allowed:
            raise _EntryError(variable_messages.value_not_allowed(member, value, allowed))
    if data_source == "MODEL_SCORE":
        raise _EntryError(variable_messages.model_score_variable_create(name))
    check_default(name, entry["defaultValue"], data_type)
    if entry.get("variableType") is not None:
        check_variable_type(entry["variableType"], data_type)
    if name in store.variables or name in taken:
        raise _EntryError(common.already_exists("variable", name), _DUPLICATE)
    if len(store.variables) + len(taken) >= QUOTA:
        raise _EntryError(common.quota_exceeded("variable", QUOTA))


def _new(store: Store, entry: Params, tags: dict[str, str]) -> Variable:
    now = store.timestamp()
    return Variable(
        name=entry["name"],
        arn=store.arn(f"variable/{entry['name']}"),
        created_time=now,
        last_updated_time=now,
        data_type=entry["dataType"],
        data_source=entry["dataSource"],
        default_value=entry["defaultValue"],
        description=entry.get("description"),
        variable_type=entry.get("variableType"),
        tags=dict(tags),
    )


def handle_create_variable(store: Store, params: Params) -> dict[str, Any]:
    _check_new(store, params, ())
    store.variables[params["name"]] = _new(store, params, tags_from(params))
    return {}


def handle_batch_create_variable(store: Store, params: Params) -> dict[str, Any]:
    # Partial success: each entry is checked against the store plus the entries before it,
    # and the tags of the request go to every variable it creates.
    tags = tags_from(params)
    created: dict[str, Variable] = {}
    errors: list[dict[str, Any]] = []
    for entry in params["variableEntries"]:
        try:
            _check_new(store, entry, created)
        except _EntryError as error:
            errors.append(_batch_error(entry.get("name"), error.batch_code, error.message))
            continue
        created[entry["name"]] = _new(store, entry, tags)
    store.variables.update(created)
    return {"errors": errors}


def _batch_error(name: str | None, code: int, message: str) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if name is not None:
        error = {"name": name, **error}
    return error


def handle_batch_get_variable(store: Store, params: Params) -> dict[str, Any]:
    found: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    # A name asked twice is answered once.
    for name in dict.fromkeys(params["names"]):
        variable = store.variables.get(name)
        if variable is None:
            errors.append(_batch_error(name, 404, common.not_found("variable", name)))
        else:
            found.append(variable.to_summary())
    return {"variables": found, "errors": errors}


def handle_get_variables(store: Store, params: Params) -> dict[str, Any]:
    return get_or_list(
        store,
        params,
        "GetVariables",
        "variables",
        store.variables,
        Variable.to_summary,
        noun="variable",
    )


def handle_update_variable(store: Store, params: Params) -> dict[str, Any]:
    variable = _get(store, params["name"])
    default_value = params.get("defaultValue")
    variable_type = params.get("variableType")
    if default_value is not None:
        check_default(variable.name, default_value, variable.data_type)
    if variable_type is not None:
        if variable.variable_type is not None and variable_type != variable.variable_type:
            raise ValidationException(
                variable_messages.variable_type_fixed(variable.name, variable.variable_type)
            )
        check_variable_type(variable_type, variable.data_type)
    # Only the members sent change (the data type and source never do).
    if default_value is not None:
        variable.default_value = default_value
    if variable_type is not None:
        variable.variable_type = variable_type
    if params.get("description") is not None:
        variable.description = params["description"]
    variable.last_updated_time = store.timestamp()
    return {}


def handle_delete_variable(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    variable = store.variables.get(name)
    if variable is None:
        return {}
    if variable.data_source == "MODEL_SCORE":
        raise ConflictException(variable_messages.model_score_variable_delete(name))
    users = (
        ("event types", usage.event_types_with_variable(store, name)),
        ("external models", usage.external_models_with_output_variable(store, name)),
        (
            "rule versions",
            [usage.rule_label(r) for r in usage.rule_versions_with_variable(store, name)],
        ),
    )
    for user_kind, names in users:
        if names:
            raise ConflictException(common.in_use("variable", name, user_kind, names))
    del store.variables[name]
    return {}


def _get(store: Store, name: str) -> Variable:
    variable = store.variables.get(name)
    if variable is None:
        raise ResourceNotFoundException(common.not_found("variable", name))
    return variable


HANDLERS: dict[str, Handler] = {
    "CreateVariable": handle_create_variable,
    "BatchCreateVariable": handle_batch_create_variable,
    "BatchGetVariable": handle_batch_get_variable,
    "GetVariables": handle_get_variables,
    "UpdateVariable": handle_update_variable,
    "DeleteVariable": handle_delete_variable,
}
