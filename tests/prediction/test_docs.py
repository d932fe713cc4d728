"""The examples of docs/predictions.md run: every ``python`` block, in order, in one namespace;
each example starts its own outermost mock (or says it keeps the previous one's state)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from frauddetector_mock import get_backend

DOC = Path(__file__).resolve().parents[2] / "docs" / "predictions.md"


def test_the_examples_of_docs_predictions_md() -> None:
    blocks = re.findall(r"^```python\n(.*?)^```$", DOC.read_text(), flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 8
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    # The last example left its controls on the backend; the next outermost mock drops them.
    assert get_backend().scores.controlled == frozenset({"fraud_model"})
