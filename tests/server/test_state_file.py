"""``StateFile``: an atomic replace per change, nothing written for reads (issue 8)."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

from frauddetector_mock import Backend, persistence, server
from frauddetector_mock.cli import main
from frauddetector_mock.persistence import StateFile, StateFileInUse
from tests.errors import refused
from tests.server.conftest import NOW, client_for


def test_writes_are_saved_reads_are_not_and_a_restart_loads_them(tmp_path: Path) -> None:
    path = tmp_path / "state.bin"
    backend = Backend()
    backend.clock.freeze(NOW)
    with server(port=0, backend=backend, state_file=str(path)) as url:
        client = client_for(url)
        client.put_label(name="fraud")
        written = path.stat().st_mtime_ns, path.read_bytes()
        client.get_labels()
        with_read = path.stat().st_mtime_ns, path.read_bytes()
        assert with_read == written
        client.put_outcome(name="block")
        assert path.read_bytes() != written[1]
    restarted = Backend()
    assert StateFile(path, restarted).load()
    assert sorted(restarted.store().labels) == ["fraud"]
    assert sorted(restarted.store().outcomes) == ["block"]
    assert restarted.clock.timestamp() == NOW
    assert not StateFile(tmp_path / "absent.bin", Backend()).load()


def test_a_save_that_fails_answers_500_and_applies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the request is answered InternalServerException and memory goes back to the
    state last saved, so memory never holds what the file does not, and a retry is safe."""
    path = tmp_path / "state.bin"
    backend = Backend()
    backend.clock.freeze(NOW)
    with server(port=0, backend=backend, state_file=str(path)) as url:
        client = boto3.client(
            "frauddetector",
            region_name="us-east-1",
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),
        )
        client.put_label(name="fraud")
        saved = path.read_bytes()

        def full_disk(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(persistence.os, "fsync", full_disk)
        refused(
            lambda: client.put_label(name="legit"),
            "InternalServerException",
            re.compile(
                r"^The state file could not be written \(\[Errno 28\] .*"
                r"No space left on device\); the request was not applied, and the mock holds the "
                r"state last saved\.\Z",
                re.DOTALL,
            ),
            status=500,
        )
        assert sorted(backend.store().labels) == ["fraud"]
        assert path.read_bytes() == saved
        # No temporary file left; the lock file is the server's.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["state.bin", "state.bin.lock"]

        monkeypatch.undo()
        client.put_label(name="legit")  # the retry, once there is room
        assert sorted(backend.store().labels) == ["fraud", "legit"]


def test_one_server_per_state_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second server on the same file fails at start, from the CLI with exit status 2, and
    reads nothing; once the first stops, the file is free again."""
    path = tmp_path / "state.json"
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


def test_a_state_file_that_cannot_be_loaded_stops_the_start_and_frees_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b'{"format": "frauddetector-mock-state", "version": 3}')
    assert main(["serve", "--port", "0", "--state-file", str(path)]) == 2
    assert capsys.readouterr().err == (
        "frauddetector-mock: The state is of version 3, newer than this version of "
        "frauddetector-mock reads (version 2); upgrade frauddetector-mock to load it.\n"
    )
    path.unlink()
    with server(port=0, backend=Backend(), state_file=str(path)) as url:
        client_for(url).put_label(name="fraud")
    assert json.loads(path.read_bytes())["version"] == 2


def test_a_refused_import_leaves_memory_and_the_file_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    backend = Backend()
    backend.clock.freeze(NOW)
    with server(port=0, backend=backend, state_file=str(path)) as url:
        client = client_for(url)
        client.put_label(name="fraud")
        saved = path.read_bytes()
        document = json.loads(saved)
        document["clock"]["frozen"] = "yesterday"  # a valid store, a broken clock
        reply = requests.post(
            url + "/_mock/import",
            data=json.dumps(document),
            headers={"Content-Type": "application/octet-stream"},
            timeout=5,
        )
        assert (reply.status_code, reply.json()) == (
            400,
            {
                "__type": "ValidationException",
                "message": "The state is not valid at clock.frozen: 'yesterday' is not an ISO "
                "8601 instant.",
            },
        )
        client.get_labels()
        assert path.read_bytes() == saved
        assert persistence.snapshot(backend) == saved
        assert [label["name"] for label in client.get_labels()["labels"]] == ["fraud"]
