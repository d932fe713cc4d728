"""Faults (frauddetector_mock/controls/faults.py): the default texts of injected errors."""

from __future__ import annotations


def fault_throttled() -> str:
    return "Rate exceeded"


def fault_internal() -> str:
    return "An internal error occurred. Try your request again."


def fault_unavailable() -> str:
    return "The external model is unavailable: its endpoint failed to answer the request."
