"""The demo's summary: what the detector did with fraud and with legitimate transactions, per
detector version and overall, against the generator's truth.

An analyst's three actions are ``block``, ``review`` (the ``investigate`` outcome: a person looks
before the money moves) and ``approve``. A fraud sent to review is not missed; a missed fraud is
one approved. Precision and recall are given for blocking alone and for blocking or reviewing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ACTIONS = ("block", "review", "approve")
TRUTHS = ("fraud", "legit")
# A transaction no rule matched goes through, as one approved does.
ACTION_OF = {"block": "block", "investigate": "review", "approve": "approve"}


def action(record: Mapping[str, Any]) -> str:
    return ACTION_OF.get(record["outcome"], "approve")


def truth(record: Mapping[str, Any]) -> str:
    return "fraud" if record["fraud"] else "legit"


def amount(record: Mapping[str, Any]) -> float:
    return float(record["transaction_amt"])


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``out_of``: a precision or a recall; None when there is nothing to divide."""

    hits: int
    out_of: int

    @property
    def value(self) -> float | None:
        return self.hits / self.out_of if self.out_of else None

    def __str__(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.1%}"
        return f"{shown} ({self.hits}/{self.out_of})"


@dataclass(frozen=True)
class Tally:
    """Confusion counts (truth x action) and amounts of a set of transactions."""

    counts: Mapping[str, Mapping[str, int]]  # truth -> action -> transactions
    amounts: Mapping[str, Mapping[str, float]]  # truth -> action -> sum of transaction_amt

    @classmethod
    def of(cls, records: Iterable[Mapping[str, Any]]) -> Tally:
        counts = {each: dict.fromkeys(ACTIONS, 0) for each in TRUTHS}
        amounts = {each: dict.fromkeys(ACTIONS, 0.0) for each in TRUTHS}
        for record in records:
            counts[truth(record)][action(record)] += 1
            amounts[truth(record)][action(record)] += amount(record)
        return cls(counts, amounts)

    def truth(self, kind: str) -> int:
        return sum(self.counts[kind].values())

    def acted(self, kind: str) -> int:
        return sum(self.counts[each][kind] for each in TRUTHS)

    def precision(self, *actions: str) -> Rate:
        """Of the transactions given one of ``actions``, the share that were fraud."""
        flagged = sum(self.acted(each) for each in actions)
        return Rate(sum(self.counts["fraud"][each] for each in actions), flagged)

    def recall(self, *actions: str) -> Rate:
        """Of the frauds, the share given one of ``actions``."""
        caught = sum(self.counts["fraud"][each] for each in actions)
        return Rate(caught, self.truth("fraud"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "truth": {each: self.truth(each) for each in TRUTHS},
            "counts": {each: dict(self.counts[each]) for each in TRUTHS},
            "amounts": {each: _cents(self.amounts[each]) for each in TRUTHS},
            "block": _rates(self, "block"),
            "block_or_review": _rates(self, "block", "review"),
        }


def _rates(tally: Tally, *actions: str) -> dict[str, float | None]:
    return {
        "precision": tally.precision(*actions).value,
        "recall": tally.recall(*actions).value,
    }


def _cents(amounts: Mapping[str, float]) -> dict[str, float]:
    return {key: round(value, 2) for key, value in amounts.items()}


class Summary:
    """The processor's records as they come, and what they add up to."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.rule_hits: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, record: dict[str, Any]) -> None:
        self.records.append(record)
        self.rule_hits[record["detector_version"]][record["rule"] or "none"] += 1

    @property
    def versions(self) -> list[str]:
        return sorted({r["detector_version"] for r in self.records}, key=version_order)

    def tally(self, version: str | None = None) -> Tally:
        """Of every transaction, or of those ``version`` of the detector answered."""
        return Tally.of(r for r in self.records if version in (None, r["detector_version"]))

    @property
    def alerts(self) -> int:
        return self.tally().acted("block")

    def as_dict(self) -> dict[str, Any]:
        times = [r["event_time"] for r in self.records]
        return {
            "transactions": len(self.records),
            "first_event_time": min(times, default=None),
            "last_event_time": max(times, default=None),
            "alerts": self.alerts,
            "overall": self.tally().as_dict(),
            "versions": {
                version: {
                    **self.tally(version).as_dict(),
                    "rule_hits": dict(self.rule_hits[version]),
                }
                for version in self.versions
            },
        }

    def render(self) -> str:
        whole = self.tally()
        times = sorted(r["event_time"] for r in self.records)
        span = f" ({_time(times[0])} to {_time(times[-1])} UTC)" if times else ""
        frauds = whole.truth("fraud")
        lines = [
            f"Summary of {plural(len(self.records), 'transaction')}{span}",
            f"  truth:          {frauds} fraud, {whole.truth('legit')} legit",
            f"  blocked:        {_split(whole, 'block')}; alerts raised: {self.alerts}",
            f"  sent to review: {_split(whole, 'review')}, the investigate outcome",
            f"  approved:       {_split(whole, 'approve')}",
            f"  missed:         {whole.counts['fraud']['approve']} of {plural(frauds, 'fraud')} "
            f"approved, {_money(whole.amounts['fraud']['approve'])}",
            f"  blocked amount: {_money(whole.amounts['fraud']['block'])} of fraud, "
            f"{_money(whole.amounts['legit']['block'])} of legitimate purchases",
            f"  block:          precision {whole.precision('block')}, "
            f"recall {whole.recall('block')}",
            f"  block + review: precision {whole.precision('block', 'review')}, "
            f"recall {whole.recall('block', 'review')}",
        ]
        for version in self.versions:
            lines.extend(_version_lines(version, self.tally(version)))
        return "\n".join(lines)


def _version_lines(version: str, tally: Tally) -> list[str]:
    total = sum(tally.truth(each) for each in TRUTHS)
    lines = [
        f"  detector version {version}: {plural(total, 'transaction')}",
        f"    {'':8}" + "".join(f"{each:>9}" for each in ACTIONS) + f"{'blocked amount':>17}",
    ]
    for kind in TRUTHS:
        row = "".join(f"{tally.counts[kind][each]:>9}" for each in ACTIONS)
        lines.append(f"    {kind:8}{row}{_money(tally.amounts[kind]['block']):>17}")
    lines.append(
        f"    block:          precision {tally.precision('block')}, recall {tally.recall('block')}"
    )
    lines.append(
        f"    block + review: precision {tally.precision('block', 'review')}, "
        f"recall {tally.recall('block', 'review')}"
    )
    return lines


def _split(tally: Tally, kind: str) -> str:
    return (
        f"{tally.acted(kind)} ({tally.counts['fraud'][kind]} fraud, "
        f"{tally.counts['legit'][kind]} legit)"
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _time(event_time: str) -> str:
    return event_time.replace("T", " ")[:16]


def version_order(version: str) -> tuple[int, str]:
    return (int(version), version) if version.isdigit() else (0, version)
