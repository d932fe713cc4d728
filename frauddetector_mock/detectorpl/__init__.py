"""DETECTORPL, the rule language of Amazon Fraud Detector.

`check()` parses an expression, checks it against the variables and lists that exist, and compiles
it once into a `CompiledRule` whose `evaluate()` is plain Python. `convert()` turns event values
(strings on the wire) into the typed values rules compare. `evaluate()` does all of it in one call,
for trying expressions out. The language is described in docs/detectorpl.md.
"""

from __future__ import annotations

from .errors import RuleError
from .rule import MAX_LENGTH, CompiledRule, check, evaluate
from .values import convert

__all__ = ["MAX_LENGTH", "CompiledRule", "RuleError", "check", "convert", "evaluate"]
