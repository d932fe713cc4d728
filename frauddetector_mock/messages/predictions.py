"""Prediction history: listing predictions and reading one back."""

from __future__ import annotations


def invalid_prediction_time(member: str, value: str) -> str:
    return f"The {member} '{value}' is not an ISO 8601 timestamp such as 2021-11-29T15:55:31.116Z."


def prediction_filter_without_value(member: str) -> str:
    return f"The filter {member} has no value: give the value to filter on, or leave {member} out."


def prediction_time_range_reversed(start: str, end: str) -> str:
    return f"The predictionTimeRange starts at '{start}', after its endTime '{end}'."


def next_token_expired(hours: int) -> str:
    return f"The nextToken has expired: a token is good for {hours} hours."


def prediction_not_found(
    event_type: str, event_id: str, detector_id: str, version_id: str, timestamp: str
) -> str:
    return (
        f"No prediction of the event '{event_id}' of event type '{event_type}' by the detector "
        f"'{detector_id}' version '{version_id}' was made at '{timestamp}'; ListEventPredictions "
        "lists the predictions and their predictionTimestamp."
    )
