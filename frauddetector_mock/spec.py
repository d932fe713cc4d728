"""botocore's service model of Fraud Detector: the source of truth for names, shapes and limits.

Loaded once, on first use: botocore's loader pulls in urllib3 and http.client, which would
otherwise weigh on every ``import frauddetector_mock``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "frauddetector"


@functools.cache
def service_model() -> ServiceModel:
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@functools.cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def target_prefix() -> str:
    prefix: str = service_model().metadata["targetPrefix"]
    return prefix


@functools.cache
def modelled_error_codes(operation: str) -> frozenset[str]:
    return frozenset(shape.name for shape in operation_model(operation).error_shapes)
