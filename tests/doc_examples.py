"""The python examples of a documentation page, and running them as a reader would: every block
in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def python_blocks(page: str) -> list[str]:
    """The ``python`` code blocks of ``docs/<page>``."""
    return _BLOCK.findall((DOCS / page).read_text())


def run_examples(page: str, expected_blocks: int | None = None) -> dict[str, Any]:
    """Run the page's blocks in order in one namespace and return it."""
    blocks = python_blocks(page)
    if expected_blocks is not None:
        assert len(blocks) == expected_blocks, f"{page} has {len(blocks)} python blocks"
    namespace: dict[str, Any] = {"__name__": f"docs_{page}"}
    for number, block in enumerate(blocks, start=1):
        exec(compile(block, f"docs/{page} block {number}", "exec"), namespace)
    return namespace
