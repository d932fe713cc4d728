"""The demo's summary (outcomes per detector version, alerts, precision/recall of ``block``
against the generator's truth) and its dashboard image (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

OUTCOMES = ("approve", "investigate", "block")


class Summary:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.per_version: dict[str, Counter[str]] = defaultdict(Counter)
        self.rule_hits: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, record: dict[str, Any]) -> None:
        self.records.append(record)
        self.per_version[record["detector_version"]][record["outcome"]] += 1
        self.rule_hits[record["detector_version"]][record["rule"] or "none"] += 1

    @property
    def alerts(self) -> int:
        return sum(1 for record in self.records if record["outcome"] == "block")

    def precision_recall(self, version: str | None = None) -> tuple[float, float]:
        records = [r for r in self.records if version in (None, r["detector_version"])]
        blocked = [r for r in records if r["outcome"] == "block"]
        frauds = [r for r in records if r["fraud"]]
        caught = sum(1 for r in blocked if r["fraud"])
        return (
            caught / len(blocked) if blocked else 0.0,
            caught / len(frauds) if frauds else 0.0,
        )

    def render(self) -> str:
        lines = ["Summary", f"  transactions: {len(self.records)}, alerts (block): {self.alerts}"]
        for version, counts in sorted(self.per_version.items()):
            shown = ", ".join(f"{outcome} {counts[outcome]}" for outcome in OUTCOMES)
            precision, recall = self.precision_recall(version)
            lines.append(
                f"  detector version {version}: {sum(counts.values())} transactions: {shown}; "
                f"block precision {precision:.0%}, recall {recall:.0%}"
            )
        precision, recall = self.precision_recall()
        lines.append(f"  overall: block precision {precision:.0%}, recall {recall:.0%}")
        return "\n".join(lines)


def write_dashboard(summary: Summary, path: Path) -> str:
    """Draws the dashboard into ``path``; returns the line telling where it is (or would be)."""
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
    figure, (timeline, scores, rules) = plt.subplots(1, 3, figsize=(16, 4.8))
    _timeline(timeline, summary)
    _scores(scores, summary)
    _rules(rules, summary)
    figure.suptitle("transaction_fraud_detector on the mock: real-time pipeline")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return f"Dashboard:              {path}"


def _timeline(axes: Any, summary: Summary) -> None:
    window = max(1, len(summary.records) // 20)
    for outcome in OUTCOMES:
        xs, ys = [], []
        for start in range(0, len(summary.records), window):
            chunk = summary.records[start : start + window]
            xs.append(start)
            ys.append(sum(1 for r in chunk if r["outcome"] == outcome))
        axes.plot(xs, ys, marker=".", label=outcome)
    switch = next((i for i, r in enumerate(summary.records) if r["detector_version"] != "1"), None)
    if switch is not None:
        axes.axvline(switch, color="grey", linestyle="--", label="version 2 live")
    axes.set_title(f"outcomes per {window} transactions")
    axes.set_xlabel("transaction")
    axes.legend()


def _scores(axes: Any, summary: Summary) -> None:
    for fraud, label in ((False, "legit (truth)"), (True, "fraud (truth)")):
        values = [r["model_score"] for r in summary.records if r["fraud"] is fraud]
        axes.hist(values, bins=20, range=(0, 1000), alpha=0.6, label=label)
    axes.set_title("model score distribution")
    axes.set_xlabel("fraud_model_insightscore")
    axes.legend()


def _rules(axes: Any, summary: Summary) -> None:
    labels = sorted({rule for hits in summary.rule_hits.values() for rule in hits})
    width = 0.8 / max(1, len(summary.rule_hits))
    for offset, (version, hits) in enumerate(sorted(summary.rule_hits.items())):
        axes.barh(
            [i + offset * width for i in range(len(labels))],
            [hits[label] for label in labels],
            height=width,
            label=f"version {version}",
        )
    axes.set_yticks([i + width / 2 for i in range(len(labels))], labels)
    axes.set_title("rule hits (first matched)")
    axes.legend()
