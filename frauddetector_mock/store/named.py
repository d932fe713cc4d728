"""Labels, outcomes and entity types: named resources with a description and tags.

The three share one shape and one lifecycle (Put upserts, Get lists or names one, Delete is
idempotent), so they are one table of kinds rather than three copies of the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import (
    ConflictException,
    ValidationException,
)
from frauddetector_mock.messages import common
from frauddetector_mock.messages import events as event_messages
from frauddetector_mock.store import usage
from frauddetector_mock.store.pagination import get_or_list
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store


@dataclass(eq=False, kw_only=True)
class NamedResource(Resource):
    name: str
    description: str | None = None

    def to_summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            summary["description"] = self.description
        summary["lastUpdatedTime"] = self.last_updated_time
        summary["createdTime"] = self.created_time
        summary["arn"] = self.arn
        return summary


class Label(NamedResource):
    pass


class Outcome(NamedResource):
    pass


class EntityType(NamedResource):
    pass


@dataclass(frozen=True)
class Kind:
    noun: str
    record: type[NamedResource]
    collection: str
    list_member: str
    quota: int
    put: str
    get: str
    delete: str
    user_kind: str
    users: Callable[[Store, str], list[str]]  # what still holds a record
    # Event types whose stored events carry the record (labels only): checked first, since the
    # event types that list a label keep it as long as they have events.
    event_users: Callable[[Store, str], list[str]] | None = None

    def records(self, store: Store) -> dict[str, NamedResource]:
        collection: dict[str, NamedResource] = getattr(store, self.collection)
        return collection

    def handle_put(self, store: Store, params: Params) -> dict[str, Any]:
        records = self.records(store)
        name = params["name"]
        now = store.timestamp()
        existing = records.get(name)
        if existing is not None:
            # Put replaces the definition; tags of an existing resource change only through
            # TagResource/UntagResource (docs/behaviour.md, "Resources").
            existing.description = params.get("description")
            existing.last_updated_time = now
            return {}
        if len(records) >= self.quota:
            raise ValidationException(common.quota_exceeded(self.noun, self.quota))
        records[name] = self.record(
            name=name,
            arn=store.arn(f"{self.noun.replace(' ', '-')}/{name}"),
            created_time=now,
            last_updated_time=now,
            description=params.get("description"),
            tags=tags_from(params),
        )
        return {}

    def handle_get(self, store: Store, params: Params) -> dict[str, Any]:
        return get_or_list(
            store,
            params,
            self.get,
            self.list_member,
            self.records(store),
            NamedResource.to_summary,
            noun=self.noun,
        )

    def handle_delete(self, store: Store, params: Params) -> dict[str, Any]:
        # Deleting what is not there succeeds, as the model of these deletes has no
        # ResourceNotFoundException (docs/behaviour.md, "Resources").
        name = params["name"]
        if name not in self.records(store):
            return {}
        if self.event_users is not None:
            holders = self.event_users(store, name)
            if holders:
                raise ConflictException(
                    event_messages.carried_by_stored_events(self.noun, name, holders)
                )
        users = self.users(store, name)
        if users:
            raise ConflictException(common.in_use(self.noun, name, self.user_kind, users))
        del self.records(store)[name]
        return {}

    def handlers(self) -> dict[str, Handler]:
        return {
            self.put: self.handle_put,
            self.get: self.handle_get,
            self.delete: self.handle_delete,
        }


def _rule_versions_with_outcome(store: Store, name: str) -> list[str]:
    return [usage.rule_label(rule) for rule in usage.rule_versions_with_outcome(store, name)]


KINDS = (
    Kind(
        "label",
        Label,
        "labels",
        "labels",
        100,
        "PutLabel",
        "GetLabels",
        "DeleteLabel",
        "event types",
        usage.event_types_with_label,
        usage.event_types_with_labelled_events,
    ),
    Kind(
        "outcome",
        Outcome,
        "outcomes",
        "outcomes",
        5000,
        "PutOutcome",
        "GetOutcomes",
        "DeleteOutcome",
        "rule versions",
        _rule_versions_with_outcome,
    ),
    Kind(
        "entity type",
        EntityType,
        "entity_types",
        "entityTypes",
        100,
        "PutEntityType",
        "GetEntityTypes",
        "DeleteEntityType",
        "event types",
        usage.event_types_with_entity_type,
    ),
)

HANDLERS: dict[str, Handler] = {
    operation: handler for kind in KINDS for operation, handler in kind.handlers().items()
}
