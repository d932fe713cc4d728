"""Calls to the service endpoint with requests, as a client other than botocore makes them."""

from __future__ import annotations

import requests

TARGET_PREFIX = "AWSHawksNestServiceFacade."


def post(operation: str, body: bytes = b"{}", region: str = "us-east-1") -> requests.Response:
    return requests.post(
        f"https://frauddetector.{region}.amazonaws.com/",
        data=body,
        headers={
            "X-Amz-Target": TARGET_PREFIX + operation,
            "Content-Type": "application/x-amz-json-1.1",
        },
        timeout=5,
    )
