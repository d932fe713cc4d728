"""``StateFile``: an atomic replace per change, nothing written for reads (issue 8)."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from frauddetector_mock import Backend, persistence, server
from frauddetector_mock.persistence import StateFile
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
        assert [p.name for p in tmp_path.iterdir()] == ["state.bin"]  # no temporary file left

        monkeypatch.undo()
        client.put_label(name="legit")  # the retry, once there is room
        assert sorted(backend.store().labels) == ["fraud", "legit"]
