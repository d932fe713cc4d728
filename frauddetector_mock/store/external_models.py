"""External (SageMaker) models (§4.11): PutExternalModel, GetExternalModels, DeleteExternalModel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.resource import Resource

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class ExternalModel(Resource):
    model_endpoint: str
    model_source: str  # SAGEMAKER
    invoke_model_endpoint_role_arn: str
    input_configuration: dict[str, Any] = field(default_factory=dict)  # ModelInputConfiguration
    output_configuration: dict[str, Any] = field(default_factory=dict)  # ModelOutputConfiguration
    model_endpoint_status: str = "ASSOCIATED"  # ASSOCIATED | DISSOCIATED


HANDLERS: dict[str, Any] = {}
