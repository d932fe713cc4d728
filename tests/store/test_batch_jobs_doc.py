"""The examples of docs/batch-jobs.md run: every ``python`` block, in order, in one namespace."""

from __future__ import annotations

from tests.doc_examples import run_examples


def test_the_examples_of_docs_batch_jobs_md() -> None:
    """Batch jobs, as docs/batch-jobs.md shows them to users."""
    namespace = run_examples("batch-jobs.md", expected_blocks=3)
    assert namespace["job"]["status"] == "FAILED"
