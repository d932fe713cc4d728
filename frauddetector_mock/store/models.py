"""Models and model versions (§4.10): CreateModel, GetModels, UpdateModel, DeleteModel,
CreateModelVersion, UpdateModelVersion, GetModelVersion, DescribeModelVersions,
UpdateModelVersionStatus, DeleteModelVersion."""

from __future__ import annotations

from typing import Any

HANDLERS: dict[str, Any] = {}
