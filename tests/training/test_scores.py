"""A learned model scores on the service's scale: 0-1000, tied to the false positive rate for OFI
and TFI (600 about 10 %, 900 about 2 %) and to the challenge rate for ATI (500 about 5 %, 900
about 0.1 %) (AWS's "Model scores" page; docs/models.md, "Scores")."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from frauddetector_mock.training.calibration import cr_score, fpr_score
from tests.store import training_data
from tests.store.training_data import (
    ATI,
    BUCKET,
    SCORE,
    as_csv,
    examples,
    predict,
    set_up,
    set_up_and_train,
    train_external,
)

TFI = "TRANSACTION_FRAUD_INSIGHTS"
# AWS's own output: the score thresholds of FPR 1 % to 6 %, and the "Model scores" page's 10 %.
AWS_THRESHOLDS = [(0.01, 955), (0.02, 905), (0.03, 860), (0.04, 820), (0.05, 775), (0.06, 740)]
AWS_ANCHORS = [*AWS_THRESHOLDS, (0.10, 600)]


@pytest.fixture
def fd(client: Any) -> Any:
    set_up(client)
    return client


@pytest.fixture
def large(fd: Any, s3: Any) -> dict[str, Any]:
    """A version trained on 10,000 labelled payments: 2,000 held out."""
    s3.put_object(Bucket=BUCKET, Key="payments.csv", Body=as_csv(examples(10_000, seed=21)))
    return train_external(fd, f"s3://{BUCKET}/payments.csv")


def points_at(version: dict[str, Any]) -> dict[float, dict[str, float]]:
    points = version["trainingResult"]["trainingMetrics"]["metricDataPoints"]
    return {p["threshold"]: p for p in points}


def deploy(client: Any, number: str) -> None:
    """Deployed behind the rule of AWS's examples: a score above 900 blocks."""
    training_data.deploy(client, number, rule="high_risk", condition="> 900", outcome="block")


# The map from a rate to a score -----------------------------------------------------------------


def test_the_fpr_map_passes_awss_thresholds() -> None:
    """1000 as the FPR goes to 0, 0 at 1, falling, and within 20 points of every threshold AWS
    gives (within 5, in fact)."""
    assert fpr_score(0.0) == 1000.0
    assert fpr_score(1.0) == 0.0
    for fpr, threshold in AWS_ANCHORS:
        assert abs(fpr_score(fpr) - threshold) <= 5, (fpr, fpr_score(fpr), threshold)
    grid = [step / 1000 for step in range(1001)]
    assert all(fpr_score(a) > fpr_score(b) for a, b in itertools.pairwise(grid))


def test_the_challenge_rate_map_passes_awss_examples() -> None:
    """ATI: a score of 500 is about a 5 % challenge rate, 900 about 0.1 %."""
    assert cr_score(0.0) == 1000.0
    assert cr_score(1.0) == 0.0
    assert round(cr_score(0.05)) == 500
    assert round(cr_score(0.001)) == 900
    grid = [step / 1000 for step in range(1001)]
    assert all(cr_score(a) > cr_score(b) for a, b in itertools.pairwise(grid))


# Training metrics on the same scale ------------------------------------------------------------


def test_metric_points_are_every_fifth_score_flagging_at_or_above(large: dict[str, Any]) -> None:
    """[D] MetricDataPoint: "a threshold of 500 means any model score 500 or above is labeled
    as fraud"; thresholds 0, 5, ..., 1000."""
    points = large["trainingResult"]["trainingMetrics"]["metricDataPoints"]
    assert [p["threshold"] for p in points] == [float(t) for t in range(0, 1001, 5)]
    assert len(points) == 201
    # At 0 every event is at or above the threshold.
    assert (points[0]["fpr"], points[0]["tpr"]) == (1.0, 1.0)
    assert all(a["tpr"] >= b["tpr"] and a["fpr"] >= b["fpr"] for a, b in itertools.pairwise(points))


def test_the_fpr_at_each_threshold_is_what_the_score_promises(large: dict[str, Any]) -> None:
    """On the held-out events, 900 flags about 2 % of legitimate events, 600 about 10 %, and
    AWS's thresholds for 1 % to 6 % flag about those shares."""
    at = points_at(large)
    assert 0.015 <= at[900.0]["fpr"] <= 0.025
    for fpr, threshold in AWS_ANCHORS:
        assert abs(at[float(threshold)]["fpr"] - fpr) <= 0.005, (threshold, at[threshold])
    # The model is worth something at 900: far more fraud than legitimate events flagged.
    assert at[900.0]["tpr"] > 5 * at[900.0]["fpr"]


def test_v2_reports_the_same_points(large: dict[str, Any]) -> None:
    ofi = large["trainingResultV2"]["trainingMetricsV2"]["ofi"]
    assert ofi["metricDataPoints"] == large["trainingResult"]["trainingMetrics"]["metricDataPoints"]


def test_tfi_is_on_the_same_scale(client: Any) -> None:
    version = set_up_and_train(client, examples(3000, seed=5), TFI)
    tfi = version["trainingResultV2"]["trainingMetricsV2"]["tfi"]
    assert (
        tfi["metricDataPoints"] == version["trainingResult"]["trainingMetrics"]["metricDataPoints"]
    )
    at = {p["threshold"]: p for p in tfi["metricDataPoints"]}
    assert 0.01 <= at[900.0]["fpr"] <= 0.03
    assert 0.08 <= at[600.0]["fpr"] <= 0.12


def test_ati_points_follow_the_challenge_rate(client: Any) -> None:
    """ATI's ``cr`` is the share of all held-out events at or above the threshold: about 5 % at
    500, about 0.1 % at 900."""
    version = set_up_and_train(client, examples(3000, seed=6), ATI)
    ati = version["trainingResultV2"]["trainingMetricsV2"]["ati"]
    points = ati["metricDataPoints"]
    assert [p["threshold"] for p in points] == [float(t) for t in range(0, 1001, 5)]
    at = {p["threshold"]: p for p in points}
    assert at[0.0]["cr"] == 1.0
    assert 0.04 <= at[500.0]["cr"] <= 0.06
    assert at[900.0]["cr"] <= 0.005
    assert ati["modelPerformance"]["asi"] == version["trainingResult"]["trainingMetrics"]["auc"]


# Scores in predictions -------------------------------------------------------------------------


def test_a_rule_above_900_fires_for_risky_events(large: dict[str, Any], fd: Any) -> None:
    """The rule of AWS's examples, ``$..._insightscore > 900``, blocks a risky payment and lets
    an ordinary one through."""
    deploy(fd, large["modelVersionNumber"])
    risky = predict(fd, "risky", {"amount": "900.00", "category": "risky", "noise": "0.5"})
    plain = predict(fd, "plain", {"amount": "20.00", "category": "grocery", "noise": "0.5"})
    assert risky["modelScores"][0]["scores"][SCORE] > 900
    assert risky["ruleResults"] == [{"ruleId": "high_risk", "outcomes": ["block"]}]
    assert plain["modelScores"][0]["scores"][SCORE] < 100
    assert plain["ruleResults"] == []


def test_scores_are_whole_numbers_that_rise_with_risk(large: dict[str, Any], fd: Any) -> None:
    deploy(fd, large["modelVersionNumber"])
    scores = [
        predict(fd, f"e{amount}", {"amount": f"{amount}", "category": "travel", "noise": "0.5"})[
            "modelScores"
        ][0]["scores"][SCORE]
        for amount in (1, 50, 100, 150, 200, 400, 800, 5000)
    ]
    assert all(score == int(score) and 0 <= score <= 1000 for score in scores)
    assert scores == sorted(scores)
    assert scores[0] == 0.0 and scores[-1] == 1000.0


def test_the_flagged_share_of_new_legitimate_events_is_as_promised(
    large: dict[str, Any], fd: Any
) -> None:
    """On events the model never saw, a threshold of 900 flags about 2 % of the legitimate
    ones: the score means the same outside training."""
    deploy(fd, large["modelVersionNumber"])
    fresh = [e for e in examples(3000, seed=77, start=50_000) if not e.fraud]
    flagged = sum(
        predict(fd, e.event_id, e.values)["modelScores"][0]["scores"][SCORE] >= 900 for e in fresh
    )
    assert 0.01 <= flagged / len(fresh) <= 0.035
