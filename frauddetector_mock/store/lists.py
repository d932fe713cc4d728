"""Lists: CreateList, UpdateList, GetListElements, GetListsMetadata, DeleteList."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import lists as list_messages
from frauddetector_mock.store import usage
from frauddetector_mock.store.pagination import get_or_list, listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from
from frauddetector_mock.store.variable_types import LIST_TYPES

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

LIST_QUOTA = 100
"""Lists per account (AWS's "Quotas" page)."""

MAX_ELEMENTS = 100_000
"""Entries per list (AWS's "Lists" page)."""


@dataclass(eq=False, kw_only=True)
class AllowList(Resource):
    """A list. Its API calls the second timestamp ``updatedTime``; ``last_updated_time`` holds it.

    ``elements`` is an insertion-ordered set (dict keys): entries are unique and rules test
    membership in O(1). Updates replace the dict rather than editing it, so a reader holding the
    old one (a page walk, a cached sort) never sees it change.
    """

    name: str
    description: str | None = None
    variable_type: str | None = None
    elements: dict[str, None] = field(default_factory=dict)

    def to_summary(self) -> dict[str, Any]:
        """An ``AllowDenyList`` of GetListsMetadata."""
        summary: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            summary["description"] = self.description
        if self.variable_type is not None:
            summary["variableType"] = self.variable_type
        summary["createdTime"] = self.created_time
        summary["updatedTime"] = self.last_updated_time
        summary["arn"] = self.arn
        return summary


# A list of 100,000 entries walked 500 at a time would otherwise be sorted 200 times.
_SORTED: weakref.WeakKeyDictionary[AllowList, tuple[dict[str, None], list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _sorted_elements(record: AllowList) -> list[str]:
    cached = _SORTED.get(record)
    if cached is None or cached[0] is not record.elements:
        cached = (record.elements, sorted(record.elements))
        _SORTED[record] = cached
    return cached[1]


def _check_variable_type(variable_type: str | None) -> None:
    if variable_type is not None and variable_type not in LIST_TYPES:
        raise ValidationException(list_messages.list_variable_type_invalid(variable_type))


def _check_size(name: str, elements: dict[str, None]) -> None:
    if len(elements) > MAX_ELEMENTS:
        raise ValidationException(list_messages.list_too_long(name, len(elements), MAX_ELEMENTS))


def _unique(elements: Iterable[str]) -> dict[str, None]:
    """The entries once each, in the order of their first occurrence (docs/behaviour.md,
    "Lists")."""
    return dict.fromkeys(elements)


def handle_create_list(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    if name in store.lists:
        # CreateList models no ConflictException (docs/behaviour.md, "Resources").
        raise ValidationException(common.already_exists("list", name))
    if len(store.lists) >= LIST_QUOTA:
        raise ValidationException(common.quota_exceeded("list", LIST_QUOTA))
    variable_type = params.get("variableType")
    _check_variable_type(variable_type)
    elements = _unique(params.get("elements") or ())
    _check_size(name, elements)
    now = store.timestamp()
    store.lists[name] = AllowList(
        arn=store.arn(f"list/{name}"),
        created_time=now,
        last_updated_time=now,
        tags=tags_from(params),
        name=name,
        description=params.get("description"),
        variable_type=variable_type,
        elements=elements,
    )
    return {}


def _updated_elements(record: AllowList, mode: str | None, given: list[str]) -> dict[str, None]:
    if mode == "APPEND":
        return {**record.elements, **_unique(given)}
    if mode == "REMOVE":
        gone = set(given)
        return {element: None for element in record.elements if element not in gone}
    return _unique(given)  # REPLACE; an empty list clears


def handle_update_list(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    record = store.lists.get(name)
    if record is None:
        raise ResourceNotFoundException(common.not_found("list", name))
    given, mode = params.get("elements"), params.get("updateMode")
    if given is not None and mode is None:
        raise ValidationException(list_messages.list_update_mode_missing(name))
    variable_type = params.get("variableType")
    _check_variable_type(variable_type)
    if variable_type is not None and record.variable_type not in (None, variable_type):
        raise ValidationException(
            list_messages.list_variable_type_fixed(name, record.variable_type or "")
        )
    # An updateMode without elements has nothing to apply: the entries stay as they are.
    elements = record.elements if given is None else _updated_elements(record, mode, given)
    _check_size(name, elements)
    record.elements = elements
    if variable_type is not None:
        record.variable_type = variable_type
    if params.get("description") is not None:
        record.description = params["description"]
    record.last_updated_time = store.timestamp()
    return {}


def handle_get_list_elements(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    record = store.lists.get(name)
    if record is None:
        raise ResourceNotFoundException(common.not_found("list", name))
    return listing(
        store,
        params,
        "GetListElements",
        "elements",
        _sorted_elements(record),
        str,
        str,
        scope=(name,),
        ordered=True,
    )


def handle_get_lists_metadata(store: Store, params: Params) -> dict[str, Any]:
    return get_or_list(
        store, params, "GetListsMetadata", "lists", store.lists, AllowList.to_summary, noun="list"
    )


def handle_delete_list(store: Store, params: Params) -> dict[str, Any]:
    name = params["name"]
    if name not in store.lists:
        return {}  # DeleteList models no ResourceNotFoundException
    users = usage.rule_versions_with_list(store, name)
    if users:
        raise ConflictException(
            common.in_use("list", name, "rule versions", [usage.rule_label(r) for r in users])
        )
    del store.lists[name]
    return {}


HANDLERS: dict[str, Handler] = {
    "CreateList": handle_create_list,
    "UpdateList": handle_update_list,
    "GetListElements": handle_get_list_elements,
    "GetListsMetadata": handle_get_lists_metadata,
    "DeleteList": handle_delete_list,
}
