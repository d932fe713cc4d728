"""External (SageMaker) models: PutExternalModel, GetExternalModels, DeleteExternalModel.

A model's output variables (the values of its output maps) belong to it: DeleteExternalModel
removes them with it, except those another external model still maps or a rule version still
reads (docs/behaviour.md, "External models, KMS key, tags").
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    AccessDeniedException,
    ConflictException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import external_models as external_model_messages
from frauddetector_mock.spec import compile_pattern, service_model
from frauddetector_mock.store import usage
from frauddetector_mock.store.pagination import get_or_list
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


@dataclass(eq=False, kw_only=True)
class ExternalModel(Resource):
    model_endpoint: str
    model_source: str  # SAGEMAKER
    invoke_model_endpoint_role_arn: str
    input_configuration: dict[str, Any] = field(default_factory=dict)  # ModelInputConfiguration
    output_configuration: dict[str, Any] = field(default_factory=dict)  # ModelOutputConfiguration
    model_endpoint_status: str = "ASSOCIATED"  # ASSOCIATED | DISSOCIATED

    def output_variables(self) -> list[str]:
        """The variables the endpoint's answer fills, in map order, each once."""
        names: dict[str, None] = {}
        for member in OUTPUT_MAPS.values():
            names.update(dict.fromkeys((self.output_configuration.get(member) or {}).values()))
        return list(names)

    def to_summary(self) -> dict[str, Any]:
        return {
            "modelEndpoint": self.model_endpoint,
            "modelSource": self.model_source,
            "invokeModelEndpointRoleArn": self.invoke_model_endpoint_role_arn,
            "inputConfiguration": copy.deepcopy(self.input_configuration),
            "outputConfiguration": copy.deepcopy(self.output_configuration),
            "modelEndpointStatus": self.model_endpoint_status,
            "lastUpdatedTime": self.last_updated_time,
            "createdTime": self.created_time,
            "arn": self.arn,
        }


INPUT_TEMPLATES = {"TEXT_CSV": "csvInputTemplate", "APPLICATION_JSON": "jsonInputTemplate"}
"""Input format -> the template member that builds a body of that format."""
OUTPUT_MAPS = {"TEXT_CSV": "csvIndexToVariableMap", "APPLICATION_JSONLINES": "jsonKeyToVariableMap"}
"""Output format -> the map member that reads an answer of that format."""

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_CSV_INDEX = re.compile(r"0|[1-9][0-9]*")


@functools.cache
def _is_role_arn() -> Callable[[str], Any]:
    # The model leaves invokeModelEndpointRoleArn a plain string; the batch jobs' iamRoleArn
    # shape holds the form the service expects of a role.
    return compile_pattern(service_model().shape_for("iamRoleArn").metadata["pattern"])


def _check_role(store: Store, role_arn: str) -> None:
    if not _is_role_arn()(role_arn):
        raise ValidationException(external_model_messages.invalid_role_arn(role_arn))
    partition, account = role_arn.split(":")[1], role_arn.split(":")[4]
    if partition != "aws" or account != store.account_id:
        raise AccessDeniedException(
            external_model_messages.role_not_in_account(role_arn, store.account_id)
        )


def _check_input(store: Store, config: dict[str, Any]) -> None:
    event_type_name = config.get("eventTypeName")
    if event_type_name is not None and event_type_name not in store.event_types:
        raise ValidationException(
            common.missing_references("external model", "event types", [event_type_name])
        )
    templates = [member for member in INPUT_TEMPLATES.values() if member in config]
    if not config["useEventVariables"]:
        # The caller sends the body itself (externalModelEndpointDataBlobs); a template is kept
        # as sent but not used.
        return
    input_format = config.get("format")
    if input_format is None:
        raise ValidationException(external_model_messages.input_format_missing())
    expected = INPUT_TEMPLATES[input_format]
    for member in templates:
        if member != expected:
            raise ValidationException(
                external_model_messages.wrong_format_member(member, input_format)
            )
    if expected not in config:
        raise ValidationException(
            external_model_messages.input_template_missing(expected, input_format)
        )
    # Placeholders are filled from the event: with an event type, from its event variables.
    if event_type_name is not None:
        known: set[str] = set(store.event_types[event_type_name].event_variables)
    else:
        known = {name for name, v in store.variables.items() if v.data_source == "EVENT"}
    placeholders = dict.fromkeys(_PLACEHOLDER.findall(config[expected]))
    unknown = [name for name in placeholders if name not in known]
    if unknown:
        raise ValidationException(
            external_model_messages.unknown_placeholders(expected, event_type_name, unknown)
        )


def _check_output(store: Store, config: dict[str, Any]) -> None:
    output_format = config["format"]
    expected = OUTPUT_MAPS[output_format]
    for member in OUTPUT_MAPS.values():
        if member != expected and config.get(member):
            raise ValidationException(
                external_model_messages.wrong_format_member(member, output_format)
            )
    mapping: dict[str, str] = config.get(expected) or {}
    if not mapping:
        raise ValidationException(
            external_model_messages.output_map_missing(expected, output_format)
        )
    if expected == "csvIndexToVariableMap":
        bad = [key for key in mapping if not _CSV_INDEX.fullmatch(key)]
        if bad:
            raise ValidationException(external_model_messages.invalid_csv_indexes(bad))
    repeated = [name for name, count in Counter(mapping.values()).items() if count > 1]
    if repeated:
        raise ValidationException(external_model_messages.output_variable_repeated(repeated))
    missing = [name for name in mapping.values() if name not in store.variables]
    if missing:
        raise ValidationException(common.missing_references("external model", "variables", missing))
    wrong = [
        n for n in mapping.values() if store.variables[n].data_source != "EXTERNAL_MODEL_SCORE"
    ]
    if wrong:
        raise ValidationException(external_model_messages.not_external_model_variables(wrong))


def handle_put_external_model(store: Store, params: Params) -> dict[str, Any]:
    endpoint = params["modelEndpoint"]
    _check_role(store, params["invokeModelEndpointRoleArn"])
    _check_input(store, params["inputConfiguration"])
    _check_output(store, params["outputConfiguration"])
    now = store.timestamp()
    model = store.external_models.get(endpoint)
    if model is None:
        model = ExternalModel(
            arn=store.arn(f"external-model/{endpoint}"),
            created_time=now,
            last_updated_time=now,
            tags=tags_from(params),
            model_endpoint=endpoint,
            model_source=params["modelSource"],
            invoke_model_endpoint_role_arn=params["invokeModelEndpointRoleArn"],
        )
        store.external_models[endpoint] = model
    # An upsert replaces the whole definition; tags of an existing model change only through
    # TagResource/UntagResource (docs/behaviour.md, "Resources").
    model.model_source = params["modelSource"]
    model.invoke_model_endpoint_role_arn = params["invokeModelEndpointRoleArn"]
    model.input_configuration = copy.deepcopy(params["inputConfiguration"])
    model.output_configuration = copy.deepcopy(params["outputConfiguration"])
    model.model_endpoint_status = params["modelEndpointStatus"]
    model.last_updated_time = now
    return {}


def handle_get_external_models(store: Store, params: Params) -> dict[str, Any]:
    return get_or_list(
        store,
        params,
        "GetExternalModels",
        "externalModels",
        store.external_models,
        ExternalModel.to_summary,
        filter_member="modelEndpoint",
        noun="external model",
    )


def handle_delete_external_model(store: Store, params: Params) -> dict[str, Any]:
    endpoint = params["modelEndpoint"]
    model = store.external_models.get(endpoint)
    if model is None:
        return {}  # idempotent: the model has no ResourceNotFoundException
    # Only a detector version holds the model (AWS API reference: "DeleteExternalModel": "if it
    # is not associated with a detector version"); rule versions that read its output do not.
    versions = usage.detector_versions_with_external_model(store, endpoint)
    if versions:
        raise ConflictException(
            common.in_use(
                "external model",
                endpoint,
                "detector versions",
                [usage.version_label(v) for v in versions],
            )
        )
    leaving = _variables_leaving_with(store, model)
    del store.external_models[endpoint]
    for name in leaving:
        del store.variables[name]
    return {}


def _variables_leaving_with(store: Store, model: ExternalModel) -> list[str]:
    """The output variables deleting ``model`` removes: those no other external model maps and
    no rule version reads. A variable a rule still reads stays, so that no rule version names a
    variable that is gone; DeleteVariable removes it once the rules are deleted."""
    leaving = []
    for name in model.output_variables():
        variable = store.variables.get(name)
        if variable is None or variable.data_source != "EXTERNAL_MODEL_SCORE":
            continue
        if usage.external_models_with_output_variable(store, name) != [model.model_endpoint]:
            continue
        if not usage.rule_versions_with_variable(store, name):
            leaving.append(name)
    return leaving


HANDLERS: dict[str, Handler] = {
    "PutExternalModel": handle_put_external_model,
    "GetExternalModels": handle_get_external_models,
    "DeleteExternalModel": handle_delete_external_model,
}
