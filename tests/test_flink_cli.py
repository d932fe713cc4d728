"""``frauddetector-mock demo --engine flink`` refuses to start, in one line on stderr and with exit
code 2, without what it needs: the flink extra, a Java that Flink 2.x runs on, a free port; and a
job that fails is reported with its log (issue 19). No Flink runs here: PyFlink is stood in for
by a module in ``sys.modules`` and Java by a script that answers ``-version``, so these tests
run on any machine. The job itself runs in tests/test_flink.py."""

from __future__ import annotations

import os
import re
import socket
import stat
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from frauddetector_mock.cli import main
from frauddetector_mock.demo import flink_checks, flink_engine, pipeline

ROOT = Path(__file__).resolve().parent.parent
NO_JAVA = (
    "The Flink engine needs Java 11, 17 or 21 (the versions Flink 2.x supports), and no java "
    "was found: install one, then put it on PATH or set JAVA_HOME"
)


def _java(folder: Path, banner: str) -> Path:
    """A ``java`` that answers ``-version`` on stderr, as Java does."""
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\necho '{banner}' >&2\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return java


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flink extra as if installed (waitress is the test extra's anyway)."""
    monkeypatch.setitem(sys.modules, "pyflink", types.ModuleType("pyflink"))


@pytest.fixture
def java_17(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    java = _java(tmp_path / "bin", 'openjdk version "17.0.2" 2022-01-18')
    monkeypatch.setenv("PATH", str(java.parent))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    return java


def _demo(tmp_path: Path, *options: str) -> int:
    return main(["demo", "--engine", "flink", "-n", "10", "-o", str(tmp_path / "out"), *options])


@pytest.mark.parametrize(
    ("hidden", "line"),
    [
        (
            ["pyflink"],
            "The Flink engine needs apache-flink, which is not installed: "
            "pip install 'frauddetector-mock[flink]'",
        ),
        (
            ["waitress"],
            "The Flink engine needs waitress, which is not installed: "
            "pip install 'frauddetector-mock[flink]'",
        ),
        (
            ["pyflink", "waitress"],
            "The Flink engine needs apache-flink and waitress, which are not installed: "
            "pip install 'frauddetector-mock[flink]'",
        ),
    ],
)
def test_without_the_flink_extra_the_demo_names_it(
    hidden: list[str],
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    for module in hidden:
        monkeypatch.setitem(sys.modules, module, None)
    assert _demo(tmp_path) == 2
    assert capsys.readouterr() == ("", line + "\n")
    assert not (tmp_path / "out").exists()


def test_on_a_python_without_flink_wheels_the_demo_says_which_pythons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyflink", None)
    assert flink_checks.missing_extra((3, 13)) == (
        "The Flink engine needs apache-flink, which has no release for Python 3.13 (its wheels "
        "stop at Python 3.12): run the demo with Python 3.12 or older"
    )
    assert flink_checks.missing_extra((3, 12)) == (
        "The Flink engine needs apache-flink, which is not installed: "
        "pip install 'frauddetector-mock[flink]'"
    )


@pytest.mark.usefixtures("installed")
def test_without_java_the_demo_names_the_versions_flink_runs_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert _demo(tmp_path) == 2
    assert capsys.readouterr() == ("", NO_JAVA + "\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("installed")
def test_an_old_java_is_refused_with_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    java = _java(tmp_path / "bin", 'java version "1.8.0_392"')
    monkeypatch.setenv("PATH", str(java.parent))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert _demo(tmp_path) == 2
    assert capsys.readouterr() == (
        "",
        "The Flink engine needs Java 11, 17 or 21 (the versions Flink 2.x supports), and "
        f"{java} is Java 8: install a newer one, then put it on PATH or set JAVA_HOME\n",
    )
    assert not (tmp_path / "out").exists()


def test_java_home_comes_before_path_as_pyflink_takes_it(tmp_path: Path) -> None:
    on_path = _java(tmp_path / "bin", 'openjdk version "21.0.1" 2023-10-17')
    home_java = _java(tmp_path / "jdk" / "bin", 'openjdk version "1.8.0_402"')
    both = {"JAVA_HOME": str(tmp_path / "jdk"), "PATH": str(on_path.parent)}
    assert flink_checks.java_problem(both) == (
        "The Flink engine needs Java 11, 17 or 21 (the versions Flink 2.x supports), and "
        f"{home_java} is Java 8: install a newer one, then put it on PATH or set JAVA_HOME"
    )
    assert flink_checks.java_problem({"PATH": str(on_path.parent)}) is None
    # As PyFlink: a JAVA_HOME without a java is not passed over for PATH's, even empty.
    for java_home in (str(tmp_path / "none"), ""):
        assert flink_checks.java_problem({"JAVA_HOME": java_home, "PATH": str(on_path.parent)}) == (
            "The Flink engine needs Java 11, 17 or 21 (the versions Flink 2.x supports), and "
            f"JAVA_HOME ({java_home!r}) holds no bin/java: point it at a Java, or unset it to use "
            "the java on PATH"
        )
    assert flink_checks.java_problem({"PATH": str(tmp_path / "none")}) == NO_JAVA
    for banner, version in (
        ('openjdk version "11.0.22" 2024-01-16', 11),
        ('openjdk version "17" 2021-09-14', 17),
        ('java version "22.0.1" 2024-04-16', 22),
    ):
        assert flink_checks.java_version(str(_java(tmp_path / "v", banner))) == version


def test_a_java_that_does_not_say_its_version_is_refused(tmp_path: Path) -> None:
    java = _java(tmp_path / "bin", "command not understood")
    assert flink_checks.java_problem({"PATH": str(java.parent)}) == (
        "The Flink engine needs Java 11, 17 or 21 (the versions Flink 2.x supports), and "
        f"{java} -version does not say which Java it is"
    )


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.usefixtures("installed", "java_17")
def test_a_port_in_use_is_refused_before_anything_starts(
    taken_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _demo(tmp_path, "--port", str(taken_port)) == 2
    assert capsys.readouterr() == (
        "",
        f"The demo's server cannot listen on 127.0.0.1:{taken_port}: the port is in use "
        "(choose another with --port, or --port 0 for any free port)\n",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (["--port", "5000"], "demo: --port is an option of the Flink engine: add --engine flink"),
        (
            ["--parallelism", "2"],
            "demo: --parallelism is an option of the Flink engine: add --engine flink",
        ),
        (
            ["--engine", "flink", "--parallelism", "0"],
            "demo: --parallelism must be at least 1, not 0",
        ),
        (
            ["--engine", "flink", "--port", "70000"],
            "demo: --port must be between 0 and 65535, not 70000",
        ),
    ],
)
def test_options_of_the_flink_engine_are_checked(
    options: list[str], line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "-n", "10", "-o", str(tmp_path / "out"), *options]) == 2
    assert capsys.readouterr() == ("", line + "\n")
    assert not (tmp_path / "out").exists()


def _job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """flink_job.py replaced by a script: the demo runs it as it would run the job."""
    script = tmp_path / "job.py"
    script.write_text(body)
    monkeypatch.setattr(flink_engine, "JOB", script)


@pytest.mark.usefixtures("installed", "java_17")
def test_a_job_that_ends_is_reported_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _job(tmp_path, monkeypatch, "import sys\nprint('no TaskManager', flush=True)\nsys.exit(3)\n")
    assert _demo(tmp_path) == 1
    log = tmp_path / "out" / "flink" / "job.log"
    err = capsys.readouterr().err
    assert err == (
        "demo: the Flink job ended (exit code 3)\n"
        f"the job's log ({log}), its last lines:\nno TaskManager\n"
    )
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.usefixtures("installed", "java_17")
def test_a_job_that_writes_nothing_in_time_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pid_file = tmp_path / "job.pid"
    _job(
        tmp_path,
        monkeypatch,
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(120)\n",
    )
    monkeypatch.setattr(flink_engine, "WAIT", 0.5)
    assert _demo(tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith("demo: the Flink job wrote 0 of 5 transactions in 0.5 s\n")
    # The job's process group was ended with the demo: nothing is left running.
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
    # What the producer wrote: the first half, in files of whole transactions.
    inbox = sorted((tmp_path / "out" / "flink" / "transactions").iterdir())
    assert [path.name for path in inbox] == [
        "first-0.jsonl",
        "first-1.jsonl",
        "first-2.jsonl",
        "first-3.jsonl",
    ]
    lines = [line for path in inbox for line in path.read_text().splitlines()]
    assert len(lines) == 5 and '"fraud"' not in "".join(lines)


def test_the_job_reads_the_demos_variables() -> None:
    """flink_job.py imports nothing of the mock, so its table names the variables itself."""
    source = (ROOT / "frauddetector_mock" / "demo" / "flink_job.py").read_text()
    table = re.search(r"CREATE TABLE transactions \((.*?)\) WITH", source, re.S)
    assert table is not None
    columns = [line.split()[0] for line in table[1].strip().splitlines()]
    assert columns == ["event_id", "event_time", "entity_id"] + [
        name for name, *_ in pipeline.VARIABLES
    ]
    imported = re.findall(r"^(?:from|import) (\S+)", source, re.M)
    assert imported == [
        "__future__",
        "argparse",
        "typing",
        "boto3",
        "pyflink.common",
        "pyflink.table",
        "pyflink.table.udf",
    ]
    assert "detectorVersionId=" not in source


def test_the_docs_show_the_job_as_it_is() -> None:
    page = (ROOT / "docs" / "pipeline.md").read_text()
    source = (ROOT / "frauddetector_mock" / "demo" / "flink_job.py").read_text()
    assert f"```py\n{source}```\n" in page
