"""The names the concurrency workload uses, and the records every actor starts from.

One event type (``purchase``: amount, email), a shared detector whose version 1 is ACTIVE and
reads a list nobody changes, and for each actor a detector of its own with rules ``blk`` (its
own list) and ``amt`` (versions 1 to 3, one threshold each).
"""

from __future__ import annotations

from typing import Any

EVENT_TYPE = "purchase"
ENTITY_TYPE = "customer"
SHARED_DETECTOR = "shared_det"
SHARED_RULE = "shared_rule"  # every actor adds versions to it
STATIC_LIST = "static_blk"  # read by the shared detector's rules, never changed
SHARED_LIST = "shared_list"  # every actor appends and removes entries of its own
BAD_EMAIL = "bad@x.com"
EMAILS = (BAD_EMAIL, "a@x.com", "b@x.com", "c@x.com")
AMOUNTS = (50.0, 300.0, 700.0, 1000.0)
THRESHOLDS = {"1": 100.0, "2": 500.0, "3": 900.0}  # versions of each actor's ``amt`` rule
SHARED_THRESHOLD = 500.0
EVENT_TIME = "2024-03-01T09:00:00Z"
POOL_VARIABLES = ("pool_v0", "pool_v1", "pool_v2")
POOL_LABELS = ("pool_l0", "pool_l1")
POOL_LISTS = ("pool_list0", "pool_list1")
POOL_DETECTORS = ("pool_det0", "pool_det1")
OWN_VARIABLES = 8
OWN_LABELS = 4
OWN_LISTS = 3
OWN_RULES = 2
MAX_OWN_VERSIONS = 5
ACTIVE_TO = {("DRAFT", "ACTIVE"), ("ACTIVE", "INACTIVE"), ("INACTIVE", "ACTIVE")}

MODES = ("FIRST_MATCHED", "ALL_MATCHED")
SHARED_RULES = [
    {"detectorId": SHARED_DETECTOR, "ruleId": "bl", "ruleVersion": "1"},
    {"detectorId": SHARED_DETECTOR, "ruleId": "hi", "ruleVersion": "1"},
]


# The records every actor starts from ----------------------------------------------------------


def set_up(client: Any, actors: int) -> None:
    """The event type, the shared detector (version 1 ACTIVE) and each actor's own detector."""
    client.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0")
    client.create_variable(name="email", dataType="STRING", dataSource="EVENT", defaultValue="-")
    client.put_entity_type(name=ENTITY_TYPE)
    for name in ("fraud", "legit"):
        client.put_label(name=name)
    for name in ("block", "review"):
        client.put_outcome(name=name)
    client.put_event_type(
        name=EVENT_TYPE,
        eventVariables=["amount", "email"],
        entityTypes=[ENTITY_TYPE],
        labels=["fraud", "legit"],
        eventIngestion="DISABLED",
        eventOrchestration={"eventBridgeEnabled": True},
    )
    client.create_list(name=STATIC_LIST, elements=[BAD_EMAIL])
    client.create_list(name=SHARED_LIST, elements=[])
    client.put_detector(detectorId=SHARED_DETECTOR, eventTypeName=EVENT_TYPE)
    for rule_id, expression, outcome in (
        ("bl", f"$email in @{STATIC_LIST}", "block"),
        ("hi", f"$amount > {SHARED_THRESHOLD}", "review"),
        (SHARED_RULE, "$amount > 1", "review"),
    ):
        _rule(client, SHARED_DETECTOR, rule_id, expression, outcome)
    client.create_detector_version(detectorId=SHARED_DETECTOR, rules=SHARED_RULES)
    client.update_detector_version_status(
        detectorId=SHARED_DETECTOR, detectorVersionId="1", status="ACTIVE"
    )
    for index in range(actors):
        detector, blocklist = f"t{index}_det", f"t{index}_blk"
        client.create_list(name=blocklist, elements=[])
        client.put_detector(detectorId=detector, eventTypeName=EVENT_TYPE)
        _rule(client, detector, "blk", f"$email in @{blocklist}", "block")
        _rule(client, detector, "amt", f"$amount > {THRESHOLDS['1']}", "review")
        for number in ("2", "3"):
            client.update_rule_version(
                # A new version builds on the latest one: "1", then "2".
                rule={"detectorId": detector, "ruleId": "amt", "ruleVersion": str(int(number) - 1)},
                expression=f"$amount > {THRESHOLDS[number]}",
                language="DETECTORPL",
                outcomes=["review"],
            )


def _rule(client: Any, detector: str, rule_id: str, expression: str, outcome: str) -> None:
    client.create_rule(
        ruleId=rule_id,
        detectorId=detector,
        expression=expression,
        language="DETECTORPL",
        outcomes=[outcome],
    )
