"""Models and model versions: CreateModel, GetModels, UpdateModel, DeleteModel,
CreateModelVersion, UpdateModelVersion, GetModelVersion, DescribeModelVersions,
UpdateModelVersionStatus, DeleteModelVersion.

Statuses move through store/lifecycle.py, at the pace of the backend's transition mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import parse_instant
from frauddetector_mock.errors import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import models as model_messages
from frauddetector_mock.store import lifecycle, usage
from frauddetector_mock.store.pagination import listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.learned import LearnedModel
    from frauddetector_mock.store.state import Store

MODEL_QUOTA = 50  # per account and region (AWS's "Quotas" page)
VERSIONS_PER_MODEL = 200
TRAININGS_PER_ACCOUNT = 3
DEPLOYED_PER_ACCOUNT = 5
MAX_MAJOR = 9999  # floatVersionString: up to four digits before the point
MAX_MINOR = 99  # and two after it
OFI = "ONLINE_FRAUD_INSIGHTS"
OFI_VARIABLES = (2, 100)  # OFI training data needs 2 to 100 variables
LABEL_CLASSES = ("FRAUD", "LEGIT")
DETAIL_OF = {"EXTERNAL_EVENTS": "externalEventsDetail", "INGESTED_EVENTS": "ingestedEventsDetail"}
_NUMBER = re.compile(r"([1-9][0-9]{0,3})\.([0-9]{1,2})")  # floatVersionString, in two parts


@dataclass(eq=False, kw_only=True)
class ModelVersion(Resource):
    model_id: str
    model_type: str
    model_version_number: str  # "1.0", "1.01", "2.0", ...
    event_type_name: str  # the model's
    training_data_source: str  # EXTERNAL_EVENTS | INGESTED_EVENTS
    training_data_schema: dict[str, Any]  # TrainingDataSchema, as sent
    external_events_detail: dict[str, str] | None = None
    ingested_events_detail: dict[str, Any] | None = None
    status: str = lifecycle.TRAINING_IN_PROGRESS
    pending: list[str] = field(default_factory=list)  # the statuses still to come, in order
    reads: int = 0  # reads that saw the current status (transition mode after_reads)
    training_result: dict[str, Any] | None = None  # TrainingResult, once training ends
    training_result_v2: dict[str, Any] | None = None  # TrainingResultV2
    learned: LearnedModel | None = None  # what training learned to score with, if anything

    @property
    def major(self) -> int:
        return int(self.model_version_number.split(".")[0])

    def ref(self) -> dict[str, str]:
        """The version as a ``ModelVersion`` shape, as detector versions list it."""
        return {
            "modelId": self.model_id,
            "modelType": self.model_type,
            "modelVersionNumber": self.model_version_number,
            "arn": self.arn,
        }

    def label(self) -> str:
        return f"{self.model_id}/{self.model_version_number}"

    def to_get(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "modelId": self.model_id,
            "modelType": self.model_type,
            "modelVersionNumber": self.model_version_number,
            "trainingDataSource": self.training_data_source,
            "trainingDataSchema": _copy(self.training_data_schema),
        }
        if self.external_events_detail is not None:
            result["externalEventsDetail"] = dict(self.external_events_detail)
        if self.ingested_events_detail is not None:
            result["ingestedEventsDetail"] = _copy(self.ingested_events_detail)
        result["status"] = self.status
        result["arn"] = self.arn
        return result

    def to_detail(self) -> dict[str, Any]:
        detail = self.to_get()
        del detail["arn"]
        if self.training_result is not None:
            detail["trainingResult"] = _copy(self.training_result)
        detail["lastUpdatedTime"] = self.last_updated_time
        detail["createdTime"] = self.created_time
        detail["arn"] = self.arn
        if self.training_result_v2 is not None:
            detail["trainingResultV2"] = _copy(self.training_result_v2)
        return detail


@dataclass(eq=False, kw_only=True)
class Model(Resource):
    """A model and its versions. Version numbers only grow: a deleted one is never given again."""

    model_id: str
    model_type: str
    event_type_name: str
    description: str | None = None
    versions: dict[str, ModelVersion] = field(default_factory=dict)  # number -> version
    last_major: int = 0
    last_minor: dict[int, int] = field(default_factory=dict)  # major -> its highest minor

    def to_summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {"modelId": self.model_id, "modelType": self.model_type}
        if self.description is not None:
            summary["description"] = self.description
        summary["eventTypeName"] = self.event_type_name
        summary["createdTime"] = self.created_time
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["arn"] = self.arn
        return summary

    def label(self) -> str:
        return f"'{self.model_id}' ({self.model_type})"


def _copy(value: Any) -> Any:
    """A deep copy of plain JSON data, so that a response never shares a record's lists."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def version_number(major: int, minor: int) -> str:
    """The number of a version as CreateModelVersion and UpdateModelVersion give it: ``1.0``,
    ``1.01``, ``1.10`` (AWS API reference: "UpdateModelVersion")."""
    return f"{major}.{minor:02d}" if minor else f"{major}.0"


def canonical_number(number: str) -> str:
    """The version ``number`` names, as the service gave it: a version number is a decimal, so
    ``1.00`` is ``1.0`` and ``1.1`` is ``1.10`` (docs/behaviour.md, "Models and model versions").
    Text that is no version number (validation refuses it first) is returned as it is."""
    parts = _NUMBER.fullmatch(number)
    if parts is None:
        return number
    return version_number(int(parts[1]), int(parts[2].ljust(2, "0")))


def find_version(store: Store, model_id: str, model_type: str, number: str) -> ModelVersion | None:
    """The version ``number`` (in any of its written forms) of the model (``model_id``,
    ``model_type``), or None."""
    model = store.models.get((model_id, model_type))
    return None if model is None else model.versions.get(canonical_number(number))


def deployable_version(
    store: Store, ref: dict[str, str], event_type: str | None = None
) -> ModelVersion | None:
    """The version a detector version names (a ``ModelVersion`` shape), or None when there is
    none; refused unless it is ACTIVE and, when ``event_type`` is given, trained on it."""
    version = find_version(store, ref["modelId"], ref["modelType"], ref["modelVersionNumber"])
    if version is None:
        return None
    if version.status != lifecycle.ACTIVE:
        raise ValidationException(
            model_messages.model_version_not_active(version.label(), version.status)
        )
    if event_type is not None and version.event_type_name != event_type:
        raise ValidationException(
            model_messages.model_of_other_event_type(
                version.label(), version.event_type_name, event_type
            )
        )
    return version


# Models ----------------------------------------------------------------------------------------


def _model(store: Store, params: Params) -> Model:
    model = store.models.get((params["modelId"], params["modelType"]))
    if model is None:
        raise ResourceNotFoundException(
            model_messages.model_not_found(params["modelId"], params["modelType"])
        )
    return model


def handle_create_model(store: Store, params: Params) -> dict[str, Any]:
    model_id, model_type, event_type = (
        params["modelId"],
        params["modelType"],
        params["eventTypeName"],
    )
    # CreateModel models neither ResourceNotFoundException nor ConflictException
    # (docs/behaviour.md, "Protocol and errors").
    if event_type not in store.event_types:
        raise ValidationException(common.not_found("event type", event_type))
    if (model_id, model_type) in store.models:
        raise ValidationException(model_messages.model_exists(model_id, model_type))
    if len(store.models) >= MODEL_QUOTA:
        raise ValidationException(common.quota_exceeded("model", MODEL_QUOTA))
    now = store.timestamp()
    store.models[(model_id, model_type)] = Model(
        model_id=model_id,
        model_type=model_type,
        event_type_name=event_type,
        description=params.get("description"),
        arn=store.arn(f"model/{model_type}/{model_id}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
    )
    return {}


def _matching_models(store: Store, model_id: str | None, model_type: str | None) -> list[Model]:
    """The models the optional filters name; ResourceNotFoundException when a named id has none."""
    models = [
        model
        for model in store.models.values()
        if (model_id is None or model.model_id == model_id)
        and (model_type is None or model.model_type == model_type)
    ]
    if model_id is not None and not models:
        raise ResourceNotFoundException(model_messages.model_not_found(model_id, model_type))
    return models


def handle_get_models(store: Store, params: Params) -> dict[str, Any]:
    model_id, model_type = params.get("modelId"), params.get("modelType")
    models = _matching_models(store, model_id, model_type)
    return listing(
        store,
        params,
        "GetModels",
        "models",
        models,
        _model_key,
        Model.to_summary,
        scope=(model_id, model_type),
    )


def _model_key(model: Model) -> str:
    # "/" sorts before every character of an id, so the text order is (modelId, modelType).
    return f"{model.model_id}/{model.model_type}"


def handle_update_model(store: Store, params: Params) -> dict[str, Any]:
    model = _model(store, params)
    if params.get("description") is not None:  # the only member an update can change
        model.description = params["description"]
    model.last_updated_time = store.timestamp()
    return {}


def handle_delete_model(store: Store, params: Params) -> dict[str, Any]:
    model = store.models.get((params["modelId"], params["modelType"]))
    if model is None:
        return {}  # DeleteModel models no ResourceNotFoundException
    in_detectors = sorted(
        {
            usage.version_label(detector_version)
            for version in model.versions.values()
            for detector_version in usage.detector_versions_with_model_version(store, version.arn)
        }
    )
    if in_detectors:
        raise ConflictException(model_messages.model_in_use(model.label(), in_detectors))
    live = [
        v.model_version_number for v in model.versions.values() if v.status not in lifecycle.DEAD
    ]
    if live:
        raise ConflictException(model_messages.model_has_versions(model.label(), live))
    variable = lifecycle.score_variable(model.model_id)
    last_of_its_id = not any(
        other is not model and other.model_id == model.model_id for other in store.models.values()
    )
    if last_of_its_id and variable in store.variables:
        rules = [usage.rule_label(r) for r in usage.rule_versions_with_variable(store, variable)]
        if rules:
            raise ConflictException(
                model_messages.model_score_variable_in_use(model.label(), variable, rules)
            )
    # The score variable is the model's, shared by the models of one id (docs/behaviour.md,
    # "Models and model versions").
    if last_of_its_id:
        store.variables.pop(variable, None)
    del store.models[(model.model_id, model.model_type)]
    if model.model_type == "ACCOUNT_TAKEOVER_INSIGHTS":
        # What an ATI model has seen is its own: a model made again under this id starts over.
        store.entities_seen.pop(model.model_id, None)
    return {}


# Training: CreateModelVersion, UpdateModelVersion -----------------------------------------------


def _check_events_detail(store: Store, source: str, params: Params) -> None:
    """The detail of the training data source is required, the other one refused; a role must
    be of the caller's account; a time window must run forwards."""
    needed = DETAIL_OF[source]
    for member in DETAIL_OF.values():
        if member != needed and params.get(member) is not None:
            raise ValidationException(model_messages.events_detail_mismatch(member, source))
    detail = params.get(needed)
    if detail is None:
        raise ValidationException(model_messages.events_detail_missing(needed, source))
    if needed == "externalEventsDetail":
        role = detail["dataAccessRoleArn"]
        if role.split(":")[4] != store.account_id:
            raise AccessDeniedException(
                model_messages.data_role_not_in_account(role, store.account_id)
            )
        return
    window = detail["ingestedEventsTimeWindow"]
    try:
        start, end = parse_instant(window["startTime"]), parse_instant(window["endTime"])
    except ValueError:
        raise ValidationException(
            model_messages.invalid_time_window(window["startTime"], window["endTime"])
        ) from None
    if start >= end:
        raise ValidationException(
            model_messages.invalid_time_window(window["startTime"], window["endTime"])
        )


def _check_schema(store: Store, model: Model, schema: dict[str, Any]) -> None:
    """Model variables exist and belong to the event type; labels are the event type's."""
    names = list(dict.fromkeys(schema["modelVariables"]))
    missing = [name for name in names if name not in store.variables]
    if missing:
        # The service's own words (docs/behaviour.md, "Models and model versions").
        raise ResourceNotFoundException(model_messages.variables_do_not_exist(missing))
    event_type = store.event_types[model.event_type_name]
    foreign = [name for name in names if name not in event_type.event_variables]
    if foreign:
        raise ValidationException(
            model_messages.not_in_event_type("variables", event_type.name, foreign)
        )
    low, high = OFI_VARIABLES
    if model.model_type == OFI and not low <= len(names) <= high:
        raise ValidationException(
            model_messages.model_variable_count(model.model_type, len(names), low, high)
        )
    mapper = (schema.get("labelSchema") or {}).get("labelMapper") or {}
    for key in mapper:
        if key not in LABEL_CLASSES:
            raise ValidationException(model_messages.label_mapper_key(key, LABEL_CLASSES))
    labels = [label for key in LABEL_CLASSES for label in mapper.get(key, ())]
    foreign = list(dict.fromkeys(label for label in labels if label not in event_type.labels))
    if foreign:
        raise ValidationException(
            model_messages.not_in_event_type("labels", event_type.name, foreign)
        )
    both = [label for label in mapper.get("FRAUD", ()) if label in mapper.get("LEGIT", ())]
    if both:
        raise ValidationException(model_messages.label_in_both_classes(both))


def _check_can_train(store: Store, model: Model) -> None:
    """The name of the score variable is free; one training per model, 3 per account, 200
    versions per model (AWS's "Quotas" page)."""
    variable = store.variables.get(lifecycle.score_variable(model.model_id))
    if variable is not None and variable.data_source != "MODEL_SCORE":
        raise ValidationException(
            model_messages.score_variable_taken(variable.name, variable.data_source)
        )
    if any(v.status == lifecycle.TRAINING_IN_PROGRESS for v in model.versions.values()):
        raise ValidationException(model_messages.simultaneous_training())
    if len(model.versions) >= VERSIONS_PER_MODEL:
        raise ValidationException(
            model_messages.model_version_quota(model.label(), VERSIONS_PER_MODEL)
        )
    training = sum(
        1 for v in lifecycle.all_versions(store) if v.status == lifecycle.TRAINING_IN_PROGRESS
    )
    if training >= TRAININGS_PER_ACCOUNT:
        raise ValidationException(model_messages.training_quota(TRAININGS_PER_ACCOUNT))


def _train(
    store: Store,
    model: Model,
    major: int,
    minor: int,
    source: str,
    schema: dict[str, Any],
    params: Params,
) -> dict[str, Any]:
    number = version_number(major, minor)
    now = store.timestamp()
    version = ModelVersion(
        model_id=model.model_id,
        model_type=model.model_type,
        model_version_number=number,
        event_type_name=model.event_type_name,
        training_data_source=source,
        training_data_schema=_copy(schema),
        external_events_detail=_copy(params.get("externalEventsDetail")),
        ingested_events_detail=_copy(params.get("ingestedEventsDetail")),
        arn=store.arn(f"model-version/{model.model_type}/{model.model_id}/{number}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
    )
    model.last_major = max(model.last_major, major)
    model.last_minor[major] = minor
    model.versions[number] = version
    lifecycle.begin(store, version, lifecycle.TRAINING)
    # The answer tells of the training just started, whatever the mode made of it since
    # (docs/behaviour.md, "Models and model versions").
    return {
        "modelId": model.model_id,
        "modelType": model.model_type,
        "modelVersionNumber": number,
        "status": lifecycle.TRAINING_IN_PROGRESS,
    }


def handle_create_model_version(store: Store, params: Params) -> dict[str, Any]:
    model = _model(store, params)
    source = params["trainingDataSource"]
    if model.model_type != OFI and source != "INGESTED_EVENTS":
        raise ValidationException(
            model_messages.training_source_not_supported(model.model_type, source)
        )
    _check_events_detail(store, source, params)
    schema = params["trainingDataSchema"]
    _check_schema(store, model, schema)
    _check_can_train(store, model)
    if model.last_major >= MAX_MAJOR:
        raise ValidationException(model_messages.version_numbers_exhausted(model.label()))
    return _train(store, model, model.last_major + 1, 0, source, schema, params)


def handle_update_model_version(store: Store, params: Params) -> dict[str, Any]:
    model = _model(store, params)
    major = int(params["majorVersionNumber"])
    of_major = [v for v in model.versions.values() if v.major == major]
    if not of_major:
        raise ResourceNotFoundException(
            model_messages.model_major_not_found(model.label(), params["majorVersionNumber"])
        )
    # A retraining keeps the data source and schema of its major version and takes new data.
    latest = of_major[-1]
    _check_events_detail(store, latest.training_data_source, params)
    _check_can_train(store, model)
    minor = model.last_minor.get(major, 0) + 1
    if minor > MAX_MINOR:
        raise ValidationException(model_messages.version_numbers_exhausted(model.label()))
    return _train(
        store,
        model,
        major,
        minor,
        latest.training_data_source,
        latest.training_data_schema,
        params,
    )


# Model versions --------------------------------------------------------------------------------


def _version(store: Store, params: Params) -> ModelVersion:
    ref = {
        "modelId": params["modelId"],
        "modelType": params["modelType"],
        "modelVersionNumber": params["modelVersionNumber"],
    }
    version = find_version(store, ref["modelId"], ref["modelType"], ref["modelVersionNumber"])
    if version is None:
        raise ResourceNotFoundException(model_messages.model_version_not_found(ref))
    return version


def handle_get_model_version(store: Store, params: Params) -> dict[str, Any]:
    version = _version(store, params)
    lifecycle.read(store, version)
    return version.to_get()


def handle_describe_model_versions(store: Store, params: Params) -> dict[str, Any]:
    model_id, model_type = params.get("modelId"), params.get("modelType")
    number = params.get("modelVersionNumber")
    if number is not None and model_id is None:
        raise ValidationException(model_messages.model_version_number_without_model_id())
    models = _matching_models(store, model_id, model_type)
    wanted = None if number is None else canonical_number(number)
    versions = [
        version
        for model in models
        for version in model.versions.values()
        if wanted is None or version.model_version_number == wanted
    ]
    if number is not None and not versions:
        raise ResourceNotFoundException(
            model_messages.model_version_number_not_found(model_id or "", model_type, number)
        )

    def render(version: ModelVersion) -> dict[str, Any]:
        lifecycle.read(store, version)
        return version.to_detail()

    return listing(
        store,
        params,
        "DescribeModelVersions",
        "modelVersionDetails",
        versions,
        _version_key,
        render,
        scope=(model_id, model_type, wanted),
    )


def _version_key(version: ModelVersion) -> str:
    major, _, minor = version.model_version_number.partition(".")
    # Zero-padded so that text order is numeric order: 1.0 < 1.01 < 1.02 < 2.0 < 10.0.
    return f"{version.model_id}/{version.model_type}/{int(major):04d}.{minor.ljust(2, '0')}"


def handle_update_model_version_status(store: Store, params: Params) -> dict[str, Any]:
    version = _version(store, params)
    target = params["status"]
    allowed_from = {
        "TRAINING_CANCELLED": lifecycle.TRAINING_IN_PROGRESS,
        "ACTIVE": lifecycle.TRAINING_COMPLETE,
        "INACTIVE": lifecycle.ACTIVE,
    }
    if version.status != allowed_from[target]:
        raise ConflictException(
            model_messages.model_version_transition(version.label(), version.status, target)
        )
    if target == "TRAINING_CANCELLED":
        version.status, version.pending = lifecycle.TRAINING_CANCELLED, []
        version.last_updated_time = store.timestamp()
        return {}
    if target == "INACTIVE":
        users = usage.detector_versions_with_model_version(store, version.arn)
        if users:
            raise ConflictException(
                common.in_use(
                    "model version",
                    version.label(),
                    "detector versions",
                    [usage.version_label(user) for user in users],
                )
            )
        lifecycle.begin(store, version, lifecycle.DEACTIVATION)
        return {}
    deployed = sum(1 for v in lifecycle.all_versions(store) if v.status in lifecycle.DEPLOYED)
    if deployed >= DEPLOYED_PER_ACCOUNT:
        raise ValidationException(model_messages.deployed_model_version_quota(DEPLOYED_PER_ACCOUNT))
    lifecycle.begin(store, version, lifecycle.ACTIVATION)
    return {}


def handle_delete_model_version(store: Store, params: Params) -> dict[str, Any]:
    model = store.models.get((params["modelId"], params["modelType"]))
    version = find_version(
        store, params["modelId"], params["modelType"], params["modelVersionNumber"]
    )
    if model is None or version is None:
        return {}  # DeleteModelVersion models no ResourceNotFoundException
    users = usage.detector_versions_with_model_version(store, version.arn)
    if users:
        raise ConflictException(
            common.in_use(
                "model version",
                version.label(),
                "detector versions",
                [usage.version_label(user) for user in users],
            )
        )
    if version.status != lifecycle.TRAINING_COMPLETE:
        raise ConflictException(
            model_messages.model_version_not_deletable(version.label(), version.status)
        )
    del model.versions[version.model_version_number]
    return {}


HANDLERS: dict[str, Handler] = {
    "CreateModel": handle_create_model,
    "GetModels": handle_get_models,
    "UpdateModel": handle_update_model,
    "DeleteModel": handle_delete_model,
    "CreateModelVersion": handle_create_model_version,
    "UpdateModelVersion": handle_update_model_version,
    "GetModelVersion": handle_get_model_version,
    "DescribeModelVersions": handle_describe_model_versions,
    "UpdateModelVersionStatus": handle_update_model_version_status,
    "DeleteModelVersion": handle_delete_model_version,
}
