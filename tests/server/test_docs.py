"""The examples of docs/server.md run: every ``python`` block, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from frauddetector_mock import get_backend, reset

DOC = Path(__file__).resolve().parents[2] / "docs" / "server.md"


def test_the_examples_of_docs_server_md(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```$", DOC.read_text(), flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 3
    reset()
    get_backend().clock.freeze("2024-03-01T09:30:00Z")
    namespace: dict[str, Any] = {}
    try:
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
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
