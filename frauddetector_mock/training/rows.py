"""The labelled events a model version trains on (docs/behaviour.md, "Models and model
versions").

INGESTED_EVENTS: the events stored for the model's event type (SendEvent, batch imports,
predictions with ingestion on) whose event timestamp lies in the version's time window.
EXTERNAL_EVENTS: the CSV at ``externalEventsDetail.dataLocation``, read through boto3 so that
moto's ``mock_aws`` serves it; its header names EVENT_LABEL, EVENT_TIMESTAMP and the variables.

Labels go through the schema's ``labelMapper`` (FRAUD / LEGIT); an event without a label follows
``unlabeledEventsTreatment``: IGNORE (the default) leaves it out, FRAUD or LEGIT count it as
such, and AUTO counts it legitimate, as most unlabelled traffic is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frauddetector_mock.clock import parse_instant
from frauddetector_mock.messages import batch_jobs as batch_job_messages
from frauddetector_mock.messages import training as training_messages
from frauddetector_mock.store import s3

if TYPE_CHECKING:
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.state import Store

LABEL_COLUMN = "EVENT_LABEL"
UNLABELED_AS = {"FRAUD": 1, "LEGIT": 0, "AUTO": 0}


@dataclass(frozen=True)
class Rows:
    """The events training learns from, and what was left out on the way."""

    values: list[dict[str, str]]  # each event's values of the model's variables (as sent)
    fraud: list[int]  # 1 for fraud, 0 for legitimate, one per row of ``values``
    read: int  # events read from the source
    unlabeled_left_out: int
    unmapped_left_out: int  # labelled, but with a label the label mapper does not name


def gather(store: Store, version: ModelVersion) -> Rows | str:
    """The labelled rows of ``version``'s training data, or why none could be read."""
    variables = version.training_data_schema.get("modelVariables") or []
    source: Iterable[tuple[dict[str, str], str | None]]
    if version.training_data_source == "INGESTED_EVENTS":
        source = _stored(store, version, variables)
    else:
        read = _external(store, version, variables)
        if isinstance(read, str):
            return read
        source = read
    return _labelled(source, version.training_data_schema.get("labelSchema") or {})


def _labelled(source: Iterable[tuple[dict[str, str], str | None]], schema: dict[str, Any]) -> Rows:
    mapper: dict[str, list[str]] = schema.get("labelMapper") or {}
    classes = {label: 1 for label in mapper.get("FRAUD", [])}
    classes.update({label: 0 for label in mapper.get("LEGIT", [])})
    unlabeled = UNLABELED_AS.get(str(schema.get("unlabeledEventsTreatment") or "IGNORE"))
    values: list[dict[str, str]] = []
    fraud: list[int] = []
    read = unlabeled_left_out = unmapped_left_out = 0
    for row, label in source:
        read += 1
        if not label:
            if unlabeled is None:
                unlabeled_left_out += 1
                continue
            kind = unlabeled
        elif label in classes:
            kind = classes[label]
        else:
            unmapped_left_out += 1
            continue
        values.append(row)
        fraud.append(kind)
    return Rows(values, fraud, read, unlabeled_left_out, unmapped_left_out)


def _stored(
    store: Store, version: ModelVersion, variables: list[str]
) -> Iterator[tuple[dict[str, str], str | None]]:
    window = (version.ingested_events_detail or {}).get("ingestedEventsTimeWindow") or {}
    start = _milliseconds(window.get("startTime"))
    end = _milliseconds(window.get("endTime"))
    for event in store.events.get(version.event_type_name, {}).values():
        if (start is None or event.instant >= start) and (end is None or event.instant <= end):
            yield (
                {name: event.variables[name] for name in variables if name in event.variables},
                (event.label),
            )


def _milliseconds(value: str | None) -> int | None:
    if not value:
        return None
    return int(parse_instant(value).timestamp() * 1000)


def _external(
    store: Store, version: ModelVersion, variables: list[str]
) -> list[tuple[dict[str, str], str | None]] | str:
    location = (version.external_events_detail or {}).get("dataLocation", "")
    try:
        header, lines = s3.read_csv_location(store.region, location)
    except s3.S3Failure as failure:
        return batch_job_messages.batch_input_unreadable(location, str(failure))
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    label_at = columns.get(LABEL_COLUMN.lower())
    if label_at is None:
        return training_messages.training_no_label_column(location)
    wanted = [(name, columns[name.lower()]) for name in variables if name.lower() in columns]
    rows = []
    for line in lines:
        row = {name: line[at] for name, at in wanted if at < len(line) and line[at] != ""}
        label = line[label_at].strip() if label_at < len(line) else ""
        rows.append((row, label or None))
    return rows
