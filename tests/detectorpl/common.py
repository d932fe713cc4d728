"""The variable catalogue, lists and clock shared by the table-driven tests."""

from __future__ import annotations

from datetime import datetime, timezone

VARIABLES: dict[str, str] = {
    "amount": "FLOAT",
    "price": "FLOAT",
    "qty": "INTEGER",
    "age": "INTEGER",
    "zero": "INTEGER",
    "email": "STRING",
    "country": "STRING",
    "name": "STRING",
    "phone_number": "STRING",
    "ip": "STRING",
    "card_bin": "STRING",
    "ts_text": "STRING",
    "pattern": "STRING",
    "is_new": "BOOLEAN",
    "verified": "BOOLEAN",
    "signup": "DATETIME",
    "event_time": "DATETIME",
    # The variables of the AWS documentation's examples.
    "sample_fraud_detection_model_insightscore": "FLOAT",
    "sagemaker_xgb_score_v1": "FLOAT",
    "x_insightscore": "FLOAT",
    "v": "FLOAT",
    "variable": "INTEGER",
    "variable_1": "FLOAT",
    "variable_3": "FLOAT",
    "a": "INTEGER",
    "b": "STRING",
}

LIST_NAMES = ("deny_emails", "allow_ips", "bad_bins", "fourth_list", "empty_list")

LISTS: dict[str, frozenset[str]] = {
    "deny_emails": frozenset({"bad@example.com", "worse@example.com"}),
    "allow_ips": frozenset({"10.0.0.1", "192.168.1.1"}),
    "bad_bins": frozenset({"411111", "555555"}),
    "fourth_list": frozenset({"x"}),
    "empty_list": frozenset(),
}

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone.utc)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]
