"""What a store must hold after the workload: exactly what the actors' successful calls imply.

Read through the API (a client of the store's account and region) and, where the API does not
show it, from the store itself.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from frauddetector_mock.store import Store
from tests.hardening.actor import Actor, expected_rule_ids
from tests.hardening.workload_world import (
    BAD_EMAIL,
    POOL_DETECTORS,
    POOL_LABELS,
    POOL_LISTS,
    POOL_VARIABLES,
    SHARED_DETECTOR,
    SHARED_LIST,
    SHARED_RULE,
    SHARED_THRESHOLD,
    STATIC_LIST,
)

OUTCOME_OF = {"bl": "block", "hi": "review"}
OWN = re.compile(r"t[0-9]+_")  # the names of the actors' namespaces


def pages(client: Any, method: str, member: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = getattr(client, method)(**params, **({"nextToken": token} if token else {}))
        items.extend(page[member])
        token = page.get("nextToken")
        if not token:
            return items


def check_store(client: Any, store: Store, actors: list[Actor]) -> None:
    """Every check of one store; ``client`` answers for the store's account and region."""
    assert not [bad for actor in actors for bad in actor.unmodelled], "unmodelled errors"
    scope = f":{store.region}:{store.account_id}:"
    check_variables(client, actors, scope)
    check_labels(client, actors, scope)
    check_lists(client, actors, scope)
    check_shared_detector(client, store, actors)
    check_rules(client, actors, scope)
    check_own_detectors(client, store, actors)
    check_pool_detectors(client, actors, scope)
    check_predictions(store, actors)
    check_arns(store, scope)


def _writes(actors: list[Actor], name: str) -> set[str]:
    return {value for actor in actors for value in actor.pool_writes.get(name, ())}


def _created(actors: list[Actor], name: str) -> int:
    return sum(actor.pool_creates[name] for actor in actors)


def check_variables(client: Any, actors: list[Actor], scope: str) -> None:
    items = pages(client, "get_variables", "variables", maxResults=50)
    found = {v["name"]: v["defaultValue"] for v in items}
    assert len(found) == len(items)
    expected = {name: value for actor in actors for name, value in actor.variables.items()}
    own = {name: value for name, value in found.items() if OWN.match(name)}
    assert own == expected
    for name in POOL_VARIABLES:
        if name in found:  # made by a successful create, last written by a successful call
            assert _created(actors, name) >= 1, name
            assert found[name] in _writes(actors, name), (name, found[name])
    assert set(found) <= {"amount", "email", *expected, *POOL_VARIABLES}
    assert all(scope in v["arn"] for v in items)


def check_labels(client: Any, actors: list[Actor], scope: str) -> None:
    items = pages(client, "get_labels", "labels", maxResults=10)
    names = [label["name"] for label in items]
    assert len(names) == len(set(names))
    expected = {name for actor in actors for name in actor.labels}
    assert {name for name in names if OWN.match(name)} == expected
    for label in items:
        if label["name"] in POOL_LABELS:
            assert label["description"] in _writes(actors, label["name"]), label
    assert set(names) <= {"fraud", "legit", *expected, *POOL_LABELS}
    assert all(scope in label["arn"] for label in items)


def _elements(client: Any, name: str) -> list[str]:
    elements: list[str] = client.get_list_elements(name=name, maxResults=5000)["elements"]
    return elements


def check_lists(client: Any, actors: list[Actor], scope: str) -> None:
    items = pages(client, "get_lists_metadata", "lists", maxResults=5)
    names = {item["name"] for item in items}
    assert len(names) == len(items)
    expected = {name: entries for actor in actors for name, entries in actor.lists.items()}
    blocklists = {actor.blocklist: actor.blocked for actor in actors}
    assert {name for name in names if OWN.match(name) and name not in blocklists} == set(expected)
    for name, entries in {**expected, **blocklists}.items():
        assert set(_elements(client, name)) == entries, name
    shared = _elements(client, SHARED_LIST)
    assert len(shared) == len(set(shared))
    assert set(shared) == {entry for actor in actors for entry in actor.shared_entries}
    assert _elements(client, STATIC_LIST) == [BAD_EMAIL]
    for name in POOL_LISTS:
        if name in names:
            assert _created(actors, name) >= 1, name
            (entry,) = _elements(client, name)
            assert entry in _writes(actors, name), (name, entry)
    assert names <= {STATIC_LIST, SHARED_LIST, *expected, *blocklists, *POOL_LISTS}
    assert all(scope in item["arn"] for item in items)


def check_shared_detector(client: Any, store: Store, actors: list[Actor]) -> None:
    """Version numbers given once each, without gaps; the versions left are those made and not
    deleted; at most one ACTIVE."""
    made = ["1"] + [number for actor in actors for number in actor.shared_versions_made]
    assert len(made) == len(set(made)), Counter(made).most_common(3)
    last = store.detectors[SHARED_DETECTOR].last_version_number
    assert sorted(map(int, made)) == list(range(1, last + 1))
    deleted = {number for actor in actors for number in actor.shared_versions_deleted}
    summaries = client.describe_detector(detectorId=SHARED_DETECTOR)["detectorVersionSummaries"]
    assert {s["detectorVersionId"] for s in summaries} == set(made) - deleted
    assert sum(s["status"] == "ACTIVE" for s in summaries) <= 1
    arn = store.detectors[SHARED_DETECTOR].arn
    tags = client.list_tags_for_resource(resourceARN=arn)["tags"]
    expected = {key: value for actor in actors for key, value in actor.shared_tags.items()}
    assert {tag["key"]: tag["value"] for tag in tags} == expected


def check_rules(client: Any, actors: list[Actor], scope: str) -> None:
    """Every actor's rules exactly; the shared rule's versions numbered 1..n once each."""
    items = pages(client, "get_rules", "ruleDetails", detectorId=SHARED_DETECTOR, maxResults=50)
    versions: dict[str, list[int]] = {}
    for rule in items:
        versions.setdefault(rule["ruleId"], []).append(int(rule["ruleVersion"]))
        assert scope in rule["arn"]
    shared = [number for actor in actors for number in actor.shared_rule_versions]
    assert len(shared) == len(set(shared))
    assert versions.pop(SHARED_RULE) == list(range(1, len(shared) + 2))
    assert versions.pop("bl") == versions.pop("hi") == [1]
    expected = {rule: sorted(numbers) for actor in actors for rule, numbers in actor.rules.items()}
    assert versions == expected


def check_own_detectors(client: Any, store: Store, actors: list[Actor]) -> None:
    for actor in actors:
        found = client.describe_detector(detectorId=actor.detector)["detectorVersionSummaries"]
        statuses = {s["detectorVersionId"]: s["status"] for s in found}
        assert statuses == {n: v.status for n, v in actor.versions.items()}, actor.index
        assert store.detectors[actor.detector].last_version_number == actor.last_version


def check_pool_detectors(client: Any, actors: list[Actor], scope: str) -> None:
    items = pages(client, "get_detectors", "detectors", maxResults=5)
    ids = [item["detectorId"] for item in items]
    assert len(ids) == len(set(ids))
    own = {actor.detector for actor in actors}
    assert set(ids) - set(POOL_DETECTORS) == {SHARED_DETECTOR, *own}
    for item in items:
        assert scope in item["arn"]
        if item["detectorId"] in POOL_DETECTORS:
            assert item["description"] in _writes(actors, item["detectorId"]), item


def check_predictions(store: Store, actors: list[Actor]) -> None:
    """One record per successful prediction; each of the shared detector's follows from its
    version's mode and the values sent."""
    assert len(store.predictions) == sum(actor.predictions for actor in actors)
    numbers = [p.sequence for p in store.predictions]
    assert len(numbers) == len(set(numbers))
    for record in store.predictions:
        if record.detector_id != SHARED_DETECTOR:
            continue
        amount, email = record.values["amount"], record.values["email"]
        assert isinstance(amount, float)
        hits = [("bl", email == BAD_EMAIL), ("hi", amount > SHARED_THRESHOLD)]
        rules = expected_rule_ids(record.rule_execution_mode, hits)
        assert list(record.outcomes) == [OUTCOME_OF[rule] for rule in rules], record


def check_arns(store: Store, scope: str) -> None:
    """Every record of the store names the store's own account and region."""
    records: list[Any] = [
        *store.labels.values(),
        *store.outcomes.values(),
        *store.entity_types.values(),
        *store.variables.values(),
        *store.event_types.values(),
        *store.lists.values(),
    ]
    for detector in store.detectors.values():
        records.extend((detector, *detector.versions.values(), *detector.rule_versions()))
    assert all(scope in record.arn for record in records)
