"""The demo's dashboard image (matplotlib, the ``plot`` extra): an analyst's page of the run.

- outcomes over the events' own time, stacked (block red, review amber, approve grey), with the
  moment each later detector version went live;
- the model scores of fraud and of legitimate transactions on a log scale (legitimate traffic
  outnumbers fraud many times), with every score threshold of the rules drawn where it cuts;
- per detector version, what it did with fraud and with legitimate transactions, and the amounts
  it blocked;
- how often each rule was the one that decided (rules run FIRST_MATCHED).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from frauddetector_mock.demo.summary import (
    ACTION_OF,
    ACTIONS,
    TRUTHS,
    Summary,
    Tally,
    action,
    plural,
    version_order,
)

Rules = Sequence[tuple[str, str, str]]  # (rule id, DetectorPL expression, outcome)
COLOURS = {"block": "#d62728", "review": "#f0a202", "approve": "#a0a0a0"}
TRUTH_COLOURS = {"fraud": "#6a3d9a", "legit": "#1f78b4"}
# A rule's score threshold: the model score compared with ">=" (or ">") and a number.
SCORE_THRESHOLD = re.compile(r"_insightscore\s*>=?\s*([0-9]+(?:\.[0-9]+)?)")
BIN_MINUTES = (5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440)
SCORE_BIN = 25


def write_dashboard(summary: Summary, path: Path, rules: Mapping[str, Rules] | None = None) -> str:
    """Draws the dashboard into ``path``; ``rules``: each detector version's rules, whose score
    thresholds are drawn. Returns the line telling where it is (or would be)."""
    try:
        # matplotlib is the plot extra: without it, the demo runs and says so.
        import matplotlib

        matplotlib.use("Agg")  # no display needed: the demo runs in terminals and CI
        import matplotlib.pyplot as plt  # after use("Agg"), as matplotlib asks
    except ImportError:
        return (
            f"Dashboard:              not drawn, matplotlib is missing; it would be {path} "
            "(pip install 'frauddetector-mock[plot]')"
        )
    rules = rules or {}
    versions = summary.versions or ["1"]
    # Concise dates: "08:00 ... 18:00" and the day once, not a full date under every tick.
    with plt.rc_context({"date.converter": "concise"}):
        figure = _draw(plt, summary, versions, rules)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return f"Dashboard:              {path}"


def _draw(plt: Any, summary: Summary, versions: list[str], rules: Mapping[str, Rules]) -> Any:
    figure = plt.figure(figsize=(16, 9.5), layout="constrained")
    grid = figure.add_gridspec(2, max(2, len(versions)) * 2)
    half = grid.ncols // 2
    _timeline(figure.add_subplot(grid[0, :half]), summary)
    _scores(figure.add_subplot(grid[0, half:]), summary, rules)
    bottom = grid[1, :half].subgridspec(1, len(versions))
    for index, version in enumerate(versions):
        _confusion(figure.add_subplot(bottom[0, index]), version, summary.tally(version))
    _rule_hits(figure.add_subplot(grid[1, half:]), summary, rules)
    whole = summary.tally()
    figure.suptitle(
        f"transaction_fraud_detector on the mock: {plural(len(summary.records), 'transaction')}, "
        f"{whole.truth('fraud')} fraud and {whole.truth('legit')} legit (truth); "
        f"block precision {whole.precision('block')}, recall {whole.recall('block')}",
        fontsize=14,
    )
    return figure


def _instant(event_time: str) -> datetime:
    return datetime.fromisoformat(event_time.replace("Z", "+00:00"))


def _bin_minutes(span: timedelta) -> int:
    """The shortest round bin width that cuts ``span`` into at most about 24 bars."""
    for minutes in BIN_MINUTES:
        if span <= timedelta(minutes=minutes * 24):
            return minutes
    return BIN_MINUTES[-1]


def _timeline(axes: Any, summary: Summary) -> None:
    axes.set_title("outcomes over event time")
    axes.set_xlabel("event time (UTC)")
    if not summary.records:
        axes.set_ylabel("transactions")
        return
    times = [_instant(r["event_time"]) for r in summary.records]
    first = min(times)
    minutes = _bin_minutes(max(times) - first)
    width = timedelta(minutes=minutes)
    # Bins start on a round time at or before the first event, so the first one is whole.
    origin = first.replace(minute=first.minute - first.minute % min(minutes, 60), second=0)
    bins = [(t - origin) // width for t in times]
    starts = [origin + width * n for n in range(min(bins), max(bins) + 1)]
    below = [0] * len(starts)
    # Block at the bottom: the rarest, and the one to read first.
    for kind in ACTIONS:
        heights = [0] * len(starts)
        for at, record in zip(bins, summary.records, strict=True):
            if action(record) == kind:
                heights[at - min(bins)] += 1
        label = "review (investigate)" if kind == "review" else kind
        axes.bar(
            starts,
            heights,
            width=width * 0.9,
            align="edge",
            bottom=below,
            color=COLOURS[kind],
            label=label,
        )
        below = [b + h for b, h in zip(below, heights, strict=True)]
    frauds = [0] * len(starts)
    for at, record in zip(bins, summary.records, strict=True):
        frauds[at - min(bins)] += bool(record["fraud"])
    marked = [(start + width * 0.45, n) for start, n in zip(starts, frauds, strict=True) if n]
    axes.plot(
        [at for at, _ in marked], [n for _, n in marked], "kx", markersize=6, label="fraud (truth)"
    )
    previous = summary.records[0]["detector_version"]
    for moment, record in zip(times, summary.records, strict=True):
        if record["detector_version"] != previous:
            previous = record["detector_version"]
            axes.axvline(moment, color="black", linestyle="--", linewidth=1)
            axes.annotate(
                f" detector version {previous} live",
                (moment, 0.86),  # under the legend, above the bars (the y limit leaves room)
                xycoords=("data", "axes fraction"),
                va="top",
                fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
            )
    axes.set_ylabel(f"transactions per {_duration(minutes)}")
    axes.set_ylim(0, max(below) * 1.35)  # room above the bars for the legend
    axes.legend(loc="upper right", ncols=4, fontsize=9, framealpha=0.9)


def _duration(minutes: int) -> str:
    if minutes % 60:
        return f"{minutes} min"
    return "hour" if minutes == 60 else f"{minutes // 60} hours"


def _scores(axes: Any, summary: Summary, rules: Mapping[str, Rules]) -> None:
    edges = list(range(0, 1001, SCORE_BIN))
    for kind in TRUTHS:
        values = [
            r["model_score"]
            for r in summary.records
            if r["model_score"] is not None and (r["fraud"] is (kind == "fraud"))
        ]
        # A light fill and a full outline: where fraud and legit overlap, both stay readable.
        axes.hist(values, bins=edges, histtype="stepfilled", alpha=0.25, color=TRUTH_COLOURS[kind])
        axes.hist(
            values,
            bins=edges,
            histtype="step",
            linewidth=1.6,
            color=TRUTH_COLOURS[kind],
            label=f"{kind} (truth): {len(values)}",
        )
    axes.set_xlim(0, 1000)
    if any(r["model_score"] is not None for r in summary.records):  # log needs a bar above 0
        axes.set_yscale("log")
        axes.set_ylim(0.7, None)
        axes.set_ylim(0.7, axes.get_ylim()[1] * 4)  # room above the bars for the labels
    for score, label, kind in _thresholds(rules):
        colour = COLOURS.get(kind, COLOURS["approve"])
        axes.axvline(score, color=colour, linestyle="--", linewidth=1.5)
        axes.annotate(
            label,
            (score, 0.98),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 0),
            textcoords="offset points",
            rotation=90,
            ha="right",
            va="top",
            fontsize=8.5,
            color=colour,
        )
    axes.set_title(f"model score by truth (bins of {SCORE_BIN}), rules' thresholds")
    axes.set_xlabel("fraud_model_insightscore (0-1000; 900 ≈ 2 % of legit above)")
    axes.set_ylabel("transactions (log scale)")
    axes.legend(loc="upper left", fontsize=9, framealpha=0.9)


def _thresholds(rules: Mapping[str, Rules]) -> list[tuple[float, str, str]]:
    """Every score threshold of the rules, once per score, labelled with the rules and detector
    versions that use it; drawn in the colour of the strictest action taken there."""
    found: dict[float, dict[tuple[str, str], list[str]]] = {}
    for version, version_rules in rules.items():
        for rule_id, expression, outcome in version_rules:
            for number in SCORE_THRESHOLD.findall(expression):
                score = float(number)
                if score <= 0:  # ">= 0" is every score: no line to draw
                    continue
                users = found.setdefault(score, {})
                users.setdefault((rule_id, outcome), []).append(version)
    drawn = []
    for score, users in sorted(found.items()):
        named = ", ".join(
            f"{rule} → {outcome} (v{'/'.join(versions)})"
            for (rule, outcome), versions in users.items()
        )
        strictest = min((ACTION_OF.get(outcome, "") for _, outcome in users), key=_strictness)
        drawn.append((score, f"≥ {score:g}: {named}", strictest))
    return drawn


def _strictness(kind: str) -> int:
    return ACTIONS.index(kind) if kind in ACTIONS else len(ACTIONS)


def _confusion(axes: Any, version: str, tally: Tally) -> None:
    shares = [
        [tally.counts[kind][each] / max(1, tally.truth(kind)) for each in ACTIONS]
        for kind in TRUTHS
    ]
    axes.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for row, kind in enumerate(TRUTHS):
        for column, each in enumerate(ACTIONS):
            share = shares[row][column]
            axes.text(
                column,
                row,
                f"{tally.counts[kind][each]}\n{share:.0%}",
                ha="center",
                va="center",
                fontsize=11,
                color="white" if share > 0.6 else "black",
            )
    axes.set_xticks(range(len(ACTIONS)), ["block", "review", "approve"])
    for label, each in zip(axes.get_xticklabels(), ACTIONS, strict=True):
        label.set_color(COLOURS[each] if each != "approve" else "#555555")
        label.set_fontweight("bold")
    axes.set_yticks(range(len(TRUTHS)), [f"{kind}\n({tally.truth(kind)})" for kind in TRUTHS])
    total = sum(tally.truth(kind) for kind in TRUTHS)
    axes.set_title(f"detector version {version}: {plural(total, 'transaction')}", fontsize=11)
    axes.set_ylabel("truth")
    axes.set_xlabel(
        f"outcome (share of the row)\nblocked ${tally.amounts['fraud']['block']:,.0f} of fraud,\n"
        f"${tally.amounts['legit']['block']:,.0f} of legit"
    )


def _rule_hits(axes: Any, summary: Summary, rules: Mapping[str, Rules]) -> None:
    outcome_of = {rule: outcome for each in rules.values() for rule, _, outcome in each}
    # The latest version's order, then rules only older versions had.
    latest_first = [rules[v] for v in sorted(rules, key=version_order, reverse=True)]
    order = list(dict.fromkeys(rule for each in latest_first for rule, _, _ in each))
    order += sorted({rule for hits in summary.rule_hits.values() for rule in hits} - set(order))
    versions = summary.versions
    height = 0.8 / max(1, len(versions))
    for offset, version in enumerate(versions):
        hits = summary.rule_hits[version]
        bars = axes.barh(
            [i + offset * height for i in range(len(order))],
            [hits[rule] for rule in order],
            height=height,
            label=f"detector version {version}",
            color=("#4c72b0", "#dd8452", "#55a868", "#8172b3")[offset % 4],
        )
        axes.bar_label(bars, padding=3, fontsize=9)
    axes.set_yticks(
        [i + height * (len(versions) - 1) / 2 for i in range(len(order))],
        [f"{rule} → {outcome_of.get(rule, '?')}" for rule in order],
    )
    axes.invert_yaxis()  # in the order the rules run
    axes.set_xlabel("transactions decided by the rule (first matched)")
    axes.set_title("rule hits")
    axes.margins(x=0.12)
    if versions:
        axes.legend(loc="center right", fontsize=9)
