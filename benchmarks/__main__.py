"""Every speed figure of the project in one run: ``python -m benchmarks [--quick] [--write]``.

Reuses the measuring functions of the bench_*.py scripts, which stay runnable alone. Prints a
Markdown table of µs per call, ratios against anchors measured in the same run, and the targets
met or missed; ``--write`` also writes it to docs/performance.md. Asserts nothing: a missed target
is printed, not raised.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from benchmarks import (
    bench_calls,
    bench_events,
    bench_prediction,
    bench_server,
    bench_state,
    report,
)
from benchmarks.report import Row, at_least, within
from benchmarks.timing import Round, first_use_times, import_times, interleaved

SIMPLE_LIMIT = 1.25  # x Stubber, for a call without rules
PREDICTION_LIMIT = 1.6  # x Stubber, for GetEventPrediction with 100 rules
FIRST_USE_LIMIT = 30.0  # ms that importing, starting and stopping the mock add to botocore's
MOTO_FACTOR = 4.0  # moto's time per call over ours, at least
STATE_WRITE_LIMIT = 2.0  # x the same write without a state database
STATE_START_LIMIT = 2.0  # s to start a server whose database holds 100,000 events


@dataclass
class Sizes:
    calls: int
    rounds: int
    prediction_calls: int
    prediction_rounds: int
    imports: int
    events: int
    server_requests: int
    server_seconds: float


# Many short rounds rather than a few long ones: each ratio is to the anchor rounds timed just
# before and after, so the shorter the rounds, the less a slow spell of a shared machine lands on
# one side; the median of many of them moves little from run to run.
FULL = Sizes(400, 41, 300, 41, 7, 100_000, 6000, 10.0)
QUICK = Sizes(200, 11, 200, 11, 3, 100_000, 1500, 3.0)
SMOKE = Sizes(20, 1, 20, 1, 1, 1000, 100, 1.0)  # proves the command runs; its figures mean nothing


def simple_calls(sizes: Sizes) -> list[Row]:
    stubber = "GetLabels via botocore Stubber"
    subjects: list[tuple[str, Round, str]] = [
        ("GetLabels via a canned before-call handler", bench_calls.canned_before_call(), ""),
        ("GetLabels", bench_calls.mock_get_labels(), "simple"),
        ("PutLabel", bench_calls.mock_put_label(), "simple"),
        ("GetVariables (by name)", bench_calls.mock_get_variables(), "simple"),
        (
            "GetLabels, wire mode (botocore parses the HTTP answer)",
            bench_calls.mock_get_labels(True),
            "",
        ),
        ("EventBridge ListRules via moto mock_aws", bench_calls.moto_list_rules(), "moto"),
    ]
    labels = bench_calls.mock_answer(lambda client: client.get_labels())
    anchor = (stubber, bench_calls.stubber("get_labels", labels))
    timings = interleaved(
        anchor, [(name, run) for name, run, _ in subjects], sizes.calls, sizes.rounds
    )
    rows = [Row(stubber + " (the floor)", timings.best(stubber))]
    for name, _, kind in subjects:
        ratio = timings.ratio(name)
        row = Row(name, timings.best(name), anchor="Stubber", ratio=ratio)
        if kind == "simple":
            row.target, row.passed = within(ratio, SIMPLE_LIMIT)
        rows.append(row)
    ours = timings.ratios["GetLabels"]
    moto = timings.ratios["EventBridge ListRules via moto mock_aws"]
    factor = sorted(theirs / mine for theirs, mine in zip(moto, ours, strict=True))[len(ours) // 2]
    target, met = at_least(factor, MOTO_FACTOR)
    rows.append(
        Row("moto ListRules over our GetLabels", factor, "x", "same rounds", None, target, met)
    )
    return rows


def predictions(sizes: Sizes) -> list[Row]:
    rows = []
    for rules, model in bench_prediction.CASES:
        name = f"GetEventPrediction, {rules} rule{'s' if rules > 1 else ''}" + (
            " and a model" if model else ""
        )
        region = bench_prediction.region_for(rules, model)
        stub, mock = bench_prediction.rounds_of(rules, model, region)
        timings = interleaved(
            ("Stubber", stub), [(name, mock)], sizes.prediction_calls, sizes.prediction_rounds
        )
        ratio = timings.ratio(name)
        row = Row(name, timings.best(name), anchor="Stubber, same answer", ratio=ratio)
        row.anchor += f" ({timings.best('Stubber'):.0f} µs)"
        if rules >= 100:
            row.target, row.passed = within(ratio, PREDICTION_LIMIT)
        rows.append(row)
    return rows


def footprint(sizes: Sizes) -> list[Row]:
    base, with_mock = import_times(sizes.imports)
    client, started = first_use_times(sizes.imports)
    added = started - client
    first_use = Row("first use: import, start() and stop(), over botocore", added, "ms")
    first_use.target, first_use.passed = f"< {FIRST_USE_LIMIT:g} ms", added < FIRST_USE_LIMIT
    stored = bench_events.stored_events_memory(sizes.events)
    return [
        Row("import botocore", base, "ms"),
        Row("import botocore, frauddetector_mock", with_mock, "ms"),
        Row("import botocore.session, botocore.client", client, "ms"),
        first_use,
        Row(f"peak memory, {sizes.events:,} stored events", stored["peak_mb"], "MB"),
        Row("storing one event (ingest path)", stored["us_per_event"]),
    ]


def server(sizes: Sizes) -> list[Row]:
    runs = bench_server.throughput(8, sizes.server_requests, sizes.server_seconds)
    ours = runs["frauddetector-mock GetEventPrediction"]["per_second"]
    theirs = runs["moto ThreadedMotoServer events ListRules"]["per_second"]
    return [
        Row("server, GetEventPrediction, 8 clients", ours, "req/s", "moto server", ours / theirs),
        Row("moto server, ListRules, 8 clients", theirs, "req/s"),
    ]


def state(events: list[int], kills: int) -> list[Row]:
    figures, killed = bench_state.run(events, kills)
    rows = []
    for figure in figures:
        count = f"{figure['events']:,} events"
        for kind, operation in (("write", "PutLabel"), ("read", "GetLabels")):
            mine = figure["with"][kind]["median_ms"]
            bare = figure["without"][kind]["median_ms"]
            row = Row(f"server {operation}, {count}, state database", mine, "ms")
            row.anchor, row.ratio = f"no database ({bare:.2f} ms)", mine / bare
            if kind == "write":
                row.target, row.passed = within(row.ratio, STATE_WRITE_LIMIT)
            rows.append(row)
        start = Row(f"server start-up, {count} in its database", figure["start_s"], "s")
        start.anchor = f"no database ({figure['bare_start_s']:.2f} s)"
        if figure["events"] >= 100_000:
            start.target = f"< {STATE_START_LIMIT:g} s"
            start.passed = figure["start_s"] < STATE_START_LIMIT
        rows.append(start)
    if killed is not None:
        row = Row(
            f"writes lost to kill -9 x{killed['kills']}, {killed['events']:,} events",
            killed["lost"],
            "",
            f"{killed['acknowledged']} acknowledged",
        )
        row.target, row.passed = "0", killed["lost"] == 0
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer calls and rounds")
    parser.add_argument("--smoke", action="store_true", help="tiny run: only proves it works")
    parser.add_argument("--no-server", action="store_true", help="skip server mode (needs ports)")
    parser.add_argument(
        "--scale", action="store_true", help="also a state database of 100,000 events"
    )
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    sizes = SMOKE if args.smoke else QUICK if args.quick else FULL

    rows = simple_calls(sizes) + predictions(sizes) + footprint(sizes)
    if not args.no_server:
        rows += server(sizes)
        counts = [0, 10_000, 100_000] if args.scale else [0, 10_000]
        rows += state([0] if args.smoke else counts, 1 if args.smoke else 3)
    print(report.table(rows))
    missed = [row.name for row in rows if row.passed is False]
    print(f"\ntargets missed: {', '.join(missed)}" if missed else "\nevery target met")
    if args.write:
        print(f"written to {report.write(rows)}")


if __name__ == "__main__":
    main()
