"""What an actor does in its own namespace: only it changes these records, so it knows every
answer before the call (the error included) and checks it."""

from __future__ import annotations

from tests.hardening.actor import (
    Actor,
    OwnVersion,
    expected_rule_ids,
    ok,
    prediction_params,
    refused,
    rule_ids,
)
from tests.hardening.workload_world import (
    ACTIVE_TO,
    EMAILS,
    MAX_OWN_VERSIONS,
    MODES,
    OWN_LABELS,
    OWN_LISTS,
    OWN_RULES,
    OWN_VARIABLES,
    SHARED_DETECTOR,
    THRESHOLDS,
)


def own_variable(actor: Actor) -> None:
    name = f"{actor.prefix}v{actor.rng.randrange(OWN_VARIABLES)}"
    if name not in actor.variables:
        if actor.rng.random() < 0.2:
            refused(
                actor, "ResourceNotFoundException", "update_variable", name=name, defaultValue="x"
            )
            return
        ok(
            actor,
            "create_variable",
            name=name,
            dataType="STRING",
            dataSource="EVENT",
            defaultValue="d0",
        )
        actor.variables[name] = "d0"
        return
    choice = actor.rng.random()
    if choice < 0.15:
        refused(
            actor,
            "ValidationException",
            "create_variable",
            name=name,
            dataType="STRING",
            dataSource="EVENT",
            defaultValue="d0",
        )
    elif choice < 0.6:
        default = f"d{actor.step}"
        ok(actor, "update_variable", name=name, defaultValue=default)
        actor.variables[name] = default
    elif choice < 0.8:
        found = ok(actor, "get_variables", name=name)["variables"]
        assert [(v["name"], v["defaultValue"]) for v in found] == [(name, actor.variables[name])], (
            found
        )
    else:
        ok(actor, "delete_variable", name=name)
        del actor.variables[name]


def own_label(actor: Actor) -> None:
    name = f"{actor.prefix}l{actor.rng.randrange(OWN_LABELS)}"
    if actor.rng.random() < 0.6:
        ok(actor, "put_label", name=name, description=actor.stamp())
        actor.labels.add(name)
    else:
        ok(actor, "delete_label", name=name)
        actor.labels.discard(name)


def own_list(actor: Actor) -> None:
    name = f"{actor.prefix}list{actor.rng.randrange(OWN_LISTS)}"
    entries = {f"e{actor.rng.randrange(6)}" for _ in range(2)}
    if name not in actor.lists:
        if actor.rng.random() < 0.2:
            refused(
                actor,
                "ResourceNotFoundException",
                "update_list",
                name=name,
                elements=sorted(entries),
                updateMode="APPEND",
            )
            return
        ok(actor, "create_list", name=name, elements=sorted(entries))
        actor.lists[name] = set(entries)
        return
    choice = actor.rng.random()
    if choice < 0.1:
        refused(actor, "ValidationException", "create_list", name=name)
    elif choice < 0.6:
        mode = actor.rng.choice(("APPEND", "REMOVE"))
        ok(actor, "update_list", name=name, elements=sorted(entries), updateMode=mode)
        if mode == "APPEND":
            actor.lists[name] |= entries
        else:
            actor.lists[name] -= entries
    elif choice < 0.85:
        found = ok(actor, "get_list_elements", name=name)["elements"]
        assert sorted(found) == sorted(actor.lists[name]), (found, actor.lists[name])
    else:
        ok(actor, "delete_list", name=name)
        del actor.lists[name]


def own_detector_version(actor: Actor) -> None:
    choice = actor.rng.random()
    alive = sorted(actor.versions, key=int)
    if choice < 0.3 and len(alive) < MAX_OWN_VERSIONS:
        amt, mode = actor.rng.choice(sorted(THRESHOLDS)), actor.rng.choice(MODES)
        rules = [
            {"detectorId": actor.detector, "ruleId": "blk", "ruleVersion": "1"},
            {"detectorId": actor.detector, "ruleId": "amt", "ruleVersion": amt},
        ]
        made = ok(
            actor,
            "create_detector_version",
            detectorId=actor.detector,
            rules=rules,
            ruleExecutionMode=mode,
        )
        actor.last_version += 1
        assert made["detectorVersionId"] == str(actor.last_version), made
        actor.versions[made["detectorVersionId"]] = OwnVersion("DRAFT", mode, amt)
    elif choice < 0.75 and alive:
        number = actor.rng.choice(alive)
        target = actor.rng.choice(("ACTIVE", "INACTIVE"))
        version = actor.versions[number]
        params = {"detectorId": actor.detector, "detectorVersionId": number, "status": target}
        if (version.status, target) not in ACTIVE_TO:
            refused(actor, "ConflictException", "update_detector_version_status", **params)
            return
        ok(actor, "update_detector_version_status", **params)
        if target == "ACTIVE":
            for other in actor.versions.values():
                if other.status == "ACTIVE":
                    other.status = "INACTIVE"
        version.status = target
    elif alive:
        number = actor.rng.choice(alive)
        params = {"detectorId": actor.detector, "detectorVersionId": number}
        if actor.versions[number].status == "ACTIVE":
            refused(actor, "ConflictException", "delete_detector_version", **params)
        else:
            ok(actor, "delete_detector_version", **params)
            del actor.versions[number]
    elif actor.last_version:
        gone = str(actor.rng.randint(1, actor.last_version))
        refused(
            actor,
            "ResourceNotFoundException",
            "update_detector_version_status",
            detectorId=actor.detector,
            detectorVersionId=gone,
            status="ACTIVE",
        )


def own_prediction(actor: Actor) -> None:
    """Its own detector's answer follows from its own records alone."""
    params, amount, email = prediction_params(actor, actor.detector)
    active = [v for v in actor.versions.values() if v.status == "ACTIVE"]
    if not active:
        refused(actor, "ResourceNotFoundException", "get_event_prediction", **params)
        return
    (version,) = active
    rules = [("blk", email in actor.blocked), ("amt", amount > THRESHOLDS[version.amt])]
    response = ok(actor, "get_event_prediction", **params)
    actor.predictions += 1
    assert rule_ids(response) == expected_rule_ids(version.mode, rules), (response, version)


def own_blocklist(actor: Actor) -> None:
    entries = {actor.rng.choice(EMAILS)}
    mode = actor.rng.choice(("APPEND", "REMOVE"))
    ok(actor, "update_list", name=actor.blocklist, elements=sorted(entries), updateMode=mode)
    actor.blocked = actor.blocked | entries if mode == "APPEND" else actor.blocked - entries


def own_rule(actor: Actor) -> None:
    """Its rules on the shared detector: numbered one above the highest remaining."""
    rule_id = f"{actor.prefix}r{actor.rng.randrange(OWN_RULES)}"
    versions = actor.rules.get(rule_id)
    rule = {"detectorId": SHARED_DETECTOR, "ruleId": rule_id}
    body = {
        "expression": f"$amount > {actor.step}",
        "language": "DETECTORPL",
        "outcomes": ["review"],
    }
    if versions is None:
        made = ok(actor, "create_rule", ruleId=rule_id, detectorId=SHARED_DETECTOR, **body)
        assert made["rule"]["ruleVersion"] == "1", made
        actor.rules[rule_id] = [1]
        return
    choice = actor.rng.random()
    if choice < 0.1:
        refused(
            actor,
            "ValidationException",
            "create_rule",
            ruleId=rule_id,
            detectorId=SHARED_DETECTOR,
            **body,
        )
    elif choice < 0.5 and len(versions) < 4:
        base = str(actor.rng.choice(versions))
        if base != str(max(versions)):  # a new version builds on the latest one only
            refused(
                actor,
                "ValidationException",
                "update_rule_version",
                rule={**rule, "ruleVersion": base},
                **body,
            )
            base = str(max(versions))
        made = ok(actor, "update_rule_version", rule={**rule, "ruleVersion": base}, **body)
        assert made["rule"]["ruleVersion"] == str(max(versions) + 1), (made, versions)
        versions.append(max(versions) + 1)
    elif choice < 0.7:
        found = ok(actor, "get_rules", detectorId=SHARED_DETECTOR, ruleId=rule_id)
        numbers = [int(r["ruleVersion"]) for r in found["ruleDetails"]]
        assert numbers == sorted(versions), (numbers, versions)
    else:
        number = actor.rng.choice(versions)
        ok(actor, "delete_rule", rule={**rule, "ruleVersion": str(number)})
        versions.remove(number)
        if not versions:
            del actor.rules[rule_id]
