"""The examples of docs/batch-jobs.md run: every ``python`` block, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "batch-jobs.md"


def test_the_examples_of_docs_batch_jobs_md() -> None:
    """§4.14, as the page shows it to users."""
    blocks = re.findall(r"^```python\n(.*?)^```$", DOC.read_text(), flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 3
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert namespace["job"]["status"] == "FAILED"
