"""How fast compiled DETECTORPL rules run, against hand-written Python of the same logic.

A detector's worth of rules (100: comparisons, and/or, in-array, in-list, regex_match, lowercase,
arithmetic) is evaluated for each event of a batch, as GetEventPrediction does under ALL_MATCHED.
The hand-written side is what a developer would type for the same rules: plain functions over the
event dict, calling the same RE2 matchers as the compiled rules (RE2 is what gives regex_match its
linear-time guarantee), so the ratio measures the evaluation machinery alone. A second hand-written
run with the standard library's `re` is printed for context.

    .venv/bin/python benchmarks/bench_detectorpl.py

Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timezone

import re2

from frauddetector_mock.detectorpl import check
from frauddetector_mock.detectorpl.functions import compile_regex

VARIABLES = {
    "amount": "FLOAT",
    "avg_amount": "FLOAT",
    "qty": "INTEGER",
    "age": "INTEGER",
    "score": "FLOAT",
    "email": "STRING",
    "country": "STRING",
    "shipping_country": "STRING",
    "card_bin": "STRING",
    "ip": "STRING",
    "is_new": "BOOLEAN",
}
LISTS: dict[str, frozenset[str]] = {
    "deny_emails": frozenset(f"user{i}@mail.com" for i in range(0, 400, 7)),
    "allow_ips": frozenset(f"10.0.0.{i}" for i in range(0, 256, 3)),
    "bad_bins": frozenset(str(400000 + i) for i in range(0, 1000, 11)),
}
NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)

Event = Mapping[str, object]
Lists = Mapping[str, Collection[str]]
Hand = Callable[[Event, Lists], bool]


def rules(engine: str = "re2") -> list[tuple[str, Hand]]:
    """100 rules: ten templates, ten thresholds each, and the hand-written twin of each."""
    out: list[tuple[str, Hand]] = []
    domains = ["gmail", "yahoo", "mail", "example", "test", "corp", "shop", "web", "net", "fast"]
    countries = ["US", "CA", "MX", "FR", "DE", "GB", "ES", "IT", "JP", "BR"]
    for k in range(10):
        t = 50.0 * (k + 1)
        c = countries[k]
        d = domains[k]
        pattern = f".*@{d}\\.com"
        if engine == "re2":
            match: Callable[[str], object] = compile_regex(pattern)
        else:
            plain = re.compile(pattern).fullmatch
            match = lambda text, plain=plain: plain(text) is not None  # noqa: E731
        out += [
            (f"$amount > {t}", lambda v, lists, t=t: v["amount"] > t),
            (
                f'$amount > {t} and $country != "{c}"',
                lambda v, lists, t=t, c=c: v["amount"] > t and v["country"] != c,
            ),
            (
                f"$score >= {900 - k * 10} or ($age < {18 + k} and $is_new)",
                lambda v, lists, k=k: (
                    v["score"] >= 900 - k * 10 or (v["age"] < 18 + k and v["is_new"])
                ),
            ),
            (
                f'$country in ["US", "CA", "MX", "{c}"] and $qty not in [1, 2, {k + 3}]',
                lambda v, lists, c=c, k=k: (
                    v["country"] in ("US", "CA", "MX", c) and v["qty"] not in (1, 2, k + 3)
                ),
            ),
            (
                f"$email in @deny_emails and $amount > {t}",
                lambda v, lists, t=t: v["email"] in lists["deny_emails"] and v["amount"] > t,
            ),
            (
                f'regex_match(".*@{d}\\.com", lowercase($email))',
                lambda v, lists, match=match: match(v["email"].lower()),
            ),
            (
                f"$amount * $qty > {t * 3}",
                lambda v, lists, t=t: v["amount"] * v["qty"] > t * 3,
            ),
            (
                "$card_bin in @bad_bins or $ip not in @allow_ips",
                lambda v, lists: (
                    v["card_bin"] in lists["bad_bins"] or v["ip"] not in lists["allow_ips"]
                ),
            ),
            (
                f"lowercase($country) != lowercase($shipping_country) and $amount > {t}",
                lambda v, lists, t=t: (
                    v["country"].lower() != v["shipping_country"].lower() and v["amount"] > t
                ),
            ),
            (
                f"($amount - $avg_amount) / $avg_amount > {0.5 + k / 10}",
                lambda v, lists, k=k: (
                    (v["amount"] - v["avg_amount"]) / v["avg_amount"] > 0.5 + k / 10
                ),
            ),
        ]
    return out


def events(count: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    countries = ["US", "CA", "MX", "FR", "DE", "GB", "ES", "IT", "JP", "BR", "us", "fr"]
    domains = ["gmail", "yahoo", "mail", "example", "test", "corp", "shop", "web", "net", "fast"]
    return [
        {
            "amount": round(rng.uniform(1, 600), 2),
            "avg_amount": round(rng.uniform(50, 300), 2),
            "qty": rng.randint(1, 12),
            "age": rng.randint(16, 80),
            "score": float(rng.randint(0, 1000)),
            "email": f"User{rng.randint(0, 400)}@{rng.choice(domains)}.com",
            "country": rng.choice(countries),
            "shipping_country": rng.choice(countries),
            "card_bin": str(rng.randint(400000, 401000)),
            "ip": f"10.0.0.{rng.randint(0, 255)}",
            "is_new": rng.random() < 0.3,
        }
        for _ in range(count)
    ]


def best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    pairs = rules()
    batch = events(2000)

    start = time.perf_counter()
    compiled = [check(expression, VARIABLES, LISTS) for expression, _ in pairs]
    compile_ms = (time.perf_counter() - start) * 1000
    hand = [function for _, function in pairs]
    hand_re = [function for _, function in rules("re")]

    def run_compiled() -> list[list[bool]]:
        return [[rule.evaluate(event, LISTS, NOW) for rule in compiled] for event in batch]

    def run_hand() -> list[list[bool]]:
        return [[function(event, LISTS) for function in hand] for event in batch]

    def run_hand_re() -> list[list[bool]]:
        return [[function(event, LISTS) for function in hand_re] for event in batch]

    expected = run_hand()
    mismatches = sum(a != b for a, b in zip(run_compiled(), expected, strict=True))
    mismatches += sum(a != b for a, b in zip(run_hand_re(), expected, strict=True))
    matched = sum(map(sum, expected))
    compiled_s = best_of(7, run_compiled)
    hand_s = best_of(7, run_hand)
    hand_re_s = best_of(7, run_hand_re)

    # One match on its own: RE2's public API, the matcher the rules use, the stdlib engine.
    subject = "user12@gmail.com"
    options = re2.Options()
    options.log_errors = False
    public = re2.compile(".*@gmail\\.com", options).fullmatch
    ours = compile_regex(".*@gmail\\.com")
    stdlib = re.compile(".*@gmail\\.com").fullmatch
    loops = 200_000
    timings = [
        best_of(3, lambda f=f: [f(subject) for _ in range(loops)]) / loops * 1e9
        for f in (public, ours, stdlib)
    ]

    per_event = 1e6 / len(batch)
    print(f"rules: {len(pairs)}, events: {len(batch)}, rule matches: {matched}")
    print(f"check + compile of all rules: {compile_ms:.1f} ms ({compile_ms * 10:.0f} µs a rule)")
    print(f"compiled DETECTORPL:                {compiled_s * per_event:8.2f} µs per event")
    print(f"hand-written Python (same matcher): {hand_s * per_event:8.2f} µs per event")
    print(f"hand-written Python (stdlib re):    {hand_re_s * per_event:8.2f} µs per event")
    print(f"ratio compiled / hand-written (same matcher): {compiled_s / hand_s:.2f}x")
    print(f"ratio compiled / hand-written (stdlib re):    {compiled_s / hand_re_s:.2f}x")
    print(f"events whose results differ: {mismatches}")
    public_ns, ours_ns, stdlib_ns = timings
    print(
        f"one fullmatch: re2.fullmatch {public_ns:.0f} ns, rule matcher {ours_ns:.0f} ns, "
        f"stdlib re {stdlib_ns:.0f} ns"
    )


if __name__ == "__main__":
    main()
