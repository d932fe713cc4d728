"""The backend: stores per account and region, the clock, reset, the account setting."""

from __future__ import annotations

from datetime import datetime, timezone

import boto3
import pytest

import frauddetector_mock
from frauddetector_mock import Clock, get_backend, mock_frauddetector


def test_clock_freeze_advance_unfreeze() -> None:
    clock = Clock()
    clock.freeze("2024-01-31T23:59:59.999Z")
    assert clock.timestamp() == "2024-01-31T23:59:59.999Z"
    clock.advance(0.001)
    assert clock.timestamp() == "2024-02-01T00:00:00.000Z"
    clock.advance(hours=1)
    assert clock.now() == datetime(2024, 2, 1, 1, tzinfo=timezone.utc)
    clock.unfreeze()
    assert not clock.frozen
    assert clock.now() >= datetime(2024, 2, 1, 1, tzinfo=timezone.utc)
    assert clock.now() < datetime(2024, 2, 1, 2, tzinfo=timezone.utc)  # runs on from there


def test_naive_and_offset_times_are_taken_as_utc() -> None:
    clock = Clock()
    clock.freeze(datetime(2024, 6, 1, 12, 0))
    assert clock.timestamp() == "2024-06-01T12:00:00.000Z"
    clock.freeze("2024-06-01T14:00:00+02:00")
    assert clock.timestamp() == "2024-06-01T12:00:00.000Z"


def test_frozen_clock_drives_resource_timestamps_and_date_header() -> None:
    with mock_frauddetector() as mock:
        mock.backend.clock.freeze("2023-07-04T10:00:00Z")
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        response = fd.get_labels()
        assert response["labels"][0]["createdTime"] == "2023-07-04T10:00:00.000Z"
        assert response["ResponseMetadata"]["HTTPHeaders"]["date"] == (
            "Tue, 04 Jul 2023 10:00:00 GMT"
        )


def test_reset_forgets_everything() -> None:
    with mock_frauddetector() as mock:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        mock.backend.clock.freeze("2020-01-01T00:00:00Z")
        frauddetector_mock.reset()
        assert fd.get_labels()["labels"] == []
        assert not mock.backend.clock.frozen
        assert [call.operation for call in mock.backend.calls] == ["GetLabels"]


def test_stores_are_per_account_and_region() -> None:
    with mock_frauddetector():
        boto3.client("frauddetector", region_name="us-east-1").put_label(name="east")
        boto3.client("frauddetector", region_name="eu-west-1").put_label(name="west")
        backend = get_backend()
        assert set(backend.stores) == {("123456789012", "us-east-1"), ("123456789012", "eu-west-1")}
        assert list(backend.store("eu-west-1").labels) == ["west"]
        assert backend.store("eu-west-1", "123456789012") is backend.store("eu-west-1")


def test_account_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAUDDETECTOR_MOCK_ACCOUNT_ID", "555566667777")
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        assert fd.get_labels()["labels"][0]["arn"].split(":")[4] == "555566667777"
    with mock_frauddetector(account_id="111111111111"):  # an explicit account wins
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        assert fd.get_labels()["labels"][0]["arn"].split(":")[4] == "111111111111"


def test_records_are_typed_dataclasses() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_entity_type(name="customer", description="a buyer")
        record = get_backend().store().entity_types["customer"]
        assert isinstance(record, frauddetector_mock.store.named.EntityType)
        assert record.to_summary()["description"] == "a buyer"


def test_concurrent_calls_on_one_store() -> None:
    import threading

    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            fd = boto3.client("frauddetector", region_name="us-east-1")
            for n in range(100):
                fd.put_outcome(name=f"t{index}_{n}")
                fd.put_outcome(name="shared", description=f"{index}_{n}")
                fd.get_outcomes(maxResults=50)
        except BaseException as error:  # collected: a thread's failure must fail the test
            errors.append(error)

    with mock_frauddetector():
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        outcomes = get_backend().store().outcomes
        assert len(outcomes) == 4 * 100 + 1
        assert len(get_backend().calls) == 4 * 300
