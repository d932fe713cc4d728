"""The call log, ``get_backend().calls``: a sequence of the calls a boto3 client made, with the
assertions users of ``responses`` know (frauddetector_mock/calls.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from frauddetector_mock import Call, get_backend, mock_frauddetector
from frauddetector_mock.calls import CALL_LOG_BYTES, CALL_LOG_SIZE, CallLog
from tests.errors import refused


@pytest.fixture
def client() -> Iterator[Any]:
    with mock_frauddetector():
        yield boto3.client("frauddetector", region_name="us-east-1")


def four_calls(client: Any) -> CallLog:
    """PutLabel fraud, PutLabel legit, GetLabels, and a GetLabels refused."""
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.get_labels()
    refused(
        lambda: client.get_labels(name="absent"),
        "ResourceNotFoundException",
        "The label 'absent' does not exist.",
    )
    return get_backend().calls


def test_len_indexing_and_iteration_list_the_calls_oldest_first(client: Any) -> None:
    calls = four_calls(client)
    assert len(calls) == 4
    assert isinstance(calls[0], Call)
    assert (calls[0].operation, calls[0].request, calls[0].status) == (
        "PutLabel",
        {"name": "fraud"},
        200,
    )
    assert (calls[-1].operation, calls[-1].status, calls[-1].error_code) == (
        "GetLabels",
        400,
        "ResourceNotFoundException",
    )
    assert [call.operation for call in calls] == ["PutLabel", "PutLabel", "GetLabels", "GetLabels"]
    assert [call.ok for call in reversed(calls)] == [False, True, True, True]
    with pytest.raises(IndexError):
        calls[4]


def test_a_slice_is_a_list(client: Any) -> None:
    calls = four_calls(client)
    middle = calls[1:3]
    assert type(middle) is list
    assert [(call.operation, call.request) for call in middle] == [
        ("PutLabel", {"name": "legit"}),
        ("GetLabels", {}),
    ]
    assert [call.request.get("name") for call in calls[::-2]] == ["absent", "legit"]
    assert calls[10:] == []


def test_of_lists_the_calls_of_one_operation_errors_included(client: Any) -> None:
    calls = four_calls(client)
    assert [call.request for call in calls.of("PutLabel")] == [{"name": "fraud"}, {"name": "legit"}]
    assert [call.status for call in calls.of("GetLabels")] == [200, 400]
    assert calls.of("DeleteLabel") == []


def test_clear_forgets_every_call_and_the_log_goes_on(client: Any) -> None:
    calls = four_calls(client)
    calls.clear()
    assert len(calls) == 0
    assert list(calls) == []
    client.get_labels()
    assert [call.operation for call in calls] == ["GetLabels"]


def test_assert_call_count_passes_on_the_exact_count_errors_included(client: Any) -> None:
    calls = four_calls(client)
    assert calls.assert_call_count("PutLabel", 2) is True  # as responses.assert_call_count
    assert calls.assert_call_count("GetLabels", 2) is True
    assert calls.assert_call_count("DeleteLabel", 0) is True


def test_assert_call_count_fails_naming_every_call(client: Any) -> None:
    client.put_label(name="fraud")
    client.get_labels()
    calls = get_backend().calls
    with pytest.raises(AssertionError) as raised:
        calls.assert_call_count("PutLabel", 2)
    assert str(raised.value) == (
        "expected 2 calls of PutLabel, got 1; the calls were: PutLabel, GetLabels"
    )
    with pytest.raises(AssertionError) as raised:
        calls.assert_call_count("DeleteLabel", 1)
    assert str(raised.value) == (
        "expected 1 call of DeleteLabel, got 0; the calls were: PutLabel, GetLabels"
    )


def test_assert_call_count_on_an_empty_log_says_no_call_was_made(client: Any) -> None:
    with pytest.raises(AssertionError) as raised:
        get_backend().calls.assert_call_count("PutLabel", 1)
    assert str(raised.value) == "expected 1 call of PutLabel, got 0; no call was made"


def test_a_long_log_names_its_last_50_calls_only(client: Any) -> None:
    client.put_label(name="fraud")
    for _ in range(59):
        client.get_labels()
    with pytest.raises(AssertionError) as raised:
        get_backend().calls.assert_call_count("PutLabel", 2)
    assert str(raised.value) == (
        "expected 2 calls of PutLabel, got 1; the last 50 of 60 calls were: "
        + ", ".join(["GetLabels"] * 50)
    )


def test_the_log_keeps_the_most_recent_calls(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default cap is 10,000; a smaller log shows the oldest calls dropping out first, without
    making 10,001 calls."""
    assert get_backend().calls.maxlen == CALL_LOG_SIZE == 10_000
    monkeypatch.setattr(get_backend(), "calls", CallLog(maxlen=3))
    for name in ("a", "b", "c", "d", "e"):
        client.put_label(name=name)
    calls = get_backend().calls
    assert len(calls) == 3
    assert [call.request["name"] for call in calls] == ["c", "d", "e"]
    assert calls.assert_call_count("PutLabel", 3) is True


def big_label(client: Any, name: str) -> None:
    """A PutLabel of 200 tags of 256-character values: a request body of about 57 KB."""
    tags = [{"key": f"k{index:03}", "value": name[0] * 256} for index in range(200)]
    client.put_label(name=name, tags=tags)


def test_the_log_keeps_its_bodies_under_a_byte_cap(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default byte cap is 64 MiB of request and response bodies; a log of 200 KB keeps the
    most recent big calls only, oldest dropped first, and its byte total stays under the cap."""
    assert get_backend().calls.max_bytes == CALL_LOG_BYTES == 64 * 1024 * 1024
    monkeypatch.setattr(get_backend(), "calls", CallLog(max_bytes=200_000))
    for name in ("a", "b", "c", "d", "e", "f"):
        big_label(client, name)
    calls = get_backend().calls
    assert all(56_000 < call.request_bytes < 60_000 for call in calls)
    assert [call.request["name"] for call in calls] == ["d", "e", "f"]
    assert calls.total_bytes == sum(call.request_bytes + len(call.body) for call in calls)
    assert calls.total_bytes <= 200_000
    client.get_labels(name="a")  # a small call fits beside them
    assert [call.operation for call in calls] == ["PutLabel"] * 3 + ["GetLabels"]
    calls.clear()
    assert calls.total_bytes == 0


def test_a_call_larger_than_the_byte_cap_stays_alone(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest call is always in the log, even when it alone passes the byte cap."""
    monkeypatch.setattr(get_backend(), "calls", CallLog(max_bytes=10_000))
    client.put_label(name="fraud")
    big_label(client, "legit")
    calls = get_backend().calls
    assert [call.request["name"] for call in calls] == ["legit"]
    client.put_label(name="small")
    assert [call.request["name"] for call in calls] == ["small"]
    assert calls.total_bytes == calls[0].size < 10_000


def test_repr_names_the_calls(client: Any) -> None:
    client.put_label(name="fraud")
    client.get_labels()
    assert repr(get_backend().calls) == "CallLog(2 calls: PutLabel, GetLabels)"


def test_a_reset_clears_the_log(client: Any) -> None:
    client.put_label(name="fraud")
    get_backend().reset()
    assert len(get_backend().calls) == 0
