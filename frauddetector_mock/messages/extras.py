"""Optional dependencies (the package's extras) that are not installed: one line naming the extra
(server mode, frauddetector_mock/wire/server.py; the demo, frauddetector_mock/demo/pipeline.py)."""

from __future__ import annotations

from collections.abc import Sequence


def needs_extra(feature: str, packages: Sequence[str], extra: str) -> str:
    missing = " and ".join(packages)
    verb = "is" if len(packages) == 1 else "are"
    return (
        f"{feature} needs {missing}, which {verb} not installed: "
        f"pip install 'frauddetector-mock[{extra}]'"
    )
