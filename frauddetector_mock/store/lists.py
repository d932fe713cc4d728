"""Lists (§4.6): CreateList, UpdateList, GetListElements, GetListsMetadata, DeleteList."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.store.resource import Resource

if TYPE_CHECKING:
    pass


@dataclass(eq=False, kw_only=True)
class AllowList(Resource):
    """A list. Its API calls the second timestamp ``updatedTime``; ``last_updated_time`` holds it.

    ``elements`` is an insertion-ordered set (dict keys): entries are unique and rules test
    membership in O(1).
    """

    name: str
    description: str | None = None
    variable_type: str | None = None
    elements: dict[str, None] = field(default_factory=dict)


HANDLERS: dict[str, Any] = {}
