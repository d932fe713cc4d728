"""SageMaker endpoints behind external models: there is no SageMaker
in the mock, so users register a callable per endpoint that answers what the endpoint would.

    endpoints = get_backend().endpoints
    endpoints.register("fraud-xgb", lambda body, content_type: "0.93\\n")
    endpoints.respond("fraud-xgb", "0.93\\n")          # the same, shorter
    endpoints.calls                                   # every invocation, for assertions

An invoker receives the request body (bytes) and its content type, and returns the raw text
SageMaker would return (str or UTF-8 bytes). The body is the external model's input template
filled with the event's values (``useEventVariables``), or the caller's
``externalModelEndpointDataBlobs`` entry as sent. The answer is read with the model's output
configuration: CSV (column index -> variable) or JSON lines (key -> variable).

The backend loads this module on first use; csv and json load with the first answer read.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from frauddetector_mock.controls.undo import Undo

Invoker = Callable[[bytes, str], "str | bytes"]
"""``invoker(body, content_type) -> output``: what the endpoint answers for one request."""

CONTENT_TYPES = {"TEXT_CSV": "text/csv", "APPLICATION_JSON": "application/json"}
"""The content type of a body built from an input template of each format."""


class EndpointError(Exception):
    """An endpoint could not answer, or its answer could not be read (the reason, in words)."""


@dataclass(frozen=True, slots=True)
class Invocation:
    """One request to an endpoint: what was sent, and what came back (or why nothing did)."""

    endpoint: str
    body: bytes
    content_type: str
    output: str | None = None
    error: str | None = None


class Endpoints:
    """The answers of SageMaker endpoints, per endpoint name (shared by every account and
    region of the backend). ``calls`` lists every invocation, oldest first, failed ones too:
    an endpoint that was called stays called even when the prediction fails later."""

    def __init__(self) -> None:
        self._invokers: dict[str, Invoker] = {}
        self.calls: list[Invocation] = []

    def register(self, endpoint: str, invoker: Invoker) -> Undo:
        """``invoker(body, content_type)`` answers for ``endpoint`` from now on. Usable as a
        context manager that restores the previous answer on exit."""
        if not callable(invoker):
            raise TypeError(f"an invoker must be callable, not {type(invoker).__name__}")
        invokers = self._invokers
        had = endpoint in invokers
        before = invokers.get(endpoint)
        invokers[endpoint] = invoker

        def undo() -> None:
            if had and before is not None:
                invokers[endpoint] = before
            else:
                invokers.pop(endpoint, None)

        return Undo(undo)

    def respond(self, endpoint: str, output: str | bytes) -> Undo:
        """``endpoint`` answers ``output`` to every request."""
        if not isinstance(output, (str, bytes)):
            raise TypeError(f"an endpoint answers text, not {type(output).__name__}")
        return self.register(endpoint, lambda body, content_type: output)

    def unregister(self, endpoint: str) -> None:
        self._invokers.pop(endpoint, None)

    @property
    def registered(self) -> frozenset[str]:
        return frozenset(self._invokers)

    def invokers(self) -> dict[str, Invoker]:
        """Every registered invoker, by endpoint name (a copy)."""
        return dict(self._invokers)

    def reset(self) -> None:
        """Forget every invoker and every recorded call."""
        self._invokers.clear()
        self.calls.clear()

    def invoke(self, endpoint: str, body: bytes, content_type: str) -> str:
        """The text ``endpoint`` answers; EndpointError when nobody answers for it or its
        invoker fails."""
        invoker = self._invokers.get(endpoint)
        if invoker is None:
            reason = "no invoker is registered for it (get_backend().endpoints.register)"
            self.calls.append(Invocation(endpoint, body, content_type, error=reason))
            raise EndpointError(reason)
        try:
            output = invoker(body, content_type)
            if isinstance(output, bytes):
                output = output.decode()
            if not isinstance(output, str):
                raise TypeError(f"the invoker returned {type(output).__name__}, not text")
        except Exception as error:  # the user's code: any failure is the endpoint's failure
            reason = f"its invoker raised {type(error).__name__}: {error}"
            self.calls.append(Invocation(endpoint, body, content_type, error=reason))
            raise EndpointError(reason) from error
        self.calls.append(Invocation(endpoint, body, content_type, output=output))
        return output


def template_parts(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An input template split once into its literal texts and the variables between them:
    ``len(texts) == len(names) + 1``."""

    pieces = re.split(r"\{\{\s*([^{}]*?)\s*\}\}", template)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def fill(texts: tuple[str, ...], names: tuple[str, ...], values: Mapping[str, str]) -> str:
    """The template of ``template_parts`` with each ``{{name}}`` replaced by its value's text,
    as is (no quoting: the template says where quotes go); a name without value gives ``""``."""
    parts = [texts[0]]
    for name, text in zip(names, texts[1:], strict=True):
        parts.append(values.get(name, ""))
        parts.append(text)
    return "".join(parts)


def read_output(configuration: Mapping[str, Any], output: str) -> dict[str, str]:
    """The raw text of each output variable in an endpoint's ``output``, read by the external
    model's ``outputConfiguration``; EndpointError when the output does not hold them."""
    if configuration["format"] == "TEXT_CSV":
        return _read_csv(configuration.get("csvIndexToVariableMap") or {}, output)
    return _read_json_lines(configuration.get("jsonKeyToVariableMap") or {}, output)


def _read_csv(mapping: Mapping[str, str], output: str) -> dict[str, str]:

    lines = output.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        raise EndpointError("its answer is empty, where a CSV line was expected")
    line = lines[0]
    body = line.rstrip("\r\n")
    try:
        fields = next(csv.reader([body]))
    except (csv.Error, StopIteration) as error:
        raise EndpointError(f"its answer is not a CSV line ({error})") from None
    # The line end stays on the last column, as in the real answer '0.0716...\n'
    # (docs/behaviour.md, "Predictions").
    fields[-1] += line[len(body) :]
    outputs = {}
    for index, variable in mapping.items():
        position = int(index)
        if position >= len(fields):
            raise EndpointError(
                f"its CSV answer has {len(fields)} columns; there is no column {index} "
                f"for the variable '{variable}'"
            )
        outputs[variable] = fields[position]
    return outputs


def _read_json_lines(mapping: Mapping[str, str], output: str) -> dict[str, str]:

    line = next((line for line in output.splitlines() if line.strip()), None)
    if line is None:
        raise EndpointError("its answer is empty, where a JSON line was expected")
    try:
        # Numbers keep the text they were written with, as a CSV column does.
        record = json.loads(line, parse_float=str, parse_int=str)
    except ValueError as error:
        raise EndpointError(f"its answer is not a JSON line ({error})") from None
    if not isinstance(record, dict):
        raise EndpointError("its JSON line is not an object")
    outputs = {}
    for key, variable in mapping.items():
        if key not in record:
            raise EndpointError(f"its JSON line has no key '{key}' for the variable '{variable}'")
        outputs[variable] = _text(record[key], json.dumps)
    return outputs


def _text(value: object, dumps: Callable[..., str]) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return dumps(value, separators=(",", ":"))
