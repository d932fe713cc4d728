"""``frauddetector-mock demo``: the real-time fraud prevention pipeline of AWS's blog, on the mock.

Set-up as AWS's guides do it, with a model trained on a month of labelled past transactions,
then a seeded producer streams transactions to a processor that calls GetEventPrediction without
naming a version, writes ``processed_transactions.jsonl`` and raises an alert for every
``block``. Half-way, investigators' labels for the transactions seen so far join the history, a
model version retrained on it and a new detector version are activated while the stream keeps
flowing. A summary against the generator's truth (printed, and written as ``summary.txt`` and
``summary.json``) and a dashboard image end it.

Here the processor is a loop in this process (``--engine inprocess``); flink_engine.py runs the
same stream through a PyFlink job instead (``--engine flink``), with this module's set-up.

The rules read the model score on the service's scale, where a threshold's score says how many
legitimate transactions it lets past: 900 flags about 2 % of them, 700 about 7 %. So ``block`` is
900 and up, ``investigate`` (review) 700 and up.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from frauddetector_mock.demo.dashboard import Rules, write_dashboard
from frauddetector_mock.demo.stream import DENIED_BINS, STREAM_START, Transaction, produce
from frauddetector_mock.demo.summary import Summary
from frauddetector_mock.messages import extras as extra_messages
from frauddetector_mock.mock import mock_frauddetector

REGION = "us-east-1"
DETECTOR = "transaction_fraud_detector"
EVENT_TYPE = "transaction_event"
MODEL = "fraud_model"
MODEL_TYPE = "ONLINE_FRAUD_INSIGHTS"
VARIABLES = (
    ("transaction_amt", "FLOAT", "PRICE", "0.0"),
    ("transaction_currency", "STRING", "CURRENCY_CODE", "USD"),
    ("email_address", "STRING", "EMAIL_ADDRESS", "<unknown>"),
    ("ip_address", "STRING", "IP_ADDRESS", "<unknown>"),
    ("card_bin", "STRING", "CARD_BIN", "<unknown>"),
    ("billing_state", "STRING", "BILLING_STATE", "<unknown>"),
    ("billing_city", "STRING", "BILLING_CITY", "<unknown>"),
    ("billing_zip", "STRING", "BILLING_ZIP", "<unknown>"),
    ("user_agent", "STRING", "USERAGENT", "<unknown>"),
    ("product_category", "STRING", "PRODUCT_CATEGORY", "<unknown>"),
)
SCORE = f"${MODEL}_insightscore"
DISPOSABLE = r'regex_match(".*@(mailinator|tempmail)\.com", lowercase($email_address))'
# (rule id, expression, outcome) per detector version; FIRST_MATCHED, so order matters.
RULES_V1 = (
    ("denied_card_bin", "$card_bin in @denied_card_bins", "block"),
    ("high_score", f"{SCORE} >= 900", "block"),
    ("review", f"{SCORE} >= 700 or {DISPOSABLE}", "investigate"),
    ("approve_rest", f"{SCORE} >= 0", "approve"),
)
RULES_V2 = (
    ("denied_card_bin", "$card_bin in @denied_card_bins", "block"),
    ("high_score", f"{SCORE} >= 900", "block"),
    ("large_and_risky", f"$transaction_amt >= 500 and {SCORE} >= 750", "block"),
    ("review", f"{SCORE} >= 700 or {DISPOSABLE}", "investigate"),
    ("approve_rest", f"{SCORE} >= 0", "approve"),
)
HISTORY = 3000  # labelled past transactions, April 2024; the stream starts on 1 May
HISTORY_START = "2024-04-01T00:00:00Z"
# Mean seconds between past transactions: 3,000 of them end about 29 April, before the stream.
HISTORY_GAP = 28 * 86400 / HISTORY


def training_window(end: str) -> dict[str, Any]:
    return {"ingestedEventsTimeWindow": {"startTime": HISTORY_START, "endTime": end}}


def set_up(client: Any, seed: int) -> str:
    """Resources, history and the first model and detector versions; returns the detector
    version id."""
    for name, data_type, variable_type, default in VARIABLES:
        client.create_variable(
            name=name,
            dataType=data_type,
            dataSource="EVENT",
            defaultValue=default,
            variableType=variable_type,
        )
    client.put_entity_type(name="customer", description="a card holder")
    client.put_label(name="fraud", description="confirmed fraud")
    client.put_label(name="legit", description="legitimate")
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=[name for name, *_ in VARIABLES],
        labels=["fraud", "legit"],
        entityTypes=["customer"],
        eventIngestion="ENABLED",  # predictions are stored, to be labelled and trained on later
    )
    for outcome, description in (
        ("block", "refuse the payment"),
        ("investigate", "send to review"),
        ("approve", "let it through"),
    ):
        client.put_outcome(name=outcome, description=description)
    client.create_list(
        name="denied_card_bins",
        elements=list(DENIED_BINS),
        variableType="CARD_BIN",
        description="card BINs seen in stolen card dumps",
    )
    client.create_model(modelId=MODEL, modelType=MODEL_TYPE, eventTypeName=EVENT_TYPE)
    client.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    store_history(client, seed)
    return publish(client, RULES_V1, training_window(STREAM_START.strftime("%Y-%m-%dT%H:%M:%SZ")))


def store_history(client: Any, seed: int) -> None:
    """A month of past transactions with the labels investigations gave them (SendEvent)."""
    start = datetime.fromisoformat(HISTORY_START.replace("Z", "+00:00"))
    for past in produce(HISTORY, seed + 1_000_003, start, HISTORY_GAP):
        client.send_event(
            eventId=f"past_{past.event_id}",
            eventTypeName=EVENT_TYPE,
            eventTimestamp=past.event_time,
            eventVariables=past.fields,
            entities=[{"entityType": "customer", "entityId": past.entity_id}],
            assignedLabel="fraud" if past.fraud else "legit",
            labelTimestamp=past.event_time,
        )


def label_seen(client: Any, seen: list[Transaction], now: str) -> None:
    """Investigators' verdicts, given at ``now``, on the transactions processed so far
    (UpdateEventLabel)."""
    for transaction in seen:
        client.update_event_label(
            eventId=transaction.event_id,
            eventTypeName=EVENT_TYPE,
            assignedLabel="fraud" if transaction.fraud else "legit",
            labelTimestamp=now,
        )


def publish(client: Any, rules: tuple[tuple[str, str, str], ...], window: dict[str, Any]) -> str:
    """Train and activate a model version on the labelled events of ``window``, then a
    detector version of ``rules`` on it; returns the new detector version id."""
    model_version = client.create_model_version(
        modelId=MODEL,
        modelType=MODEL_TYPE,
        trainingDataSchema={
            "modelVariables": [name for name, *_ in VARIABLES],
            "labelSchema": {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]}},
        },
        trainingDataSource="INGESTED_EVENTS",
        ingestedEventsDetail=window,
    )["modelVersionNumber"]
    detail = client.describe_model_versions(
        modelId=MODEL, modelType=MODEL_TYPE, modelVersionNumber=model_version
    )["modelVersionDetails"][0]
    metrics = detail["trainingResult"].get("trainingMetrics")
    learned = f"AUC {metrics['auc']:.3f} on held-out events" if metrics else "no model learned"
    print(f"  trained model version {model_version}: {learned}")
    client.update_model_version_status(
        modelId=MODEL, modelType=MODEL_TYPE, modelVersionNumber=model_version, status="ACTIVE"
    )
    existing = {rule["ruleId"] for rule in client.get_rules(detectorId=DETECTOR)["ruleDetails"]}
    references = []
    for rule_id, expression, outcome in rules:
        if rule_id in existing:
            rule = client.update_rule_version(
                rule={"detectorId": DETECTOR, "ruleId": rule_id, "ruleVersion": "1"},
                expression=expression,
                language="DETECTORPL",
                outcomes=[outcome],
            )["rule"]
        else:
            rule = client.create_rule(
                ruleId=rule_id,
                detectorId=DETECTOR,
                expression=expression,
                language="DETECTORPL",
                outcomes=[outcome],
            )["rule"]
        references.append(rule)
    version: str = client.create_detector_version(
        detectorId=DETECTOR,
        rules=references,
        modelVersions=[
            {"modelId": MODEL, "modelType": MODEL_TYPE, "modelVersionNumber": model_version}
        ],
    )["detectorVersionId"]
    client.update_detector_version_status(
        detectorId=DETECTOR, detectorVersionId=version, status="ACTIVE"
    )
    print(f"  published model version {model_version} and detector version {version} (ACTIVE)")
    return version


def process(client: Any, transaction: Transaction) -> dict[str, Any]:
    """The stream processor's work on one transaction: score it, and say what to do."""
    response = client.get_event_prediction(
        detectorId=DETECTOR,
        eventId=transaction.event_id,
        eventTypeName=EVENT_TYPE,
        eventTimestamp=transaction.event_time,
        entities=[{"entityType": "customer", "entityId": transaction.entity_id}],
        eventVariables=transaction.fields,
    )
    outcomes = [o for result in response["ruleResults"] for o in result["outcomes"]]
    scores = response["modelScores"][0]["scores"] if response["modelScores"] else {}
    return {
        "event_id": transaction.event_id,
        "event_time": transaction.event_time,
        "entity_id": transaction.entity_id,
        **transaction.fields,
        "outcome": outcomes[0] if outcomes else "none",
        "rule": response["ruleResults"][0]["ruleId"] if response["ruleResults"] else None,
        "model_score": scores.get(f"{MODEL}_insightscore"),
    }


# The demo extra's (module, package): without scikit-learn the demo would run, learn nothing and
# score every transaction with the default scorer, so it refuses to start instead.
DEMO_EXTRA = (("boto3", "boto3"), ("sklearn", "scikit-learn"))


def missing_packages(extra: tuple[tuple[str, str], ...] = DEMO_EXTRA) -> list[str]:
    """The packages of ``extra`` ((module, package) pairs; the demo's) that do not import."""
    missing = []
    for module, package in extra:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    return missing


def run(count: int = 400, seed: int = 7, output: Path | None = None) -> int:
    missing = missing_packages()
    if missing:
        print(extra_messages.needs_extra("The demo", missing, "demo"), file=sys.stderr)
        return 2
    # boto3 is the demo extra's; the command line's other commands load without it.
    import boto3

    output = output or Path.cwd() / "frauddetector-demo"
    output.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    seen: list[Transaction] = []
    with mock_frauddetector() as mock:
        client = boto3.client("frauddetector", region_name=REGION)
        print(f"Set-up (as AWS's guides), with {HISTORY} labelled past transactions:")
        rules: dict[str, Rules] = {set_up(client, seed): RULES_V1}
        store = mock.backend.store(REGION)
        print(f"Streaming {count} transactions (seed {seed}) through the processor:")
        with (
            (output / "processed_transactions.jsonl").open("w") as processed,
            (output / "alerts.jsonl").open("w") as alerts,
        ):
            for index, transaction in enumerate(produce(count, seed)):
                if index == count // 2:
                    print(f"  after {index} transactions, labelled and retrained on:")
                    label_seen(client, seen, transaction.event_time)
                    window = training_window(seen[-1].event_time)
                    rules[publish(client, RULES_V2, window)] = RULES_V2
                seen.append(transaction)
                record = process(client, transaction)
                record["detector_version"] = store.predictions[-1].detector_version_id
                record["fraud"] = transaction.fraud
                route(record, processed, alerts, summary)
    finish(summary, output, rules)
    return 0


def route(record: dict[str, Any], processed: TextIO, alerts: TextIO, summary: Summary) -> None:
    """The consumers of a processed transaction: its line in ``processed``, an alert for a
    ``block`` (the blocker) and the summary's count."""
    processed.write(json.dumps(record) + "\n")
    if record["outcome"] == "block":
        alerts.write(json.dumps(alert(record)) + "\n")
    summary.add(record)


def finish(summary: Summary, output: Path, rules: Mapping[str, Rules]) -> None:
    """The summary, printed and written into ``output``, where each file is, and the
    dashboard."""
    text = summary.render()
    (output / "summary.txt").write_text(text + "\n")
    (output / "summary.json").write_text(json.dumps(summary.as_dict(), indent=2) + "\n")
    print()
    print(text)
    print()
    print(f"Processed transactions: {output / 'processed_transactions.jsonl'}")
    print(f"Alerts:                 {output / 'alerts.jsonl'}")
    print(f"Summary:                {output / 'summary.txt'} and summary.json")
    print(write_dashboard(summary, output / "dashboard.png", rules))


def alert(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "alert": "transaction blocked",
        "event_id": record["event_id"],
        "entity_id": record["entity_id"],
        "amount": record["transaction_amt"],
        "rule": record["rule"],
        "model_score": record["model_score"],
        "detector_version": record["detector_version"],
    }
