"""The examples of docs/server.md run: every ``python`` block, in order, in one namespace."""

from __future__ import annotations

import pytest

from frauddetector_mock import get_backend, reset
from tests.doc_examples import run_examples


def test_the_examples_of_docs_server_md(capsys: pytest.CaptureFixture[str]) -> None:
    reset()
    get_backend().clock.freeze("2024-03-01T09:30:00Z")
    try:
        run_examples("server.md", expected_blocks=3)
        assert capsys.readouterr().out.splitlines() == [
            "['arn:aws:frauddetector:us-east-1:123456789012:label/fraud']",
            "{'status': 'ok'}",
            "['fraud']",
            "['fraud']",
        ]
        assert get_backend().scores.controlled == frozenset({"fraud_model"})
        assert get_backend().endpoints.registered == frozenset({"sagemaker-fraud"})
    finally:
        reset()
