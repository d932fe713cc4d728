"""What actors do to shared records: each changes only its own part of a shared record (exact
in the end), or contends on a small pool of names (checked for invariants)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from tests.hardening.actor import (
    Actor,
    attempt,
    expected_rule_ids,
    ok,
    prediction_params,
    rule_ids,
    walk,
)
from tests.hardening.workload_world import (
    BAD_EMAIL,
    EVENT_TYPE,
    MAX_OWN_VERSIONS,
    MODES,
    POOL_DETECTORS,
    POOL_LABELS,
    POOL_LISTS,
    POOL_VARIABLES,
    SHARED_DETECTOR,
    SHARED_LIST,
    SHARED_RULE,
    SHARED_RULES,
    SHARED_THRESHOLD,
)

# Shared records: each actor changes only its part --------------------------------------------


def shared_tags(actor: Actor) -> None:
    arn = actor.shared_arn
    key = f"{actor.prefix}k{actor.rng.randrange(4)}"
    choice = actor.rng.random()
    if choice < 0.5:
        value = actor.stamp()
        ok(actor, "tag_resource", resourceARN=arn, tags=[{"key": key, "value": value}])
        actor.shared_tags[key] = value
    elif choice < 0.8:
        ok(actor, "untag_resource", resourceARN=arn, tagKeys=[key])
        actor.shared_tags.pop(key, None)
    else:
        tags = ok(actor, "list_tags_for_resource", resourceARN=arn)["tags"]
        mine = {t["key"]: t["value"] for t in tags if t["key"].startswith(actor.prefix)}
        assert mine == actor.shared_tags, (mine, actor.shared_tags)


def shared_list(actor: Actor) -> None:
    entries = {f"{actor.prefix}e{actor.rng.randrange(5)}" for _ in range(2)}
    choice = actor.rng.random()
    if choice < 0.8:
        mode = actor.rng.choice(("APPEND", "REMOVE"))
        ok(actor, "update_list", name=SHARED_LIST, elements=sorted(entries), updateMode=mode)
        if mode == "APPEND":
            actor.shared_entries |= entries
        else:
            actor.shared_entries -= entries
    else:
        found = ok(actor, "get_list_elements", name=SHARED_LIST)["elements"]
        assert len(found) == len(set(found)), found
        mine = {entry for entry in found if entry.startswith(actor.prefix)}
        assert mine == actor.shared_entries, (mine, actor.shared_entries)


def shared_rule(actor: Actor) -> None:
    """Everyone adds versions to one rule. A new version builds on the latest one, which the
    others keep moving: a refusal names the latest (docs/behaviour.md, "Rules"), and the actor
    tries again on it, as pipelines do."""
    base = "1"
    for _ in range(1000):
        actor.calls += 1
        try:
            made = actor.client.update_rule_version(
                rule={"detectorId": SHARED_DETECTOR, "ruleId": SHARED_RULE, "ruleVersion": base},
                expression="$amount > 1",
                language="DETECTORPL",
                outcomes=["review"],
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ValidationException":
                raise
            actor.errors["UpdateRuleVersion:ValidationException"] += 1
            actor.refusals["UpdateRuleVersion:ValidationException"] += 1
            base = error.response["Error"]["Message"].split(".")[0].rsplit(" ", 1)[-1]
            continue
        actor.shared_rule_versions.append(made["rule"]["ruleVersion"])
        return
    raise AssertionError(f"actor {actor.index}: never reached the latest version of the rule")


def shared_detector_version(actor: Actor) -> None:
    """Everyone creates, activates and deactivates versions of the shared detector; each deletes
    only its own, so the versions left are exactly those made and not deleted."""
    choice = actor.rng.random()
    if choice < 0.3 and len(actor.shared_versions) < MAX_OWN_VERSIONS:
        made = ok(
            actor,
            "create_detector_version",
            detectorId=SHARED_DETECTOR,
            rules=SHARED_RULES,
            ruleExecutionMode=actor.rng.choice(MODES),
        )
        actor.shared_versions.append(made["detectorVersionId"])
        actor.shared_versions_made.append(made["detectorVersionId"])
    elif choice < 0.7:
        newest = max(map(int, actor.shared_versions_made), default=1)
        number = str(actor.rng.randint(1, newest))
        target = actor.rng.choice(("ACTIVE", "INACTIVE"))
        attempt(
            actor,
            frozenset({"ConflictException", "ResourceNotFoundException"}),
            "update_detector_version_status",
            detectorId=SHARED_DETECTOR,
            detectorVersionId=number,
            status=target,
        )
    elif choice < 0.85 and actor.shared_versions:
        number = actor.rng.choice(actor.shared_versions)
        deleted = attempt(
            actor,
            frozenset({"ConflictException"}),
            "delete_detector_version",
            detectorId=SHARED_DETECTOR,
            detectorVersionId=number,
        )
        if deleted is not None:
            actor.shared_versions.remove(number)
            actor.shared_versions_deleted.append(number)
    else:
        found = ok(actor, "describe_detector", detectorId=SHARED_DETECTOR)
        summaries = found["detectorVersionSummaries"]
        numbers = [s["detectorVersionId"] for s in summaries]
        assert len(numbers) == len(set(numbers)), numbers
        assert sum(s["status"] == "ACTIVE" for s in summaries) <= 1, summaries
        assert set(actor.shared_versions) <= set(numbers), (actor.shared_versions, numbers)


def shared_prediction(actor: Actor) -> None:
    """Whichever version is active, the answer is one of the two its rules can give."""
    params, amount, email = prediction_params(actor, SHARED_DETECTOR)
    response = attempt(
        actor, frozenset({"ResourceNotFoundException"}), "get_event_prediction", **params
    )
    if response is None:
        return
    actor.predictions += 1
    rules = [("bl", email == BAD_EMAIL), ("hi", amount > SHARED_THRESHOLD)]
    possible = [expected_rule_ids(mode, rules) for mode in MODES]
    assert rule_ids(response) in possible, (response, possible)


# The contended pool: any actor creates and deletes any of a few names -----------------------


def pool(actor: Actor) -> None:
    kind = actor.rng.randrange(4)
    stamp = actor.stamp()
    if kind == 0:
        name = actor.rng.choice(POOL_VARIABLES)
        what = actor.rng.randrange(3)
        if what == 0:
            made = attempt(
                actor,
                frozenset({"ValidationException"}),
                "create_variable",
                name=name,
                dataType="STRING",
                dataSource="EVENT",
                defaultValue=stamp,
            )
            if made is not None:
                actor.pool_creates[name] += 1
                actor.wrote(name, stamp)
        elif what == 1:
            done = attempt(
                actor,
                frozenset({"ResourceNotFoundException"}),
                "update_variable",
                name=name,
                defaultValue=stamp,
            )
            if done is not None:
                actor.wrote(name, stamp)
        else:
            ok(actor, "delete_variable", name=name)
    elif kind == 1:
        name = actor.rng.choice(POOL_LABELS)
        if actor.rng.random() < 0.6:
            ok(actor, "put_label", name=name, description=stamp)
            actor.wrote(name, stamp)
        else:
            ok(actor, "delete_label", name=name)
    elif kind == 2:
        name = actor.rng.choice(POOL_LISTS)
        what = actor.rng.randrange(3)
        if what == 0:
            made = attempt(
                actor,
                frozenset({"ValidationException"}),
                "create_list",
                name=name,
                elements=[stamp],
            )
            if made is not None:
                actor.pool_creates[name] += 1
                actor.wrote(name, stamp)
        elif what == 1:
            done = attempt(
                actor,
                frozenset({"ResourceNotFoundException"}),
                "update_list",
                name=name,
                elements=[stamp],
                updateMode="REPLACE",
            )
            if done is not None:
                actor.wrote(name, stamp)
        else:
            ok(actor, "delete_list", name=name)
    else:
        name = actor.rng.choice(POOL_DETECTORS)
        what = actor.rng.randrange(4)
        if what == 0:
            ok(actor, "put_detector", detectorId=name, eventTypeName=EVENT_TYPE, description=stamp)
            actor.wrote(name, stamp)
        elif what == 1:
            attempt(actor, frozenset({"ConflictException"}), "delete_detector", detectorId=name)
        elif what == 2:
            attempt(
                actor,
                frozenset({"ValidationException"}),
                "create_rule",
                ruleId="r",
                detectorId=name,
                expression="$amount > 0",
                language="DETECTORPL",
                outcomes=["review"],
            )
        else:
            ok(actor, "delete_rule", rule={"detectorId": name, "ruleId": "r", "ruleVersion": "1"})


# Listings walked page by page while everyone changes them -------------------------------------


def walks(actor: Actor) -> None:
    kind = actor.rng.randrange(4)
    if kind == 0:
        items = walk(actor, "get_variables", "variables", maxResults=50)
        found = {v["name"]: v["defaultValue"] for v in items if v["name"].startswith(actor.prefix)}
        expected: Any = actor.variables
    elif kind == 1:
        items = walk(actor, "get_labels", "labels", maxResults=10)
        found = {v["name"] for v in items if v["name"].startswith(actor.prefix)}
        expected = actor.labels
    elif kind == 2:
        items = walk(actor, "get_lists_metadata", "lists", maxResults=5)
        found = {v["name"] for v in items if v["name"].startswith(f"{actor.prefix}list")}
        expected = set(actor.lists)
    else:
        items = walk(actor, "get_detectors", "detectors", maxResults=5)
        names = {v["detectorId"] for v in items}
        found = {actor.detector, SHARED_DETECTOR} & names
        expected = {actor.detector, SHARED_DETECTOR}
    keys = [item.get("name") or item.get("detectorId") for item in items]
    assert len(keys) == len(set(keys)), f"a page walk repeated an item: {keys}"
    assert keys == sorted(keys), keys
    assert found == expected, (found, expected)
