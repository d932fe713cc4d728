"""Labels, outcomes and entity types (docs/behaviour.md, "Resources" and "Pagination")."""

from __future__ import annotations

from functools import partial
from typing import Any

import boto3
import pytest

from frauddetector_mock import get_backend, mock_frauddetector
from tests.errors import refused

# (noun in the API, list member, ARN type, quota, default page, maxResults range)
KINDS = {
    "label": ("labels", "label", 100, 50, (10, 50)),
    "outcome": ("outcomes", "outcome", 5000, 100, (50, 100)),
    "entity_type": ("entityTypes", "entity-type", 100, 10, (5, 10)),
}
INVALID = "The nextToken is not valid for this request."


class Api:
    def __init__(self, client: Any, kind: str) -> None:
        self.client = client
        self.kind = kind
        self.member, self.arn_type, self.quota, self.page, self.range = KINDS[kind]

    def put(self, **params: Any) -> Any:
        return getattr(self.client, f"put_{self.kind}")(**params)

    def get(self, **params: Any) -> Any:
        return getattr(self.client, f"get_{self.kind}s")(**params)

    def delete(self, **params: Any) -> Any:
        return getattr(self.client, f"delete_{self.kind}")(**params)

    def names(self, **params: Any) -> list[str]:
        return [item["name"] for item in self.get(**params)[self.member]]


@pytest.fixture(params=sorted(KINDS))
def api(request: pytest.FixtureRequest) -> Any:
    with mock_frauddetector():
        get_backend().clock.freeze("2024-03-01T09:30:00.250Z")
        yield Api(boto3.client("frauddetector", region_name="us-west-2"), request.param)


def test_put_then_get(api: Api) -> None:
    api.put(name="fraud", description="confirmed fraud")
    item = api.get(name="fraud")[api.member]
    assert item == [
        {
            "name": "fraud",
            "description": "confirmed fraud",
            "lastUpdatedTime": "2024-03-01T09:30:00.250Z",
            "createdTime": "2024-03-01T09:30:00.250Z",
            "arn": f"arn:aws:frauddetector:us-west-2:123456789012:{api.arn_type}/fraud",
        }
    ]


def test_put_returns_an_empty_result(api: Api) -> None:
    response = api.put(name="fraud")
    assert set(response) == {"ResponseMetadata"}


def test_description_is_optional_and_omitted(api: Api) -> None:
    api.put(name="fraud")
    assert api.get(name="fraud")[api.member] == [
        {
            "name": "fraud",
            "lastUpdatedTime": "2024-03-01T09:30:00.250Z",
            "createdTime": "2024-03-01T09:30:00.250Z",
            "arn": f"arn:aws:frauddetector:us-west-2:123456789012:{api.arn_type}/fraud",
        }
    ]


def test_put_is_an_upsert(api: Api) -> None:
    api.put(name="fraud", description="first", tags=[{"key": "team", "value": "risk"}])
    get_backend().clock.advance(minutes=5)
    api.put(name="fraud", description="second", tags=[{"key": "team", "value": "other"}])
    item = api.get(name="fraud")[api.member][0]
    assert item["description"] == "second"
    assert item["createdTime"] == "2024-03-01T09:30:00.250Z"
    assert item["lastUpdatedTime"] == "2024-03-01T09:35:00.250Z"
    record = getattr(get_backend().store("us-west-2"), f"{api.kind}s")["fraud"]
    assert record.tags == {"team": "risk"}  # Put does not change tags of an existing resource
    api.put(name="fraud")
    assert "description" not in api.get(name="fraud")[api.member][0]


def test_get_missing_name(api: Api) -> None:
    noun = api.kind.replace("_", " ")
    refused(
        lambda: api.get(name="absent"),
        "ResourceNotFoundException",
        f"The {noun} 'absent' does not exist.",
    )


def test_delete_and_delete_again(api: Api) -> None:
    api.put(name="fraud")
    api.put(name="legit")
    assert set(api.delete(name="fraud")) == {"ResponseMetadata"}
    assert api.names() == ["legit"]
    # already gone: still succeeds (docs/behaviour.md, "Resources")
    assert set(api.delete(name="fraud")) == {"ResponseMetadata"}
    assert api.names() == ["legit"]


def test_listing_is_in_name_order(api: Api) -> None:
    for name in ("zeta", "alpha", "mid-one", "mid_two"):
        api.put(name=name)
    assert api.names() == sorted(["zeta", "alpha", "mid-one", "mid_two"])


def test_walk_every_page(api: Api) -> None:
    count = min(api.page * 2 + 3, api.quota)
    names = [f"item_{i:04d}" for i in range(count)]
    for name in names:
        api.put(name=name)
    pages = []
    response = api.get()
    pages.append(response)
    while "nextToken" in response:
        response = api.get(nextToken=response["nextToken"])
        pages.append(response)
    sizes = [api.page] * (count // api.page) + ([count % api.page] if count % api.page else [])
    assert [len(p[api.member]) for p in pages] == sizes
    assert [item["name"] for p in pages for item in p[api.member]] == names
    low = api.range[0]
    walked, token = [], None
    while True:
        response = api.get(maxResults=low, **({"nextToken": token} if token else {}))
        walked.append([item["name"] for item in response[api.member]])
        token = response.get("nextToken")
        if token is None:
            break
    assert walked == [names[start : start + low] for start in range(0, count, low)]


def test_items_deleted_between_pages_are_not_skipped_over(api: Api) -> None:
    names = [f"item_{i:04d}" for i in range(api.range[0] * 2)]
    for name in names:
        api.put(name=name)
    first = api.get(maxResults=api.range[0])
    api.delete(name=first[api.member][-1]["name"])  # the item the token points after
    second = api.get(maxResults=api.range[0], nextToken=first["nextToken"])
    assert [item["name"] for item in second[api.member]] == names[api.range[0] :]


def test_tampered_and_foreign_tokens_are_refused(api: Api) -> None:
    for i in range(api.range[0] + 1):
        api.put(name=f"item_{i:03d}")
    token = api.get(maxResults=api.range[0])["nextToken"]
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    for bad in (tampered, token + "x", "garbage", token.split(".")[0]):
        refused(
            partial(api.get, maxResults=api.range[0], nextToken=bad), "ValidationException", INVALID
        )
    other = "label" if api.kind != "label" else "outcome"
    refused(lambda: Api(api.client, other).get(nextToken=token), "ValidationException", INVALID)
    elsewhere = boto3.client("frauddetector", region_name="eu-west-1")
    refused(lambda: Api(elsewhere, api.kind).get(nextToken=token), "ValidationException", INVALID)


def test_max_results_range_comes_from_the_model(api: Api) -> None:
    low, high = api.range
    api.put(name="fraud")
    assert api.names(maxResults=low) == api.names(maxResults=high) == ["fraud"]
    refused(
        lambda: api.get(maxResults=high + 1),
        "ValidationException",
        f"1 validation error detected: Value '{high + 1}' at 'maxResults' failed to satisfy "
        f"constraint: Member must have value less than or equal to {high}",
    )


def test_regions_and_accounts_are_separate(api: Api) -> None:
    api.put(name="fraud")
    other_region = Api(boto3.client("frauddetector", region_name="eu-west-1"), api.kind)
    assert other_region.names() == []
    with mock_frauddetector(account_id="210987654321"):
        assert Api(boto3.client("frauddetector", region_name="us-west-2"), api.kind).names() == []
    assert api.names() == ["fraud"]


@pytest.mark.parametrize("api", ["label", "entity_type"], indirect=True)
def test_quota(api: Api) -> None:
    for i in range(api.quota):
        api.put(name=f"item_{i:03d}")
    noun = api.kind.replace("_", " ")
    refused(
        lambda: api.put(name="one_too_many"),
        "ValidationException",
        f"The quota of {api.quota} {noun}s per account and region has been reached.",
    )
    high = api.range[1]
    assert api.names(maxResults=high) == [f"item_{i:03d}" for i in range(high)]
    records = getattr(get_backend().store("us-west-2"), f"{api.kind}s")
    assert len(records) == api.quota and "one_too_many" not in records
    api.put(name="item_000", description="updating an existing one is still allowed")


def test_outcome_quota() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        for i in range(5000):
            fd.put_outcome(name=f"o{i}")
        refused(
            lambda: fd.put_outcome(name="extra"),
            "ValidationException",
            "The quota of 5000 outcomes per account and region has been reached.",
        )
        assert len(get_backend().store().outcomes) == 5000
