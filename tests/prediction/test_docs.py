"""The examples of docs/predictions.md run: every ``python`` block, in order, in one namespace;
each example starts its own outermost mock (or says it keeps the previous one's state)."""

from __future__ import annotations

from frauddetector_mock import get_backend
from tests.doc_examples import run_examples


def test_the_examples_of_docs_predictions_md() -> None:
    run_examples("predictions.md", expected_blocks=8)
    # The last example left its controls on the backend; the next outermost mock drops them.
    assert get_backend().scores.controlled == frozenset({"fraud_model"})
