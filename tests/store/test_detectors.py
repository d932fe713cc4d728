"""Detectors: PutDetector, GetDetectors, DescribeDetector, DeleteDetector (docs/behaviour.md,
"Detectors and detector versions", "Resources", "Pagination")."""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW

ARN = "arn:aws:frauddetector:us-east-1:123456789012"
LATER = "2024-03-01T09:35:00.250Z"


def set_up(client: Any, *event_types: str) -> None:
    """Event types ``registration`` (plus any named) over the variable ``email_address``."""
    client.create_variable(
        name="email_address", dataType="STRING", dataSource="EVENT", defaultValue="<unknown>"
    )
    client.put_entity_type(name="customer")
    for name in ("registration", *event_types):
        client.put_event_type(name=name, eventVariables=["email_address"], entityTypes=["customer"])
    client.put_outcome(name="review")


def create_rule(client: Any, detector: str = "shop", rule: str = "risky") -> None:
    client.create_rule(
        ruleId=rule,
        detectorId=detector,
        expression='$email_address == "x@example.com"',
        language="DETECTORPL",
        outcomes=["review"],
    )


def create_version(client: Any, detector: str = "shop", rule: str = "risky") -> str:
    response = client.create_detector_version(
        detectorId=detector, rules=[{"detectorId": detector, "ruleId": rule, "ruleVersion": "1"}]
    )
    version: str = response["detectorVersionId"]
    return version


def ids(client: Any, **params: Any) -> list[str]:
    return [d["detectorId"] for d in client.get_detectors(**params)["detectors"]]


# PutDetector ------------------------------------------------------------------------------------


def test_put_then_get_one(client: Any) -> None:
    """A detector's summary, with its ARN ``detector/<id>``."""
    set_up(client)
    response = client.put_detector(
        detectorId="shop", eventTypeName="registration", description="web shop"
    )
    assert set(response) == {"ResponseMetadata"}
    assert client.get_detectors(detectorId="shop")["detectors"] == [
        {
            "detectorId": "shop",
            "description": "web shop",
            "eventTypeName": "registration",
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": f"{ARN}:detector/shop",
        }
    ]


def test_description_is_optional_and_omitted(client: Any) -> None:
    """Optional members without a value are left out of the response."""
    set_up(client)
    client.put_detector(detectorId="shop", eventTypeName="registration")
    assert "description" not in client.get_detectors(detectorId="shop")["detectors"][0]


def test_put_is_an_upsert_that_keeps_tags(client: Any, store: Store) -> None:
    """Put replaces description and event type, moves lastUpdatedTime, keeps tags
    (docs/behaviour.md, "Resources")."""
    set_up(client, "checkout")
    client.put_detector(
        detectorId="shop",
        eventTypeName="registration",
        description="first",
        tags=[{"key": "team", "value": "risk"}],
    )
    get_backend().clock.advance(minutes=5)
    client.put_detector(
        detectorId="shop",
        eventTypeName="checkout",
        description="second",
        tags=[{"key": "team", "value": "other"}],
    )
    assert client.get_detectors(detectorId="shop")["detectors"] == [
        {
            "detectorId": "shop",
            "description": "second",
            "eventTypeName": "checkout",
            "lastUpdatedTime": LATER,
            "createdTime": NOW,
            "arn": f"{ARN}:detector/shop",
        }
    ]
    assert store.detectors["shop"].tags == {"team": "risk"}
    client.put_detector(detectorId="shop", eventTypeName="checkout")
    assert "description" not in client.get_detectors(detectorId="shop")["detectors"][0]


@pytest.mark.parametrize("existing", [False, True])
def test_event_type_must_exist(client: Any, store: Store, existing: bool) -> None:
    """PutDetector models no ResourceNotFoundException: a missing event type is invalid."""
    set_up(client)
    if existing:
        client.put_detector(detectorId="shop", eventTypeName="registration")
    refused(
        lambda: client.put_detector(detectorId="shop", eventTypeName="absent"),
        "ValidationException",
        "The event type 'absent' does not exist.",
        unchanged=store,
    )


def test_event_type_cannot_change_once_the_detector_has_rules(client: Any, store: Store) -> None:
    """Our choice where AWS is silent ([?]): refused while rules or versions exist
    (docs/behaviour.md, "Detectors and detector versions")."""
    set_up(client, "checkout")
    client.put_detector(detectorId="shop", eventTypeName="registration")
    create_rule(client)
    refused(
        lambda: client.put_detector(detectorId="shop", eventTypeName="checkout"),
        "ValidationException",
        (
            "The event type of detector 'shop' cannot change from 'registration' while the "
            "detector has rules or detector versions."
        ),
        unchanged=store,
    )
    client.put_detector(detectorId="shop", eventTypeName="registration", description="same type")
    client.delete_rule(rule={"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"})
    client.put_detector(detectorId="shop", eventTypeName="checkout")
    assert client.get_detectors(detectorId="shop")["detectors"][0]["eventTypeName"] == "checkout"


def test_quota_of_100_detectors(client: Any, store: Store) -> None:
    """100 detectors per account and region (AWS user guide: "Quotas"); updating one stays
    possible."""
    set_up(client)
    for i in range(100):
        client.put_detector(detectorId=f"detector_{i:03d}", eventTypeName="registration")
    refused(
        lambda: client.put_detector(detectorId="one_too_many", eventTypeName="registration"),
        "ValidationException",
        "The quota of 100 detectors per account and region has been reached.",
        unchanged=store,
    )
    client.put_detector(detectorId="detector_000", eventTypeName="registration", description="x")


# GetDetectors -----------------------------------------------------------------------------------


def test_get_missing_detector(client: Any) -> None:
    """The detectorId filter of a missing detector answers ResourceNotFoundException."""
    refused(
        lambda: client.get_detectors(detectorId="absent"),
        "ResourceNotFoundException",
        "The detector 'absent' does not exist.",
    )


def test_listing_is_in_id_order_and_pages(client: Any) -> None:
    """Default page 10, maxResults 5-10, nextToken absent on the last page (docs/behaviour.md,
    "Pagination")."""
    set_up(client)
    assert client.get_detectors()["detectors"] == []
    names = [f"detector_{i:02d}" for i in range(23)]
    for name in reversed(names):
        client.put_detector(detectorId=name, eventTypeName="registration")
    pages, token = [], None
    while True:
        response = client.get_detectors(**({"nextToken": token} if token else {}))
        pages.append([d["detectorId"] for d in response["detectors"]])
        token = response.get("nextToken")
        if token is None:
            break
    assert [len(page) for page in pages] == [10, 10, 3]
    assert [name for page in pages for name in page] == names
    first = client.get_detectors(maxResults=5)
    assert [d["detectorId"] for d in first["detectors"]] == names[:5]
    second = client.get_detectors(maxResults=5, nextToken=first["nextToken"])
    assert [d["detectorId"] for d in second["detectors"]] == names[5:10]
    with pytest.raises(client.exceptions.ValidationException, match="less than or equal to 10"):
        client.get_detectors(maxResults=11)


def test_foreign_token_is_refused(client: Any) -> None:
    """A token is good only for the listing that made it (docs/behaviour.md, "Pagination")."""
    set_up(client)
    for i in range(6):
        client.put_detector(detectorId=f"detector_{i}", eventTypeName="registration")
        client.put_label(name=f"label_{i:02d}")
    for i in range(6, 11):
        client.put_label(name=f"label_{i:02d}")
    token = client.get_labels(maxResults=10)["nextToken"]
    refused(
        lambda: client.get_detectors(nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )


# DescribeDetector -------------------------------------------------------------------------------


def test_describe_missing_detector(client: Any) -> None:
    """An unknown detector answers ResourceNotFoundException."""
    refused(
        lambda: client.describe_detector(detectorId="absent"),
        "ResourceNotFoundException",
        "The detector 'absent' does not exist.",
    )


def test_describe_lists_versions_in_numeric_order(client: Any) -> None:
    """Summaries in version order, 9 before 10 (docs/behaviour.md, "Pagination")."""
    set_up(client)
    client.put_detector(detectorId="shop", eventTypeName="registration")
    assert client.describe_detector(detectorId="shop")["detectorVersionSummaries"] == []
    create_rule(client)
    for _ in range(11):
        create_version(client)
    client.update_detector_version_metadata(
        detectorId="shop", detectorVersionId="10", description="tenth"
    )
    get_backend().clock.advance(minutes=5)
    client.update_detector_version_status(detectorId="shop", detectorVersionId="2", status="ACTIVE")
    response = client.describe_detector(detectorId="shop")
    assert set(response) == {"detectorId", "detectorVersionSummaries", "arn", "ResponseMetadata"}
    assert response["detectorId"] == "shop"
    assert response["arn"] == f"{ARN}:detector/shop"
    summaries = response["detectorVersionSummaries"]
    assert [s["detectorVersionId"] for s in summaries] == [str(n) for n in range(1, 12)]
    assert summaries[1] == {"detectorVersionId": "2", "status": "ACTIVE", "lastUpdatedTime": LATER}
    assert summaries[9] == {
        "detectorVersionId": "10",
        "status": "DRAFT",
        "description": "tenth",
        "lastUpdatedTime": NOW,
    }


def test_describe_pages_and_scopes_its_token_to_the_detector(client: Any) -> None:
    """maxResults 1000-2500, default the top of the range; the token names its detector."""
    set_up(client)
    for detector in ("shop", "bank"):
        client.put_detector(detectorId=detector, eventTypeName="registration")
    create_rule(client)
    # 100 DRAFT versions at most: activating each demotes the one before to INACTIVE.
    for _ in range(1001):
        version = create_version(client)
        client.update_detector_version_status(
            detectorId="shop", detectorVersionId=version, status="ACTIVE"
        )
    everything = client.describe_detector(detectorId="shop")
    assert len(everything["detectorVersionSummaries"]) == 1001
    assert "nextToken" not in everything
    first = client.describe_detector(detectorId="shop", maxResults=1000)
    assert len(first["detectorVersionSummaries"]) == 1000
    second = client.describe_detector(
        detectorId="shop", maxResults=1000, nextToken=first["nextToken"]
    )
    assert second["detectorVersionSummaries"] == [
        {"detectorVersionId": "1001", "status": "ACTIVE", "lastUpdatedTime": NOW}
    ]
    assert "nextToken" not in second
    refused(
        lambda: client.describe_detector(detectorId="bank", nextToken=first["nextToken"]),
        "ValidationException",
        "The nextToken is not valid for this request.",
    )
    with pytest.raises(client.exceptions.ValidationException, match="less than or equal to 2500"):
        client.describe_detector(detectorId="shop", maxResults=2501)


# DeleteDetector ---------------------------------------------------------------------------------


def test_delete_missing_detector_succeeds(client: Any) -> None:
    """DeleteDetector models no ResourceNotFoundException: deletes are idempotent."""
    assert set(client.delete_detector(detectorId="absent")) == {"ResponseMetadata"}


def test_delete_waits_for_versions_and_rules(client: Any, store: Store) -> None:
    """Refused while any detector version or rule version exists, naming them."""
    set_up(client)
    client.put_detector(detectorId="shop", eventTypeName="registration")
    create_rule(client)
    create_rule(client, rule="second")
    create_version(client)
    create_version(client, rule="second")

    def refused_while_held(held: str) -> None:
        refused(
            lambda: client.delete_detector(detectorId="shop"),
            "ConflictException",
            f"The detector 'shop' still has {held}; delete them first.",
            unchanged=store,
        )

    refused_while_held(
        "detector versions shop/1, shop/2 and rule versions shop/risky/1, shop/second/1"
    )
    for version in ("1", "2"):
        client.delete_detector_version(detectorId="shop", detectorVersionId=version)
    refused_while_held("rule versions shop/risky/1, shop/second/1")
    client.delete_rule(rule={"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"})
    refused_while_held("rule versions shop/second/1")
    client.delete_rule(rule={"detectorId": "shop", "ruleId": "second", "ruleVersion": "1"})
    assert set(client.delete_detector(detectorId="shop")) == {"ResponseMetadata"}
    assert ids(client) == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_detector(detectorId="shop")
