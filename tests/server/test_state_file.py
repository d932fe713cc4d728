"""``StateFile``: an atomic replace per change, nothing written for reads (issue 8)."""

from __future__ import annotations

from pathlib import Path

from frauddetector_mock import Backend, server
from frauddetector_mock.persistence import StateFile
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
