"""A labelled data set where fraud depends on known variables, and the world to train on it.

Fraud is likelier for large amounts and for the ``risky`` category; ``noise`` has nothing to do
with it. A model that learns anything must rank fraud above legitimate events and find
``noise`` the least important variable.

``DataSet`` holds the calls that store, train, deploy and score any such data set, this one
(``PAYMENTS``) and the training tests' others.
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
EVENT_TIME = "2024-01-15T10:00:00Z"
WINDOW = {
    "ingestedEventsTimeWindow": {
        "startTime": "2024-01-01T00:00:00Z",
        "endTime": "2024-02-01T00:00:00Z",
    }
}
ROLE = "arn:aws:iam::123456789012:role/training"
BUCKET = "training-data"


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


@dataclass(frozen=True)
class Variable:
    name: str
    data_type: str
    default: str
    variable_type: str | None = None  # None: the variable is created without one


@dataclass(frozen=True)
class DataSet:
    """The names a labelled data set is stored, trained and scored under, and the calls a user
    makes with them: every training test builds its world through one of these."""

    event_type: str
    model: str
    variables: tuple[Variable, ...]
    detector: str
    ingestion: str | None = None  # the event type's eventIngestion; None: not sent

    @property
    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]

    @property
    def schema(self) -> dict[str, Any]:
        return {
            "modelVariables": self.names,
            "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
        }

    @property
    def score_variable(self) -> str:
        return f"{self.model}_insightscore"

    def set_up(self, client: Any, model_type: str = OFI) -> None:
        """The variables, the entity type ``customer``, the labels ``fraud`` and ``legit``, the
        event type, and the model of ``model_type``."""
        for variable in self.variables:
            client.create_variable(
                name=variable.name,
                dataType=variable.data_type,
                dataSource="EVENT",
                defaultValue=variable.default,
                **({"variableType": variable.variable_type} if variable.variable_type else {}),
            )
        client.put_entity_type(name="customer")
        client.put_label(name="fraud")
        client.put_label(name="legit")
        client.put_event_type(
            name=self.event_type,
            eventVariables=self.names,
            labels=["fraud", "legit"],
            entityTypes=["customer"],
            **({"eventIngestion": self.ingestion} if self.ingestion else {}),
        )
        client.create_model(modelId=self.model, modelType=model_type, eventTypeName=self.event_type)

    def send(self, client: Any, data: list[Example], labelled: bool = True) -> None:
        for example in data:
            label: dict[str, str] = {}
            if labelled:
                label = {
                    "assignedLabel": "fraud" if example.fraud else "legit",
                    "labelTimestamp": EVENT_TIME,
                }
            client.send_event(
                eventId=example.event_id,
                eventTypeName=self.event_type,
                eventTimestamp=EVENT_TIME,
                eventVariables=example.values,
                entities=[{"entityType": "customer", "entityId": example.event_id}],
                **label,
            )

    def as_csv(self, data: list[Example]) -> str:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["EVENT_TIMESTAMP", *self.names, "EVENT_LABEL"])
        for example in data:
            label = "fraud" if example.fraud else "legit"
            writer.writerow([EVENT_TIME, *(example.values[v] for v in self.names), label])
        return text.getvalue()

    def train_ingested(self, client: Any, model_type: str = OFI, **schema: Any) -> dict[str, Any]:
        """Train the next version of the model on the stored events; its ModelVersionDetail."""
        number = client.create_model_version(
            modelId=self.model,
            modelType=model_type,
            trainingDataSource="INGESTED_EVENTS",
            trainingDataSchema={**self.schema, **schema},
            ingestedEventsDetail=WINDOW,
        )["modelVersionNumber"]
        return self.detail(client, number, model_type)

    def set_up_and_train(
        self, client: Any, data: list[Example], model_type: str = OFI
    ) -> dict[str, Any]:
        """The world set up, ``data`` sent as labelled events, and a version of the model of
        ``model_type`` trained on them; its ModelVersionDetail."""
        self.set_up(client, model_type)
        self.send(client, data)
        return self.train_ingested(client, model_type)

    def train_external(self, client: Any, location: str) -> dict[str, Any]:
        """Train the next version of the model on the CSV at ``location``; its
        ModelVersionDetail."""
        number = client.create_model_version(
            modelId=self.model,
            modelType=OFI,
            trainingDataSource="EXTERNAL_EVENTS",
            trainingDataSchema=self.schema,
            externalEventsDetail={"dataLocation": location, "dataAccessRoleArn": ROLE},
        )["modelVersionNumber"]
        return self.detail(client, number)

    def detail(self, client: Any, number: str, model_type: str = OFI) -> dict[str, Any]:
        found: dict[str, Any] = client.describe_model_versions(
            modelId=self.model, modelType=model_type, modelVersionNumber=number
        )["modelVersionDetails"][0]
        return found

    def deploy(
        self,
        client: Any,
        number: str,
        model_type: str = OFI,
        *,
        rule: str = "scored",
        condition: str = ">= 0",
        outcome: str = "review",
    ) -> None:
        """Version ``number`` ACTIVE, and detector version 1 of the detector ACTIVE with it and
        one rule on its score: ``$<score variable> <condition>`` gives ``outcome``."""
        client.update_model_version_status(
            modelId=self.model, modelType=model_type, modelVersionNumber=number, status="ACTIVE"
        )
        client.put_outcome(name=outcome)
        client.put_detector(detectorId=self.detector, eventTypeName=self.event_type)
        client.create_rule(
            ruleId=rule,
            detectorId=self.detector,
            expression=f"${self.score_variable} {condition}",
            language="DETECTORPL",
            outcomes=[outcome],
        )
        client.create_detector_version(
            detectorId=self.detector,
            rules=[{"detectorId": self.detector, "ruleId": rule, "ruleVersion": "1"}],
            modelVersions=[
                {"modelId": self.model, "modelType": model_type, "modelVersionNumber": number}
            ],
        )
        client.update_detector_version_status(
            detectorId=self.detector, detectorVersionId="1", status="ACTIVE"
        )

    def predict(
        self, client: Any, event_id: str, values: dict[str, str], entity: str | None = None
    ) -> dict[str, Any]:
        """GetEventPrediction's answer for an event of the entity ``entity`` (by default, one
        named after the event)."""
        answer: dict[str, Any] = client.get_event_prediction(
            detectorId=self.detector,
            eventId=event_id,
            eventTypeName=self.event_type,
            eventTimestamp=EVENT_TIME,
            entities=[{"entityType": "customer", "entityId": entity or event_id}],
            eventVariables=values,
        )
        return answer

    def score(self, client: Any, event_id: str, values: dict[str, str]) -> float:
        """The model's score of the event, as GetEventPrediction reports it."""
        value: float = self.predict(client, event_id, values)["modelScores"][0]["scores"][
            self.score_variable
        ]
        return value


PAYMENTS = DataSet(
    event_type=EVENT_TYPE,
    model=MODEL,
    variables=(
        Variable("amount", "FLOAT", "0"),
        Variable("category", "STRING", "none"),
        Variable("noise", "FLOAT", "0"),
    ),
    detector="payments",
    ingestion="ENABLED",
)
SCORE = PAYMENTS.score_variable
# The payments data set's calls, by the names its tests import them under.
set_up, send, as_csv, detail = PAYMENTS.set_up, PAYMENTS.send, PAYMENTS.as_csv, PAYMENTS.detail
train_ingested, train_external = PAYMENTS.train_ingested, PAYMENTS.train_external
set_up_and_train = PAYMENTS.set_up_and_train
deploy, predict, score = PAYMENTS.deploy, PAYMENTS.predict, PAYMENTS.score
