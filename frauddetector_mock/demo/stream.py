"""The demo's stream: a seeded producer of synthetic transactions (the blog's record fields) with
a known share of fraud. Its truth labels the history the demo's model trains on and measures the
outcomes.

Fraud is not a field a model can read off. Each fraud pattern leaves signs only some of the time
(a proxy IP address, a disposable e-mail domain, a scripted client, a card BIN from a stolen card
dump, a large amount in an online shop), and some legitimate customers show the same signs (VPN
users, privacy-minded addresses, a bank whose BIN is on the deny list, a large purchase), so the
model trained on the history ranks well but not perfectly, as real ones do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

STREAM_START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
MEAN_GAP = 90.0  # seconds between two transactions, on average (Poisson arrivals)
DENIED_BINS = ("400000", "666666", "510510")
DISPOSABLE_DOMAINS = ("mailinator.com", "tempmail.com")
FRAUD_SHARE = 0.16  # of all transactions; far above real rates, so a short run shows some
CATEGORIES = (
    "grocery_pos",
    "gas_transport",
    "misc_pos",
    "home",
    "shopping_net",
    "misc_net",
    "travel",
)


@dataclass(frozen=True)
class Pattern:
    """How the transactions of legitimate customers, or of one kind of fraud, look."""

    share: float  # among the frauds (1.0 for legitimate customers)
    amount: tuple[float, float]  # lognormal (mu, sigma) of the amount; card testing: uniform
    categories: tuple[int, ...]  # relative weight of each of CATEGORIES
    # How often each sign shows: a proxy IP address, a disposable e-mail domain, a scripted
    # client, a card BIN on the deny list.
    signs: tuple[float, float, float, float]


LEGIT = Pattern(1.0, (3.6, 1.0), (25, 18, 14, 14, 15, 6, 8), (0.03, 0.01, 0.005, 0.003))
PATTERNS = {
    # a card from a dump, cashed out on goods that resell
    "stolen_card": Pattern(0.33, (5.0, 1.0), (6, 6, 6, 10, 35, 12, 25), (0.7, 0.2, 0.15, 0.4)),
    # small charges that check stolen cards work
    "card_testing": Pattern(0.20, (0.5, 9.99), (4, 4, 12, 4, 30, 42, 4), (0.7, 0.25, 0.6, 0.1)),
    # an account opened to defraud
    "new_account": Pattern(0.25, (4.4, 1.0), (5, 5, 10, 10, 40, 20, 10), (0.55, 0.75, 0.1, 0.02)),
    # a customer's own account, device and card in a fraudster's hands: looks like the customer
    "account_takeover": Pattern(
        0.22, (4.0, 1.0), (15, 10, 10, 15, 30, 10, 10), (0.08, 0.02, 0.02, 0.0)
    ),
}
STATES = (("VA", "Pulaski", "24301"), ("NY", "Albany", "12207"), ("TX", "Austin", "73301"))
BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
)
SCRIPTED = ("python-requests/2.31.0", "curl/8.5.0", "Mozilla/5.0 HeadlessChrome/124.0")
MAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com")
RESIDENTIAL = ("73", "98", "24", "71", "76", "99", "108", "174")  # first octets of ISPs' ranges
PROXY_NETWORKS = ("185.220", "45.153", "104.244")  # hosting and anonymizer networks
FIRST_NAMES = ("anna", "james", "maria", "li", "omar", "sofia", "tom", "priya", "lucas", "emma")
LAST_NAMES = ("smith", "garcia", "chen", "khan", "mueller", "rossi", "brown", "nguyen", "silva")


@dataclass
class Transaction:
    event_id: str
    entity_id: str
    event_time: str  # ISO 8601 in UTC, to the second
    fields: dict[str, str]  # the event variables sent to GetEventPrediction, as text
    fraud: bool  # the generator's truth
    pattern: str  # "legit" or the fraud pattern


def produce(
    count: int, seed: int, start: datetime = STREAM_START, mean_gap: float = MEAN_GAP
) -> Iterator[Transaction]:
    """``count`` transactions from ``start``, arriving at random, ``mean_gap`` seconds apart on
    average (at least one, so event times never repeat); the same seed gives the same stream."""
    rng = random.Random(seed)
    elapsed = 0
    for index in range(count):
        elapsed += max(1, round(rng.expovariate(1.0 / mean_gap)))
        pattern = _pattern(rng)
        look = PATTERNS.get(pattern, LEGIT)
        proxy, disposable, scripted, denied = (rng.random() < p for p in look.signs)
        state, city, zip_code = rng.choice(STATES)
        yield Transaction(
            event_id=f"txn_{seed}_{index:05d}",
            entity_id=f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
            event_time=(start + timedelta(seconds=elapsed)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            fields={
                "transaction_amt": f"{_amount(rng, pattern, look):.2f}",
                "transaction_currency": "USD",
                "email_address": _email(rng, disposable),
                "ip_address": _ip_address(rng, proxy),
                "card_bin": rng.choice(DENIED_BINS) if denied else str(rng.randint(410000, 499999)),
                "billing_state": state,
                "billing_city": city,
                "billing_zip": zip_code,
                "user_agent": rng.choice(SCRIPTED if scripted else BROWSERS),
                "product_category": rng.choices(CATEGORIES, look.categories)[0],
            },
            fraud=pattern != "legit",
            pattern=pattern,
        )


def _pattern(rng: random.Random) -> str:
    if rng.random() >= FRAUD_SHARE:
        return "legit"
    return rng.choices(list(PATTERNS), [each.share for each in PATTERNS.values()])[0]


def _amount(rng: random.Random, pattern: str, look: Pattern) -> float:
    if pattern == "card_testing":
        return round(rng.uniform(*look.amount), 2)
    return round(rng.lognormvariate(*look.amount), 2)


def _email(rng: random.Random, disposable: bool) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    number = rng.randint(1, 99)
    local = rng.choice((f"{first}.{last}", f"{first}{last}{number}", f"{first[0]}{last}"))
    domain = rng.choice(DISPOSABLE_DOMAINS if disposable else MAIL_DOMAINS)
    return f"{local}@{domain}"


def _ip_address(rng: random.Random, proxy: bool) -> str:
    if proxy:
        network = rng.choice(PROXY_NETWORKS)
    else:
        network = f"{rng.choice(RESIDENTIAL)}.{rng.randint(0, 255)}"
    return f"{network}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
