"""The demo's command line (frauddetector_mock/demo/): what stops ``--engine flink`` before it
starts, in one line each."""

from __future__ import annotations

from collections.abc import Sequence


def java_versions(supported: Sequence[int]) -> str:
    *first, last = (str(version) for version in supported)
    return f"{', '.join(first)} or {last}" if first else last


def _needs_java(supported: Sequence[int], found: str) -> str:
    return (
        f"The Flink engine needs Java {java_versions(supported)} (the versions Flink 2.x "
        f"supports), and {found}"
    )


def no_java(supported: Sequence[int]) -> str:
    return _needs_java(
        supported, "no java was found: install one, then put it on PATH or set JAVA_HOME"
    )


def no_java_in_home(java_home: str, supported: Sequence[int]) -> str:
    return _needs_java(
        supported,
        f"JAVA_HOME ({java_home!r}) holds no bin/java: point it at a Java, or unset it to use "
        "the java on PATH",
    )


def old_java(java: str, found: int, supported: Sequence[int]) -> str:
    return _needs_java(
        supported,
        f"{java} is Java {found}: install a newer one, then put it on PATH or set JAVA_HOME",
    )


def unknown_java(java: str, supported: Sequence[int]) -> str:
    return _needs_java(supported, f"{java} -version does not say which Java it is")


def no_flink_wheel(python: str, newest: str) -> str:
    return (
        f"The Flink engine needs apache-flink, which has no release for Python {python} "
        f"(its wheels stop at Python {newest}): run the demo with Python {newest} or older"
    )


def port_in_use(host: str, port: int) -> str:
    return (
        f"The demo's server cannot listen on {host}:{port}: the port is in use "
        "(choose another with --port, or --port 0 for any free port)"
    )


def needs_flink_engine(option: str) -> str:
    return f"demo: {option} is an option of the Flink engine: add --engine flink"


def bad_parallelism(parallelism: int) -> str:
    return f"demo: --parallelism must be at least 1, not {parallelism}"


def bad_port(port: int) -> str:
    return f"demo: --port must be between 0 and 65535, not {port}"
