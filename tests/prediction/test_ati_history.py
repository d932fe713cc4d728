"""ATI's -1 is for the first event of an entity with no history (AWS's "Model scores" page).
With event ingestion ENABLED, an entity's history is its stored events: sent with SendEvent,
imported by a batch import job, or stored by earlier predictions; deleting them removes it
(docs/behaviour.md, "Models and model versions")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from frauddetector_mock import get_backend, restore, snapshot
from frauddetector_mock.controls.scores import ATI, Event
from frauddetector_mock.predict.scoring import default_score
from frauddetector_mock.store import Store
from tests.errors import refused
from tests.moto_s3 import s3_bucket
from tests.prediction.helpers import (
    ATI_MODEL,
    EVENT_TYPE,
    ROLE,
    ati_score,
    make_takeover_model_again,
    request,
    set_up_takeover,
)

SENT_TIME = "2024-02-01T10:00:00Z"
# What the model scores an event of a known entity with amount 10: the mock's default score.
KNOWN = default_score(ATI_MODEL, ATI, "1.0", {"amount": "10"}, ["amount", "email_address"])
BUCKET = "fraud-data"


def entity(entity_id: str, entity_type: str = "customer") -> list[dict[str, str]]:
    return [{"entityType": entity_type, "entityId": entity_id}]


def send(client: Any, event_id: str, entity_id: str, entity_type: str = "customer") -> None:
    client.send_event(
        eventId=event_id,
        eventTypeName=EVENT_TYPE,
        eventTimestamp=SENT_TIME,
        eventVariables={"amount": "25"},
        entities=entity(entity_id, entity_type),
    )


def delete(client: Any, *event_ids: str) -> None:
    for event_id in event_ids:
        client.delete_event(eventId=event_id, eventTypeName=EVENT_TYPE)


def test_the_known_score_is_a_score() -> None:
    assert 0 <= KNOWN <= 1000 and int(KNOWN) == KNOWN


def test_an_entity_with_sent_events_is_no_new_entity(takeover: Any, store: Store) -> None:
    """SendEvent builds history: the entity's first prediction is scored, not -1; an entity
    with no stored event still scores -1."""
    send(takeover, "sent_1", "cust_1")
    assert ati_score(takeover, "p1", "cust_1") == KNOWN
    assert ati_score(takeover, "p2", "cust_2") == -1.0
    assert store.entity_history == {
        EVENT_TYPE: {("customer", "cust_1"): 2, ("customer", "cust_2"): 1}
    }


def test_the_entity_type_is_part_of_the_entity(takeover: Any) -> None:
    """An event of the merchant cust_1 is no history of the customer cust_1."""
    send(takeover, "sent_1", "cust_1", "merchant")
    assert ati_score(takeover, "p1", "cust_1") == -1.0
    assert ati_score(takeover, "p2", "cust_1", "merchant") == KNOWN


def test_the_events_of_earlier_predictions_are_history(takeover: Any) -> None:
    """With ingestion ENABLED each prediction stores its event: the next one knows the entity."""
    assert [ati_score(takeover, f"p{n}", "cust_1") for n in range(3)] == [-1.0, KNOWN, KNOWN]


@pytest.fixture
def s3(takeover: Any) -> Iterator[Any]:
    with s3_bucket(BUCKET) as s3:
        yield s3


def test_a_batch_import_is_history(takeover: Any, s3: Any) -> None:
    """Hundreds of imported events of an entity: its first prediction is scored, not -1."""
    rows = [f"imp_{n},{SENT_TIME},cust_{n % 2},customer,{n}.5" for n in range(300)]
    s3.put_object(
        Bucket=BUCKET,
        Key="history.csv",
        Body=("EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount\n" + "\n".join(rows)).encode(),
    )
    takeover.create_batch_import_job(
        jobId="history",
        inputPath=f"s3://{BUCKET}/history.csv",
        outputPath=f"s3://{BUCKET}/out",
        eventTypeName=EVENT_TYPE,
        iamRoleArn=ROLE,
    )
    job = takeover.get_batch_import_jobs(jobId="history")["batchImports"][0]
    assert (job["status"], job["failedRecordsCount"]) == ("COMPLETE", 0)
    assert ati_score(takeover, "p1", "cust_0") == KNOWN
    assert ati_score(takeover, "p2", "cust_1") == KNOWN
    assert ati_score(takeover, "p3", "cust_2") == -1.0


def test_deleting_the_events_removes_the_history(takeover: Any, store: Store) -> None:
    """DeleteEvent: the entity is known while one of its events is stored, new once none is."""
    send(takeover, "sent_1", "cust_1")
    send(takeover, "sent_2", "cust_1")
    delete(takeover, "sent_1")
    assert ati_score(takeover, "p1", "cust_1") == KNOWN
    delete(takeover, "sent_2", "p1", "never_stored")
    assert store.entity_history == {EVENT_TYPE: {}}
    assert ati_score(takeover, "p2", "cust_1") == -1.0


def test_deleting_the_events_of_the_type_removes_the_history(takeover: Any, store: Store) -> None:
    """DeleteEventsByEventType: every entity is new again. A prediction made while the events
    are being deleted stores nothing, so it builds no history either."""
    send(takeover, "sent_1", "cust_1")
    assert ati_score(takeover, "p1", "cust_1") == KNOWN
    takeover.delete_events_by_event_type(eventTypeName=EVENT_TYPE)
    assert EVENT_TYPE not in store.entity_history
    assert ati_score(takeover, "p2", "cust_1") == -1.0
    statuses = [
        takeover.get_delete_events_by_event_type_status(eventTypeName=EVENT_TYPE)[
            "eventsDeletionStatus"
        ]
        for _ in range(2)
    ]
    assert statuses == ["IN_PROGRESS", "COMPLETE"]
    assert ati_score(takeover, "p3", "cust_1") == -1.0
    assert ati_score(takeover, "p4", "cust_1") == KNOWN


def test_an_event_sent_again_moves_its_history(takeover: Any, store: Store) -> None:
    """SendEvent on a stored event id replaces the event, entities included; a new label keeps
    it where it is."""
    send(takeover, "sent_1", "cust_1")
    send(takeover, "sent_1", "cust_2")
    takeover.update_event_label(
        eventId="sent_1",
        eventTypeName=EVENT_TYPE,
        assignedLabel="fraud",
        labelTimestamp=SENT_TIME,
    )
    assert store.entity_history == {EVENT_TYPE: {("customer", "cust_2"): 1}}
    assert ati_score(takeover, "p1", "cust_1") == -1.0
    assert ati_score(takeover, "p2", "cust_2") == KNOWN


@pytest.mark.parametrize("entity_id", ["unknown", "UNKNOWN"])
def test_an_anonymous_entity_stays_new_whatever_is_stored(takeover: Any, entity_id: str) -> None:
    """`unknown` is no entity (AWS API reference: "Entity"): events stored under it are no
    one's history."""
    send(takeover, "sent_1", entity_id)
    assert [ati_score(takeover, f"p{n}", entity_id) for n in range(2)] == [-1.0, -1.0]


def test_with_ingestion_disabled_the_model_remembers_what_it_scored(client: Any) -> None:
    """Nothing is stored: the model's own memory of the entities it has scored is the history."""
    set_up_takeover(client, ingestion="DISABLED")
    assert ati_score(client, "p1", "cust_1") == -1.0
    assert ati_score(client, "p2", "cust_1") == KNOWN
    assert ati_score(client, "p3", "cust_2") == -1.0


def test_a_model_made_again_knows_the_stored_entities(takeover: Any) -> None:
    """The stored events are the event type's, not the model's: an ATI model made again under
    the same id knows the entities they name."""
    assert ati_score(takeover, "p1", "cust_1") == -1.0
    make_takeover_model_again(takeover)
    assert ati_score(takeover, "p2", "cust_1") == KNOWN
    assert ati_score(takeover, "p3", "cust_2") == -1.0


def test_the_history_is_kept_in_a_saved_state(takeover: Any) -> None:
    """snapshot() and restore() carry the history with the events it comes from."""
    send(takeover, "sent_1", "cust_1")
    saved = snapshot()
    delete(takeover, "sent_1")
    assert ati_score(takeover, "p1", "cust_2") == -1.0
    restore(saved)
    assert ati_score(takeover, "p2", "cust_1") == KNOWN
    assert ati_score(takeover, "p3", "cust_2") == -1.0


def test_a_state_saved_before_the_counts_reads_the_stored_events(
    takeover: Any, store: Store
) -> None:
    """A store restored from a state saved before the counts existed has events and no counts:
    a prediction reads the events, and changes nothing if it is then refused; the next store
    of an event counts them all."""
    send(takeover, "sent_1", "cust_1")
    del store.entity_history[EVENT_TYPE]

    def broken(event: Event) -> float:
        raise KeyError("amount")

    with get_backend().scores.use(ATI_MODEL, broken):
        refused(
            lambda: takeover.get_event_prediction(**request("p0", entities=entity("cust_1"))),
            "InternalServerException",
            status=500,
            unchanged=store,
        )
    assert ati_score(takeover, "p1", "cust_1") == KNOWN
    assert ati_score(takeover, "p2", "cust_2") == -1.0
    assert store.entity_history == {
        EVENT_TYPE: {("customer", "cust_1"): 2, ("customer", "cust_2"): 1}
    }
