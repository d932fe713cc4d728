"""Threads against the mock at once: every answer one AWS could give, and afterwards exactly the
state the successful calls imply, per store and across accounts and regions (docs/behaviour.md,
"Concurrency and accounts").

The workload is in tests/hardening/workload.py, the final checks in workload_checks.py.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import traceback
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from frauddetector_mock import get_backend, mock_frauddetector, server
from frauddetector_mock.backend import CALL_LOG_SIZE, Backend
from frauddetector_mock.spec import modelled_error_codes
from frauddetector_mock.wire import validation
from tests import shape_check
from tests.hardening.actor import Actor
from tests.hardening.direct_client import DirectClient
from tests.hardening.workload import run
from tests.hardening.workload_checks import check_store
from tests.hardening.workload_world import SHARED_DETECTOR, set_up

NOW = "2024-03-01T09:30:00.250Z"
REGION = "us-east-1"
THREADS = 8
STEPS = 10_000
JOIN_TIMEOUT = 120.0
ARN = re.compile(r"arn:aws:frauddetector:([a-z0-9-]+):([0-9]{12}):")
ACCOUNT_A, ACCOUNT_B, ACCOUNT_C = "111111111111", "222222222222", "333333333333"


def run_actors(actors: list[Actor], steps: int) -> None:
    """Run every actor in its own thread, all released at once; fail with any thread's error."""
    start = threading.Barrier(len(actors))
    stop = threading.Event()  # the first failure ends the run: its report is what matters
    failures: list[str] = []

    def body(actor: Actor) -> None:
        try:
            start.wait(timeout=30)
            run(actor, steps, stop)
        except BaseException:
            failures.append(f"actor {actor.index}:\n{traceback.format_exc()}")
            stop.set()
            start.abort()

    threads = [threading.Thread(target=body, args=(a,), daemon=True) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not [thread for thread in threads if thread.is_alive()], "a thread did not finish"
    assert not failures, "\n".join(failures)


def request_number(request_id: str) -> int:
    return int(request_id.rsplit("-", 1)[1], 16)


def check_call_log(backend: Backend, before: int, made: int) -> None:
    """Each request got its own id, none lost; only modelled errors, never a 500."""
    calls = list(backend.calls)
    assert len(calls) == min(CALL_LOG_SIZE, before + made)
    numbers = [request_number(call.request_id) for call in calls]
    assert len(numbers) == len(set(numbers))
    assert max(numbers) == before + made
    for call in calls:
        assert call.status < 500, (call.operation, call.error_code, call.error_message)
        if call.error_code is not None:
            assert call.error_code in modelled_error_codes(call.operation), call.operation
        if call.response is not None:  # every ARN answered names the caller's account and region
            arns = ARN.findall(json.dumps(call.response))
            assert set(arns) <= {(call.region, call.account_id)}, (call.operation, arns)


def contended_errors(actors: list[Actor]) -> set[str]:
    """The errors of calls whose answer depended on the other actors: every error beyond those
    the actor knew it would get."""
    return {error for actor in actors for error in actor.errors - actor.refusals}


def test_eight_threads_on_one_store_leave_exactly_what_their_calls_imply() -> None:
    """8 threads, each with its own boto3 client, 10,000 operations each against one store."""
    with mock_frauddetector():
        backend = get_backend()
        backend.clock.freeze(NOW)
        client = boto3.client("frauddetector", region_name=REGION)
        set_up(client, THREADS)
        store = backend.store(REGION)
        before = request_number(backend.calls[-1].request_id)
        arn = store.detectors[SHARED_DETECTOR].arn
        actors = [
            Actor(
                index, boto3.client("frauddetector", region_name=REGION), random.Random(index), arn
            )
            for index in range(THREADS)
        ]
        for actor in actors[1:]:
            # The suite's check of every response (tests/conftest.py) costs more than the call
            # itself; actor 0's 10,000 responses keep it in the run.
            actor.client.meta.events.unregister("after-call.frauddetector", shape_check.after_call)

        run_actors(actors, STEPS)

        check_call_log(backend, before, sum(actor.calls for actor in actors))
        check_store(client, store, actors)
        predictions = sum(actor.predictions for actor in actors)
        assert len(backend.eventbridge) == predictions
        assert len({event["id"] for event in backend.eventbridge}) == predictions
    # Calls on contended records met each refusal the workload is built to provoke.
    assert contended_errors(actors) >= {
        "CreateVariable:ValidationException",  # two creates of one pool name
        "UpdateVariable:ResourceNotFoundException",  # an update after another's delete
        "CreateList:ValidationException",
        "UpdateDetectorVersionStatus:ConflictException",  # a version another just moved
        "UpdateDetectorVersionStatus:ResourceNotFoundException",  # one its maker deleted
        "DeleteDetectorVersion:ConflictException",  # one another just activated
        "DeleteDetector:ConflictException",  # a pool detector another gave a rule
        "GetEventPrediction:ResourceNotFoundException",  # after another deactivated
    }


STORES = [  # (account, region, how its threads call: boto3 in process, or with the account)
    (ACCOUNT_A, "us-east-1", "boto3"),
    (ACCOUNT_A, "eu-west-1", "boto3"),
    (ACCOUNT_B, "us-east-1", "direct"),
    (ACCOUNT_B, "eu-west-1", "direct"),
    (ACCOUNT_C, "ap-southeast-2", "direct"),
]
ISOLATION_THREADS = 2  # per store
ISOLATION_STEPS = 1_000


def client_for(backend: Backend, account: str, region: str, kind: str) -> Any:
    if kind == "boto3":  # the mock's default account, chosen by mock_frauddetector(account_id=)
        return boto3.client("frauddetector", region_name=region)
    return DirectClient(backend, region, account)


def test_the_same_workload_in_several_accounts_and_regions_stays_in_its_own_store() -> None:
    """Every store gets the same names, each with its own values: anything leaking from another
    store would show as an extra or changed record, or an ARN of another account or region."""
    with mock_frauddetector(account_id=ACCOUNT_A):
        backend = get_backend()
        backend.clock.freeze(NOW)
        actors: dict[tuple[str, str], list[Actor]] = {}
        for account, region, kind in STORES:
            set_up(client_for(backend, account, region, kind), ISOLATION_THREADS)
            arn = backend.store(region, account).detectors[SHARED_DETECTOR].arn
            assert arn.startswith(f"arn:aws:frauddetector:{region}:{account}:")
            actors[account, region] = [
                Actor(
                    index,
                    client_for(backend, account, region, kind),
                    random.Random(f"{account}:{region}:{index}"),  # each store its own values
                    arn,
                )
                for index in range(ISOLATION_THREADS)
            ]

        before = request_number(backend.calls[-1].request_id)
        everyone = [actor for group in actors.values() for actor in group]
        run_actors(everyone, ISOLATION_STEPS)

        check_call_log(backend, before, sum(actor.calls for actor in everyone))

        assert set(backend.stores) == set(actors)
        for (account, region, kind), group in zip(STORES, actors.values(), strict=True):
            store = backend.store(region, account)
            check_store(client_for(backend, account, region, kind), store, group)
        predictions = sum(a.predictions for group in actors.values() for a in group)
        assert len(backend.eventbridge) == predictions
        for event in backend.eventbridge:
            scope = f"arn:aws:frauddetector:{event['region']}:{event['account']}:"
            assert event["resources"][0].startswith(scope)
            assert (event["account"], event["region"]) in actors


SERVER_ACCOUNTS = (ACCOUNT_A, ACCOUNT_B, ACCOUNT_C)
SERVER_STEPS = 200


def test_boto3_clients_of_several_accounts_at_once_through_the_server_stay_apart() -> None:
    """Server mode takes the account from a 12-digit access key (docs/server.md): boto3 clients
    of three accounts, one thread each, over HTTP to one server's thread pool."""
    backend = Backend()
    with server(port=0, backend=backend) as url:

        def client(account: str) -> Any:
            return boto3.client(
                "frauddetector",
                region_name=REGION,
                endpoint_url=url,
                aws_access_key_id=account,
                aws_secret_access_key="secret",
            )

        actors = []
        for index, account in enumerate(SERVER_ACCOUNTS):
            set_up(client(account), 1)
            arn = backend.store(REGION, account).detectors[SHARED_DETECTOR].arn
            # Each account's one actor is actor 0: the same names in every account.
            actors.append(Actor(0, client(account), random.Random(index), arn))

        run_actors(actors, SERVER_STEPS)

        assert set(backend.stores) == {(account, REGION) for account in SERVER_ACCOUNTS}
        for account, actor in zip(SERVER_ACCOUNTS, actors, strict=True):
            check_store(client(account), backend.store(REGION, account), [actor])


@pytest.mark.parametrize("other", [(ACCOUNT_B, REGION), (ACCOUNT_A, "eu-west-1")])
def test_a_page_token_of_one_store_is_refused_by_another(other: tuple[str, str]) -> None:
    """A token is signed for its store (docs/behaviour.md, "Pagination"): a listing never
    continues into another's."""
    with mock_frauddetector(account_id=ACCOUNT_A):
        backend = get_backend()
        home = DirectClient(backend, REGION, ACCOUNT_A)
        elsewhere = DirectClient(backend, other[1], other[0])
        for client in (home, elsewhere):
            for index in range(6):
                client.create_list(name=f"list_{index}")
        token = home.get_lists_metadata(maxResults=5)["nextToken"]
        with pytest.raises(ClientError) as raised:
            elsewhere.get_lists_metadata(maxResults=5, nextToken=token)
        assert raised.value.response["Error"]["Code"] == "ValidationException"
        assert [item["name"] for item in home.get_lists_metadata(nextToken=token)["lists"]] == [
            "list_5"
        ]


FIRST_CALLS: list[tuple[str, dict[str, Any], str | None]] = [  # method, params, expected error
    ("get_variables", {}, None),
    (
        "update_list",
        {"name": "x", "elements": ["a"], "updateMode": "APPEND"},
        "ResourceNotFoundException",
    ),
    ("get_rules", {"detectorId": "d"}, "ResourceNotFoundException"),
    (
        "put_event_type",
        {"name": "e", "eventVariables": ["v"], "entityTypes": ["c"]},
        "ValidationException",
    ),
    (
        "create_detector_version",
        {"detectorId": "d", "rules": [{"detectorId": "d", "ruleId": "r", "ruleVersion": "1"}]},
        "ResourceNotFoundException",
    ),
    (
        "get_event_prediction",
        {
            "detectorId": "d",
            "eventId": "e",
            "eventTypeName": "t",
            "entities": [{"entityType": "c", "entityId": "1"}],
            "eventTimestamp": "2024-01-01T00:00:00Z",
            "eventVariables": {"a": "1"},
        },
        "ResourceNotFoundException",
    ),
]


def test_first_calls_from_many_threads_at_once_are_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Right after import no check is built yet: threads whose first calls come at once must
    each get the service's answer, never InternalServerException."""
    answers: list[tuple[str, str | None]] = []

    def first_calls(client: Any, start: threading.Barrier) -> None:
        start.wait(timeout=30)
        for method, params, _ in FIRST_CALLS:
            try:
                getattr(client, method)(**params)
                answers.append((method, None))
            except ClientError as error:
                answers.append((method, error.response["Error"]["Code"]))

    interval = sys.getswitchinterval()
    try:
        sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
        for _ in range(5):  # each round starts from checks not built yet
            monkeypatch.setattr(validation, "_LENIENT", type(validation._LENIENT)(strict=False))
            validation._input_check.cache_clear()
            with mock_frauddetector():
                clients = [boto3.client("frauddetector", region_name=REGION) for _ in range(8)]
                start = threading.Barrier(len(clients))
                threads = [threading.Thread(target=first_calls, args=(c, start)) for c in clients]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(JOIN_TIMEOUT)
    finally:
        sys.setswitchinterval(interval)
        validation._input_check.cache_clear()
    expected = {method: code for method, _, code in FIRST_CALLS}
    assert len(answers) == 5 * 8 * len(FIRST_CALLS)
    assert [(m, c) for m, c in answers if c != expected[m]] == []
