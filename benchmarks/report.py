"""The benchmark's table, as Markdown, and the page docs/performance.md made from it."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


@dataclass
class Row:
    """One measurement; ``ratio`` and ``target`` only where an anchor was measured beside it."""

    name: str
    value: float
    unit: str = "µs"
    anchor: str = ""
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None


def within(ratio: float, limit: float) -> tuple[str, bool]:
    return f"≤ {limit:g}x", ratio <= limit


def at_least(ratio: float, limit: float) -> tuple[str, bool]:
    return f"≥ {limit:g}x", ratio >= limit


def table(rows: list[Row]) -> str:
    lines = [
        "| measurement | value | against | ratio | target | met |",
        "|---|---:|---|---:|---|---|",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        met = "" if row.passed is None else ("yes" if row.passed else "**no**")
        lines.append(
            f"| {row.name} | {row.value:,.1f} {row.unit} | {row.anchor} | {ratio} | "
            f"{row.target} | {met} |"
        )
    return "\n".join(lines)


def machine() -> str:
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    )


def page(rows: list[Row], command: str) -> str:
    return f"""# Performance

What a mocked call costs, measured by one command in one process:

```console
$ {command}
```

The figures below come from its last run, on: {machine()}.

## How it is measured

- Every call goes through boto3 as a test would make it. µs are per call, the best round.
- Each ratio is against an anchor timed in the same process, in rounds that alternate with the
  subject's (anchor, subject, anchor, …), and is the median over the rounds of the subject's time
  over the mean of the anchor rounds around it: a busy machine slows both sides alike.
- The anchors: botocore's `Stubber` answering the same call (the floor: botocore's own client cost
  with a canned answer), a bare `before-call` handler returning a canned answer, and moto's
  `mock_aws` answering EventBridge `ListRules`, a comparable JSON call (moto has no Fraud
  Detector). The Stubber hands back the mock's own answer to the same request, so both sides
  return the same data.
- GetEventPrediction runs a detector whose rules all read the event's variables, with
  `FIRST_MATCHED` and the last rule matching, so that every rule runs.
- Import time is a fresh interpreter's, best of several; memory is what `tracemalloc` counts
  while events are stored through the path of an event type with ingestion `ENABLED`.
- Server throughput (when measured) is concurrent keep-alive clients on loopback sending
  pre-built GetEventPrediction requests to `frauddetector-mock serve`, against moto's server
  answering `ListRules`.
- State on disk (with the server): `frauddetector-mock serve` in its own process with a
  `--state-file` database holding 0, 10,000 (and, with `--scale`, 100,000) stored events,
  beside a server of the same state without a database, both running at once: the median of 200
  boto3 requests to each, in turns; the start-up from the command to the first line printed;
  and writes from a thread while the server is killed with SIGKILL at random moments, counting
  acknowledged writes missing after the restarts (`python -m benchmarks.bench_state --help`).

Absolute numbers depend on the machine; the ratios travel better. Run `python -m benchmarks
--help` for the options (`--quick` for a short run, `--no-server` to skip the server, `--write`
to rewrite this page, `--scale` for the state of 100,000 events). Each part also runs alone:
`python benchmarks/bench_calls.py`, `bench_prediction.py`, `bench_events.py`, `bench_server.py`,
`python -m benchmarks.bench_state`, and `bench_detectorpl.py` for the rule language.

## Targets

- A call without rules (GetLabels, PutLabel, GetVariables) costs at most 1.25 times the Stubber.
- GetEventPrediction with 100 rules costs at most 1.6 times the Stubber.
- A call costs at most a quarter of moto's on a comparable call.
- First use: importing the package, starting and stopping the mock add less than 30 ms to a
  process that has imported botocore's session and client (each operation family, its checks
  and its messages load on the family's first call).
- With a state database, a write costs at most twice the same write without one, however many
  events are stored; a server whose database holds 100,000 events starts in less than 2 s; no
  acknowledged write is lost to `kill -9`.

## Results

{table(rows)}

## Where a call's time goes

botocore's client does the same work for the mock as for the Stubber: parameter checks,
serialization, endpoint resolution, the user agent. The default mode answers at botocore's
`before-call` event, after that work and before signing and sending. What the mock adds:

- reading the JSON body botocore serialized (a call without parameters skips even that);
- checking it against the whole service model, as AWS does (lengths, patterns, enums, not only
  what botocore checks): one compiled predicate per operation says whether a request is valid,
  and the walk that words AWS's messages runs only for one that is not;
- the handler, under the store's lock;
- one JSON encoding of the answer (its length is the `Content-Length` header; the C encoder is
  made once), decoded once more into the fresh dictionary handed back, which shares nothing
  with the store;
- the call-log record. The HTTP side of the answer (`HeadersDict`, raw body) is made only if
  something reads it.

Wire mode (`mock_frauddetector(wire=True)`) answers after signing with raw HTTP that botocore
parses and retries, so it costs botocore's signing and parsing on top.

## State on disk

With `--state-file`, a write commits the rows of the records it changed, in one SQLite
transaction, before the reply (docs/server.md): what it costs does not grow with what is stored.
The events a request changes are named by the store as it changes them, predictions are told by
their numbers, and the small collections (resources a test makes) are compared with the rows
last written; a read finds nothing changed and touches nothing on disk. Start-up reads and
checks every row, so it grows with the state: about 15 µs per stored event.
"""


# Sections measured by commands of their own (which need more than this one): kept as they are
# when the page is written again.
KEPT_SECTIONS = ("## The Flink job against the server",)


def write(rows: list[Row]) -> Path:
    command = "python -m benchmarks " + " ".join(
        argument for argument in sys.argv[1:] if argument != "--write"
    )
    text = page(rows, command.strip())
    old = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    for heading in KEPT_SECTIONS:
        if heading in old:
            text = text.rstrip("\n") + "\n\n" + old[old.index(heading) :]
    PAGE.write_text(text, encoding="utf-8")
    return PAGE
