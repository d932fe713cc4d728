"""Tags: TagResource, UntagResource, ListTagsForResource on the ARN of any record.

An ARN is resolved through ``RESOLVERS``, one entry per ARN resource type (docs/behaviour.md,
"Resources"): a type without an entry is simply not found, and becomes taggable by adding its
entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from frauddetector_mock.errors import ResourceNotFoundException, ValidationException
from frauddetector_mock.messages import common
from frauddetector_mock.messages import tags as tag_messages
from frauddetector_mock.store.pagination import listing
from frauddetector_mock.store.resource import Handler, Params, Resource, tags_from

if TYPE_CHECKING:
    from frauddetector_mock.store.state import Store

MAX_TAGS_PER_RESOURCE = 200
"""The quota per resource (the model's tagList max bounds one request, not the resource)."""

Lookup = Callable[["Store", tuple[str, ...]], Resource | None]


def _in(collection: str) -> Lookup:
    """A record kept by name in ``store.<collection>``, its ARN path being that one name."""

    def lookup(store: Store, path: tuple[str, ...]) -> Resource | None:
        records: dict[str, Resource] = getattr(store, collection)
        return records.get(path[0])

    return lookup


def _detector_version(store: Store, path: tuple[str, ...]) -> Resource | None:
    detector = store.detectors.get(path[0])
    return None if detector is None else detector.versions.get(path[1])


def _rule_version(store: Store, path: tuple[str, ...]) -> Resource | None:
    detector = store.detectors.get(path[0])
    return None if detector is None else detector.rules.get(path[1], {}).get(path[2])


def _model(store: Store, path: tuple[str, ...]) -> Resource | None:
    return store.models.get((path[1], path[0]))


def _model_version(store: Store, path: tuple[str, ...]) -> Resource | None:
    model = store.models.get((path[1], path[0]))
    return None if model is None else model.versions.get(path[2])


RESOLVERS: dict[str, tuple[int, Lookup]] = {
    # ARN resource type -> (segments of its path, how to find the record)
    "label": (1, _in("labels")),
    "outcome": (1, _in("outcomes")),
    "entity-type": (1, _in("entity_types")),
    "variable": (1, _in("variables")),
    "event-type": (1, _in("event_types")),
    "list": (1, _in("lists")),
    "detector": (1, _in("detectors")),
    "detector-version": (2, _detector_version),
    "rule": (3, _rule_version),
    "external-model": (1, _in("external_models")),
    "model": (2, _model),  # model/<TYPE>/<modelId>
    "model-version": (3, _model_version),  # model-version/<TYPE>/<modelId>/<number>
    "batch-import": (1, _in("batch_imports")),
    "batch-prediction": (1, _in("batch_predictions")),
}


def resolve(store: Store, arn: str) -> Resource:
    """The record ``arn`` names in ``store``; any other ARN is not found."""
    prefix = store.arn("")  # another partition, region or account never matches
    if arn.startswith(prefix):
        resource_type, _, rest = arn[len(prefix) :].partition("/")
        entry = RESOLVERS.get(resource_type)
        path = tuple(rest.split("/"))
        if entry is not None and len(path) == entry[0]:
            record = entry[1](store, path)
            # A record answers only to its own ARN, whatever the lookup matched on.
            if record is not None and record.arn == arn:
                return record
    raise ResourceNotFoundException(common.not_found("resource", arn))


def handle_tag_resource(store: Store, params: Params) -> dict[str, Any]:
    arn = params["resourceARN"]
    record = resolve(store, arn)
    merged = {**record.tags, **tags_from(params)}
    if len(merged) > MAX_TAGS_PER_RESOURCE:
        raise ValidationException(
            tag_messages.too_many_tags(arn, len(merged), MAX_TAGS_PER_RESOURCE)
        )
    record.tags = merged
    return {}


def handle_untag_resource(store: Store, params: Params) -> dict[str, Any]:
    record = resolve(store, params["resourceARN"])
    for key in params["tagKeys"]:
        record.tags.pop(key, None)  # a key the resource does not carry is ignored
    return {}


def handle_list_tags_for_resource(store: Store, params: Params) -> dict[str, Any]:
    arn = params["resourceARN"]
    record = resolve(store, arn)
    return listing(
        store,
        params,
        "ListTagsForResource",
        "tags",
        record.tags.items(),
        _by_key,
        _tag,
        scope=(arn,),
    )


def _tag(item: tuple[str, str]) -> dict[str, str]:
    return {"key": item[0], "value": item[1]}


def _by_key(tag: tuple[str, str]) -> str:
    return tag[0]


HANDLERS: dict[str, Handler] = {
    "TagResource": handle_tag_resource,
    "UntagResource": handle_untag_resource,
    "ListTagsForResource": handle_list_tags_for_resource,
}
