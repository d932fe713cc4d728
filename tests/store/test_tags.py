"""Tags: TagResource, UntagResource, ListTagsForResource on every taggable record
(docs/behaviour.md, "External models, KMS key, tags", "Resources").

Every resource is made through its real create operation, as a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.snapshot import snapshot

ARN = "arn:aws:frauddetector:us-east-1:123456789012"
ROLE = "arn:aws:iam::123456789012:role/fraud_detector_sagemaker"
TAGS = [{"key": "team", "value": "risk"}, {"key": "cost-center", "value": "42"}]
LISTED = [{"key": "cost-center", "value": "42"}, {"key": "team", "value": "risk"}]
OTHER_TAGS = [{"key": "team", "value": "other"}, {"key": "new", "value": "x"}]
BIG_RULE = {"detectorId": "fraud_detector", "ruleId": "big", "ruleVersion": "1"}


def tag_list(client: Any, arn: str, **params: Any) -> Any:
    response = client.list_tags_for_resource(resourceARN=arn, **params)
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


@pytest.fixture
def world(client: Any) -> Any:
    """What the taggable resources refer to, itself untagged."""
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0")
    client.create_variable(
        name="sm_score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )
    client.put_entity_type(name="customer")
    client.put_event_type(name="payment", eventVariables=["amount"], entityTypes=["customer"])
    client.put_outcome(name="review")
    client.put_detector(detectorId="fraud_detector", eventTypeName="payment")
    client.create_rule(
        ruleId="big",
        detectorId="fraud_detector",
        expression="$amount > 100",
        language="DETECTORPL",
        outcomes=["review"],
    )
    return client


def _external_model(client: Any, tags: list[dict[str, str]]) -> None:
    client.put_external_model(
        modelEndpoint="tagged",
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn=ROLE,
        inputConfiguration={"useEventVariables": False},
        outputConfiguration={"format": "TEXT_CSV", "csvIndexToVariableMap": {"0": "sm_score"}},
        modelEndpointStatus="ASSOCIATED",
        tags=tags,
    )


Create = Callable[[Any, list[dict[str, str]]], Any]

# ARN resource type -> (its ARN path, the create operation that makes one with tags)
MAKERS: dict[str, tuple[str, Create]] = {
    "label": ("label/tagged", lambda c, t: c.put_label(name="tagged", tags=t)),
    "outcome": ("outcome/tagged", lambda c, t: c.put_outcome(name="tagged", tags=t)),
    "entity-type": ("entity-type/tagged", lambda c, t: c.put_entity_type(name="tagged", tags=t)),
    "variable": (
        "variable/tagged",
        lambda c, t: c.create_variable(
            name="tagged", dataType="STRING", dataSource="EVENT", defaultValue="", tags=t
        ),
    ),
    "event-type": (
        "event-type/tagged",
        lambda c, t: c.put_event_type(
            name="tagged", eventVariables=["amount"], entityTypes=["customer"], tags=t
        ),
    ),
    "list": ("list/tagged", lambda c, t: c.create_list(name="tagged", elements=["a"], tags=t)),
    "detector": (
        "detector/tagged",
        lambda c, t: c.put_detector(detectorId="tagged", eventTypeName="payment", tags=t),
    ),
    "detector-version": (
        "detector-version/fraud_detector/1",
        lambda c, t: c.create_detector_version(
            detectorId="fraud_detector", rules=[BIG_RULE], tags=t
        ),
    ),
    "rule": (
        "rule/fraud_detector/tagged/1",
        lambda c, t: c.create_rule(
            ruleId="tagged",
            detectorId="fraud_detector",
            expression="$amount > 5",
            language="DETECTORPL",
            outcomes=["review"],
            tags=t,
        ),
    ),
    "external-model": ("external-model/tagged", _external_model),
}

# Put* upserts: the same call on an existing resource, with other tags.
UPSERTS = ["label", "outcome", "entity-type", "event-type", "detector", "external-model"]


def make(client: Any, kind: str, tags: list[dict[str, str]] | None = None) -> str:
    path, create = MAKERS[kind]
    create(client, TAGS if tags is None else tags)
    return f"{ARN}:{path}"


@pytest.mark.parametrize("kind", MAKERS)
def test_tags_given_on_creation_are_listed(world: Any, kind: str) -> None:
    """Tags passed on create are stored; the ARN of each resource type."""
    arn = make(world, kind)
    assert tag_list(world, arn) == {"tags": LISTED}


@pytest.mark.parametrize("kind", MAKERS)
def test_a_resource_created_without_tags_has_none(world: Any, kind: str) -> None:
    arn = make(world, kind, tags=[])
    assert tag_list(world, arn) == {"tags": []}


@pytest.mark.parametrize("kind", UPSERTS)
def test_put_on_an_existing_resource_keeps_its_tags(world: Any, kind: str) -> None:
    """[C] Put* on an existing resource ignores `tags` (docs/behaviour.md, "Resources")."""
    arn = make(world, kind)
    MAKERS[kind][1](world, OTHER_TAGS)
    assert tag_list(world, arn) == {"tags": LISTED}


@pytest.mark.parametrize("kind", MAKERS)
def test_tag_and_untag_round_trip(world: Any, kind: str) -> None:
    """Tagging merges and overwrites an existing key [I]; absent keys are ignored."""
    arn = make(world, kind)
    response = world.tag_resource(resourceARN=arn, tags=OTHER_TAGS)
    assert set(response) == {"ResponseMetadata"}
    assert tag_list(world, arn) == {
        "tags": [
            {"key": "cost-center", "value": "42"},
            {"key": "new", "value": "x"},
            {"key": "team", "value": "other"},
        ]
    }
    response = world.untag_resource(resourceARN=arn, tagKeys=["team", "absent"])
    assert set(response) == {"ResponseMetadata"}
    assert tag_list(world, arn) == {
        "tags": [{"key": "cost-center", "value": "42"}, {"key": "new", "value": "x"}]
    }
    world.untag_resource(resourceARN=arn, tagKeys=["cost-center", "new"])
    assert tag_list(world, arn) == {"tags": []}
    world.tag_resource(resourceARN=arn, tags=TAGS)
    assert tag_list(world, arn) == {"tags": LISTED}


def test_a_key_repeated_in_one_request_keeps_its_last_value(client: Any) -> None:
    """docs/behaviour.md: the last value of a repeated key wins."""
    arn = make(client, "label", tags=[])
    client.tag_resource(
        resourceARN=arn, tags=[{"key": "k", "value": "first"}, {"key": "k", "value": "last"}]
    )
    assert tag_list(client, arn) == {"tags": [{"key": "k", "value": "last"}]}


def test_empty_tag_and_untag_requests_change_nothing(client: Any, store: Store) -> None:
    arn = make(client, "label")
    before = snapshot(store)
    client.tag_resource(resourceARN=arn, tags=[])
    client.untag_resource(resourceARN=arn, tagKeys=[])
    assert snapshot(store) == before


def test_tagging_does_not_move_last_updated_time(client: Any) -> None:
    """[I] tags are not part of a resource's definition (Put* leaves them alone as well)."""
    arn = make(client, "label")
    get_backend().clock.advance(minutes=5)
    client.tag_resource(resourceARN=arn, tags=OTHER_TAGS)
    client.untag_resource(resourceARN=arn, tagKeys=["team"])
    label = client.get_labels(name="tagged")["labels"][0]
    assert label["lastUpdatedTime"] == label["createdTime"]


def test_a_recreated_resource_does_not_inherit_old_tags(client: Any) -> None:
    arn = make(client, "label")
    client.delete_label(name="tagged")
    client.put_label(name="tagged")
    assert tag_list(client, arn) == {"tags": []}


def _many(count: int, prefix: str = "k") -> list[dict[str, str]]:
    return [{"key": f"{prefix}{n:03d}", "value": str(n)} for n in range(count)]


def test_a_resource_holds_at_most_200_tags(client: Any, store: Store) -> None:
    """Max 200 tags per resource, counted after the merge (AWS API reference: "TagResource")."""
    arn = make(client, "label", tags=_many(150))
    client.tag_resource(resourceARN=arn, tags=_many(50, "m"))
    # At the quota, overwriting a key still works: it adds nothing.
    client.tag_resource(resourceARN=arn, tags=[{"key": "k000", "value": "changed"}])
    assert len(store.labels["tagged"].tags) == 200
    assert store.labels["tagged"].tags["k000"] == "changed"
    refused(
        lambda: client.tag_resource(resourceARN=arn, tags=[{"key": "one_more", "value": ""}]),
        "ValidationException",
        f"The resource '{arn}' would have 201 tags; a resource has at most 200.",
        unchanged=store,
    )


def test_list_tags_pages_by_50_in_key_order(client: Any) -> None:
    """ListTagsForResource maxResults is exactly 50, nextToken absent on the last page."""
    tags = _many(120)
    arn = make(client, "label", tags=list(reversed(tags)))
    first = tag_list(client, arn)
    assert first["tags"] == tags[:50]
    second = tag_list(client, arn, maxResults=50, nextToken=first["nextToken"])
    assert second["tags"] == tags[50:100]
    third = tag_list(client, arn, nextToken=second["nextToken"])
    assert third == {"tags": tags[100:]}


def test_list_tags_page_survives_tags_removed_between_pages(client: Any) -> None:
    """docs/behaviour.md: a token names the last item of its page."""
    tags = _many(60)
    arn = make(client, "label", tags=tags)
    first = tag_list(client, arn)
    client.untag_resource(resourceARN=arn, tagKeys=["k049", "k050"])
    assert tag_list(client, arn, nextToken=first["nextToken"]) == {"tags": tags[51:]}


def test_a_list_tags_token_is_good_only_for_its_resource(world: Any) -> None:
    """A token from elsewhere is a ValidationException (docs/behaviour.md, "Pagination")."""
    label = make(world, "label", tags=_many(60))
    outcome = make(world, "outcome", tags=_many(60))
    token = tag_list(world, label)["nextToken"]
    refused(
        lambda: tag_list(world, outcome, nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )


def test_list_tags_refuses_a_page_size_other_than_50(client: Any) -> None:
    arn = make(client, "label")
    refused(lambda: tag_list(client, arn, maxResults=51), "ValidationException")


def test_each_region_tags_its_own_resources(client: Any) -> None:
    west = boto3.client("frauddetector", region_name="us-west-2")
    west.put_label(name="tagged", tags=TAGS)
    west_arn = "arn:aws:frauddetector:us-west-2:123456789012:label/tagged"
    west.tag_resource(resourceARN=west_arn, tags=[{"key": "region", "value": "west"}])
    assert tag_list(west, west_arn)["tags"][1] == {"key": "region", "value": "west"}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        tag_list(client, west_arn)


UNKNOWN = [
    "arn:aws:frauddetector:us-east-1:123456789012:label/absent",
    "arn:aws:frauddetector:us-west-2:123456789012:label/fraud",
    "arn:aws:frauddetector:us-east-1:210987654321:label/fraud",
    "arn:aws-cn:frauddetector:us-east-1:123456789012:label/fraud",
    "arn:aws:frauddetector:us-east-1:123456789012:label/fraud/",
    "arn:aws:frauddetector:us-east-1:123456789012:label/fraud/extra",
    "arn:aws:frauddetector:us-east-1:123456789012:label",
    "arn:aws:frauddetector:us-east-1:123456789012:labels/fraud",
    "arn:aws:frauddetector:us-east-1:123456789012:detector-version/fraud_detector",
    "arn:aws:frauddetector:us-east-1:123456789012:detector-version/fraud_detector/9",
    "arn:aws:frauddetector:us-east-1:123456789012:detector-version/nope/1",
    "arn:aws:frauddetector:us-east-1:123456789012:rule/fraud_detector/big",
    "arn:aws:frauddetector:us-east-1:123456789012:rule/fraud_detector/big/2",
    "arn:aws:frauddetector:us-east-1:123456789012:rule/nope/big/1",
    "arn:aws:frauddetector:us-east-1:123456789012:detector/payment",
    "arn:aws:frauddetector:us-east-1:123456789012:model/ONLINE_FRAUD_INSIGHTS/fraud",
    "arn:aws:frauddetector:us-east-1:123456789012:model-version/ONLINE_FRAUD_INSIGHTS/fraud/1.0",
    "arn:aws:frauddetector:us-east-1:123456789012:batch-import/job",
    "arn:aws:frauddetector:us-east-1:123456789012:batch-prediction/job",
]


@pytest.mark.parametrize("arn", UNKNOWN)
@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("list_tags_for_resource", {}),
        ("tag_resource", {"tags": TAGS}),
        ("untag_resource", {"tagKeys": ["team"]}),
    ],
    ids=["list", "tag", "untag"],
)
def test_an_arn_naming_nothing_here_is_not_found(
    world: Any, store: Store, arn: str, operation: str, params: dict[str, Any]
) -> None:
    """Unknown ARN -> ResourceNotFoundException; another account, region or partition,
    a malformed path, and types without records yet (models, batch jobs) are unknown here."""
    world.put_label(name="fraud", tags=TAGS)
    world.create_detector_version(detectorId="fraud_detector", rules=[BIG_RULE])
    refused(
        lambda: getattr(world, operation)(resourceARN=arn, **params),
        "ResourceNotFoundException",
        f"The resource '{arn}' does not exist.",
        unchanged=store,
    )
