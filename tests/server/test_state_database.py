"""``--state-file``: a SQLite database written record by record, nothing written for reads, and
at any moment the same state as memory."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import boto3
import pytest
import requests
from botocore.config import Config

from frauddetector_mock import Backend, get_backend, mock_frauddetector, persistence, server
from frauddetector_mock import state_database as database
from frauddetector_mock.cli import main
from frauddetector_mock.persistence import StateError, StateFileInUse
from frauddetector_mock.state_database import StateDatabase
from tests.errors import refused
from tests.hardening import world
from tests.server.conftest import NOW, client_for


def _files(path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log, as bytes."""
    return {
        each.name: each.read_bytes()
        for each in (path, path.with_name(path.name + "-wal"))
        if each.exists()
    }


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _same_state(saved: bytes, loaded: bytes) -> tuple[Any, Any]:
    """Two snapshots, less what the database does not keep: the counts of events per entity,
    which are made again from the events, and empty event buckets."""
    documents = [json.loads(saved), json.loads(loaded)]
    for document in documents:
        for store in document["stores"]:
            store.pop("entity_history")
            store["events"] = {name: bucket for name, bucket in store["events"].items() if bucket}
    return documents[0], documents[1]


def _first_difference(one: Any, other: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, and how; None where they are the same."""
    if isinstance(one, dict) and isinstance(other, dict):
        if list(one) != list(other):
            return f"{path}: keys {list(one)} != {list(other)}"
        for key in one:
            found = _first_difference(one[key], other[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(one, list) and isinstance(other, list) and len(one) == len(other):
        for at, (mine, theirs) in enumerate(zip(one, other, strict=True)):
            found = _first_difference(mine, theirs, f"{path}[{at}]")
            if found:
                return found
        return None
    return None if one == other else f"{path}: {one!r} != {other!r}"


@contextmanager
def _serving(path: Path) -> Iterator[tuple[Backend, Any, str]]:
    """A server of a frozen clock keeping its state at ``path``, with one label written."""
    backend = Backend()
    backend.clock.freeze(NOW)
    with server(port=0, backend=backend, state_file=str(path)) as url:
        client = client_for(url)
        client.put_label(name="fraud")
        yield backend, client, url


def test_writes_are_saved_reads_are_not_and_a_restart_loads_them(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with _serving(path) as (_, client, _):
        written = _files(path)
        client.get_labels()
        client.describe_model_versions()
        assert _files(path) == written
        client.put_outcome(name="block")
        assert _files(path) != written
    # One row per record, named by its store, collection and key; one per value of the store.
    assert _rows(path, "SELECT store, collection, key, value FROM records ORDER BY seq") == [
        ('["123456789012","us-east-1"]', "labels", '"fraud"', ANY),
        ('["123456789012","us-east-1"]', "kms_key", "", '"DEFAULT"'),
        ('["123456789012","us-east-1"]', "predictions_made", "", "0"),
        ('["123456789012","us-east-1"]', "last_prediction_time", "", "null"),
        ('["123456789012","us-east-1"]', "outcomes", '"block"', ANY),
    ]
    assert _rows(path, "SELECT version FROM schema_version") == [(1,)]
    restarted = Backend()
    assert StateDatabase(path, restarted).open()
    assert sorted(restarted.store().labels) == ["fraud"]
    assert sorted(restarted.store().outcomes) == ["block"]
    assert restarted.clock.timestamp() == NOW


def test_a_new_database_holds_the_backend_as_it_starts(tmp_path: Path) -> None:
    backend = Backend(account_id="210987654321")
    backend.clock.freeze(NOW)
    opened = StateDatabase(tmp_path / "new.db", backend)
    assert not opened.open()
    opened.close()
    restarted = Backend()
    assert StateDatabase(tmp_path / "new.db", restarted).open()
    assert (restarted.default_account_id, restarted.clock.timestamp()) == ("210987654321", NOW)


def test_a_save_that_fails_answers_500_and_applies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that cannot be written (a full disk, a read-only file): the request is
    answered InternalServerException and memory goes back to the state last saved, so memory
    never holds what the disk does not, and a retry is safe."""
    path = tmp_path / "state.db"
    connections: list[sqlite3.Connection] = []
    connect = database._connect

    def recorded(at: Path) -> sqlite3.Connection:
        connections.append(connect(at))
        return connections[-1]

    monkeypatch.setattr(database, "_connect", recorded)
    backend = Backend()
    backend.clock.freeze(NOW)
    with server(port=0, backend=backend, state_file=str(path)) as url:
        client = boto3.client(
            "frauddetector",
            region_name="us-east-1",
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),  # the retry is the test's own
        )
        client.put_label(name="fraud")
        saved = _rows(path, "SELECT collection, key, value FROM records ORDER BY seq")
        connections[-1].execute("PRAGMA query_only = 1")  # as a file made read-only
        refused(
            lambda: client.create_list(name="big", elements=[f"{n:0300d}" for n in range(60)]),
            "InternalServerException",
            re.compile(
                r"^The state file could not be written \(.*attempt to write a readonly database\); "
                r"the request was not applied, and the mock holds the state last saved\.\Z"
            ),
            status=500,
        )
        assert (sorted(backend.store().labels), backend.store().lists) == (["fraud"], {})
        assert _rows(path, "SELECT collection, key, value FROM records ORDER BY seq") == saved
        # The retry, on the connection opened again.
        client.create_list(name="big", elements=[f"{n:0300d}" for n in range(60)])
        assert sorted(backend.store().lists) == ["big"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.db", "state.db.lock"]


def test_one_server_per_state_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second server on the same database fails at start, from the CLI with exit status 2,
    and reads nothing; once the first stops, the database is free again."""
    path = tmp_path / "state.db"
    first = Backend()
    first.clock.freeze(NOW)
    message = (
        f"The state file {path} is in use by another frauddetector-mock server (its lock "
        f"{path}.lock is held); one server per state file."
    )
    with server(port=0, backend=first, state_file=str(path)) as url:
        client_for(url).put_label(name="fraud")
        second = Backend()
        with (
            pytest.raises(StateFileInUse) as raised,
            server(port=0, backend=second, state_file=str(path)),
        ):
            pytest.fail("a second server started on the same state file")
        assert str(raised.value) == message
        assert second.stores == {}
        assert main(["serve", "--port", "0", "--state-file", str(path)]) == 2
        assert capsys.readouterr().err == f"frauddetector-mock: {message}\n"
    with server(port=0, backend=Backend(), state_file=str(path)) as url:
        assert [label["name"] for label in client_for(url).get_labels()["labels"]] == ["fraud"]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            "UPDATE schema_version SET version = 2",
            "The state database is of schema version 2, newer than this version of "
            "frauddetector-mock reads (version 1); upgrade frauddetector-mock to load it.",
        ),
        (
            "UPDATE records SET value = json_set(value, '$.name', 5) WHERE collection = 'labels'",
            'The state is not valid at stores[["123456789012","us-east-1"]].labels["fraud"]'
            ".name: expected text, found a number.",
        ),
        (
            "UPDATE records SET value = 'not json' WHERE collection = 'labels'",
            'The state is not valid at stores[["123456789012","us-east-1"]].labels["fraud"]'
            ": the row is not JSON (Expecting value: line 1 column 1 (char 0)).",
        ),
        (
            "INSERT INTO records (store, collection, part, key, value) "
            "VALUES ('[\"123456789012\",\"us-east-1\"]', 'secrets', '', '', '1')",
            'The state is not valid at stores[["123456789012","us-east-1"]]: unexpected '
            "collection 'secrets'.",
        ),
        (
            "DROP TABLE backend",
            "The state file is not a frauddetector-mock state database: no such table: backend.",
        ),
    ],
)
def test_a_database_that_fails_a_check_stops_the_start_and_frees_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spoil: str, message: str
) -> None:
    path = tmp_path / "state.db"
    with server(port=0, backend=Backend(), state_file=str(path)) as url:
        client_for(url).put_label(name="fraud")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(spoil)
    connection.close()
    kept = Backend()
    kept.store().kms_key = "kept"
    with pytest.raises(StateError) as raised:
        StateDatabase(path, kept).open()
    assert str(raised.value) == message
    assert kept.store().kms_key == "kept"  # nothing of the database was applied
    assert main(["serve", "--port", "0", "--state-file", str(path)]) == 2
    assert capsys.readouterr().err == f"frauddetector-mock: {message}\n"
    path.unlink()
    with server(port=0, backend=Backend(), state_file=str(path)) as url:  # the lock is free
        client_for(url).put_label(name="legit")


def test_a_file_that_is_no_state_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"\x80\x04K\x01.")  # a pickle: version 1
    with pytest.raises(StateError, match=r"^The state is of version 1 \(a pickle\)"):
        StateDatabase(path, Backend()).open()
    path.write_bytes(b"just text")
    with pytest.raises(StateError, match="it is not UTF-8 JSON"):
        StateDatabase(path, Backend()).open()
    assert path.read_bytes() == b"just text"


def test_a_json_state_document_becomes_a_database_and_is_kept_beside_it(tmp_path: Path) -> None:
    """What ``--state-file`` held before: a state document of version 2, read and made into a
    database of the same state."""
    with mock_frauddetector():
        get_backend().clock.freeze(NOW)
        client = boto3.client("frauddetector", region_name="us-east-1")
        document = world.build(client)
    path = tmp_path / "state.json"
    path.write_bytes(document)
    backend = Backend()
    assert StateDatabase(path, backend).open()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    assert (tmp_path / "state.json.json").read_bytes() == document
    assert _same_state(document, persistence.snapshot(backend)) == _same_state(document, document)
    restarted = Backend()
    StateDatabase(path, restarted).open()
    assert persistence.snapshot(restarted) == persistence.snapshot(backend)


def test_a_refused_import_leaves_memory_and_the_database_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with _serving(path) as (backend, client, url):
        written = _files(path)
        exported = persistence.snapshot(backend)
        document = json.loads(exported)
        document["clock"]["frozen"] = "yesterday"  # a valid store, a broken clock
        reply = requests.post(url + "/_mock/import", json=document, timeout=5)
        assert (reply.status_code, reply.json()) == (
            400,
            {
                "__type": "ValidationException",
                "message": "The state is not valid at clock.frozen: 'yesterday' is not an ISO "
                "8601 instant.",
            },
        )
        client.get_labels()
        assert _files(path) == written
        assert persistence.snapshot(backend) == exported


# The database holds what memory holds, after every request of every kind.


@pytest.fixture
def checked(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """The mock on, with a database saved after every call and compared, after every call, with
    a state loaded from it afresh; yields the check, to run once more at the end."""
    path = tmp_path / "state.db"
    with mock_frauddetector():
        backend = get_backend()
        backend.clock.freeze(NOW)
        opened = StateDatabase(path, backend)
        opened.open()

        def check(**_: object) -> None:
            opened.save()
            loaded = Backend()
            StateDatabase(path, loaded).load()
            memory, disk = _same_state(persistence.snapshot(backend), persistence.snapshot(loaded))
            assert _first_difference(memory, disk) is None
            # The snapshot read every collection: the next save must find the call's own reads.
            for store in backend.stores.values():
                store.collections_read.clear()

        session = boto3.Session()
        session.events.register("after-call.frauddetector", check)
        original = boto3.client
        try:
            boto3.client = session.client
            yield check
        finally:
            boto3.client = original
            opened.close()


def test_every_kind_of_record_is_written_as_it_changes(checked: Callable[[], None]) -> None:
    client = boto3.client("frauddetector", region_name="us-east-1")
    world.build(client)
    stored = get_backend().store()
    detector = next(iter(stored.detectors))
    # Predictions keep the rule versions they ran after the detector lets them go.
    for number, version in list(stored.detectors[detector].versions.items()):
        if version.status == "ACTIVE":
            client.update_detector_version_status(
                detectorId=detector, detectorVersionId=number, status="INACTIVE"
            )
        client.delete_detector_version(detectorId=detector, detectorVersionId=number)
    for rule_id, versions in list(stored.detectors[detector].rules.items()):
        for number in list(versions):
            client.delete_rule(
                rule={"detectorId": detector, "ruleId": rule_id, "ruleVersion": number}
            )
    assert stored.predictions, "the world holds predictions"
    for event_type, bucket in list(stored.events.items()):
        first = next(iter(bucket))
        client.delete_event(eventTypeName=event_type, eventId=first, deleteAuditHistory=True)
        client.delete_events_by_event_type(eventTypeName=event_type)
    get_backend().reset()
    checked()
    client.put_label(name="after_reset")


def test_an_import_and_a_new_store_are_written_whole(checked: Callable[[], None]) -> None:
    client = boto3.client("frauddetector", region_name="us-east-1")
    document = world.build(client)
    boto3.client("frauddetector", region_name="eu-west-1").put_label(name="elsewhere")
    persistence.restore(document)
    checked()
    client.put_label(name="after_import")
