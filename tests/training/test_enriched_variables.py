"""A model learns from what AWS enriches a variable with, by its variable type: IP networks,
e-mail domains, phone country codes, user-agent families, card BINs (docs/models.md, "What the
model reads of a variable"). In every data set here each value is (nearly) new, so only the
parts can carry what makes fraud: the held-out AUC says whether the model learned them."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from frauddetector_mock import get_backend, persistence
from tests.store.training_data import BUCKET, DataSet, Example, Variable
from tests.training.enriched_data import SIGNUPS, risky_email, risky_ip, signups, world


@pytest.fixture
def trained(client: Any, s3: Any) -> dict[str, Any]:
    SIGNUPS.set_up(client)
    s3.put_object(Bucket=BUCKET, Key="signups.csv", Body=SIGNUPS.as_csv(signups(3000)).encode())
    return SIGNUPS.train_external(client, f"s3://{BUCKET}/signups.csv")


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
    SIGNUPS.deploy(client, trained["modelVersionNumber"])
    place = world()
    rng = random.Random(42)

    def scored(event_id: str, bad_network: bool, bad_domain: bool) -> float:
        values = {
            "ip_address": risky_ip(place, rng, bad_network),
            "email_address": risky_email(place, rng, bad_domain),
            "amount": "20.00",
        }
        return SIGNUPS.score(client, event_id, values)

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
    SIGNUPS.set_up(client)
    rng = random.Random(3)
    data = signups(2000, seed=9)  # relabelled at random below
    lines = SIGNUPS.as_csv(data).splitlines()
    relabelled = [lines[0]] + [
        line.rsplit(",", 1)[0] + "," + ("fraud" if rng.random() < 0.2 else "legit")
        for line in lines[1:]
    ]
    s3.put_object(Bucket=BUCKET, Key="noise.csv", Body="\n".join(relabelled).encode())
    version = SIGNUPS.train_external(client, f"s3://{BUCKET}/noise.csv")
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
    signal = DataSet(
        event_type="signal_event",
        model="signal_model",
        variables=(
            Variable("signal", "STRING", "<unknown>", variable_type),
            Variable("other", "FLOAT", "0"),
        ),
        detector="signals",
    )
    signal.set_up(client)
    rng = random.Random(5)
    data = []
    for index in range(1500):
        risky = rng.random() < 0.25
        fraud = rng.random() < (0.7 if risky else 0.03)
        values = {"signal": value_of(rng, risky), "other": f"{rng.random():.3f}"}
        data.append(Example(f"signal_{index}", values, fraud))
    s3.put_object(Bucket=BUCKET, Key="signal.csv", Body=signal.as_csv(data).encode())
    version = signal.train_external(client, f"s3://{BUCKET}/signal.csv")
    assert version["trainingResult"]["trainingMetrics"]["auc"] >= 0.8


def test_the_encodings_survive_a_state_snapshot(client: Any, trained: dict[str, Any]) -> None:
    """What the encoder learned is plain numbers in the version: a state file keeps it."""
    SIGNUPS.deploy(client, trained["modelVersionNumber"])
    values = {"ip_address": "23.5.6.7", "email_address": "kim.lee12@mail6.io", "amount": "9"}
    before = SIGNUPS.score(client, "before", values)
    saved = persistence.snapshot()
    get_backend().reset()
    persistence.restore(saved)
    assert SIGNUPS.score(client, "after", values) == before
