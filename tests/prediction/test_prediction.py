"""GetEventPrediction through boto3 (AWS API reference: "GetEventPrediction"): version choice,
validation, variables and defaults, rule execution modes, lists read live, and the side effects
(history, stored events, EventBridge).

The clock is frozen at 2024-03-01T09:30:00.250Z (tests/store/conftest.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from frauddetector_mock import get_backend, service
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.prediction.helpers import (
    CUSTOMER,
    DETECTOR,
    EVENT_TIME,
    EVENT_TYPE,
    create_rules,
    create_version,
    outcomes,
    predict,
    request,
    set_up_event_type,
)

NOW = "2024-03-01T09:30:00.250Z"

OVERLAPPING = [
    ("big_amount", "$amount > 1000", ["review"]),
    ("any_amount", "$amount >= 0", ["approve", "review"]),
    ("huge_amount", "$amount > 5000", ["block"]),
]


@pytest.fixture
def payments(client: Any) -> Any:
    """The payment event type, and version 1 (ACTIVE, FIRST_MATCHED) of the overlapping rules."""
    set_up_event_type(client)
    create_version(client, create_rules(client, OVERLAPPING))
    return client


# The answer ------------------------------------------------------------------------------------


def test_the_answer_carries_all_three_members(payments: Any) -> None:
    """[O] modelScores, ruleResults and externalModelOutputs are always present; a result
    names the rule by its id alone, with its outcomes."""
    assert predict(payments, amount="1500") == {
        "modelScores": [],
        "ruleResults": [{"ruleId": "big_amount", "outcomes": ["review"]}],
        "externalModelOutputs": [],
    }


def test_no_rule_matched_gives_an_empty_rule_results(client: Any) -> None:
    """[I] no implicit default outcome; ruleResults is an empty list."""
    set_up_event_type(client)
    create_version(client, create_rules(client, [("big_amount", "$amount > 1000", ["review"])]))
    assert predict(client, amount="10") == {
        "modelScores": [],
        "ruleResults": [],
        "externalModelOutputs": [],
    }


def test_first_matched_stops_at_the_first_matching_rule(payments: Any) -> None:
    """[D] FIRST_MATCHED evaluates in the version's order and returns that rule only."""
    assert predict(payments, amount="6000")["ruleResults"] == [
        {"ruleId": "big_amount", "outcomes": ["review"]}
    ]
    assert predict(payments, amount="5")["ruleResults"] == [
        {"ruleId": "any_amount", "outcomes": ["approve", "review"]}
    ]


def test_all_matched_returns_every_match_in_version_order(payments: Any) -> None:
    """[D/I] ALL_MATCHED returns every matched rule, in the version's order, outcomes not
    de-duplicated across rules."""
    rules = [{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": "1"} for r, *_ in OVERLAPPING]
    version = create_version(payments, rules[::-1], mode="ALL_MATCHED", activate=False)
    assert predict(payments, version=version, amount="6000")["ruleResults"] == [
        {"ruleId": "huge_amount", "outcomes": ["block"]},
        {"ruleId": "any_amount", "outcomes": ["approve", "review"]},
        {"ruleId": "big_amount", "outcomes": ["review"]},
    ]
    assert predict(payments, version=version, amount="1500")["ruleResults"] == [
        {"ruleId": "any_amount", "outcomes": ["approve", "review"]},
        {"ruleId": "big_amount", "outcomes": ["review"]},
    ]
    # The same event under FIRST_MATCHED: only the first of them.
    assert outcomes(predict(payments, amount="6000")) == ["review"]


def test_a_missing_variable_takes_its_default(client: Any) -> None:
    """[D] a variable absent from eventVariables has its default value."""
    set_up_event_type(client)
    rules = create_rules(
        client,
        [
            ("no_email", '$email_address == "<unknown>"', ["verify_customer"]),
            ("zero_amount", "$amount == 0", ["review"]),
        ],
    )
    create_version(client, rules, mode="ALL_MATCHED")
    assert outcomes(predict(client, card_bin="411111")) == ["verify_customer", "review"]
    assert outcomes(predict(client, email_address="a@example.com", amount="3")) == []


def test_values_are_converted_to_their_data_types(client: Any) -> None:
    """FLOAT values compare as numbers ("1e3" is 1000), not as text."""
    set_up_event_type(client)
    create_version(client, create_rules(client, [("exactly", "$amount == 1000", ["review"])]))
    assert outcomes(predict(client, amount="1e3")) == ["review"]
    assert outcomes(predict(client, amount=" 1000.0 ")) == ["review"]


def test_a_regex_rule(client: Any) -> None:
    """[D] regex_match matches the whole value (the gmail example of the AWS user guide's "Rule
    language reference")."""
    set_up_event_type(client)
    expression = r'regex_match(".*@gmail\.com", lowercase($email_address))'
    create_version(client, create_rules(client, [("gmail", expression, ["review"])]))
    assert outcomes(predict(client, email_address="Jane.Doe@GMAIL.com")) == ["review"]
    assert outcomes(predict(client, email_address="jane@gmail.com.example.org")) == []


def test_a_list_change_changes_the_outcome_at_once(client: Any) -> None:
    """[D] rules see list changes immediately, without any rule or version update."""
    set_up_event_type(client)
    client.create_list(name="deny_bins", elements=["423768"], variableType="CARD_BIN")
    create_version(client, create_rules(client, [("denied", "$card_bin in @deny_bins", ["block"])]))
    assert outcomes(predict(client, card_bin="510510")) == []
    client.update_list(name="deny_bins", elements=["510510"], updateMode="APPEND")
    assert outcomes(predict(client, card_bin="510510")) == ["block"]
    client.update_list(name="deny_bins", elements=[], updateMode="REPLACE")
    assert outcomes(predict(client, card_bin="510510")) == []
    assert outcomes(predict(client, card_bin="423768")) == []


# Which detector version ------------------------------------------------------------------------


def test_without_a_version_the_active_one_answers_and_follows_activation(payments: Any) -> None:
    """[D] without detectorVersionId the ACTIVE version evaluates; activating a new
    version changes the answer with no change to the caller."""
    rules = create_rules(payments, [("tiny_amount", "$amount < 100", ["verify_customer"])])
    version_2 = create_version(payments, rules, activate=False)
    assert outcomes(predict(payments, amount="50")) == ["approve", "review"]  # still version 1

    payments.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId=version_2, status="ACTIVE"
    )
    assert outcomes(predict(payments, amount="50")) == ["verify_customer"]
    # The demoted version answers when named.
    assert outcomes(predict(payments, version="1", amount="50")) == ["approve", "review"]


@pytest.mark.parametrize("status", ["DRAFT", "INACTIVE"])
def test_a_named_version_answers_in_any_status(client: Any, store: Store, status: str) -> None:
    """[D/I] an explicit version is evaluated whatever its status (the console's test run
    scores drafts); the record keeps the status of the time."""
    set_up_event_type(client)
    rules = create_rules(client, [("big_amount", "$amount > 1000", ["review"])])
    create_version(client, rules, activate=status == "INACTIVE")
    if status == "INACTIVE":
        client.update_detector_version_status(
            detectorId=DETECTOR, detectorVersionId="1", status="INACTIVE"
        )
    assert outcomes(predict(client, version="1", amount="2000")) == ["review"]
    assert store.predictions[-1].detector_version_status == status


def test_several_entities_and_an_unknown_entity_are_accepted(client: Any, store: Store) -> None:
    """[D/I] entities may hold several entries, the first one is recorded; `UNKNOWN` (any
    case) stands for an entity that is not known."""
    set_up_event_type(client, entity_types=("customer", "merchant"))
    create_version(client, create_rules(client, [("big_amount", "$amount > 1000", ["review"])]))
    entities = [{"entityType": "merchant", "entityId": "UNKNOWN"}, CUSTOMER]
    assert outcomes(predict(client, entities=entities, amount="2000")) == ["review"]
    assert (store.predictions[-1].entity_type, store.predictions[-1].entity_id) == (
        "merchant",
        "UNKNOWN",
    )


@pytest.mark.parametrize(
    "timestamp",
    [
        "2024-03-01T09:00:00Z",
        "2024-03-01T09:00:00.123Z",
        "2024-03-01T09:00:00.123456Z",  # datetime.utcnow().isoformat() + "Z"
        "2024-03-01T10:00:00+01:00",
        "2024-03-01T09:00:00+00:00",
    ],
)
def test_iso_8601_utc_timestamps_are_accepted_and_echoed(
    client: Any, store: Store, timestamp: str
) -> None:
    """[D] eventTimestamp in ISO 8601; the record keeps it as sent."""
    set_up_event_type(client)
    create_version(client, create_rules(client, [("big_amount", "$amount > 1000", ["review"])]))
    predict(client, timestamp=timestamp)
    assert store.predictions[-1].event_timestamp == timestamp


# Refusals: the code, the message, HTTP 400, nothing stored ------------------------------------


def test_an_unknown_detector_is_not_found(payments: Any, store: Store) -> None:
    """[I] the detector must exist."""
    params = {**request(), "detectorId": "nope"}
    refused(
        lambda: payments.get_event_prediction(**params),
        "ResourceNotFoundException",
        "The detector 'nope' does not exist.",
        unchanged=store,
    )


def test_without_an_active_version_the_detector_is_named(client: Any, store: Store) -> None:
    """[?] no ACTIVE version and none named -> ResourceNotFoundException naming the
    detector."""
    set_up_event_type(client)
    create_version(client, create_rules(client, OVERLAPPING), activate=False)
    refused(
        lambda: client.get_event_prediction(**request()),
        "ResourceNotFoundException",
        (
            "The detector 'payments' has no ACTIVE version; activate one with "
            "UpdateDetectorVersionStatus or name a version in detectorVersionId."
        ),
        unchanged=store,
    )


def test_a_named_version_must_exist(payments: Any, store: Store) -> None:
    """[I] a named version that does not exist -> ResourceNotFoundException."""
    refused(
        lambda: payments.get_event_prediction(**request(version="7")),
        "ResourceNotFoundException",
        "The detector version '7' of detector 'payments' does not exist.",
        unchanged=store,
    )


def test_the_event_type_must_be_the_detectors(payments: Any, store: Store) -> None:
    """[I] the event type must be the detector's."""
    payments.put_event_type(name="login", eventVariables=["amount"], entityTypes=["customer"])
    params = {**request(), "eventTypeName": "login"}
    refused(
        lambda: payments.get_event_prediction(**params),
        "ValidationException",
        "The detector 'payments' evaluates events of the event type 'payment', not 'login'.",
        unchanged=store,
    )


@pytest.mark.parametrize(
    "timestamp",
    [
        "2024-03-01",  # a date is not a timestamp
        "2024-03-01T09:00:00",  # no zone: not said to be UTC
        "2024-03-01 09:00:00Z",
        "2024-03-01T09:00Z",
        "2024-13-01T09:00:00Z",
        "2024-02-30T09:00:00Z",
        "03/01/2024 09:00:00",
        "next tuesday at 9",
    ],
)
def test_a_timestamp_that_is_not_iso_8601_utc_is_refused(
    payments: Any, store: Store, timestamp: str
) -> None:
    """[D/I] ISO 8601 in UTC (a date and time to the second, with Z or an offset)."""
    refused(
        lambda: payments.get_event_prediction(**request(timestamp=timestamp)),
        "ValidationException",
        (
            f"The eventTimestamp '{timestamp}' is not an ISO 8601 date and time in UTC, such as "
            "2024-03-01T09:30:00Z."
        ),
        unchanged=store,
    )


def test_at_least_one_entity(payments: Any, store: Store) -> None:
    """[?/I] an empty entities list is refused."""
    refused(
        lambda: payments.get_event_prediction(**request(entities=[])),
        "ValidationException",
        "An event of the event type 'payment' needs at least one entity.",
        unchanged=store,
    )


def test_entity_types_must_be_the_event_types(payments: Any, store: Store) -> None:
    """[I] entity types must be the event type's."""
    payments.put_entity_type(name="merchant")
    entities = [CUSTOMER, {"entityType": "merchant", "entityId": "m_1"}]
    refused(
        lambda: payments.get_event_prediction(**request(entities=entities)),
        "ValidationException",
        "The event type 'payment' has no entity types merchant.",
        unchanged=store,
    )


def test_at_least_one_event_variable(payments: Any, store: Store) -> None:
    """[D] "You must provide at least one eventVariable"."""
    params = {**request(), "eventVariables": {}}
    refused(
        lambda: payments.get_event_prediction(**params),
        "ValidationException",
        re.compile(r"at 'eventVariables'"),
        unchanged=store,
    )


def test_variables_must_belong_to_the_event_type(payments: Any, store: Store) -> None:
    """[I] an unknown key is refused, even a variable that exists elsewhere."""
    payments.create_variable(
        name="session_id", dataType="STRING", dataSource="EVENT", defaultValue="none"
    )
    params = request(amount="5", session_id="s1", shoe_size="44")
    refused(
        lambda: payments.get_event_prediction(**params),
        "ValidationException",
        "The event type 'payment' has no event variables session_id, shoe_size.",
        unchanged=store,
    )


@pytest.mark.parametrize("value", ["abc", "12,5", "nan", "1e999"])
def test_a_value_that_does_not_fit_its_data_type_names_the_variable(
    payments: Any, store: Store, value: str
) -> None:
    """[?/I] ValidationException naming the variable (not echoing the value: event
    values are sensitive in the model)."""
    refused(
        lambda: payments.get_event_prediction(**request(amount=value)),
        "ValidationException",
        "The value of the event variable 'amount' is not a valid FLOAT.",
        unchanged=store,
    )


def test_more_than_5000_inputs_are_refused(payments: Any, store: Store) -> None:
    """AWS user guide: "Quotas" [D]: at most 5000 inputs per call."""
    variables = {f"v{n}": "1" for n in range(5001)}
    params = {**request(), "eventVariables": variables}
    refused(
        lambda: payments.get_event_prediction(**params),
        "ValidationException",
        "The request has 5,001 eventVariables; a prediction takes at most 5,000.",
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("variables", "size"),
    [
        ({f"v{n}": "x" * 8000 for n in range(33)}, "264,"),  # long values
        ({f"{n:060d}": "1" for n in range(4000)}, "268,"),  # many long names
        ({f"v{n}": "\u00e9" * 8000 for n in range(6)}, "288,"),  # JSON writes é in 6 bytes
    ],
    ids=["values", "names", "escaped"],
)
def test_a_request_over_256_kb_is_refused(
    payments: Any, store: Store, variables: dict[str, str], size: str
) -> None:
    """AWS user guide: "Quotas" [D]: the payload of one prediction is at most 256 KB."""
    params = {**request(), "eventVariables": variables}
    refused(
        lambda: payments.get_event_prediction(**params),
        "ValidationException",
        re.compile(
            rf"^The request is {size}.*bytes long; a prediction takes at most 262,144 bytes\.\Z",
            re.DOTALL,
        ),
        unchanged=store,
    )


# Side effects ----------------------------------------------------------------------------------


def test_every_prediction_is_recorded_in_full(payments: Any, store: Store) -> None:
    """[D] a record per call (the same event id twice gives two), with what
    GetEventPredictionMetadata needs."""
    predict(payments, amount="6000", card_bin="411111")
    predict(payments, amount="5")
    first, second = store.predictions
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.event_id == second.event_id == "tx_1"
    assert (first.event_type_name, first.event_timestamp, first.prediction_timestamp) == (
        EVENT_TYPE,
        EVENT_TIME,
        NOW,
    )
    assert (first.detector_id, first.detector_version_id, first.detector_version_status) == (
        DETECTOR,
        "1",
        "ACTIVE",
    )
    assert (first.rule_execution_mode, first.entity_type, first.entity_id) == (
        "FIRST_MATCHED",
        "customer",
        "cust_1",
    )
    assert first.variables == (
        ("amount", "6000", "EVENT"),
        ("card_bin", "411111", "EVENT"),
        ("email_address", "<unknown>", "DEFAULT"),
        ("ip_address", "0.0.0.0", "DEFAULT"),
    )
    assert first.values == {
        "amount": 6000.0,
        "card_bin": "411111",
        "email_address": "<unknown>",
        "ip_address": "0.0.0.0",
    }
    assert [rule.rule_id for rule in first.rules] == ["big_amount", "any_amount", "huge_amount"]
    assert (first.evaluated, first.matched, first.outcomes) == (1, [True], ["review"])
    assert (second.evaluated, second.matched, second.outcomes) == (
        2,
        [False, True],
        ["approve", "review"],
    )
    assert first.model_evaluations == first.external_evaluations == []


def test_the_event_is_stored_when_ingestion_is_enabled(payments: Any) -> None:
    """[D] with eventIngestion ENABLED the event is stored as if sent with SendEvent,
    with the values sent."""
    predict(payments, amount="6000", card_bin="411111")
    event = payments.get_event(eventId="tx_1", eventTypeName=EVENT_TYPE)["event"]
    assert event == {
        "eventId": "tx_1",
        "eventTypeName": EVENT_TYPE,
        "eventTimestamp": EVENT_TIME,
        "eventVariables": {"amount": "6000", "card_bin": "411111"},
        "entities": [CUSTOMER],
    }


def test_no_event_is_stored_when_ingestion_is_disabled(client: Any, store: Store) -> None:
    """[D] with eventIngestion DISABLED predictions still answer, nothing is stored."""
    set_up_event_type(client, ingestion="DISABLED")
    create_version(client, create_rules(client, OVERLAPPING))
    assert outcomes(predict(client, amount="6000")) == ["review"]
    assert store.events == {}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_event(eventId="tx_1", eventTypeName=EVENT_TYPE)


def test_eventbridge_events_are_listed_when_orchestration_is_enabled(client: Any) -> None:
    """[D] eventBridgeEnabled -> an "Event Prediction Result Returned" event from
    aws.frauddetector per prediction; its detail is ours [I] (AWS publishes no schema)."""
    set_up_event_type(client, event_bridge=True)
    create_version(client, create_rules(client, OVERLAPPING))
    predict(client, amount="6000")
    predict(client, "tx_2", amount="1")
    emitted = get_backend().eventbridge
    assert [event["detail"]["eventId"] for event in emitted] == ["tx_1", "tx_2"]
    ids = [event.pop("id") for event in emitted]
    assert ids[0] != ids[1]
    assert all(re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", i) for i in ids)
    assert emitted[0] == {
        "version": "0",
        "detail-type": "Event Prediction Result Returned",
        "source": "aws.frauddetector",
        "account": "123456789012",
        "time": "2024-03-01T09:30:00Z",
        "region": "us-east-1",
        "resources": ["arn:aws:frauddetector:us-east-1:123456789012:detector-version/payments/1"],
        "detail": {
            "eventId": "tx_1",
            "eventTypeName": EVENT_TYPE,
            "eventTimestamp": EVENT_TIME,
            "entities": [CUSTOMER],
            "detectorId": DETECTOR,
            "detectorVersionId": "1",
            "predictionTimestamp": NOW,
            "outcomes": ["review"],
            "ruleResults": [{"ruleId": "big_amount", "outcomes": ["review"]}],
            "modelScores": [],
            "externalModelOutputs": [],
        },
    }


@pytest.mark.parametrize("event_bridge", [False, None])
def test_no_eventbridge_event_without_orchestration(client: Any, event_bridge: bool | None) -> None:
    set_up_event_type(client, event_bridge=event_bridge)
    create_version(client, create_rules(client, OVERLAPPING))
    predict(client, amount="6000")
    assert get_backend().eventbridge == []


def test_a_refused_call_emits_nothing(client: Any, store: Store) -> None:
    """A failed call changes nothing: no record, no stored event, no EventBridge event."""
    set_up_event_type(client, event_bridge=True)
    create_version(client, create_rules(client, OVERLAPPING))
    refused(
        lambda: client.get_event_prediction(**request(amount="x")),
        "ValidationException",
        unchanged=store,
    )
    assert get_backend().eventbridge == []


# What is worked out once per detector version follows every change ----------------------------


def test_a_new_default_applies_to_the_next_prediction(client: Any) -> None:
    set_up_event_type(client)
    create_version(client, create_rules(client, [("no_bin", '$card_bin == "000000"', ["review"])]))
    assert outcomes(predict(client, amount="1")) == ["review"]
    client.update_variable(name="card_bin", defaultValue="999999")
    assert outcomes(predict(client, amount="1")) == []


def test_a_variable_added_to_the_event_type_is_accepted_at_once(client: Any) -> None:
    set_up_event_type(client)
    create_version(client, create_rules(client, OVERLAPPING))
    client.create_variable(
        name="session_id", dataType="STRING", dataSource="EVENT", defaultValue="none"
    )
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["amount", "card_bin", "email_address", "ip_address", "session_id"],
        entityTypes=["customer"],
    )
    assert outcomes(predict(client, amount="5", session_id="s_1")) == ["approve", "review"]


def test_a_draft_updated_in_place_answers_with_its_new_rules(client: Any) -> None:
    set_up_event_type(client)
    rules = create_rules(client, OVERLAPPING)
    version = create_version(client, rules[:1], activate=False)
    assert outcomes(predict(client, version=version, amount="5")) == []
    client.update_detector_version(
        detectorId=DETECTOR,
        detectorVersionId=version,
        rules=rules[1:],
        externalModelEndpoints=[],
        ruleExecutionMode="ALL_MATCHED",
    )
    assert outcomes(predict(client, version=version, amount="6000")) == [
        "approve",
        "review",
        "block",
    ]


def test_the_plan_of_a_version_is_reused_until_something_changes(
    payments: Any, store: Store
) -> None:
    """Speed: nothing is worked out again per call; a change builds a new plan."""
    version = store.detectors[DETECTOR].versions["1"]
    predict(payments)
    plan = store.plans[version]
    predict(payments, amount="7")
    assert store.plans[version] is plan
    payments.update_variable(name="email_address", defaultValue="<none>")
    predict(payments)
    assert store.plans[version] is not plan


# Text that is not Unicode -----------------------------------------------------------------------


def test_an_unpaired_surrogate_is_refused_and_nothing_is_recorded(
    payments: Any, store: Store
) -> None:
    """A value, an event id or an entity id holding "\\ud800" alone (JSON can carry it) is a
    ValidationException naming the member; no prediction, no stored event (docs/behaviour.md,
    "Stored events")."""
    texts = "is not valid Unicode: it holds an unpaired UTF-16 surrogate (\\ud800 at character"
    end = "); send whole characters, or surrogates in pairs."
    refused(
        lambda: predict(payments, email_address="\ud800"),
        "ValidationException",
        f"The value of the event variable 'email_address' {texts} 1{end}",
        unchanged=store,
    )
    refused(
        lambda: predict(payments, "tx_\ud800"),
        "ValidationException",
        f"The eventId {texts} 4{end}",
        unchanged=store,
    )
    assert store.predictions == [] and store.events == {}


def test_an_unpaired_surrogate_sent_raw_answers_400_not_500(payments: Any, store: Store) -> None:
    """Through the raw JSON path, below botocore: the same refusal, and nothing recorded."""

    body = json.dumps(request(email_address="\ud800", amount="5")).replace("\\ud800", "\\uD800")
    before = len(get_backend().calls)
    reply = service.answer(
        get_backend(), "AWSHawksNestServiceFacade.GetEventPrediction", body, "us-east-1"
    )
    assert reply.status == 400 and reply.error is not None
    assert (reply.error.code, reply.error.message) == (
        "ValidationException",
        "The value of the event variable 'email_address' is not valid Unicode: it holds an "
        "unpaired UTF-16 surrogate (\\ud800 at character 1); send whole characters, or "
        "surrogates in pairs.",
    )
    assert store.predictions == [] and store.events == {}
    assert [call.status for call in get_backend().calls[before:]] == [400]
