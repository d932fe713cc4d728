"""Prediction history: ListEventPredictions and GetEventPredictionMetadata (docs/behaviour.md,
"Prediction history"; AWS API reference: "ListEventPredictions", "GetEventPredictionMetadata").

Every prediction here is made through GetEventPrediction, as a user makes them. The clock is
frozen at 2024-03-01T09:30:00.250Z and moved by hand, so prediction timestamps are known.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.service import answer
from frauddetector_mock.store import Store
from frauddetector_mock.store import predictions as history
from tests.errors import refused
from tests.store.conftest import REGION

DETECTOR = "payments"
EVENT_TYPE = "payment"
ENTITY = {"entityType": "customer", "entityId": "cust_1"}
EVENT_TIME = "2024-03-01T09:00:00Z"
T0 = "2024-03-01T09:30:00.250Z"  # the frozen clock of tests/store/conftest.py

RULES = {
    "deny_bin": ("$card_bin in @deny_bins", ["block"]),
    "big_amount": ("$amount > 1000", ["review"]),
    "any_amount": ("$amount >= 0", ["review", "approve"]),
}


def set_up(client: Any) -> None:
    """A detector with three rules: version 1 FIRST_MATCHED (ACTIVE), version 2 ALL_MATCHED
    (DRAFT)."""
    for name, data_type, variable_type, default in (
        ("amount", "FLOAT", "PRICE", "0.0"),
        ("card_bin", "STRING", "CARD_BIN", "000000"),
        ("email_address", "STRING", "EMAIL_ADDRESS", "<unknown>"),
    ):
        client.create_variable(
            name=name,
            dataType=data_type,
            dataSource="EVENT",
            defaultValue=default,
            variableType=variable_type,
        )
    client.put_entity_type(name="customer")
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["amount", "card_bin", "email_address"],
        entityTypes=["customer"],
    )
    client.create_list(name="deny_bins", elements=["423768"], variableType="CARD_BIN")
    for outcome in ("block", "review", "approve"):
        client.put_outcome(name=outcome)
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    for rule_id, (expression, outcomes) in RULES.items():
        client.create_rule(
            ruleId=rule_id,
            detectorId=DETECTOR,
            expression=expression,
            language="DETECTORPL",
            outcomes=outcomes,
        )
    rules = [{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": "1"} for r in RULES]
    client.create_detector_version(detectorId=DETECTOR, rules=rules)
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="ACTIVE"
    )
    client.create_detector_version(
        detectorId=DETECTOR, rules=rules, ruleExecutionMode="ALL_MATCHED"
    )


def predict(client: Any, event_id: str, version: str | None = None, **variables: str) -> Any:
    params: dict[str, Any] = {
        "detectorId": DETECTOR,
        "eventId": event_id,
        "eventTypeName": EVENT_TYPE,
        "eventTimestamp": EVENT_TIME,
        "entities": [ENTITY],
        "eventVariables": variables or {"amount": "10"},
    }
    if version is not None:
        params["detectorVersionId"] = version
    return client.get_event_prediction(**params)


def summary(event_id: str, version: str = "1", at: str = T0) -> dict[str, str]:
    return {
        "eventId": event_id,
        "eventTypeName": EVENT_TYPE,
        "eventTimestamp": EVENT_TIME,
        "predictionTimestamp": at,
        "detectorId": DETECTOR,
        "detectorVersionId": version,
    }


def summaries(client: Any, **params: Any) -> list[dict[str, str]]:
    response = client.list_event_predictions(**params)
    assert "nextToken" not in response
    items: list[dict[str, str]] = response["eventPredictionSummaries"]
    return items


def at(seconds: float) -> str:
    """The frozen clock's timestamp ``seconds`` after T0."""
    from datetime import timedelta

    from frauddetector_mock.clock import format_instant, parse_instant

    return format_instant(parse_instant(T0) + timedelta(seconds=seconds))


ALL_FOUR = [("e3", "1", 3), ("e1", "2", 2), ("e2", "2", 1), ("e1", "1", 0)]


@pytest.fixture
def scored(client: Any, store: Store) -> Any:
    """Four predictions one second apart: e1 (v1), e2 (v2), e1 (v2), e3 (v1)."""
    set_up(client)
    for event_id, version in (("e1", None), ("e2", "2"), ("e1", "2"), ("e3", None)):
        predict(client, event_id, version)
        store.clock.advance(1)
    return client


# ListEventPredictions


def test_without_a_filter_only_the_most_recent_prediction_is_listed(scored: Any) -> None:
    """[D] "If filter is not specified, the most recent prediction is returned"."""
    assert summaries(scored) == [summary("e3", "1", at(3))]
    assert summaries(scored, maxResults=100) == [summary("e3", "1", at(3))]


def test_without_any_prediction_the_list_is_empty(client: Any) -> None:
    assert summaries(client) == []
    assert summaries(client, eventId={"value": "e1"}) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"eventId": {"value": "e1"}}, [("e1", "2", 2), ("e1", "1", 0)]),
        ({"eventType": {"value": EVENT_TYPE}}, ALL_FOUR),
        ({"detectorId": {"value": DETECTOR}}, ALL_FOUR),
        ({"detectorVersionId": {"value": "2"}}, [("e1", "2", 2), ("e2", "2", 1)]),
        ({"eventId": {"value": "e1"}, "detectorVersionId": {"value": "1"}}, [("e1", "1", 0)]),
        ({"eventId": {"value": "e9"}}, []),
        ({"eventType": {"value": "other"}}, []),
        ({"detectorId": {"value": "other"}}, []),
        ({"detectorVersionId": {"value": "3"}}, []),
    ],
)  # fmt: skip
def test_filters_select_predictions_newest_first(
    scored: Any, filters: dict[str, Any], expected: list[tuple[str, str, int]]
) -> None:
    """The four filters, each `{value}`, combine; unknown names match nothing (the
    operation models no ResourceNotFoundException); newest first."""
    assert summaries(scored, **filters) == [summary(e, v, at(s)) for e, v, s in expected]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(1), at(2), ["e1", "e2"]),  # both ends inclusive
        (at(0), at(3), ["e3", "e1", "e2", "e1"]),
        # sub-millisecond ends narrow to whole milliseconds
        ("2024-03-01T09:30:01.2505Z", "2024-03-01T09:30:03.2495Z", ["e1"]),
        ("2024-03-01T09:30:01.2495Z", "2024-03-01T09:30:03.2505Z", ["e3", "e1", "e2"]),
        (at(3), at(3), ["e3"]),
        (at(4), at(100), []),
        ("2024-03-01T09:30:01.250+00:00", "2024-03-01T10:30:01.250+01:00", ["e2"]),
        ("2024-03-01T09:30:01.25Z", "2024-03-01T09:30:01.250000Z", ["e2"]),
    ],
)
def test_prediction_time_range_is_inclusive(
    scored: Any, start: str, end: str, expected: list[str]
) -> None:
    """predictionTimeRange filters on the prediction's time; ISO 8601 with any offset."""
    items = summaries(scored, predictionTimeRange={"startTime": start, "endTime": end})
    assert [item["eventId"] for item in items] == expected


def test_time_range_combines_with_the_other_filters(scored: Any) -> None:
    items = summaries(
        scored,
        detectorVersionId={"value": "2"},
        predictionTimeRange={"startTime": at(2), "endTime": at(60)},
    )
    assert items == [summary("e1", "2", at(2))]


@pytest.mark.parametrize(
    ("time_range", "message"),
    [
        (
            {"startTime": "yesterday noon", "endTime": at(1)},
            "The predictionTimeRange.startTime 'yesterday noon' is not an ISO 8601 timestamp "
            "such as 2021-11-29T15:55:31.116Z.",
        ),
        (
            {"startTime": at(1), "endTime": "2024-13-01T00:00:00Z"},
            "The predictionTimeRange.endTime '2024-13-01T00:00:00Z' is not an ISO 8601 "
            "timestamp such as 2021-11-29T15:55:31.116Z.",
        ),
        (
            {"startTime": at(2), "endTime": at(1)},
            f"The predictionTimeRange starts at '{at(2)}', after its endTime '{at(1)}'.",
        ),
    ],
)
def test_bad_time_range_is_refused(
    scored: Any, store: Store, time_range: dict[str, str], message: str
) -> None:
    """The service wants ISO 8601 UTC times; ListEventPredictions models only
    ValidationException."""
    refused(
        lambda: scored.list_event_predictions(predictionTimeRange=time_range),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_a_filter_without_value_is_refused(scored: Any, store: Store) -> None:
    """FilterCondition's ``value`` is optional in the model, so botocore sends ``{}``; a filter
    on nothing is refused rather than crashing (ValidationException only)."""
    refused(
        lambda: scored.list_event_predictions(eventId={}),
        "ValidationException",
        "The filter eventId has no value: give the value to filter on, or leave eventId out.",
        unchanged=store,
    )


def test_a_null_filter_is_no_filter(scored: Any) -> None:
    """JSON null is an absent member, which botocore never sends but other clients do:
    with no filter left, only the most recent prediction is listed."""
    body = json.dumps({"eventId": None, "detectorVersionId": None})
    reply = answer(get_backend(), "AWSHawksNestServiceFacade.ListEventPredictions", body, REGION)
    assert reply.status == 200
    assert json.loads(reply.body) == {"eventPredictionSummaries": [summary("e3", "1", at(3))]}


def test_max_results_above_the_range_is_refused(scored: Any, store: Store) -> None:
    """maxResults 50-100; botocore leaves the maximum to the server."""
    refused(
        lambda: scored.list_event_predictions(maxResults=101),
        "ValidationException",
        re.compile("maxResults"),
        unchanged=store,
    )


def walk(client: Any, **params: Any) -> tuple[list[list[str]], list[str]]:
    """Every page of a listing: the event ids per page, and the tokens seen."""
    pages: list[list[str]] = []
    tokens: list[str] = []
    while True:
        response = client.list_event_predictions(**params)
        pages.append([item["eventId"] for item in response["eventPredictionSummaries"]])
        token = response.get("nextToken")
        if token is None:
            return pages, tokens
        tokens.append(token)
        params["nextToken"] = token


def test_default_page_is_ten_and_pages_walk_newest_first(client: Any, store: Store) -> None:
    """Without maxResults a page holds 10 predictions (documented), newest first."""
    set_up(client)
    for n in range(23):
        predict(client, f"ev_{n:02d}")
    pages, tokens = walk(client, detectorId={"value": DETECTOR})
    newest_first = [f"ev_{n:02d}" for n in reversed(range(23))]
    assert pages == [newest_first[:10], newest_first[10:20], newest_first[20:]]
    assert len(set(tokens)) == 2


def test_max_results_sets_the_page(client: Any, store: Store) -> None:
    set_up(client)
    for n in range(120):
        predict(client, f"ev_{n:03d}")
    pages, _ = walk(client, eventType={"value": EVENT_TYPE}, maxResults=50)
    assert [len(page) for page in pages] == [50, 50, 20]
    assert [e for page in pages for e in page] == [f"ev_{n:03d}" for n in reversed(range(120))]
    pages, _ = walk(client, eventType={"value": EVENT_TYPE}, maxResults=100)
    assert [len(page) for page in pages] == [100, 20]


def test_a_token_names_the_last_item_so_new_predictions_do_not_shift_pages(
    client: Any, store: Store
) -> None:
    """New predictions between pages neither repeat nor hide items (docs/behaviour.md,
    "Pagination")."""
    set_up(client)
    for n in range(15):
        predict(client, f"ev_{n:02d}")
    first = client.list_event_predictions(detectorId={"value": DETECTOR})
    for n in range(15, 20):
        predict(client, f"ev_{n:02d}")
    second = client.list_event_predictions(
        detectorId={"value": DETECTOR}, nextToken=first["nextToken"]
    )
    assert [i["eventId"] for i in second["eventPredictionSummaries"]] == [
        f"ev_{n:02d}" for n in reversed(range(5))
    ]
    assert "nextToken" not in second


def test_a_token_is_good_only_for_the_same_filters(scored: Any, store: Store) -> None:
    """[I] a token is scoped to its listing's filters; others -> ValidationException."""
    for n in range(11):
        predict(scored, f"more_{n}")
    token = scored.list_event_predictions(detectorId={"value": DETECTOR})["nextToken"]
    same_detector = {"detectorId": {"value": DETECTOR}}
    for other in (
        {"detectorId": {"value": "other"}},
        {"eventType": {"value": EVENT_TYPE}},
        {**same_detector, "eventId": {"value": "e1"}},
        {**same_detector, "predictionTimeRange": {"startTime": T0, "endTime": T0}},
        {},
    ):
        refused(
            partial(scored.list_event_predictions, nextToken=token, **other),
            "ValidationException",
            "The nextToken is not valid for this request.",
            unchanged=store,
        )
    refused(
        lambda: scored.list_event_predictions(
            detectorId={"value": DETECTOR}, nextToken=token[:-2] + "xx"
        ),
        "ValidationException",
        "The nextToken is not valid for this request.",
        unchanged=store,
    )


def test_a_token_expires_after_24_hours(client: Any, store: Store) -> None:
    """[D] "Each pagination token expires after 24 hours"."""
    set_up(client)
    for n in range(12):
        predict(client, f"ev_{n:02d}")
    token = client.list_event_predictions(eventType={"value": EVENT_TYPE})["nextToken"]
    store.clock.advance(hours=24)
    still = client.list_event_predictions(eventType={"value": EVENT_TYPE}, nextToken=token)
    assert [i["eventId"] for i in still["eventPredictionSummaries"]] == ["ev_01", "ev_00"]
    store.clock.advance(seconds=0.001)
    refused(
        lambda: client.list_event_predictions(eventType={"value": EVENT_TYPE}, nextToken=token),
        "ValidationException",
        "The nextToken has expired: a token is good for 24 hours.",
        unchanged=store,
    )


def test_history_keeps_the_most_recent_predictions(
    client: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retention is undocumented (docs/behaviour.md, "Prediction history"): the mock keeps the
    newest ``RETENTION`` (100,000)."""
    assert history.RETENTION == 100_000
    monkeypatch.setattr(history, "RETENTION", 3)
    set_up(client)
    for n in range(5):
        predict(client, f"ev_{n}")
        store.clock.advance(1)
    items = summaries(client, detectorId={"value": DETECTOR})
    assert [i["eventId"] for i in items] == ["ev_4", "ev_3", "ev_2"]
    assert [p.sequence for p in store.predictions] == [3, 4, 5]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        metadata(client, "ev_0", "1", T0)
    assert metadata(client, "ev_2", "1", at(2))["eventId"] == "ev_2"


def test_history_drops_old_predictions_a_hundredth_at_a_time(
    client: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "RETENTION", 200)
    set_up(client)
    for n in range(202):
        predict(client, f"ev_{n}")
    assert len(store.predictions) == 202  # 200 and a hundredth of them may show
    predict(client, "ev_202")
    assert [p.sequence for p in store.predictions][:1] == [4]
    assert len(store.predictions) == 200


# GetEventPredictionMetadata


def metadata(client: Any, event_id: str, version: str, timestamp: str = T0) -> dict[str, Any]:
    response = client.get_event_prediction_metadata(
        eventId=event_id,
        eventTypeName=EVENT_TYPE,
        detectorId=DETECTOR,
        detectorVersionId=version,
        predictionTimestamp=timestamp,
    )
    response.pop("ResponseMetadata")
    result: dict[str, Any] = response
    return result


def rule(rule_id: str, with_values: str, evaluated: bool, matched: bool) -> dict[str, Any]:
    expression, outcomes = RULES[rule_id]
    return {
        "ruleId": rule_id,
        "ruleVersion": "1",
        "expression": expression,
        "expressionWithValues": with_values,
        "outcomes": outcomes,
        "evaluated": evaluated,
        "matched": matched,
    }


def expected(version: str, status: str, mode: str, rules: list[Any], outcomes: list[str]) -> Any:
    return {
        "eventId": "tx_1",
        "eventTypeName": EVENT_TYPE,
        "entityId": "cust_1",
        "entityType": "customer",
        "eventTimestamp": EVENT_TIME,
        "detectorId": DETECTOR,
        "detectorVersionId": version,
        "detectorVersionStatus": status,
        "eventVariables": [
            {"name": "amount", "value": "1500", "source": "EVENT"},
            {"name": "card_bin", "value": "111111", "source": "EVENT"},
            {"name": "email_address", "value": "<unknown>", "source": "DEFAULT"},
        ],
        "rules": rules,
        "ruleExecutionMode": mode,
        "outcomes": outcomes,
        "evaluatedModelVersions": [],
        "evaluatedExternalModels": [],
        "predictionTimestamp": T0,
    }


def test_first_matched_rules_after_the_match_are_not_evaluated(client: Any) -> None:
    """Every rule of the version in order; under FIRST_MATCHED the rules after the first
    match are evaluated=false, matched=false; values sent are EVENT, defaults DEFAULT."""
    set_up(client)
    predict(client, "tx_1", amount="1500", card_bin="111111")
    assert metadata(client, "tx_1", "1") == expected(
        "1",
        "ACTIVE",
        "FIRST_MATCHED",
        [
            rule("deny_bin", '"111111" in @deny_bins', True, False),
            rule("big_amount", "1500.0 > 1000", True, True),
            rule("any_amount", "1500.0 >= 0", False, False),
        ],
        ["review"],
    )


def test_all_matched_evaluates_every_rule_and_lists_each_outcome_once(client: Any) -> None:
    """Under ALL_MATCHED every rule is evaluated; `outcomes` is the union of the matched
    rules' outcomes (review appears in two matched rules, listed once)."""
    set_up(client)
    predict(client, "tx_1", "2", amount="1500", card_bin="111111")
    assert metadata(client, "tx_1", "2") == expected(
        "2",
        "DRAFT",
        "ALL_MATCHED",
        [
            rule("deny_bin", '"111111" in @deny_bins', True, False),
            rule("big_amount", "1500.0 > 1000", True, True),
            rule("any_amount", "1500.0 >= 0", True, True),
        ],
        ["review", "approve"],
    )


def test_the_record_keeps_the_status_and_list_membership_of_its_time(
    client: Any, store: Store
) -> None:
    """[I] detectorVersionStatus is the status at prediction time; the record is history,
    unchanged by later changes to the detector version or the list."""
    set_up(client)
    predict(client, "tx_1", "2", amount="5", card_bin="423768")
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="2", status="ACTIVE"
    )
    client.update_list(name="deny_bins", elements=[], updateMode="REPLACE")
    result = metadata(client, "tx_1", "2")
    assert result["detectorVersionStatus"] == "DRAFT"
    assert [(r["ruleId"], r["evaluated"], r["matched"]) for r in result["rules"]] == [
        ("deny_bin", True, True),
        ("big_amount", True, False),
        ("any_amount", True, True),
    ]
    assert result["outcomes"] == ["block", "review", "approve"]
    assert result["rules"][0]["expressionWithValues"] == '"423768" in @deny_bins'


def test_the_timestamp_may_use_another_iso_8601_form(client: Any) -> None:
    set_up(client)
    predict(client, "tx_1", amount="1500", card_bin="111111")
    for form in ("2024-03-01T09:30:00.250+00:00", "2024-03-01T10:30:00.25+01:00"):
        assert metadata(client, "tx_1", "1", form)["predictionTimestamp"] == T0


def test_the_newest_of_predictions_sharing_a_millisecond_answers(client: Any) -> None:
    """The frozen clock gives two calls one timestamp; both are listed, the later one answers
    GetEventPredictionMetadata [I]."""
    set_up(client)
    predict(client, "tx_1", amount="1500", card_bin="111111")
    predict(client, "tx_1", amount="20", card_bin="111111")
    assert summaries(client, eventId={"value": "tx_1"}) == [summary("tx_1"), summary("tx_1")]
    result = metadata(client, "tx_1", "1")
    assert result["eventVariables"][0] == {"name": "amount", "value": "20", "source": "EVENT"}
    assert result["outcomes"] == ["review", "approve"]


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("eventId", "tx_2"),
        ("eventTypeName", "other_type"),
        ("detectorId", "other_detector"),
        ("detectorVersionId", "2"),
        ("predictionTimestamp", "2024-03-01T09:30:00.251Z"),
        ("predictionTimestamp", "2024-03-01T09:30:00.2501Z"),
        ("predictionTimestamp", "2024-03-01T09:30:00Z"),
    ],
)
def test_every_key_must_match_a_prediction(
    client: Any, store: Store, member: str, value: str
) -> None:
    """[D] all five members name one prediction; none matches -> ResourceNotFound."""
    set_up(client)
    predict(client, "tx_1", amount="1500", card_bin="111111")
    params = {
        "eventId": "tx_1",
        "eventTypeName": EVENT_TYPE,
        "detectorId": DETECTOR,
        "detectorVersionId": "1",
        "predictionTimestamp": T0,
        member: value,
    }
    refused(
        lambda: client.get_event_prediction_metadata(**params),
        "ResourceNotFoundException",
        (
            f"No prediction of the event '{params['eventId']}' of event type "
            f"'{params['eventTypeName']}' by the detector '{params['detectorId']}' version "
            f"'{params['detectorVersionId']}' was made at '{params['predictionTimestamp']}'; "
            "ListEventPredictions lists the predictions and their predictionTimestamp."
        ),
        unchanged=store,
    )


def test_an_unparseable_prediction_timestamp_is_refused(client: Any, store: Store) -> None:
    set_up(client)
    predict(client, "tx_1")
    refused(
        lambda: client.get_event_prediction_metadata(
            eventId="tx_1",
            eventTypeName=EVENT_TYPE,
            detectorId=DETECTOR,
            detectorVersionId="1",
            predictionTimestamp="01/03/2024 09:30",
        ),
        "ValidationException",
        (
            "The predictionTimestamp '01/03/2024 09:30' is not an ISO 8601 timestamp such as "
            "2021-11-29T15:55:31.116Z."
        ),
        unchanged=store,
    )


def test_listed_predictions_lead_to_their_metadata(scored: Any) -> None:
    """Take predictionTimestamp from ListEventPredictions for GetEventPredictionMetadata."""
    for item in summaries(scored, eventType={"value": EVENT_TYPE}):
        result = metadata(
            scored, item["eventId"], item["detectorVersionId"], item["predictionTimestamp"]
        )
        assert {k: result[k] for k in item} == item


def test_external_model_evaluations_and_their_output_variable_are_reported(client: Any) -> None:
    """evaluatedExternalModels names the endpoint with the inputs it was sent and the raw
    outputs; a rule reading the output variable shows its value in expressionWithValues."""
    from frauddetector_mock import get_backend

    set_up(client)
    client.create_variable(
        name="xgb_score", dataType="FLOAT", dataSource="EXTERNAL_MODEL_SCORE", defaultValue="0.0"
    )
    client.put_external_model(
        modelEndpoint="fraud-xgb",
        modelSource="SAGEMAKER",
        invokeModelEndpointRoleArn="arn:aws:iam::123456789012:role/sagemaker-invoke",
        inputConfiguration={
            "eventTypeName": EVENT_TYPE,
            "format": "APPLICATION_JSON",
            "useEventVariables": True,
            "jsonInputTemplate": '{"amount": "{{amount}}"}',
        },
        outputConfiguration={
            "format": "APPLICATION_JSONLINES",
            "jsonKeyToVariableMap": {"score": "xgb_score"},
        },
        modelEndpointStatus="ASSOCIATED",
    )
    client.create_rule(
        ruleId="xgb_high",
        detectorId=DETECTOR,
        expression="$xgb_score > 0.9",
        language="DETECTORPL",
        outcomes=["block"],
    )
    client.create_detector_version(
        detectorId=DETECTOR,
        rules=[{"detectorId": DETECTOR, "ruleId": "xgb_high", "ruleVersion": "1"}],
        externalModelEndpoints=["fraud-xgb"],
    )
    get_backend().endpoints.respond("fraud-xgb", '{"score": 0.93}\n')
    predict(client, "tx_1", "3", amount="1500")
    result = metadata(client, "tx_1", "3")
    assert result["evaluatedExternalModels"] == [
        {
            "modelEndpoint": "fraud-xgb",
            "useEventVariables": True,
            "inputVariables": {"amount": "1500"},
            "outputVariables": {"xgb_score": "0.93"},
        }
    ]
    assert result["rules"] == [
        {
            "ruleId": "xgb_high",
            "ruleVersion": "1",
            "expression": "$xgb_score > 0.9",
            "expressionWithValues": "0.93 > 0.9",
            "outcomes": ["block"],
            "evaluated": True,
            "matched": True,
        }
    ]
    assert result["outcomes"] == ["block"]
    assert result["evaluatedModelVersions"] == []
