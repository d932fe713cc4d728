"""Rules and rule versions: CreateRule, UpdateRuleVersion, UpdateRuleMetadata, GetRules,
DeleteRule (docs/behaviour.md, "Rules", "Pagination")."""

from __future__ import annotations

from typing import Any

import pytest

from frauddetector_mock import get_backend
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.conftest import NOW
from tests.store.snapshot import snapshot

LATER = "2024-03-01T09:35:00.250Z"
ARN = "arn:aws:frauddetector:us-east-1:123456789012:rule/"
DET = "det"


@pytest.fixture
def env(client: Any) -> Any:
    """A detector on event type ``signup`` (variables email, amount), outcomes review/approve,
    an EVENT variable outside the event type, a SageMaker score variable, a list ``deny``."""
    for name, data_type, source, default in (
        ("email", "STRING", "EVENT", "<null>"),
        ("amount", "FLOAT", "EVENT", "0.0"),
        ("ip", "STRING", "EVENT", "<null>"),
        ("score", "FLOAT", "EXTERNAL_MODEL_SCORE", "0.0"),
    ):
        client.create_variable(
            name=name, dataType=data_type, dataSource=source, defaultValue=default
        )
    client.put_entity_type(name="customer")
    client.put_event_type(
        name="signup", eventVariables=["email", "amount"], entityTypes=["customer"]
    )
    client.put_detector(detectorId=DET, eventTypeName="signup")
    client.put_outcome(name="review")
    client.put_outcome(name="approve")
    client.create_list(name="deny")
    return client


def create(client: Any, rule_id: str = "r", expression: str = "$amount > 100", **extra: Any) -> Any:
    return client.create_rule(
        ruleId=rule_id,
        detectorId=extra.pop("detectorId", DET),
        expression=expression,
        language="DETECTORPL",
        outcomes=extra.pop("outcomes", ["review"]),
        **extra,
    )


def ref(rule_id: str = "r", version: str = "1", detector_id: str = DET) -> dict[str, str]:
    return {"detectorId": detector_id, "ruleId": rule_id, "ruleVersion": version}


def update(
    client: Any, rule: dict[str, str], expression: str = "$amount > 500", **extra: Any
) -> Any:
    return client.update_rule_version(
        rule=rule,
        expression=expression,
        language="DETECTORPL",
        outcomes=extra.pop("outcomes", ["approve"]),
        **extra,
    )


def versions(client: Any, **filters: Any) -> list[tuple[str, str]]:
    details = client.get_rules(detectorId=DET, **filters)["ruleDetails"]
    return [(d["ruleId"], d["ruleVersion"]) for d in details]


def later() -> None:
    get_backend().clock.advance(minutes=5)


# CreateRule


def test_create_rule(env: Any, store: Store) -> None:
    """CreateRule makes version "1" and answers its reference; the ARN per version."""
    response = create(
        env,
        description="big amounts",
        outcomes=["review", "approve"],
        tags=[{"key": "team", "value": "risk"}],
    )
    assert response["rule"] == {"detectorId": DET, "ruleId": "r", "ruleVersion": "1"}
    assert env.get_rules(detectorId=DET)["ruleDetails"] == [
        {
            "ruleId": "r",
            "description": "big amounts",
            "detectorId": DET,
            "ruleVersion": "1",
            "expression": "$amount > 100",
            "language": "DETECTORPL",
            "outcomes": ["review", "approve"],
            "lastUpdatedTime": NOW,
            "createdTime": NOW,
            "arn": ARN + "det/r/1",
        }
    ]
    record = store.detectors[DET].rules["r"]["1"]
    assert record.tags == {"team": "risk"}
    assert record.compiled.expression == "$amount > 100"
    assert record.compiled.variables == frozenset({"amount"})


def test_description_is_optional(env: Any) -> None:
    create(env)
    assert "description" not in env.get_rules(detectorId=DET)["ruleDetails"][0]


def test_score_variables_need_not_be_in_the_event_type(env: Any) -> None:
    """Only EVENT variables are checked against the event type at CreateRule (docs/behaviour.md,
    "Rules")."""
    create(env, expression='$score > 0.9 and $email in @deny and $email != "x"')
    assert versions(env) == [("r", "1")]


def test_create_in_a_missing_detector(env: Any, store: Store) -> None:
    """CreateRule models no ResourceNotFoundException."""
    refused(
        lambda: env.create_rule(
            ruleId="r",
            detectorId="absent",
            expression="$amount > 1",
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        "The detector 'absent' does not exist.",
        unchanged=store,
    )


def test_create_an_existing_rule(env: Any, store: Store) -> None:
    """The same ruleId again in the same detector is refused with the service's own text, which
    pipeline scripts compare verbatim (aws-samples/amazon-fraud-detector-end-to-end,
    scripts/setup_detector.py); later versions do not change the answer."""
    create(env)
    update(env, ref())
    error = refused(
        lambda: env.create_rule(
            ruleId="r",
            detectorId=DET,
            expression="$amount > 1",
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        "Failed to save rule since it already exists.",
        unchanged=store,
    )
    assert error.response["message"] == "Failed to save rule since it already exists."


def test_the_same_rule_id_in_another_detector(env: Any) -> None:
    env.put_detector(detectorId="other", eventTypeName="signup")
    create(env)
    create(env, detectorId="other")
    assert env.get_rules(detectorId="other")["ruleDetails"][0]["arn"] == ARN + "other/r/1"


INVALID = [
    # (expression, outcomes, message)
    ("$amount > 1", ["review", "gone"], "The outcome 'gone' does not exist."),
    (
        "$amount >",
        ["review"],
        "Rule expression is invalid at column 10: expected a value, found the end of the "
        "expression",
    ),
    (
        "$missing > 1",
        ["review"],
        "Rule expression is invalid at column 1: variable 'missing' does not exist",
    ),
    (
        "$email in @absent",
        ["review"],
        "Rule expression is invalid at column 11: list 'absent' does not exist",
    ),
    (
        '$amount == "x"',
        ["review"],
        "Rule expression is invalid at column 9: cannot compare FLOAT with STRING",
    ),
    (
        '$ip == "1.2.3.4"',
        ["review"],
        "The variable 'ip' is not a variable of the event type 'signup' of detector 'det'.",
    ),
]


@pytest.mark.parametrize(("expression", "outcomes", "message"), INVALID)
def test_create_refuses(
    env: Any, store: Store, expression: str, outcomes: list[str], message: str
) -> None:
    """Outcomes must exist; the expression is parsed and checked against the
    variables and lists that exist; EVENT variables must belong to the detector's event type."""
    refused(
        lambda: env.create_rule(
            ruleId="r",
            detectorId=DET,
            expression=expression,
            language="DETECTORPL",
            outcomes=outcomes,
        ),
        "ValidationException",
        message,
        unchanged=store,
    )


def test_at_most_3_lists_per_rule(env: Any, store: Store) -> None:
    """A rule uses at most 3 distinct lists (AWS user guide: "Quotas")."""
    for name in ("l1", "l2", "l3"):
        env.create_list(name=name)
    create(env, "three", "$email in @deny or $email in @l1 or $email not in @l2 or $email in @deny")
    refused(
        lambda: env.create_rule(
            ruleId="four",
            detectorId=DET,
            expression="$email in @deny or $email in @l1 or $email in @l2 or $email in @l3",
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        "A rule can have at most 3 lists",
        unchanged=store,
    )


def test_at_most_30_lists_per_detector(env: Any, store: Store) -> None:
    """30 distinct lists across the rule versions of a detector (AWS user guide: "Quotas")."""
    names = [f"l{i:02d}" for i in range(31)]
    for name in names:
        env.create_list(name=name)
    for i in range(10):  # 30 lists, in versions of two rules
        expression = " or ".join(f"$email in @{n}" for n in names[3 * i : 3 * i + 3])
        if i < 5:
            create(env, f"r{i}", expression)
        else:
            update(env, ref("r0", str(i - 4)), expression)  # from the latest version
    create(env, "reuse", "$email in @l00 or $email in @l29")  # lists already counted
    params = {
        "detectorId": DET,
        "expression": "$email in @l30",
        "language": "DETECTORPL",
        "outcomes": ["review"],
    }
    refused(
        lambda: env.create_rule(ruleId="new", **params),
        "ValidationException",
        "The rules of detector 'det' would use more than 30 lists; a detector can use at most 30.",
        unchanged=store,
    )
    del params["detectorId"]
    refused(
        lambda: env.update_rule_version(rule=ref("r1"), **params),
        "ValidationException",
        unchanged=store,
    )
    env.put_detector(detectorId="other", eventTypeName="signup")
    create(env, "new", "$email in @l30", detectorId="other")  # the limit is per detector


def test_quota_counts_rule_versions(env: Any, store: Store) -> None:
    """5000 rules per account (AWS user guide: "Quotas"); each version counts (our choice),
    across detectors."""
    env.put_detector(detectorId="other", eventTypeName="signup")
    create(env, detectorId="other")
    create(env)
    for version in range(1, 4999):
        update(env, ref("r", str(version)))
    assert len(store.detectors[DET].rules["r"]) == 4999
    refused(
        lambda: env.create_rule(
            ruleId="new",
            detectorId=DET,
            expression="$amount > 1",
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        "The quota of 5000 rules per account and region has been reached.",
        unchanged=store,
    )
    refused(
        lambda: env.update_rule_version(
            rule=ref("r", "4999"),
            expression="$amount > 1",
            language="DETECTORPL",
            outcomes=["review"],
        ),
        "ValidationException",
        unchanged=store,
    )
    env.delete_rule(rule=ref("r", "4999"))
    create(env, "new")


# UpdateRuleVersion


def test_update_makes_the_next_version(env: Any, store: Store) -> None:
    """Never edits in place; the new version is one above the highest existing one."""
    create(env, description="first", tags=[{"key": "a", "value": "1"}])
    later()
    response = update(env, ref(), tags=[{"key": "b", "value": "2"}])
    assert response["rule"] == {"detectorId": DET, "ruleId": "r", "ruleVersion": "2"}
    assert update(env, ref("r", "2"), "$amount > 900")["rule"]["ruleVersion"] == "3"
    details = env.get_rules(detectorId=DET, ruleId="r")["ruleDetails"]
    assert details[0]["expression"] == "$amount > 100"  # version 1 is untouched
    assert details[1] == {
        "ruleId": "r",
        "detectorId": DET,
        "ruleVersion": "2",
        "expression": "$amount > 500",
        "language": "DETECTORPL",
        "outcomes": ["approve"],
        "lastUpdatedTime": LATER,
        "createdTime": LATER,
        "arn": ARN + "det/r/2",
    }  # the description is not carried over (our choice)
    assert store.detectors[DET].rules["r"]["2"].tags == {"b": "2"}


NOT_LATEST = (
    "The rule version {version} of rule 'r' is not the most recent version of the rule, "
    "whereas the most recent version is {latest}."
)


def test_update_after_deleting_the_top_version(env: Any, store: Store) -> None:
    """The latest version is the highest that exists: after DeleteRule of the top version, the
    one below it is the latest again and its number returns."""
    create(env)
    update(env, ref("r", "1"))
    update(env, ref("r", "2"))
    env.delete_rule(rule=ref("r", "3"))
    refused(
        lambda: update(env, ref("r", "3")),
        "ValidationException",
        NOT_LATEST.format(version="3", latest="2"),
        unchanged=store,
    )
    assert update(env, ref("r", "2"))["rule"]["ruleVersion"] == "3"
    env.delete_rule(rule=ref("r", "1"))
    assert update(env, ref("r", "3"))["rule"]["ruleVersion"] == "4"
    assert versions(env) == [("r", "2"), ("r", "3"), ("r", "4")]


@pytest.mark.parametrize("version", ["1", "2", "4", "9999"])
def test_update_builds_on_the_latest_version_only(env: Any, store: Store, version: str) -> None:
    """Any version but the latest, an older one or one that never existed, is a
    ValidationException ending in the latest number; nothing is created."""
    create(env)
    update(env, ref("r", "1"))
    update(env, ref("r", "2"))
    error = refused(
        lambda: update(env, ref("r", version)),
        "ValidationException",
        NOT_LATEST.format(version=version, latest="3"),
        unchanged=store,
    )
    # botocore fills the modelled shape's ``message`` from the body, beside Error.Message.
    assert error.response["message"] == NOT_LATEST.format(version=version, latest="3")
    assert versions(env) == [("r", "1"), ("r", "2"), ("r", "3")]


def test_the_latest_version_can_be_read_from_the_refusal(env: Any) -> None:
    """Pipelines find the latest version by asking for a new version of one that does not exist
    and reading the number that ends the first sentence of the answer
    (aws-samples/amazon-fraud-detector-end-to-end, scripts/setup_detector.py); then they build on
    it."""
    create(env)
    for version in range(1, 7):
        update(env, ref("r", str(version)))
    error = refused(lambda: update(env, ref("r", "99999")), "ValidationException")
    message = error.response["message"]
    assert "whereas the most recent version is" in message
    latest = message.split(".")[0].rsplit(" ", 1)[-1]
    assert latest == "7"
    assert update(env, ref("r", latest))["rule"]["ruleVersion"] == "8"


def test_a_stale_version_is_refused_before_the_expression_is_read(env: Any, store: Store) -> None:
    """The reference is checked before the new content: a stale version with an invalid
    expression answers the version's refusal."""
    create(env)
    update(env, ref("r", "1"))
    refused(
        lambda: update(env, ref("r", "1"), "$amount >"),
        "ValidationException",
        NOT_LATEST.format(version="1", latest="2"),
        unchanged=store,
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (ref("r", "1", "absent"), "The detector 'absent' does not exist."),
        (ref("other", "1"), "The rule 'other' does not exist in detector 'det'."),
    ],
)
def test_update_a_missing_rule(env: Any, store: Store, rule: dict[str, str], message: str) -> None:
    """A detector or rule that does not exist is a ResourceNotFoundException."""
    create(env)
    refused(
        lambda: env.update_rule_version(
            rule=rule, expression="$amount > 1", language="DETECTORPL", outcomes=["review"]
        ),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


@pytest.mark.parametrize(("expression", "outcomes", "message"), INVALID)
def test_update_refuses_like_create(
    env: Any, store: Store, expression: str, outcomes: list[str], message: str
) -> None:
    """The same checks as CreateRule."""
    create(env)
    refused(
        lambda: env.update_rule_version(
            rule=ref(), expression=expression, language="DETECTORPL", outcomes=outcomes
        ),
        "ValidationException",
        message,
        unchanged=store,
    )


# UpdateRuleMetadata


def test_update_metadata(env: Any) -> None:
    """Changes only the description of the given version."""
    create(env, description="old")
    update(env, ref(), description="second")
    later()
    response = env.update_rule_metadata(rule=ref(), description="new")
    assert set(response) == {"ResponseMetadata"}
    first, second = env.get_rules(detectorId=DET)["ruleDetails"]
    assert first["description"] == "new"
    assert (first["createdTime"], first["lastUpdatedTime"]) == (NOW, LATER)
    assert first["expression"] == "$amount > 100"
    assert second["description"] == "second"
    assert second["lastUpdatedTime"] == NOW


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (ref("r", "1", "absent"), "The detector 'absent' does not exist."),
        (ref("other", "1"), "The version '1' of rule 'other' does not exist in detector 'det'."),
        (ref("r", "9"), "The version '9' of rule 'r' does not exist in detector 'det'."),
    ],
)
def test_update_metadata_of_a_missing_version(
    env: Any, store: Store, rule: dict[str, str], message: str
) -> None:
    create(env)
    refused(
        lambda: env.update_rule_metadata(rule=rule, description="d"),
        "ResourceNotFoundException",
        message,
        unchanged=store,
    )


# GetRules


def test_order_is_rule_id_then_numeric_version(env: Any) -> None:
    """Rule versions in creation (numeric) order; "10" after "9"."""
    create(env, "b")
    create(env, "a-x")  # '-' sorts before letters, after the separator of the key
    create(env, "a")
    for version in range(1, 11):
        update(env, ref("a", str(version)))
    assert versions(env) == [("a", str(v)) for v in range(1, 12)] + [("a-x", "1"), ("b", "1")]


def test_filters(env: Any) -> None:
    """All rules; all versions of one rule; one version."""
    create(env, "a")
    create(env, "b")
    update(env, ref("b"))
    assert versions(env, ruleId="b") == [("b", "1"), ("b", "2")]
    assert versions(env, ruleId="b", ruleVersion="2") == [("b", "2")]
    env.put_detector(detectorId="empty", eventTypeName="signup")
    assert env.get_rules(detectorId="empty")["ruleDetails"] == []


@pytest.mark.parametrize(
    ("filters", "error", "message"),
    [
        (
            {"detectorId": "absent"},
            "ResourceNotFoundException",
            "The detector 'absent' does not exist.",
        ),
        (
            {"detectorId": DET, "ruleVersion": "1"},
            "ValidationException",
            "A ruleVersion can only be given together with a ruleId.",
        ),
        (
            {"detectorId": DET, "maxResults": 101},
            "ValidationException",
            "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 100",
        ),
    ],
)
def test_get_rules_refuses(
    env: Any, store: Store, filters: dict[str, Any], error: str, message: str
) -> None:
    create(env)
    refused(lambda: env.get_rules(**filters), error, message, unchanged=store)


@pytest.mark.parametrize(
    "filters",
    [
        {"ruleId": "zz"},
        {"ruleId": "zz", "ruleVersion": "1"},
        {"ruleId": "r", "ruleVersion": "2"},
        {"ruleId": "r", "ruleVersion": "99999"},
    ],
)
def test_a_filter_that_matches_nothing_lists_nothing(
    env: Any, store: Store, filters: dict[str, str]
) -> None:
    """An unknown ruleId, or a ruleVersion that does not exist, on an existing detector answers
    an empty ``ruleDetails`` (botocore's model: "Gets all rules for the detector and the ruleId
    if present"); scripts create a rule only when that list is empty."""
    create(env)
    before = snapshot(store)
    response = env.get_rules(detectorId=DET, **filters)
    assert response["ruleDetails"] == []
    assert "nextToken" not in response
    assert snapshot(store) == before


def test_pages(env: Any) -> None:
    """Default page 100 (top of 50-100); nextToken only while more remain."""
    create(env, "a")
    for version in range(1, 120):
        update(env, ref("a", str(version)))
    create(env, "b")
    first = env.get_rules(detectorId=DET)
    assert [d["ruleVersion"] for d in first["ruleDetails"]] == [str(v) for v in range(1, 101)]
    second = env.get_rules(detectorId=DET, nextToken=first["nextToken"])
    assert [(d["ruleId"], d["ruleVersion"]) for d in second["ruleDetails"]] == [
        ("a", str(v)) for v in range(101, 121)
    ] + [("b", "1")]
    assert "nextToken" not in second
    seen, token = [], None
    while True:
        page = env.get_rules(
            detectorId=DET, ruleId="a", maxResults=50, **({"nextToken": token} if token else {})
        )
        seen += [d["ruleVersion"] for d in page["ruleDetails"]]
        token = page.get("nextToken")
        if token is None:
            break
    assert seen == [str(v) for v in range(1, 121)]


def test_token_is_scoped_to_the_filters(env: Any, store: Store) -> None:
    create(env, "a")
    for version in range(1, 60):
        update(env, ref("a", str(version)))
    token = env.get_rules(detectorId=DET, ruleId="a", maxResults=50)["nextToken"]
    refused(
        lambda: env.get_rules(detectorId=DET, nextToken=token),
        "ValidationException",
        "The nextToken is not valid for this request.",
        unchanged=store,
    )
    env.get_rules(detectorId=DET, ruleId="a", maxResults=50, nextToken=token)


# DeleteRule


def test_delete_one_version(env: Any) -> None:
    create(env)
    update(env, ref())
    assert set(env.delete_rule(rule=ref())) == {"ResponseMetadata"}
    assert versions(env) == [("r", "2")]


@pytest.mark.parametrize("rule", [ref("r", "1", "absent"), ref("other", "1"), ref("r", "7")])
def test_delete_what_is_not_there(env: Any, store: Store, rule: dict[str, str]) -> None:
    """DeleteRule models no ResourceNotFoundException."""
    create(env)
    before = snapshot(store)
    assert set(env.delete_rule(rule=rule)) == {"ResponseMetadata"}
    assert snapshot(store) == before


def test_deleting_the_last_version_frees_the_rule_id(env: Any, store: Store) -> None:
    create(env)
    env.delete_rule(rule=ref())
    assert "r" not in store.detectors[DET].rules
    assert env.get_rules(detectorId=DET, ruleId="r")["ruleDetails"] == []
    assert create(env, expression="$amount > 7")["rule"]["ruleVersion"] == "1"


@pytest.mark.parametrize("status", ["DRAFT", "ACTIVE", "INACTIVE"])
def test_delete_a_version_a_detector_version_uses(env: Any, store: Store, status: str) -> None:
    """ACTIVE and INACTIVE detector versions hold their rule versions; a DRAFT one does too
    (our choice where AWS is silent, docs/behaviour.md, "Rules")."""
    create(env)
    update(env, ref())
    env.create_detector_version(detectorId=DET, rules=[ref()])
    if status != "DRAFT":
        env.update_detector_version_status(detectorId=DET, detectorVersionId="1", status="ACTIVE")
    if status == "INACTIVE":
        env.update_detector_version_status(detectorId=DET, detectorVersionId="1", status="INACTIVE")
    refused(
        lambda: env.delete_rule(rule=ref()),
        "ConflictException",
        (
            "The version '1' of rule 'r' in detector 'det' is used by detector versions "
            f"det/1 ({status}); a rule version used by any detector version, DRAFT included, "
            "cannot be deleted."
        ),
        unchanged=store,
    )
    env.delete_rule(rule=ref("r", "2"))  # a version no detector version uses
    assert versions(env) == [("r", "1")]
