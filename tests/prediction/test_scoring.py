"""Model scores (docs/behaviour.md, "Models and model versions"): the deterministic default,
the user's controls (``get_backend().scores``), ATI's -1 for an entity's first event, and the
scores in GetEventPrediction's answer and in the rules.

The unit tests call ``frauddetector_mock.predict.scoring`` directly; the others go through boto3
with model versions trained and deployed at once (docs/models.md, the default transition mode).
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import types
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.controls.scores import ATI, Entity, Event, Scores, checked_score
from frauddetector_mock.predict import scoring
from frauddetector_mock.predict.scoring import default_score
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.prediction.helpers import (
    CUSTOMER,
    DETECTOR,
    EVENT_TIME,
    EVENT_TYPE,
    ati_score,
    create_rules,
    create_version,
    deploy_model,
    make_takeover_model_again,
    outcomes,
    predict,
    request,
    set_up_event_type,
    set_up_takeover,
)

OFI = "ONLINE_FRAUD_INSIGHTS"
SCORE = "fraud_model_insightscore"


def event(event_id: str = "tx_1", *entity_ids: str, **variables: str) -> Event:
    return Event(
        event_id=event_id,
        event_type_name=EVENT_TYPE,
        timestamp=EVENT_TIME,
        entities=tuple(Entity("customer", e) for e in entity_ids or ("cust_1",)),
        variables=variables,
    )


# The default score -----------------------------------------------------------------------------


def test_the_default_score_is_a_stable_whole_number() -> None:
    """[D] scores lie in 0-1000; real answers hold whole-number floats [O]. The
    values are fixed here: they must not change between runs, machines or releases."""
    variables = {"amount": "10", "email_address": "a@example.com"}
    names = ("amount", "email_address")
    assert default_score("fraud_model", OFI, "1.0", variables, names) == 322.0
    assert default_score("fraud_model", OFI, "2.0", variables, names) == 618.0


def test_the_default_score_reads_only_the_models_variables() -> None:
    """A model reads the variables it was trained on: others do not move its score; without
    known model variables every variable sent counts."""
    names = ("amount", "email_address")
    base = {"amount": "10", "email_address": "a@example.com"}
    with_more = {**base, "card_bin": "411111"}
    assert default_score("fraud_model", OFI, "1.0", with_more, names) == 322.0
    assert default_score("fraud_model", OFI, "1.0", with_more, None) == 981.0
    assert default_score("fraud_model", OFI, "1.0", {**base, "amount": "11"}, names) != 322.0


def test_the_default_score_does_not_depend_on_the_process_hash_seed() -> None:
    """Never Python's salted hash(): two interpreters with different seeds agree."""
    code = (
        "from frauddetector_mock.predict.scoring import default_score;"
        "print(default_score('m', 'ONLINE_FRAUD_INSIGHTS', '1.0', {'a': 'x', 'b': 'y'}, None))"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(answers) == 1
    value = float(answers.pop())
    assert value == int(value) and 0 <= value <= 1000


# The controls ----------------------------------------------------------------------------------


def test_controls_take_precedence_most_specific_first() -> None:
    """Event id, then entity id, then the callable, then the pinned score."""
    scores = Scores()
    assert scores.chosen("m", event()) is None
    scores.pin("m", 100)
    assert scores.chosen("m", event()) == 100.0
    scores.use("m", lambda e: 200.0 if e.variables.get("amount") == "5" else None)
    assert scores.chosen("m", event(amount="5")) == 200.0
    assert scores.chosen("m", event(amount="6")) == 100.0  # None: the next control decides
    scores.for_entity("m", "cust_2", 300)
    assert scores.chosen("m", event("tx_1", "cust_1", "cust_2", amount="5")) == 300.0
    scores.for_event("m", "tx_9", 400)
    assert scores.chosen("m", event("tx_9", "cust_2", amount="5")) == 400.0
    assert scores.chosen("other", event("tx_9", "cust_2")) is None
    assert scores.controlled == frozenset({"m"})


def test_clear_drops_one_model_or_all() -> None:
    scores = Scores()
    scores.pin("a", 1)
    scores.for_event("b", "tx_1", 2)
    scores.clear("a")
    assert scores.controlled == frozenset({"b"})
    scores.reset()
    assert scores.controlled == frozenset()


def test_a_setter_used_as_a_context_manager_undoes_itself() -> None:
    scores = Scores()
    scores.pin("m", 900)
    with scores.pin("m", 950):
        assert scores.chosen("m", event()) == 950.0
    assert scores.chosen("m", event()) == 900.0
    with scores.for_entity("m", "cust_1", 10):
        assert scores.chosen("m", event()) == 10.0
    assert scores.chosen("m", event()) == 900.0


@pytest.mark.parametrize("value", [-0.5, 1000.5, math.nan, math.inf, "950", True, None])
def test_a_score_outside_0_to_1000_is_refused_at_once(value: Any) -> None:
    with pytest.raises(ValueError, match="score of model 'm'"):
        checked_score("m", value)
    with pytest.raises(ValueError):
        Scores().pin("m", value)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0.0), (1000, 1000.0), (-1, -1.0), (12.5, 12.5)]
)
def test_scores_in_range_are_floats(value: float, expected: float) -> None:
    assert checked_score("m", value) == expected


def test_a_score_function_must_be_callable() -> None:
    with pytest.raises(TypeError):
        Scores().use("m", 950)  # type: ignore[arg-type]


def score_of(
    scores: Scores, store: Store, version: Any, model: tuple[str, str, str], first: bool
) -> float:
    built = event(amount="10")
    return scoring.score(scores, store, version, model, lambda: built, built.variables, first, None)


def test_ati_scores_minus_one_for_a_first_event_unless_the_user_decides(store: Store) -> None:
    """ATI [D]: -1 for the first event of an entity; the user's controls still come first."""
    scores = Scores()
    model = ("ato", ATI, "1.0")
    assert score_of(scores, store, None, model, True) == -1.0
    assert score_of(scores, store, None, model, False) >= 0
    scores.pin("ato", 420)
    assert score_of(scores, store, None, model, True) == 420.0


def test_a_trained_scorer_is_used_when_a_version_supplies_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trained version's scorer comes before the default; None from it defers to the default."""
    version: Any = types.SimpleNamespace(learned=None)
    model = ("fraud_model", OFI, "1.0")
    default = score_of(Scores(), store, version, model, True)
    monkeypatch.setattr(scoring, "trained_scorer", lambda store, version: lambda e: 777)
    assert score_of(Scores(), store, version, model, True) == 777.0
    monkeypatch.setattr(scoring, "trained_scorer", lambda store, version: lambda e: None)
    assert score_of(Scores(), store, version, model, True) == default


# Through boto3 ---------------------------------------------------------------------------------


@pytest.fixture
def scored(client: Any) -> Any:
    """A detector version with the OFI model ``fraud_model`` and one rule on its score."""
    set_up_event_type(client)
    model = deploy_model(client, "fraud_model")
    rules = create_rules(client, [("risky", f"${SCORE} > 900", ["review"])])
    create_version(client, rules, models=[model])
    return client


def test_each_model_version_yields_one_score_item(scored: Any) -> None:
    """modelScores [O]: {modelVersion (no arn), scores: {<modelId>_insightscore: float}}."""
    answer = predict(scored, amount="10", email_address="a@example.com")
    assert answer == {
        "modelScores": [
            {
                "modelVersion": {
                    "modelId": "fraud_model",
                    "modelType": OFI,
                    "modelVersionNumber": "1.0",
                },
                "scores": {SCORE: 322.0},
            }
        ],
        "ruleResults": [],
        "externalModelOutputs": [],
    }


def test_the_same_event_scores_the_same_every_time(scored: Any) -> None:
    first = predict(scored, "tx_1", amount="10", email_address="a@example.com")
    again = predict(scored, "tx_2", amount="10", email_address="a@example.com")
    assert first["modelScores"] == again["modelScores"]


def test_a_pinned_score_reaches_the_answer_and_the_rules(scored: Any) -> None:
    get_backend().scores.pin("fraud_model", 950)
    answer = predict(scored, amount="10")
    assert answer["modelScores"][0]["scores"] == {SCORE: 950.0}
    assert answer["ruleResults"] == [{"ruleId": "risky", "outcomes": ["review"]}]


def test_scores_by_entity_and_by_event(scored: Any) -> None:
    scores = get_backend().scores
    scores.for_entity("fraud_model", "cust_1", 910)
    scores.for_event("fraud_model", "tx_2", 10)
    assert predict(scored, "tx_1")["modelScores"][0]["scores"] == {SCORE: 910.0}
    assert predict(scored, "tx_2")["modelScores"][0]["scores"] == {SCORE: 10.0}
    other = [{"entityType": "customer", "entityId": "cust_2"}]
    assert predict(scored, "tx_3", entities=other, amount="10", email_address="a@example.com")[
        "modelScores"
    ][0]["scores"] == {SCORE: 322.0}


def test_a_score_function_receives_the_event(scored: Any) -> None:
    seen: list[Event] = []

    def by_amount(received: Event) -> float:
        seen.append(received)
        return min(1000.0, float(received.variables["amount"]))

    get_backend().scores.use("fraud_model", by_amount)
    assert predict(scored, amount="930")["ruleResults"] == [
        {"ruleId": "risky", "outcomes": ["review"]}
    ]
    assert seen == [
        Event(
            event_id="tx_1",
            event_type_name=EVENT_TYPE,
            timestamp=EVENT_TIME,
            entities=(Entity("customer", "cust_1"),),
            variables={"amount": "930"},
        )
    ]


def test_a_failing_score_function_fails_the_call_and_stores_nothing(
    scored: Any, store: Store
) -> None:
    """A defect of the test's own code surfaces as InternalServerException (HTTP 500), naming
    it; nothing is recorded."""

    def broken(received: Event) -> float:
        raise KeyError("amount")

    get_backend().scores.use("fraud_model", broken)
    before = len(store.predictions)
    refused(
        lambda: scored.get_event_prediction(**request()),
        "InternalServerException",
        re.compile("KeyError"),
        status=500,
    )
    assert len(store.predictions) == before


def test_controls_end_with_the_mock(scored: Any) -> None:
    """Every outermost mock starts from an empty backend: pins of one test never leak."""
    from frauddetector_mock import mock_frauddetector

    get_backend().scores.pin("fraud_model", 950)
    get_backend().reset()
    assert get_backend().scores.controlled == frozenset()
    with mock_frauddetector():
        assert get_backend().scores.controlled == frozenset()


def test_the_models_variables_must_be_sent(scored: Any, store: Store) -> None:
    """AWS API reference: "GetEventPrediction" [D]: with a model in the version, at least one
    of its variables."""
    refused(
        lambda: scored.get_event_prediction(**request(card_bin="411111")),
        "ValidationException",
        (
            "The detector 'payments' version '1' uses the model 'fraud_model' "
            "(ONLINE_FRAUD_INSIGHTS) version 1.0: send at least one of its variables "
            "amount, email_address."
        ),
        unchanged=store,
    )


def test_the_record_holds_the_model_evaluation(scored: Any, store: Store) -> None:
    """GetEventPredictionMetadata: evaluatedModelVersions, the score as text, empty
    explanations [I]."""
    get_backend().scores.pin("fraud_model", 858)
    predict(scored)
    assert store.predictions[-1].model_evaluations == [
        {
            "modelId": "fraud_model",
            "modelVersion": "1.0",
            "modelType": OFI,
            "evaluations": [
                {
                    "outputVariableName": SCORE,
                    "evaluationScore": "858.0",
                    "predictionExplanations": {
                        "variableImpactExplanations": [],
                        "aggregatedVariablesImpactExplanations": [],
                    },
                }
            ],
        }
    ]
    assert store.predictions[-1].values[SCORE] == 858.0


# ATI: -1 for the first event of an entity ----------------------------------------------------


def test_ati_scores_minus_one_for_the_first_event_of_an_entity(takeover: Any) -> None:
    """ATI [D]: -1 for the first event of an entity, a score in 0-1000 afterwards; each
    entity has its own first event."""
    assert ati_score(takeover, "e1", "cust_1") == -1.0
    second = ati_score(takeover, "e2", "cust_1")
    assert 0 <= second <= 1000 and second == int(second)
    assert ati_score(takeover, "e3", "cust_2") == -1.0
    assert ati_score(takeover, "e4", "cust_1") == second


def test_the_minus_one_reaches_the_rules(takeover: Any) -> None:
    entities = [CUSTOMER]
    assert outcomes(predict(takeover, "e1", entities=entities)) == ["verify_customer"]
    assert outcomes(predict(takeover, "e2", entities=entities)) == []


def test_an_anonymous_entity_is_always_new(takeover: Any) -> None:
    """[D] `unknown` (any case) is no entity; it has no history to build up [I]."""
    assert [
        ati_score(takeover, f"e{n}", entity) for n, entity in enumerate(["UNKNOWN", "unknown"] * 2)
    ] == [-1.0] * 4


def test_a_refused_prediction_does_not_make_an_entity_known(takeover: Any, store: Store) -> None:
    refused(
        lambda: takeover.get_event_prediction(**request(amount="x")),
        "ValidationException",
        unchanged=store,
    )
    assert store.entities_seen == {}
    assert ati_score(takeover, "e1", "cust_1") == -1.0
    assert store.entities_seen == {"login_model": {("customer", "cust_1"): None}}


# The scenario of the Create-a-rule page ------------------------------------------------------


def test_the_create_a_rule_page_with_pinned_scores(client: Any) -> None:
    """Scores pinned to 950, 800, 500 give verify_customer, review, approve; after the rules
    move to 950 and a new detector version is activated, 920 moves from verify_customer to
    review, with no change to the calling code, which never names a version."""
    set_up_event_type(client)
    model = deploy_model(client, "sample_fraud_detection_model")
    score = "$sample_fraud_detection_model_insightscore"
    rules = create_rules(
        client,
        [
            ("high_fraud_risk", f"{score} > 900", ["verify_customer"]),
            ("medium_fraud_risk", f"{score} <= 900 and {score} > 700", ["review"]),
            ("low_fraud_risk", f"{score} <= 700", ["approve"]),
        ],
    )
    create_version(client, rules, models=[model])
    scores = get_backend().scores

    def outcome_at(value: float) -> list[str]:
        with scores.pin("sample_fraud_detection_model", value):
            return outcomes(predict(client, amount="10"))

    assert [outcome_at(v) for v in (950, 800, 500, 920)] == [
        ["verify_customer"],
        ["review"],
        ["approve"],
        ["verify_customer"],
    ]
    updated = []
    for rule_id, expression in (
        ("high_fraud_risk", f"{score} > 950"),
        ("medium_fraud_risk", f"{score} <= 950 and {score} > 700"),
    ):
        updated.append(
            client.update_rule_version(
                rule={"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "1"},
                expression=expression,
                language="DETECTORPL",
                outcomes=["verify_customer" if rule_id == "high_fraud_risk" else "review"],
            )["rule"]
        )
    create_version(client, [*updated, rules[2]], models=[model])
    assert outcome_at(920) == ["review"]
    assert outcome_at(960) == ["verify_customer"]


def test_get_event_prediction_metadata_shows_the_score(scored: Any) -> None:
    """GetEventPredictionMetadata: the model evaluation and the score in the rule's
    expressionWithValues."""
    get_backend().scores.pin("fraud_model", 950)
    predict(scored, amount="10")
    metadata = scored.get_event_prediction_metadata(
        eventId="tx_1",
        eventTypeName=EVENT_TYPE,
        detectorId=DETECTOR,
        detectorVersionId="1",
        predictionTimestamp="2024-03-01T09:30:00.250Z",
    )
    assert metadata["evaluatedModelVersions"] == [
        {
            "modelId": "fraud_model",
            "modelVersion": "1.0",
            "modelType": OFI,
            "evaluations": [
                {
                    "outputVariableName": SCORE,
                    "evaluationScore": "950.0",
                    "predictionExplanations": {
                        "variableImpactExplanations": [],
                        "aggregatedVariablesImpactExplanations": [],
                    },
                }
            ],
        }
    ]
    assert [(r["expressionWithValues"], r["matched"]) for r in metadata["rules"]] == [
        ("950.0 > 900", True)
    ]
    assert metadata["outcomes"] == ["review"]


def test_a_model_made_again_under_the_same_id_has_seen_no_entity(client: Any) -> None:
    """A deleted ATI model takes its memory with it [I]: where no event is stored (ingestion
    DISABLED) the model made again under the same id starts over, so an entity's first event
    scores -1 again (docs/behaviour.md, "Models and model versions"). Stored events are the
    event type's history, which a model made again reads (tests/prediction/test_ati_history.py).
    """
    takeover = set_up_takeover(client, ingestion="DISABLED")
    assert ati_score(takeover, "e1", "cust_1") == -1.0
    assert ati_score(takeover, "e2", "cust_1") != -1.0
    make_takeover_model_again(takeover)
    assert ati_score(takeover, "e3", "cust_1") == -1.0
