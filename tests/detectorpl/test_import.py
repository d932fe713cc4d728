"""Importing the rule language is cheap and pulls in nothing heavy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import frauddetector_mock.detectorpl as detectorpl

PACKAGE = Path(detectorpl.__file__).resolve().parent.parent

# Import the language alone: a stand-in parent package keeps the rest of frauddetector_mock out,
# so that only what detectorpl itself imports is measured.
STANDALONE = f"""
import sys, types
parent = types.ModuleType("frauddetector_mock")
parent.__path__ = [{str(PACKAGE)!r}]
sys.modules["frauddetector_mock"] = parent
"""

SCRIPT = (
    STANDALONE
    + """
import time
before = set(sys.modules)
start = time.perf_counter()
import frauddetector_mock.detectorpl
elapsed = time.perf_counter() - start
new = set(sys.modules) - before
heavy = sorted(m for m in new if m.split(".")[0] in ("re2", "boto3", "botocore", "typing",
                                                    "dataclasses", "inspect", "argparse"))
others = sorted(m for m in new if m.startswith("frauddetector_mock.")
                and not m.startswith("frauddetector_mock.detectorpl"))
print(repr((heavy, others, elapsed)))
"""
)


def test_import_is_light() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    heavy, others, elapsed = eval(result.stdout)
    assert heavy == []
    assert others == []
    # Generous: measured at about 2 ms with cached bytecode, about 10 ms compiling the sources.
    assert elapsed < 0.5


def test_re2_is_loaded_on_the_first_regex() -> None:
    script = STANDALONE + (
        "import frauddetector_mock.detectorpl as d, sys\n"
        "d.check('$a > 1', {'a': 'INTEGER'})\n"
        "print('re2' in sys.modules)\n"
        "d.check('regex_match(\"a\", $s)', {'s': 'STRING'})\n"
        "print('re2' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
