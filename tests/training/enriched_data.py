"""Sign-ups where fraud depends only on what AWS enriches: the /16 network of the IP address and
the domain of the e-mail address. Every address is new: no IP address and no e-mail address
repeats often enough to be learned as a value, so a model learns the pattern from their parts or
not at all. ``amount`` has nothing to do with fraud. ``SIGNUPS`` stores, trains, deploys and
scores them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.store.training_data import DataSet, Example, Variable

SIGNUPS = DataSet(
    event_type="signup",
    model="signup_model",
    variables=(
        Variable("ip_address", "STRING", "<unknown>", "IP_ADDRESS"),
        Variable("email_address", "STRING", "<unknown>", "EMAIL_ADDRESS"),
        Variable("amount", "FLOAT", "0"),
    ),
    detector="signups",
)
NAMES = ["alex", "sam", "kim", "jo", "lee", "max", "ana", "eli", "ray", "val", "dee", "kai"]
TLDS = ["com", "net", "org", "io", "co.uk"]


@dataclass(frozen=True)
class World:
    """The networks and domains of the data, and which of them are risky."""

    networks: list[str]  # "a.b"
    risky_networks: frozenset[str]
    domains: list[str]
    risky_domains: frozenset[str]


def world(seed: int = 0) -> World:
    rng = random.Random(seed)
    # Distinct /8s would give the /16 away: networks share their first octet with each other.
    networks = sorted({f"{rng.choice([23, 81, 104, 185])}.{rng.randrange(256)}" for _ in range(60)})
    domains = [f"mail{index}.{TLDS[index % len(TLDS)]}" for index in range(40)]
    return World(
        networks=networks,
        risky_networks=frozenset(rng.sample(networks, len(networks) // 5)),
        domains=domains,
        # One risky domain per top-level domain and more: the TLD alone does not tell.
        risky_domains=frozenset(domains[index] for index in range(0, 40, 6)),
    )


def risky_ip(place: World, rng: random.Random, risky: bool) -> str:
    pool = sorted(place.risky_networks if risky else set(place.networks) - place.risky_networks)
    return f"{rng.choice(pool)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def risky_email(place: World, rng: random.Random, risky: bool) -> str:
    pool = sorted(place.risky_domains if risky else set(place.domains) - place.risky_domains)
    return f"{rng.choice(NAMES)}.{rng.choice(NAMES)}{rng.randrange(10_000)}@{rng.choice(pool)}"


def signups(count: int, seed: int = 1, place: World | None = None) -> list[Example]:
    place = place or world()
    rng = random.Random(seed)
    made = []
    for index in range(count):
        bad_network = rng.random() < 0.2
        bad_domain = rng.random() < 0.15
        values = {
            "ip_address": risky_ip(place, rng, bad_network),
            "email_address": risky_email(place, rng, bad_domain),
            "amount": f"{rng.lognormvariate(3, 1):.2f}",
        }
        chance = 0.01 + 0.4 * bad_network + 0.45 * bad_domain
        made.append(Example(f"su_{seed}_{index}", values, rng.random() < chance))
    return made
