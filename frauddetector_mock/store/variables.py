"""Variables (§4.1): CreateVariable, BatchCreateVariable, BatchGetVariable, GetVariables,
UpdateVariable, DeleteVariable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.resource import Resource

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class Variable(Resource):
    name: str
    data_type: str  # STRING | INTEGER | FLOAT | BOOLEAN | DATETIME
    data_source: str  # EVENT | MODEL_SCORE | EXTERNAL_MODEL_SCORE
    default_value: str
    description: str | None = None
    variable_type: str | None = None


HANDLERS: dict[str, Any] = {}
