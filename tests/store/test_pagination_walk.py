"""Every listing operation of the registry, walked page by page (docs/behaviour.md, "Pagination").

Each listing is filled with more items than its largest page holds, then walked with the default
page and with the smallest ``maxResults`` the model allows: every page is full except the last,
only the last omits ``nextToken``, and the pages together are the whole listing in its order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from frauddetector_mock.spec import operation_model

DETECTOR = "walk_detector"


def max_results_range(operation: str) -> tuple[int, int]:
    shape = operation_model(operation).input_shape.members["maxResults"]
    return int(shape.metadata["min"]), int(shape.metadata["max"])


def walk(call: Callable[..., Any], member: str, page_size: int | None, **params: Any) -> list[Any]:
    items: list[Any] = []
    pages: list[int] = []
    token: str | None = None
    while True:
        request = dict(params)
        if page_size is not None:
            request["maxResults"] = page_size
        if token is not None:
            request["nextToken"] = token
        response = call(**request)
        pages.append(len(response[member]))
        items.extend(response[member])
        token = response.get("nextToken")
        if token is None:
            break
    assert len(pages) > 1, "the listing fits in one page: the walk proves nothing"
    assert all(size == pages[0] for size in pages[:-1])
    assert 0 < pages[-1] <= pages[0]
    return items


def base(client: Any) -> None:
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.put_entity_type(name="customer")
    client.put_event_type(name="walk_event", eventVariables=["amount"], entityTypes=["customer"])
    client.put_detector(detectorId=DETECTOR, eventTypeName="walk_event")
    client.put_outcome(name="approve")


def fill_variables(client: Any, count: int) -> list[str]:
    names = [f"v{i:04d}" for i in range(count)]
    for start in range(0, count, 25):
        client.batch_create_variable(
            variableEntries=[
                {"name": name, "dataType": "STRING", "dataSource": "EVENT", "defaultValue": ""}
                for name in names[start : start + 25]
            ]
        )
    return names


def fill_rules(client: Any, count: int) -> list[tuple[str, str]]:
    base(client)
    client.create_rule(
        ruleId="r",
        detectorId=DETECTOR,
        expression="$amount > 0",
        language="DETECTORPL",
        outcomes=["approve"],
    )
    for version in range(1, count):
        client.update_rule_version(
            rule={"detectorId": DETECTOR, "ruleId": "r", "ruleVersion": str(version)},
            expression=f"$amount > {version}",
            language="DETECTORPL",
            outcomes=["approve"],
        )
    return [("r", str(v)) for v in range(1, count + 1)]


def fill_detector_versions(client: Any, count: int) -> list[str]:
    fill_rules(client, 1)
    rule = {"detectorId": DETECTOR, "ruleId": "r", "ruleVersion": "1"}
    for _ in range(count):
        created = client.create_detector_version(detectorId=DETECTOR, rules=[rule])
        # An ACTIVE version demotes the previous one to INACTIVE, so drafts never pile up
        # against their quota.
        client.update_detector_version_status(
            detectorId=DETECTOR, detectorVersionId=created["detectorVersionId"], status="ACTIVE"
        )
    return [str(v) for v in range(1, count + 1)]


def named(method: str) -> Callable[[Any, int], list[str]]:
    def fill(client: Any, count: int) -> list[str]:
        names = [f"n{i:04d}" for i in range(count)]
        for name in names:
            getattr(client, method)(name=name)
        return names

    return fill


def fill_event_types(client: Any, count: int) -> list[str]:
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.put_entity_type(name="customer")
    names = [f"e{i:03d}" for i in range(count)]
    for name in names:
        client.put_event_type(name=name, eventVariables=["amount"], entityTypes=["customer"])
    return names


def fill_detectors(client: Any, count: int) -> list[str]:
    fill_event_types(client, 1)
    names = [f"d{i:03d}" for i in range(count)]
    for name in names:
        client.put_detector(detectorId=name, eventTypeName="e000")
    return names


def fill_lists(client: Any, count: int) -> list[str]:
    names = [f"l{i:03d}" for i in range(count)]
    for name in names:
        client.create_list(name=name)
    return names


def fill_elements(client: Any, count: int) -> list[str]:
    elements = [f"x{i:05d}" for i in range(count)]
    client.create_list(name="big", elements=elements)
    return elements


def fill_external_models(client: Any, count: int) -> list[str]:
    client.create_variable(
        name="score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0"
    )
    endpoints = [f"endpoint-{i:03d}" for i in range(count)]
    for endpoint in endpoints:
        client.put_external_model(
            modelEndpoint=endpoint,
            modelSource="SAGEMAKER",
            invokeModelEndpointRoleArn="arn:aws:iam::123456789012:role/invoke",
            inputConfiguration={"format": "TEXT_CSV", "useEventVariables": False},
            outputConfiguration={"format": "TEXT_CSV", "csvIndexToVariableMap": {"0": "score"}},
            modelEndpointStatus="ASSOCIATED",
        )
    return endpoints


TAGGED = "arn:aws:frauddetector:us-east-1:123456789012:label/tagged"


def fill_tags(client: Any, count: int) -> list[str]:
    keys = [f"k{i:03d}" for i in range(count)]
    client.put_label(name="tagged")
    client.tag_resource(resourceARN=TAGGED, tags=[{"key": key, "value": "v"} for key in keys])
    return keys


def _name(item: dict[str, Any]) -> Any:
    return item["name"]


# operation -> (client method, list member, fill(client, count) -> the keys expected in listing
# order, the key of a listed item, the request's other parameters)
CASES: dict[str, tuple[str, str, Callable[[Any, int], list[Any]], Callable[..., Any], Any]] = {
    "GetVariables": ("get_variables", "variables", fill_variables, _name, {}),
    "GetLabels": ("get_labels", "labels", named("put_label"), _name, {}),
    "GetOutcomes": ("get_outcomes", "outcomes", named("put_outcome"), _name, {}),
    "GetEntityTypes": ("get_entity_types", "entityTypes", named("put_entity_type"), _name, {}),
    "GetEventTypes": ("get_event_types", "eventTypes", fill_event_types, _name, {}),
    "GetDetectors": ("get_detectors", "detectors", fill_detectors, lambda i: i["detectorId"], {}),
    "GetListsMetadata": ("get_lists_metadata", "lists", fill_lists, _name, {}),
    "GetListElements": ("get_list_elements", "elements", fill_elements, str, {"name": "big"}),
    "GetExternalModels": (
        "get_external_models",
        "externalModels",
        fill_external_models,
        lambda i: i["modelEndpoint"],
        {},
    ),
    "GetRules": (
        "get_rules",
        "ruleDetails",
        fill_rules,
        lambda i: (i["ruleId"], i["ruleVersion"]),
        {"detectorId": DETECTOR},
    ),
    "DescribeDetector": (
        "describe_detector",
        "detectorVersionSummaries",
        fill_detector_versions,
        lambda i: i["detectorVersionId"],
        {"detectorId": DETECTOR},
    ),
    "ListTagsForResource": (
        "list_tags_for_resource",
        "tags",
        fill_tags,
        lambda i: i["key"],
        {"resourceARN": TAGGED},
    ),
}


@pytest.mark.parametrize("operation", sorted(CASES))
def test_walk(client: Any, operation: str) -> None:
    method, member, fill, key, params = CASES[operation]
    low, high = max_results_range(operation)
    # More than the default page (the top of the range), within the service's quotas.
    expected = fill(client, high + 1)
    call = getattr(client, method)
    for page_size in (None, low):
        items = walk(call, member, page_size, **params)
        assert [key(item) for item in items] == expected
