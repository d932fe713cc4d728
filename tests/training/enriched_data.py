"""Sign-ups where fraud depends only on what AWS enriches: the /16 network of the IP address and
the domain of the e-mail address. Every address is new: no IP address and no e-mail address
repeats often enough to be learned as a value, so a model learns the pattern from their parts or
not at all. ``amount`` has nothing to do with fraud.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from typing import Any

EVENT_TYPE = "signup"
MODEL = "signup_model"
OFI = "ONLINE_FRAUD_INSIGHTS"
VARIABLES = ["ip_address", "email_address", "amount"]
EVENT_TIME = "2024-01-15T10:00:00Z"
ROLE = "arn:aws:iam::123456789012:role/training"
BUCKET = "signup-data"
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


@dataclass(frozen=True)
class Signup:
    event_id: str
    values: dict[str, str]
    fraud: bool


def risky_ip(place: World, rng: random.Random, risky: bool) -> str:
    pool = sorted(place.risky_networks if risky else set(place.networks) - place.risky_networks)
    return f"{rng.choice(pool)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def risky_email(place: World, rng: random.Random, risky: bool) -> str:
    pool = sorted(place.risky_domains if risky else set(place.domains) - place.risky_domains)
    return f"{rng.choice(NAMES)}.{rng.choice(NAMES)}{rng.randrange(10_000)}@{rng.choice(pool)}"


def signups(count: int, seed: int = 1, place: World | None = None) -> list[Signup]:
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
        made.append(Signup(f"su_{seed}_{index}", values, rng.random() < chance))
    return made


def set_up(client: Any) -> None:
    for name, variable_type in (("ip_address", "IP_ADDRESS"), ("email_address", "EMAIL_ADDRESS")):
        client.create_variable(
            name=name,
            dataType="STRING",
            dataSource="EVENT",
            defaultValue="<unknown>",
            variableType=variable_type,
        )
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.put_entity_type(name="customer")
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=VARIABLES,
        labels=["fraud", "legit"],
        entityTypes=["customer"],
    )
    client.create_model(modelId=MODEL, modelType=OFI, eventTypeName=EVENT_TYPE)


def as_csv(data: list[Signup]) -> str:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["EVENT_TIMESTAMP", *VARIABLES, "EVENT_LABEL"])
    for signup in data:
        label = "fraud" if signup.fraud else "legit"
        writer.writerow([EVENT_TIME, *(signup.values[v] for v in VARIABLES), label])
    return text.getvalue()


def train_from_s3(client: Any, location: str) -> dict[str, Any]:
    """Train the next version of MODEL on the CSV at ``location``; its ModelVersionDetail."""
    number = client.create_model_version(
        modelId=MODEL,
        modelType=OFI,
        trainingDataSource="EXTERNAL_EVENTS",
        trainingDataSchema={
            "modelVariables": VARIABLES,
            "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
        },
        externalEventsDetail={"dataLocation": location, "dataAccessRoleArn": ROLE},
    )["modelVersionNumber"]
    found: dict[str, Any] = client.describe_model_versions(
        modelId=MODEL, modelType=OFI, modelVersionNumber=number
    )["modelVersionDetails"][0]
    return found
