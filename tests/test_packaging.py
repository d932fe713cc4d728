"""The release: the sdist and the wheel build and pass ``twine check --strict``, hold every module,
the license and ``py.typed``, and describe the project; the wheel, installed into a fresh
virtualenv, works on its own: a call through boto3, the console script, the pytest plugin, and
a user's typed tests (tests/typing/) under ``mypy --strict``.

The fresh virtualenv holds the wheel and nothing else; the wheel's dependencies (and pytest, mypy's
stubs) come from this test's environment, whose site-packages a ``.pth`` file appends after the
fresh one's, so ``frauddetector_mock`` is the wheel's and not this checkout's (the editable
install's import hook lives in a ``.pth`` of that site-packages, which a path appended this way
does not run). No network is needed beyond what ``python -m build`` fetches for its isolated
build environment (setuptools).
"""

from __future__ import annotations

import configparser
import email.parser
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

import frauddetector_mock
from frauddetector_mock import pytest_plugin
from frauddetector_mock.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "frauddetector_mock"
TYPING = Path(__file__).resolve().parent / "typing"
ORG = "https://github.com/frauddetector-mock/frauddetector-mock"


def _project_version() -> str:
    found = re.search(r'^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert found, "pyproject.toml has no version"
    return found[1]


VERSION = _project_version()
SUBPACKAGES = ("wire", "controls", "predict", "training", "messages", "demo", "detectorpl", "store")
CLASSIFIERS = [
    "Development Status :: 4 - Beta",
    "Framework :: Pytest",
    "Intended Audience :: Developers",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Topic :: Software Development :: Testing",
    "Topic :: Software Development :: Testing :: Mocking",
    "Typing :: Typed",
]
# The subprocesses see no PYTHONPATH: only the environments built here decide what imports.
ENV = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "MYPYPATH"}}


def _run(command: list[str | Path], cwd: Path, timeout: float = 120) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=ENV,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _modules() -> set[str]:
    """Every module of the package in this checkout, as a path inside the wheel."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path

    def metadata(self) -> Message:
        with zipfile.ZipFile(self.wheel) as wheel:
            text = wheel.read(f"frauddetector_mock-{VERSION}.dist-info/METADATA").decode()
        return email.parser.Parser().parsestr(text)


@dataclass(frozen=True)
class Installed:
    venv: Path
    python: Path
    scripts: Path
    work: Path  # an empty folder to run in: a checkout in the cwd would be imported first


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    # Built from a copy: setuptools writes egg-info and build/ into the tree it builds, and the
    # checkout is shared with whatever else runs.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        PACKAGE, source / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    out = tmp_path_factory.mktemp("dist")
    # sdist first, then the wheel from the unpacked sdist: a file the sdist lacks fails here.
    _run([sys.executable, "-m", "build", "--outdir", out, source], cwd=source, timeout=300)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dist(sdist, wheel)


@pytest.fixture(scope="module")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=base)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    _run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", dist.wheel], cwd=base)
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base
        ).strip()
    )
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_test_environment.pth").write_text("".join(f"{path}\n" for path in ours))
    work = base / "work"
    work.mkdir()
    return Installed(venv, python, scripts, work)


def test_twine_check_strict_passes(dist: Dist, tmp_path: Path) -> None:
    out = _run(
        [sys.executable, "-m", "twine", "check", "--strict", dist.sdist, dist.wheel], tmp_path
    )
    assert out.count("PASSED") == 2
    assert "WARNING" not in out and "ERROR" not in out


def test_the_wheel_holds_every_module_the_license_and_py_typed(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
        license_text = wheel.read(f"frauddetector_mock-{VERSION}.dist-info/licenses/LICENSE")
    assert dist.wheel.name == f"frauddetector_mock-{VERSION}-py3-none-any.whl"
    assert _modules() - names == set()
    for subpackage in SUBPACKAGES:
        assert f"frauddetector_mock/{subpackage}/__init__.py" in names
    assert "frauddetector_mock/py.typed" in names
    assert license_text == (ROOT / "LICENSE").read_bytes()
    # Only the package: no tests, benchmarks or tools, no bytecode.
    assert {name.split("/")[0] for name in names} == {
        "frauddetector_mock",
        f"frauddetector_mock-{VERSION}.dist-info",
    }
    assert not [name for name in names if name.endswith(".pyc")]


def test_the_sdist_holds_the_sources_readme_and_license(dist: Dist) -> None:
    top = f"frauddetector_mock-{VERSION}"
    with tarfile.open(dist.sdist) as sdist:
        names = set(sdist.getnames())
    assert {f"{top}/{name}" for name in ("LICENSE", "README.md", "pyproject.toml", "PKG-INFO")} <= (
        names
    )
    assert {f"{top}/{module}" for module in _modules()} - names == set()
    assert f"{top}/frauddetector_mock/py.typed" in names


def test_the_license_is_apache_2() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text) == 11358  # the text of https://www.apache.org/licenses/LICENSE-2.0.txt


def test_the_metadata_describes_the_release(dist: Dist) -> None:
    metadata = dist.metadata()
    assert metadata["Metadata-Version"] == "2.4"
    assert (metadata["Name"], metadata["Version"]) == ("frauddetector-mock", VERSION)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata["Description-Content-Type"] == "text/markdown"
    # The license expression supersedes a "License ::" classifier (PEP 639).
    assert metadata.get_all("Classifier") == CLASSIFIERS
    assert dict(url.split(", ", 1) for url in metadata.get_all("Project-URL", [])) == {
        "Homepage": ORG,
        "Documentation": f"{ORG}/blob/main/docs/index.md",
        "Source": ORG,
        "Changelog": f"{ORG}/blob/main/CHANGELOG.md",
        "Issues": f"{ORG}/issues",
    }
    assert {"pytest", "boto3", "mock", "testing"} <= set(metadata["Keywords"].split(","))
    assert {"server", "training", "demo", "plot", "test"} <= set(metadata.get_all("Provides-Extra"))
    assert 'waitress>=3.0; extra == "server"' in metadata.get_all("Requires-Dist", [])


def test_the_entry_points_are_the_command_and_the_pytest_plugin(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        text = wheel.read(f"frauddetector_mock-{VERSION}.dist-info/entry_points.txt").decode()
    entry_points = configparser.ConfigParser()
    entry_points.read_string(text)
    assert dict(entry_points["console_scripts"]) == {
        "frauddetector-mock": "frauddetector_mock.cli:main"
    }
    assert dict(entry_points["pytest11"]) == {
        "frauddetector_mock": "frauddetector_mock.pytest_plugin"
    }


def test_the_changelog_has_the_version(dist: Dist) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"\n## [{VERSION}] - " in changelog
    assert f"\n[{VERSION}]: {ORG}/releases/tag/v{VERSION}\n" in changelog


SMOKE = """
import boto3
import frauddetector_mock
from frauddetector_mock import get_backend, mock_frauddetector

with mock_frauddetector():
    fd = boto3.client("frauddetector", region_name="us-east-1")
    fd.put_label(name="fraud", description="confirmed fraud")
    labels = fd.get_labels()["labels"]
print(frauddetector_mock.__file__)
print(frauddetector_mock.__version__)
print([(label["name"], label["description"]) for label in labels])
print([call.operation for call in get_backend().calls])
"""


def test_the_installed_wheel_answers_through_boto3(installed: Installed) -> None:
    location, version, labels, calls = _run(
        [installed.python, "-c", SMOKE], installed.work
    ).splitlines()
    assert Path(location).resolve().is_relative_to(installed.venv.resolve())
    assert version == VERSION
    assert labels == "[('fraud', 'confirmed fraud')]"
    assert calls == "['PutLabel', 'GetLabels']"


def test_the_console_script_prints_the_version(installed: Installed) -> None:
    assert _run([installed.scripts / "frauddetector-mock", "--version"], installed.work) == (
        f"frauddetector-mock {VERSION}\n"
    )


def test_a_users_typed_tests_pass_with_the_installed_plugin(installed: Installed) -> None:
    shutil.copy2(TYPING / "user_tests.py", installed.work / "user_tests.py")
    out = _run(
        [
            installed.python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "-p",
            "no:asyncio",
            "user_tests.py",
        ],
        installed.work,
    )
    assert "7 passed" in out.splitlines()[-1]


def _mypy_errors(out: str) -> dict[str, set[tuple[int, str]]]:
    errors: dict[str, set[tuple[int, str]]] = {}
    for line in out.splitlines():
        found = re.fullmatch(r"(\w+\.py):(\d+): error: .*  \[([a-z-]+)\]", line)
        if found:
            errors.setdefault(found[1], set()).add((int(found[2]), found[3]))
    return errors


def test_a_users_typed_tests_pass_mypy_strict_and_its_mistakes_are_caught(
    installed: Installed, tmp_path: Path
) -> None:
    for name in ("user_tests.py", "user_mistakes.py"):
        shutil.copy2(TYPING / name, tmp_path / name)
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n")
    mistakes = (TYPING / "user_mistakes.py").read_text().splitlines()
    expected = {
        (number, found[1])
        for number, line in enumerate(mistakes, start=1)
        if (found := re.search(r"  # error: ([a-z-]+)$", line))
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            str(tmp_path / "cache"),
            # The installed wheel's environment: the package is found the way a user's is.
            "--python-executable",
            str(installed.python),
            "user_tests.py",
            "user_mistakes.py",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env=ENV,
        check=False,
    )
    assert _mypy_errors(done.stdout) == {"user_mistakes.py": expected}, done.stdout
    assert done.stdout.splitlines()[-1] == (
        f"Found {len(expected)} errors in 1 file (checked 2 source files)"
    )


def test_the_fixture_type_is_public(
    frauddetector: frauddetector_mock.MockedFraudDetector,
) -> None:
    assert frauddetector_mock.MockedFraudDetector is pytest_plugin.MockedFraudDetector
    assert type(frauddetector) is frauddetector_mock.MockedFraudDetector
    assert "MockedFraudDetector" not in frauddetector_mock.__all__  # import * needs no pytest


def test_import_loads_neither_pytest_nor_the_version(tmp_path: Path) -> None:
    code = (
        "import sys, frauddetector_mock\n"
        "lazy = ('pytest', 'frauddetector_mock.pytest_plugin')\n"
        "print(sorted(module for module in lazy if module in sys.modules))\n"
        "print('__version__' in vars(frauddetector_mock), frauddetector_mock.__version__)\n"
    )
    assert _run([sys.executable, "-c", code], tmp_path) == f"[]\nFalse {VERSION}\n"


def test_the_version_falls_back_when_the_package_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    assert frauddetector_mock.__version__ == VERSION  # read once: the undo restores it
    monkeypatch.delitem(vars(frauddetector_mock), "__version__")
    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert frauddetector_mock.__version__ == "0+unknown"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'mock_frauddetectr'"):
        getattr(frauddetector_mock, "mock_frauddetectr")  # noqa: B009


def test_the_command_line_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"frauddetector-mock {VERSION}\n"
