"""A model learns from what AWS enriches a variable with, by its variable type: IP networks,
e-mail domains, phone country codes, user-agent families, card BINs (docs/models.md, "What the
model reads of a variable"). In every data set here each value is (nearly) new, so only the
parts can carry what makes fraud: the held-out AUC says whether the model learned them."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from frauddetector_mock import get_backend, persistence
from tests.training.enriched_data import (
    BUCKET,
    EVENT_TIME,
    EVENT_TYPE,
    MODEL,
    OFI,
    ROLE,
    as_csv,
    risky_email,
    risky_ip,
    set_up,
    signups,
    train_from_s3,
    world,
)

SCORE = f"{MODEL}_insightscore"


@pytest.fixture
def s3(client: Any) -> Iterator[Any]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        yield s3


@pytest.fixture
def trained(client: Any, s3: Any) -> dict[str, Any]:
    set_up(client)
    s3.put_object(Bucket=BUCKET, Key="signups.csv", Body=as_csv(signups(3000)).encode())
    return train_from_s3(client, f"s3://{BUCKET}/signups.csv")


def deploy(client: Any, number: str) -> None:
    client.update_model_version_status(
        modelId=MODEL, modelType=OFI, modelVersionNumber=number, status="ACTIVE"
    )
    client.put_outcome(name="review")
    client.put_detector(detectorId="signups", eventTypeName=EVENT_TYPE)
    client.create_rule(
        ruleId="scored",
        detectorId="signups",
        expression=f"${SCORE} >= 0",
        language="DETECTORPL",
        outcomes=["review"],
    )
    client.create_detector_version(
        detectorId="signups",
        rules=[{"detectorId": "signups", "ruleId": "scored", "ruleVersion": "1"}],
        modelVersions=[{"modelId": MODEL, "modelType": OFI, "modelVersionNumber": number}],
    )
    client.update_detector_version_status(
        detectorId="signups", detectorVersionId="1", status="ACTIVE"
    )


def score(client: Any, event_id: str, values: dict[str, str]) -> float:
    answer = client.get_event_prediction(
        detectorId="signups",
        eventId=event_id,
        eventTypeName=EVENT_TYPE,
        eventTimestamp=EVENT_TIME,
        entities=[{"entityType": "customer", "entityId": event_id}],
        eventVariables=values,
    )
    value: float = answer["modelScores"][0]["scores"][SCORE]
    return value


def test_fraud_in_ip_networks_and_email_domains_is_learned(trained: dict[str, Any]) -> None:
    """Fraud depends only on the /16 of the IP address and the e-mail domain, and no address
    repeats: the model learns both, and the amount, which says nothing, least."""
    assert trained["status"] == "TRAINING_COMPLETE"
    assert trained["trainingResult"]["trainingMetrics"]["auc"] >= 0.85
    importance = {
        m["variableName"]: (m["variableType"], m["variableImportance"])
        for m in trained["trainingResult"]["variableImportanceMetrics"]["logOddsMetrics"]
    }
    assert importance["ip_address"][0] == "IP_ADDRESS"
    assert importance["email_address"][0] == "EMAIL_ADDRESS"
    assert importance["amount"][1] < importance["ip_address"][1] / 10
    assert importance["amount"][1] < importance["email_address"][1] / 10


def test_new_addresses_score_by_their_network_and_domain(
    client: Any, trained: dict[str, Any]
) -> None:
    """Addresses never seen in training: one in a risky network with a risky domain scores
    far above one in an ordinary network with an ordinary domain."""
    deploy(client, trained["modelVersionNumber"])
    place = world()
    rng = random.Random(42)

    def scored(event_id: str, bad_network: bool, bad_domain: bool) -> float:
        values = {
            "ip_address": risky_ip(place, rng, bad_network),
            "email_address": risky_email(place, rng, bad_domain),
            "amount": "20.00",
        }
        return score(client, event_id, values)

    both = [scored(f"both_{n}", True, True) for n in range(20)]
    network = [scored(f"network_{n}", True, False) for n in range(20)]
    neither = [scored(f"neither_{n}", False, False) for n in range(20)]
    assert min(both) > 900
    assert min(network) > max(neither)
    assert max(neither) < 500


def test_the_cross_fitted_encoding_does_not_learn_the_labels_by_heart(client: Any, s3: Any) -> None:
    """Labels that depend on nothing, and every address new: an encoding fitted on each event's
    own label would predict the learning events perfectly, and the model would lean on it.
    Cross-fitted, each event's encoding comes from other events' labels: nothing to lean on."""
    set_up(client)
    rng = random.Random(3)
    data = signups(2000, seed=9)  # relabelled at random below
    lines = as_csv(data).splitlines()
    relabelled = [lines[0]] + [
        line.rsplit(",", 1)[0] + "," + ("fraud" if rng.random() < 0.2 else "legit")
        for line in lines[1:]
    ]
    s3.put_object(Bucket=BUCKET, Key="noise.csv", Body="\n".join(relabelled).encode())
    version = train_from_s3(client, f"s3://{BUCKET}/noise.csv")
    assert 0.4 <= version["trainingResult"]["trainingMetrics"]["auc"] <= 0.6
    importance = version["trainingResult"]["variableImportanceMetrics"]["logOddsMetrics"]
    # Fitted on their own labels, the encodings weigh about 3.5 (IP) and 2 (e-mail) here.
    assert all(m["variableImportance"] < 0.5 for m in importance), importance


# One variable type at a time -------------------------------------------------------------------


def _phone(rng: random.Random, risky: bool) -> str:
    code = rng.choice(["234", "7", "880"] if risky else ["1", "44", "33", "49", "353", "91"])
    return f"+{code} {rng.randrange(10**8, 10**9)}"


def _agent(rng: random.Random, risky: bool) -> str:
    version = f"{rng.randrange(60, 130)}.0.{rng.randrange(1000, 9999)}.{rng.randrange(10, 99)}"
    if risky:
        return rng.choice([f"curl/{version}", f"python-requests/{version}"])
    return rng.choice(
        [
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{version} Safari/537.36",
            f"Mozilla/5.0 (X11; Linux x86_64; rv:{version}) Gecko/20100101 Firefox/{version}",
        ]
    )


_RISKY_BINS = [f"5{n:05d}" for n in range(0, 50_000, 5000)]
_PLAIN_BINS = [f"4{n:05d}" for n in range(0, 90_000, 3000)]


def _card(rng: random.Random, risky: bool) -> str:
    return rng.choice(_RISKY_BINS if risky else _PLAIN_BINS) + f"{rng.randrange(100):02d}"


@pytest.mark.parametrize(
    ("variable_type", "value_of"),
    [("PHONE_NUMBER", _phone), ("USERAGENT", _agent), ("CARD_BIN", _card)],
)
def test_each_variable_type_is_read_for_its_parts(
    client: Any, s3: Any, variable_type: str, value_of: Callable[[random.Random, bool], str]
) -> None:
    """Phone numbers by their country code, user agents by their browser family, card numbers
    by their BIN (first six digits)."""
    client.create_variable(
        name="signal",
        dataType="STRING",
        dataSource="EVENT",
        defaultValue="<unknown>",
        variableType=variable_type,
    )
    client.create_variable(name="other", dataType="FLOAT", dataSource="EVENT", defaultValue="0")
    client.put_entity_type(name="customer")
    client.put_label(name="fraud")
    client.put_label(name="legit")
    client.put_event_type(
        name="signal_event",
        eventVariables=["signal", "other"],
        labels=["fraud", "legit"],
        entityTypes=["customer"],
    )
    client.create_model(modelId="signal_model", modelType=OFI, eventTypeName="signal_event")
    rng = random.Random(5)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["EVENT_TIMESTAMP", "signal", "other", "EVENT_LABEL"])
    for _ in range(1500):
        risky = rng.random() < 0.25
        fraud = rng.random() < (0.7 if risky else 0.03)
        row = [EVENT_TIME, value_of(rng, risky), f"{rng.random():.3f}"]
        writer.writerow([*row, "fraud" if fraud else "legit"])
    s3.put_object(Bucket=BUCKET, Key="signal.csv", Body=text.getvalue().encode())
    client.create_model_version(
        modelId="signal_model",
        modelType=OFI,
        trainingDataSource="EXTERNAL_EVENTS",
        trainingDataSchema={
            "modelVariables": ["signal", "other"],
            "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
        },
        externalEventsDetail={
            "dataLocation": f"s3://{BUCKET}/signal.csv",
            "dataAccessRoleArn": ROLE,
        },
    )
    version = client.describe_model_versions(modelId="signal_model")["modelVersionDetails"][0]
    assert version["trainingResult"]["trainingMetrics"]["auc"] >= 0.8


def test_the_encodings_survive_a_state_snapshot(client: Any, trained: dict[str, Any]) -> None:
    """What the encoder learned is plain numbers in the version: a state file keeps it."""
    deploy(client, trained["modelVersionNumber"])
    values = {"ip_address": "23.5.6.7", "email_address": "kim.lee12@mail6.io", "amount": "9"}
    before = score(client, "before", values)
    saved = persistence.snapshot()
    get_backend().reset()
    persistence.restore(saved)
    assert score(client, "after", values) == before
