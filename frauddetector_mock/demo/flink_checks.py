"""What ``demo --engine flink`` needs before it starts: the ``flink`` extra (PyFlink, waitress for
the mock's server) and a Java that Flink 2.x runs on. Each missing piece is one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping

from frauddetector_mock.demo.pipeline import missing_packages
from frauddetector_mock.messages import demo as demo_messages
from frauddetector_mock.messages import extras as extra_messages

# Flink's "Java Compatibility" page: Java 11, 17 (the default and recommended one) and 21; Flink
# 2.0 dropped Java 8. A newer Java is let through: Flink may run on it, untested.
SUPPORTED_JAVA = (11, 17, 21)
# apache-flink 2.3.0's wheels are built for CPython 3.9 to 3.12 (pyproject.toml's marker).
NEWEST_PYTHON = (3, 12)
# The flink extra's (module, package); boto3 and scikit-learn are the demo extra's.
FLINK_EXTRA = (("pyflink", "apache-flink"), ("waitress", "waitress"))
# `java -version` writes `openjdk version "17.0.15" ...`; before Java 9, `"1.8.0_392"`.
_VERSION = re.compile(r'version "(?:1\.)?(\d+)')


def missing_extra(python: tuple[int, ...] = tuple(sys.version_info[:2])) -> str | None:
    """The line saying what of the flink extra is missing, or None."""
    missing = missing_packages(FLINK_EXTRA)
    if not missing:
        return None
    if "apache-flink" in missing and python > NEWEST_PYTHON:
        newest = ".".join(map(str, NEWEST_PYTHON))
        return demo_messages.no_flink_wheel(".".join(map(str, python)), newest)
    return extra_messages.needs_extra("The Flink engine", missing, "flink")


def find_java(environ: Mapping[str, str] = os.environ) -> str | None:
    """The java PyFlink starts: JAVA_HOME's whenever JAVA_HOME is set (even empty), else the
    one on PATH; None when there is none."""
    if "JAVA_HOME" in environ:
        java = os.path.join(environ["JAVA_HOME"], "bin", "java")
        return java if os.access(java, os.X_OK) else None
    return shutil.which("java", path=environ.get("PATH"))


def java_version(java: str) -> int | None:
    """The feature release (8, 11, 17, ...) ``java -version`` names, or None."""
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return None
    found = _VERSION.search(done.stderr + done.stdout)
    return int(found.group(1)) if found else None


def java_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """The line saying why Flink cannot start on this machine's Java, or None."""
    java = find_java(environ)
    if java is None and "JAVA_HOME" in environ:
        return demo_messages.no_java_in_home(environ["JAVA_HOME"], SUPPORTED_JAVA)
    if java is None:
        return demo_messages.no_java(SUPPORTED_JAVA)
    version = java_version(java)
    if version is None:
        return demo_messages.unknown_java(java, SUPPORTED_JAVA)
    if version < SUPPORTED_JAVA[0]:
        return demo_messages.old_java(java, version, SUPPORTED_JAVA)
    return None
