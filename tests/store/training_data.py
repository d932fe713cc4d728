"""A labelled data set where fraud depends on known variables, and the world to train on it.

Fraud is likelier for large amounts and for the ``risky`` category; ``noise`` has nothing to do
with it. A model that learns anything must rank fraud above legitimate events and find
``noise`` the least important variable.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from typing import Any

EVENT_TYPE = "payment"
MODEL = "fraud_model"
OFI = "ONLINE_FRAUD_INSIGHTS"
ATI = "ACCOUNT_TAKEOVER_INSIGHTS"
VARIABLES = ["amount", "category", "noise"]
SCHEMA = {
    "modelVariables": VARIABLES,
    "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
}
EVENT_TIME = "2024-01-15T10:00:00Z"
WINDOW = {
    "ingestedEventsTimeWindow": {
        "startTime": "2024-01-01T00:00:00Z",
        "endTime": "2024-02-01T00:00:00Z",
    }
}
ROLE = "arn:aws:iam::123456789012:role/training"


@dataclass(frozen=True)
class Example:
    event_id: str
    values: dict[str, str]
    fraud: bool


def examples(count: int, seed: int = 1, start: int = 0) -> list[Example]:
    rng = random.Random(seed)
    made = []
    for index in range(start, start + count):
        amount = rng.lognormvariate(4, 1)
        category = rng.choice(["grocery", "travel", "home", "risky"])
        chance = 0.03 + (0.55 if amount > 150 else 0.0) + (0.35 if category == "risky" else 0.0)
        values = {"amount": f"{amount:.2f}", "category": category, "noise": f"{rng.random():.4f}"}
        made.append(Example(f"ev_{index}", values, rng.random() < chance))
    return made


def set_up(client: Any, ingestion: str = "ENABLED") -> None:
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.create_variable(
        name="category", dataType="STRING", dataSource="EVENT", defaultValue="none"
    )
    client.create_variable(name="noise", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.put_entity_type(name="customer")
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=VARIABLES,
        labels=["fraud", "legit"],
        entityTypes=["customer"],
        eventIngestion=ingestion,
    )


def send(client: Any, data: list[Example], labelled: bool = True) -> None:
    for example in data:
        label: dict[str, str] = {}
        if labelled:
            label = {
                "assignedLabel": "fraud" if example.fraud else "legit",
                "labelTimestamp": EVENT_TIME,
            }
        client.send_event(
            eventId=example.event_id,
            eventTypeName=EVENT_TYPE,
            eventTimestamp=EVENT_TIME,
            eventVariables=example.values,
            entities=[{"entityType": "customer", "entityId": example.event_id}],
            **label,
        )


def as_csv(data: list[Example]) -> str:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["EVENT_TIMESTAMP", *VARIABLES, "EVENT_LABEL"])
    for example in data:
        label = "fraud" if example.fraud else "legit"
        writer.writerow([EVENT_TIME, *(example.values[v] for v in VARIABLES), label])
    return text.getvalue()


def train_ingested(client: Any, model_type: str = OFI, **schema: Any) -> dict[str, Any]:
    """Train the next version of MODEL on the stored events; its ModelVersionDetail."""
    number = client.create_model_version(
        modelId=MODEL,
        modelType=model_type,
        trainingDataSource="INGESTED_EVENTS",
        trainingDataSchema={**SCHEMA, **schema},
        ingestedEventsDetail=WINDOW,
    )["modelVersionNumber"]
    return detail(client, number, model_type)


def train_external(client: Any, location: str) -> dict[str, Any]:
    number = client.create_model_version(
        modelId=MODEL,
        modelType=OFI,
        trainingDataSource="EXTERNAL_EVENTS",
        trainingDataSchema=SCHEMA,
        externalEventsDetail={"dataLocation": location, "dataAccessRoleArn": ROLE},
    )["modelVersionNumber"]
    return detail(client, number)


def detail(client: Any, number: str, model_type: str = OFI) -> dict[str, Any]:
    found: dict[str, Any] = client.describe_model_versions(
        modelId=MODEL, modelType=model_type, modelVersionNumber=number
    )["modelVersionDetails"][0]
    return found
