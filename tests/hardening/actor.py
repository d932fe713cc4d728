"""An actor of the concurrency workload: one thread's client, random source and record of
what its successful calls did; and how it calls, so that only the errors it allows pass."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError

from frauddetector_mock.spec import modelled_error_codes, service_model
from tests.hardening.workload_world import AMOUNTS, EMAILS, ENTITY_TYPE, EVENT_TIME, EVENT_TYPE

OPERATION_OF = {xform_name(name): name for name in service_model().operation_names}


@dataclass
class OwnVersion:
    """A version of an actor's own detector: rules ``blk`` version 1, then ``amt`` version
    ``amt`` (workload_world.THRESHOLDS), run in ``mode``."""

    status: str
    mode: str
    amt: str


@dataclass
class Actor:
    """One thread of the workload and what its successful calls did."""

    index: int
    client: Any
    rng: random.Random
    shared_arn: str  # the shared detector's
    # The actor's namespace, exactly as its successful calls left it.
    variables: dict[str, str] = field(default_factory=dict)  # name -> default value
    labels: set[str] = field(default_factory=set)
    lists: dict[str, set[str]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)  # entries of its detector's list
    versions: dict[str, OwnVersion] = field(default_factory=dict)  # of its own detector
    last_version: int = 0
    rules: dict[str, list[int]] = field(default_factory=dict)  # its rules on the shared detector
    # Its parts of the shared records.
    shared_entries: set[str] = field(default_factory=set)
    shared_tags: dict[str, str] = field(default_factory=dict)
    shared_versions: list[str] = field(default_factory=list)  # made by it and not deleted
    shared_versions_made: list[str] = field(default_factory=list)
    shared_versions_deleted: list[str] = field(default_factory=list)
    shared_rule_versions: list[str] = field(default_factory=list)
    # The contended pool: every value a successful call wrote, and successful creations.
    pool_writes: dict[str, set[str]] = field(default_factory=dict)
    pool_creates: Counter[str] = field(default_factory=Counter)
    predictions: int = 0
    calls: int = 0
    errors: Counter[str] = field(default_factory=Counter)  # "Operation:Code"
    refusals: Counter[str] = field(default_factory=Counter)  # those it knew it would get
    unmodelled: list[str] = field(default_factory=list)
    step: int = 0

    @property
    def prefix(self) -> str:
        return f"t{self.index}_"

    @property
    def detector(self) -> str:
        return f"t{self.index}_det"

    @property
    def blocklist(self) -> str:
        return f"t{self.index}_blk"

    def stamp(self) -> str:
        """A value no other call writes: which actor wrote it, and when."""
        return f"t{self.index}#{self.step}"

    def wrote(self, name: str, value: str) -> None:
        self.pool_writes.setdefault(name, set()).add(value)


# Calling -------------------------------------------------------------------------------------


def attempt(actor: Actor, allowed: frozenset[str], method: str, **params: Any) -> Any:
    """The response, or None when the call failed with one of ``allowed``. Any other error fails
    the run; an error the operation does not model is also kept for the final check."""
    actor.calls += 1
    try:
        return getattr(actor.client, method)(**params)
    except ClientError as error:
        operation = error.operation_name
        code = error.response["Error"]["Code"]
        actor.errors[f"{operation}:{code}"] += 1
        if code not in modelled_error_codes(operation):
            actor.unmodelled.append(f"{operation}:{code}")
        if code not in allowed:
            message = error.response["Error"].get("Message")
            failure = f"actor {actor.index}: {method}{params} -> {code}: {message}"
            raise AssertionError(failure) from error
        return None


def ok(actor: Actor, method: str, **params: Any) -> Any:
    return attempt(actor, frozenset(), method, **params)


def refused(actor: Actor, code: str, method: str, **params: Any) -> None:
    """Call, expecting exactly the error ``code``."""
    response = attempt(actor, frozenset({code}), method, **params)
    assert response is None, f"actor {actor.index}: {method}{params} succeeded; expected {code}"
    actor.refusals[f"{OPERATION_OF[method]}:{code}"] += 1


def walk(actor: Actor, method: str, member: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated listing, page by page, while others change it."""
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = ok(actor, method, **params, **({"nextToken": token} if token else {}))
        items.extend(page[member])
        token = page.get("nextToken")
        if not token:
            return items


def expected_rule_ids(mode: str, rules: list[tuple[str, bool]]) -> list[str]:
    """The ruleIds a prediction answers, from each rule's (ruleId, matched) in version order."""
    matched = [rule_id for rule_id, hit in rules if hit]
    return matched if mode == "ALL_MATCHED" else matched[:1]


def prediction_params(actor: Actor, detector: str) -> tuple[dict[str, Any], float, str]:
    amount, email = actor.rng.choice(AMOUNTS), actor.rng.choice(EMAILS)
    params = {
        "detectorId": detector,
        "eventId": f"{actor.prefix}{actor.step}",
        "eventTypeName": EVENT_TYPE,
        "entities": [{"entityType": ENTITY_TYPE, "entityId": f"c{actor.index}"}],
        "eventTimestamp": EVENT_TIME,
        "eventVariables": {"amount": str(amount), "email": email},
    }
    return params, amount, email


def rule_ids(response: dict[str, Any]) -> list[str]:
    return [result["ruleId"] for result in response["ruleResults"]]
