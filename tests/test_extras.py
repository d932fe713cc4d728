"""A part started without its optional dependencies (its extra) says so in one line that names
the extra to install: the server (waitress) and the demo (boto3, scikit-learn). The modules are
hidden by a ``None`` in ``sys.modules``, which makes their import fail as if not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import frauddetector_mock
from frauddetector_mock.cli import main
from frauddetector_mock.wire.server import MissingExtraError, server

NO_WAITRESS = (
    "Server mode needs waitress, which is not installed: pip install 'frauddetector-mock[server]'"
)
NO_SKLEARN = (
    "The demo needs scikit-learn, which is not installed: pip install 'frauddetector-mock[demo]'"
)


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


def _run_hidden(hidden: list[str], argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m frauddetector_mock <argv>`` in a process where ``hidden`` cannot be imported."""
    code = (
        "import runpy, sys\n"
        f"for module in {hidden!r}:\n"
        "    sys.modules[module] = None\n"
        f"sys.argv = ['frauddetector-mock', *{argv!r}]\n"
        "runpy.run_module('frauddetector_mock', run_name='__main__')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_serve_without_waitress_exits_2_with_one_line(tmp_path: Path) -> None:
    done = _run_hidden(["waitress"], ["serve", "--port", "0"], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_WAITRESS + "\n")


def test_serve_without_waitress_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _hide(monkeypatch, "waitress", "waitress.server")
    assert main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr() == ("", NO_WAITRESS + "\n")


def test_server_without_waitress_raises_an_import_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _hide(monkeypatch, "waitress", "waitress.server")
    # A state file that would be refused if it were read: the missing extra is found first.
    state = tmp_path / "state.json"
    state.write_text("not a snapshot")
    with (
        pytest.raises(ImportError) as raised,
        frauddetector_mock.server(port=0, state_file=str(state)),
    ):
        pytest.fail("the server started without waitress")
    assert type(raised.value) is MissingExtraError
    assert str(raised.value) == NO_WAITRESS
    assert raised.value.name == "waitress"
    assert raised.value.__suppress_context__  # the one line, not the import's own error too
    assert state.read_text() == "not a snapshot"


def test_the_server_still_starts_with_waitress() -> None:
    with server(port=0) as endpoint:
        assert endpoint.startswith("http://127.0.0.1:")
        assert not endpoint.endswith(":0")


def test_demo_without_scikit_learn_exits_2_with_one_line(tmp_path: Path) -> None:
    done = _run_hidden(["sklearn"], ["demo", "-n", "20", "-o", "out"], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_SKLEARN + "\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("hidden", "line"),
    [
        (["sklearn"], NO_SKLEARN),
        (
            ["boto3"],
            "The demo needs boto3, which is not installed: pip install 'frauddetector-mock[demo]'",
        ),
        (
            ["boto3", "sklearn"],
            "The demo needs boto3 and scikit-learn, which are not installed: "
            "pip install 'frauddetector-mock[demo]'",
        ),
    ],
)
def test_demo_names_every_missing_package(
    hidden: list[str],
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    _hide(monkeypatch, *hidden)
    assert main(["demo", "-n", "20", "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr() == ("", line + "\n")
    assert not (tmp_path / "out").exists()
