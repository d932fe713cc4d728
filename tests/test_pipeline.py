"""The real-time fraud prevention pipeline of AWS's blog (Kafka, Flink, Lambda) in miniature.

A seeded producer writes synthetic transactions shaped like the blog's sample record to a
``transactions`` topic; a processor calls GetEventPrediction on the detector without naming a
version (the blog: "we don't specify a detector version in our call"), and writes each result to
``processed_transactions``; consumers route the outcomes: ``block`` raises an alert,
``investigate`` goes to a review queue, ``approve`` passes.

Mid-stream the fraud team publishes new rules: new rule versions, a new detector version,
activated. Later transactions follow the new rules with no change to the processor. Every count
is derived from what the producer knows it generated (AWS API reference: "GetEventPrediction";
docs/behaviour.md, "Prediction history").
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

DETECTOR = "transaction_fraud_detector"  # the blog's defaults
EVENT_TYPE = "transaction_event"
ENTITY_TYPE = "customer"
DENY_BINS = ["423768", "510510", "601100"]
CLEAN_BINS = ["411111", "520082", "371449", "400551"]
DISPOSABLE = ["mailinator.com", "tempmail.com"]
WELL_KNOWN = ["example.com", "example.org", "example.net"]
STATES = ["VA", "NY", "CA", "TX", "WA"]
SURNAMES = ["Zamzam", "Hammouda", "Rivera", "Okafor", "Lindqvist"]
CATEGORIES = ["misc_pos", "grocery_pos", "travel", "shopping_net", "gas_transport"]

# What the producer makes, one trait per transaction; the expected outcome of each trait under
# the first and under the second set of rules.
KINDS: dict[str, tuple[str, str]] = {
    "normal": ("approve", "approve"),  # amount 1-250, clean card, ordinary email
    "anonymous": ("approve", "approve"),  # email and ip empty, as in the blog's sample record
    "denied_bin": ("block", "block"),  # a BIN of the deny list
    "denied_bin_big": ("block", "block"),  # deny-list BIN and a big amount: BIN rule first
    "big": ("investigate", "investigate"),  # amount above 500
    "mid": ("approve", "investigate"),  # 250 < amount <= 500: only the new threshold catches it
    "at_500": ("approve", "investigate"),  # exactly 500: not above the old threshold
    "disposable": ("investigate", "block"),  # disposable email domain, small amount
}
WEIGHTS = [40, 6, 8, 3, 10, 12, 3, 8]


@dataclass(frozen=True)
class Transaction:
    """A record of the ``transactions`` topic (the blog's sample fields) and its known truth."""

    record: dict[str, Any]
    kind: str


def produce(seed: int, count: int) -> Iterator[Transaction]:
    """Synthetic transactions, the same for the same seed (the blog uses faker and random)."""
    rng = random.Random(seed)
    for n in range(count):
        kind = rng.choices(list(KINDS), WEIGHTS)[0]
        amount: float = round(rng.uniform(1, 250), 2)
        card_bin = rng.choice(CLEAN_BINS)
        domain = rng.choice(WELL_KNOWN)
        if kind in ("denied_bin", "denied_bin_big"):
            card_bin = rng.choice(DENY_BINS)
        if kind in ("big", "denied_bin_big"):
            amount = round(rng.uniform(500.01, 5000), 2)
        elif kind == "mid":
            amount = round(rng.uniform(250.01, 500), 2)
        elif kind == "at_500":
            amount = 500
        elif kind == "disposable":
            domain = rng.choice(DISPOSABLE)
        user = f"synthetic{rng.randrange(10_000)}"
        ip = f"10.{n // 256}.{n % 256}.{rng.randrange(1, 255)}"
        uuid = "-".join(f"{rng.getrandbits(4 * d):0{d}x}" for d in (8, 4, 4, 4, 12))
        ssn = f"{rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}"
        record = {
            "transaction_amt": amount,
            "email_address": "" if kind == "anonymous" else f"{user}@{domain}".upper(),
            "ip_address": "" if kind == "anonymous" else ip,
            "transaction_currency": "USD",
            "event_id": uuid,
            "entity_id": ssn,
            "event_time": f"2021-11-09T22:{n // 60:02d}:{n % 60:02d}.{rng.randrange(100000):05d}",
            "billing_state": rng.choice(STATES),
            "card_bin": card_bin,
            "customer_name": f"Synthetic {rng.choice(SURNAMES)}",
            "product_category": rng.choice(CATEGORIES),
        }
        yield Transaction(record, kind)


# The event variables the detector knows: (name, data type, variable type, default).
VARIABLES = [
    ("transaction_amt", "FLOAT", "PRICE", "0.0"),
    ("email_address", "STRING", "EMAIL_ADDRESS", "<unknown>"),
    ("ip_address", "STRING", "IP_ADDRESS", "<unknown>"),
    ("transaction_currency", "STRING", "CURRENCY_CODE", "USD"),
    ("billing_state", "STRING", "BILLING_STATE", "<unknown>"),
    ("card_bin", "STRING", "CARD_BIN", "000000"),
    ("product_category", "STRING", "PRODUCT_CATEGORY", "<unknown>"),
]
DISPOSABLE_EMAIL = r'regex_match(".*@(mailinator|tempmail)\.com", lowercase($email_address))'
RULES_V1 = [
    ("denied_bin", "$card_bin in @deny_card_bins", "block"),
    ("high_amount", "$transaction_amt > 500", "investigate"),
    ("disposable_email", DISPOSABLE_EMAIL, "investigate"),
    ("approve_rest", "$transaction_amt >= 0", "approve"),
]
# The fraud team's update: a lower amount threshold, and disposable emails now blocked.
RULES_V2 = {
    "high_amount": ("$transaction_amt > 250", "investigate"),
    "disposable_email": (DISPOSABLE_EMAIL, "block"),
}


def set_up_detector(client: Any) -> None:
    for name, data_type, variable_type, default in VARIABLES:
        client.create_variable(
            name=name,
            dataType=data_type,
            dataSource="EVENT",
            defaultValue=default,
            variableType=variable_type,
        )
    client.put_entity_type(name=ENTITY_TYPE)
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=[name for name, *_ in VARIABLES],
        entityTypes=[ENTITY_TYPE],
    )
    client.create_list(name="deny_card_bins", elements=DENY_BINS, variableType="CARD_BIN")
    for outcome in ("block", "investigate", "approve"):
        client.put_outcome(name=outcome)
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    for rule_id, expression, outcome in RULES_V1:
        client.create_rule(
            ruleId=rule_id,
            detectorId=DETECTOR,
            expression=expression,
            language="DETECTORPL",
            outcomes=[outcome],
        )
    client.create_detector_version(
        detectorId=DETECTOR,
        rules=[{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": "1"} for r, *_ in RULES_V1],
    )
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="1", status="ACTIVE"
    )


def publish_new_rules(client: Any) -> None:
    """New rule versions and a new detector version, activated; the processor is not told."""
    rules = []
    for rule_id, *_ in RULES_V1:
        version = "1"
        if rule_id in RULES_V2:
            expression, outcome = RULES_V2[rule_id]
            version = client.update_rule_version(
                rule={"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "1"},
                expression=expression,
                language="DETECTORPL",
                outcomes=[outcome],
            )["rule"]["ruleVersion"]
        rules.append({"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": version})
    # Disposable emails are checked before amounts from now on.
    rules[1], rules[2] = rules[2], rules[1]
    created = client.create_detector_version(detectorId=DETECTOR, rules=rules)
    created.pop("ResponseMetadata")
    assert created == {"detectorId": DETECTOR, "detectorVersionId": "2", "status": "DRAFT"}
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId="2", status="ACTIVE"
    )


def processor(client: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The Flink UDF: one GetEventPrediction per transaction, the active version implied."""
    known = {name for name, *_ in VARIABLES}

    def process(record: dict[str, Any]) -> dict[str, Any]:
        response = client.get_event_prediction(
            detectorId=DETECTOR,
            eventId=record["event_id"],
            eventTypeName=EVENT_TYPE,
            # The sample's event_time has no zone; the producer writes UTC.
            eventTimestamp=record["event_time"][:19] + "Z",
            entities=[{"entityType": ENTITY_TYPE, "entityId": record["entity_id"]}],
            # Empty fields are left out (a value has at least one character): defaults apply.
            eventVariables={
                name: str(value) for name, value in record.items() if name in known and value != ""
            },
        )
        outcomes = [o for result in response["ruleResults"] for o in result["outcomes"]]
        return {**record, "outcomes": outcomes}

    return process


@dataclass
class Consumers:
    """The downstream consumers of ``processed_transactions``."""

    alerts: list[str]
    review_queue: list[str]
    passed: list[str]

    def consume(self, processed: dict[str, Any]) -> None:
        outcomes = processed["outcomes"]
        if "block" in outcomes:
            self.alerts.append(processed["event_id"])
        elif "investigate" in outcomes:
            self.review_queue.append(processed["event_id"])
        elif "approve" in outcomes:
            self.passed.append(processed["event_id"])
        else:
            raise AssertionError(f"no outcome for {processed['event_id']}")


SEED = 2021
TOTAL = 240
SWITCH_AT = 120  # transactions read before the new rules are published


@pytest.fixture
def pipeline(frauddetector: Any) -> Any:
    frauddetector.backend.clock.freeze("2021-11-09T23:00:00.000Z")
    set_up_detector(frauddetector.client)
    return frauddetector


def test_new_rules_reach_the_stream_without_touching_the_processor(pipeline: Any) -> None:
    client = pipeline.client
    transactions = list(produce(SEED, TOTAL))
    topic: deque[dict[str, Any]] = deque(t.record for t in transactions)
    processed_topic: deque[dict[str, Any]] = deque()
    process = processor(client)
    consumers = [Consumers([], [], []), Consumers([], [], [])]  # before / after the new rules

    for n in range(TOTAL):
        if n == SWITCH_AT:
            publish_new_rules(client)
        processed_topic.append(process(topic.popleft()))
        consumers[int(n >= SWITCH_AT)].consume(processed_topic.popleft())
        pipeline.backend.clock.advance(0.5)

    for phase, (consumer, batch) in enumerate(
        zip(consumers, (transactions[:SWITCH_AT], transactions[SWITCH_AT:]), strict=True)
    ):
        expected: dict[str, list[str]] = {"block": [], "investigate": [], "approve": []}
        for t in batch:
            expected[KINDS[t.kind][phase]].append(t.record["event_id"])
        assert consumer.alerts == expected["block"]
        assert consumer.review_queue == expected["investigate"]
        assert consumer.passed == expected["approve"]

    # The generator's known truth, counted: every kind occurs in both halves of the stream.
    before = Counter(t.kind for t in transactions[:SWITCH_AT])
    after = Counter(t.kind for t in transactions[SWITCH_AT:])
    assert set(before) == set(after) == set(KINDS)
    assert [len(consumers[0].alerts), len(consumers[1].alerts)] == [
        before["denied_bin"] + before["denied_bin_big"],
        after["denied_bin"] + after["denied_bin_big"] + after["disposable"],
    ]
    assert [len(consumers[0].review_queue), len(consumers[1].review_queue)] == [
        before["big"] + before["disposable"],
        after["big"] + after["mid"] + after["at_500"],
    ]
    assert [len(consumers[0].passed), len(consumers[1].passed)] == [
        before["normal"] + before["anonymous"] + before["mid"] + before["at_500"],
        after["normal"] + after["anonymous"],
    ]

    # The prediction history saw every call, newest first, each with the version it used.
    summaries: list[dict[str, Any]] = []
    params: dict[str, Any] = {"detectorId": {"value": DETECTOR}, "maxResults": 100}
    while True:
        page = client.list_event_predictions(**params)
        summaries += page["eventPredictionSummaries"]
        if "nextToken" not in page:
            break
        params["nextToken"] = page["nextToken"]
    ids = [t.record["event_id"] for t in transactions]
    assert [s["eventId"] for s in summaries] == ids[::-1]
    assert [s["detectorVersionId"] for s in summaries] == ["2"] * (TOTAL - SWITCH_AT) + [
        "1"
    ] * SWITCH_AT
    assert summaries[0]["predictionTimestamp"] == "2021-11-09T23:01:59.500Z"
    assert summaries[-1]["predictionTimestamp"] == "2021-11-09T23:00:00.000Z"
    # Without a filter only the most recent prediction is listed (docs/behaviour.md,
    # "Prediction history").
    latest = client.list_event_predictions()["eventPredictionSummaries"]
    assert latest == [summaries[0]]
