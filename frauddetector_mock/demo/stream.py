"""The demo's stream: a seeded producer of synthetic transactions (the blog's record fields) with
a known share of fraud patterns. Its truth labels the history the demo's model trains on and
measures the outcomes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

DENIED_BINS = ("400000", "666666", "510510")
DISPOSABLE_DOMAINS = ("mailinator.com", "tempmail.com")
# Share of each fraud pattern among the transactions (the rest are legitimate).
PATTERNS = {"stolen_card_bin": 0.04, "disposable_email": 0.04, "card_testing": 0.07}
CATEGORIES = ("grocery_pos", "misc_pos", "shopping_net", "gas_transport", "travel", "home")
STATES = (("VA", "Pulaski", "24301"), ("NY", "Albany", "12207"), ("TX", "Austin", "73301"))
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "Opera/8.70.(Windows NT 6.0; mk-MK)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X)",
)


@dataclass
class Transaction:
    event_id: str
    entity_id: str
    event_time: str
    fields: dict[str, str]  # the event variables sent to GetEventPrediction, as text
    fraud: bool  # the generator's truth
    pattern: str  # "legit" or the fraud pattern


def produce(count: int, seed: int) -> Iterator[Transaction]:
    """``count`` transactions, one second apart; the same seed gives the same stream."""
    rng = random.Random(seed)
    for index in range(count):
        draw = rng.random()
        pattern = "legit"
        for name, share in PATTERNS.items():
            if draw < share:
                pattern = name
                break
            draw -= share
        state, city, zip_code = rng.choice(STATES)
        amount = round(rng.lognormvariate(3.5, 0.9), 2)
        card_bin = str(rng.randint(410000, 499999))
        email = f"user{rng.randint(1, 9999)}@example.com"
        if pattern == "stolen_card_bin":
            card_bin = rng.choice(DENIED_BINS)
        elif pattern == "disposable_email":
            email = f"x{rng.randint(1, 999)}@{rng.choice(DISPOSABLE_DOMAINS)}"
        elif pattern == "card_testing":
            amount = round(rng.uniform(900, 4000), 2)
        seconds = index
        event_time = f"2024-05-01T12:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"
        fields = {
            "transaction_amt": f"{amount:.2f}",
            "transaction_currency": "USD",
            "email_address": email,
            "ip_address": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "card_bin": card_bin,
            "billing_state": state,
            "billing_city": city,
            "billing_zip": zip_code,
            "user_agent": rng.choice(AGENTS),
            "product_category": rng.choice(CATEGORIES),
        }
        yield Transaction(
            event_id=f"txn_{seed}_{index:05d}",
            entity_id=f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
            event_time=event_time,
            fields=fields,
            fraud=pattern != "legit",
            pattern=pattern,
        )
