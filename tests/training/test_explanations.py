"""GetEventPredictionMetadata explains a learned model's score: each model variable's impact on
the event's fraud log-odds, and its size in 0-5 stars against the event's largest (AWS API
reference: "GetEventPredictionMetadata"; AWS's "Prediction explanations" page). Scores the
model did not give (the user's controls, ATI's first event) explain nothing."""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend, persistence
from tests.store.conftest import NOW
from tests.store.training_data import (
    ATI,
    EVENT_TYPE,
    MODEL,
    OFI,
    SCORE,
    deploy,
    examples,
    predict,
    set_up_and_train,
)

RISKY_AMOUNT = {"amount": "900.00", "category": "grocery", "noise": "0.5"}
scored: dict[str, float] = {}


def trained(client: Any, model_type: str = OFI) -> None:
    """A deployed version trained on payments where large amounts and the risky category are
    fraud, and ``noise`` is not."""
    version = set_up_and_train(client, examples(1500), model_type)
    deploy(client, version["modelVersionNumber"], model_type)


@pytest.fixture
def fd(client: Any) -> Any:
    trained(client)
    return client


def explained(
    client: Any, event_id: str, values: dict[str, str], entity: str | None = None
) -> dict[str, Any]:
    """The explanations GetEventPredictionMetadata reports for the one model's score of an
    event (``scored`` keeps the scores)."""
    answer = predict(client, event_id, values, entity)
    metadata = client.get_event_prediction_metadata(
        eventId=event_id,
        eventTypeName=EVENT_TYPE,
        detectorId="payments",
        detectorVersionId="1",
        predictionTimestamp=NOW,
    )
    (model,) = metadata["evaluatedModelVersions"]
    (evaluation,) = model["evaluations"]
    scored[event_id] = answer["modelScores"][0]["scores"][SCORE]
    assert evaluation["evaluationScore"] == str(scored[event_id])
    found: dict[str, Any] = evaluation["predictionExplanations"]
    return found


def impacts(explanations: dict[str, Any]) -> dict[str, tuple[str, float]]:
    return {
        e["eventVariableName"]: (e["relativeImpact"], e["logOddsImpact"])
        for e in explanations["variableImpactExplanations"]
    }


def test_a_large_amount_is_what_makes_an_event_risky(fd: Any) -> None:
    """One explanation per model variable, in the model's order: the large amount drove the
    score up and weighs most; noise weighs least."""
    explanations = explained(fd, "risky", RISKY_AMOUNT)
    assert [e["eventVariableName"] for e in explanations["variableImpactExplanations"]] == [
        "amount",
        "category",
        "noise",
    ]
    found = impacts(explanations)
    assert found["amount"][1] > 0
    assert found["amount"][0] == "5"  # the event's largest impact
    assert int(found["amount"][0]) > int(found["noise"][0])
    assert abs(found["noise"][1]) < abs(found["amount"][1]) / 10
    assert all(stars in {"0", "1", "2", "3", "4", "5"} for stars, _ in found.values())
    assert explanations["aggregatedVariablesImpactExplanations"] == []  # OFI: none


def test_a_small_amount_drives_the_score_down(fd: Any) -> None:
    found = impacts(explained(fd, "small", {"amount": "5.00", "category": "risky", "noise": "0"}))
    assert found["amount"][1] < 0
    assert found["category"][1] > 0


def test_events_of_one_score_keep_their_own_explanations(fd: Any) -> None:
    """Two ordinary events both score 0, for different reasons: each record explains its own
    values, however many records share a score."""
    first = explained(fd, "a", {"amount": "3.00", "category": "grocery", "noise": "0.1"})
    second = explained(fd, "b", {"amount": "30.00", "category": "home", "noise": "0.9"})
    assert scored["a"] == scored["b"] == 0.0
    assert impacts(first) != impacts(second)
    assert impacts(first)["amount"][1] < impacts(second)["amount"][1]
    # Asked again, the first record still explains its own values.
    again = get_backend().store("us-east-1").predictions[0].to_metadata()
    (model,) = again["evaluatedModelVersions"]
    assert model["evaluations"][0]["predictionExplanations"] == first


def test_variables_left_out_are_explained_with_their_defaults(fd: Any) -> None:
    left_out = explained(fd, "a", {"amount": "12.00"})
    sent = explained(fd, "b", {"amount": "12.00", "category": "none", "noise": "0"})
    assert left_out == sent


def test_a_score_the_user_set_explains_nothing(fd: Any) -> None:
    with get_backend().scores.pin(MODEL, 950):
        explanations = explained(fd, "pinned", RISKY_AMOUNT)
    assert explanations == {
        "variableImpactExplanations": [],
        "aggregatedVariablesImpactExplanations": [],
    }
    # Unpinned, the same event is explained again.
    assert impacts(explained(fd, "learned", RISKY_AMOUNT))["amount"][1] > 0


def test_explanations_survive_a_state_snapshot(fd: Any) -> None:
    before = explained(fd, "risky", RISKY_AMOUNT)
    saved = persistence.snapshot()
    get_backend().reset()
    persistence.restore(saved)
    metadata = fd.get_event_prediction_metadata(
        eventId="risky",
        eventTypeName=EVENT_TYPE,
        detectorId="payments",
        detectorVersionId="1",
        predictionTimestamp=NOW,
    )
    assert metadata["evaluatedModelVersions"][0]["evaluations"][0]["predictionExplanations"] == (
        before
    )


def test_ati_also_explains_aggregated_variables(client: Any) -> None:
    """[D] aggregatedVariablesImpactExplanations are ATI's; the mock's model combines no
    variables, so each aggregate is one variable. An entity's first event scores -1, which the
    model did not give: nothing to explain."""
    trained(client, ATI)
    first = explained(client, "first", RISKY_AMOUNT, entity="a_new_customer")
    assert first == {"variableImpactExplanations": [], "aggregatedVariablesImpactExplanations": []}
    known = explained(client, "known", RISKY_AMOUNT, entity="ev_3")  # sent in training's history
    single = known["variableImpactExplanations"]
    aggregated = known["aggregatedVariablesImpactExplanations"]
    assert [a["eventVariableNames"] for a in aggregated] == [["amount"], ["category"], ["noise"]]
    assert [(a["relativeImpact"], a["logOddsImpact"]) for a in aggregated] == [
        (s["relativeImpact"], s["logOddsImpact"]) for s in single
    ]
    assert impacts(known)["amount"][1] > 0
