"""State export, import and the state database (persistence.py, state_database.py)."""

from __future__ import annotations

STATE_FORMAT = "frauddetector-mock-state"


def state_bad_value(path: str, problem: str) -> str:
    return f"The state is not valid at {path}: {problem}."


def state_not_json(error: object) -> str:
    return f"The state is not a frauddetector-mock state: it is not UTF-8 JSON ({error})."


def state_not_a_state() -> str:
    return (
        "The state is not a frauddetector-mock state: it is not a JSON object whose format is "
        f'"{STATE_FORMAT}".'
    )


def state_pickled() -> str:
    return (
        "The state is of version 1 (a pickle), which this version of frauddetector-mock does not "
        "read, as it unpickles nothing; build the state again with this version and export it "
        '(docs/server.md, "States of version 1").'
    )


def state_old_version(version: object) -> str:
    return (
        f"The state is of version {version!r}, which this version of frauddetector-mock does not "
        "read; export it again with this version, or start afresh."
    )


def state_newer_version(version: object, supported: int) -> str:
    return (
        f"The state is of version {version!r}, newer than this version of frauddetector-mock "
        f"reads (version {supported}); upgrade frauddetector-mock to load it."
    )


def state_lacks(parts: list[str]) -> str:
    return f"The state lacks {', '.join(parts)}."


def state_unexpected(parts: list[str]) -> str:
    return f"The state holds parts this version does not know: {', '.join(parts)}."


def state_file_in_use(path: object) -> str:
    return (
        f"The state file {path} is in use by another frauddetector-mock server (its lock "
        f"{path}.lock is held); one server per state file."
    )


def state_database_unreadable(error: object) -> str:
    return f"The state file is not a frauddetector-mock state database: {error}."


def state_database_newer(version: object, supported: int) -> str:
    return (
        f"The state database is of schema version {version!r}, newer than this version of "
        f"frauddetector-mock reads (version {supported}); upgrade frauddetector-mock to load it."
    )
