"""The interne taak of a contactverzoek kept in step with Open Klant, both ways, against the
real HTTP stand-in (which validates every body against the Klantinteracties OpenAPI file)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.contacts import worklist
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.contacts.sending import send_pending
from reisgenoot.contacts.tasksync import pull_statuses, push_statuses
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.contactverzoeken import parking_request
from tests.openklant.conftest import FakeOpenKlant
from tests.web.fixtures import csrf_from, login

WHO = (0, "Test medewerker", "medewerker")  # the user id is set by the ``who`` fixture


def _no_wait(_seconds: float) -> None:
    return


@pytest.fixture(autouse=True)
def who(users: dict[str, Any], db: Database) -> None:
    from reisgenoot.accounts.models import User

    global WHO
    with db.session() as session:
        WHO = (session.scalar(select(User.id).where(User.username == "medewerker")) or 0, *WHO[1:])


@pytest.fixture
def request_uuid(linked_settings: Settings, db: Database) -> str:
    return parking_request(db, linked_settings.audit_secret())


def _task(db: Database, uuid: str) -> InterneTaak:
    with db.session() as session:
        task = session.scalars(
            select(InterneTaak)
            .join(Klantcontact, Klantcontact.id == InterneTaak.klantcontact_id)
            .where(Klantcontact.uuid == uuid)
        ).one()
        session.expunge(task)
        return task


def _sent(db: Database, settings: Settings, open_klant: FakeOpenKlant, uuid: str) -> str:
    report = send_pending(db, settings, sleep=_no_wait)
    assert report.sent == [uuid] and open_klant.invalid == []
    task = _task(db, uuid)
    assert task.openklant_uuid in open_klant.tasks and task.openklant_status == "te_verwerken"
    return str(task.openklant_uuid)


def _actions(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_a_contactverzoek_is_sent_with_its_task(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, request_uuid: str
) -> None:
    remote = _sent(db, linked_settings, open_klant, request_uuid)
    assert open_klant.paths() == ["/maak-klantcontact", "/internetaken"], open_klant.received
    assert open_klant.tasks[remote]["status"] == "te_verwerken"
    # in step: nothing to push
    assert push_statuses(db, linked_settings, sleep=_no_wait).pushed == []


def test_a_local_step_is_pushed_and_undone(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, request_uuid: str
) -> None:
    remote = _sent(db, linked_settings, open_klant, request_uuid)
    key = linked_settings.audit_secret()
    with db.session() as session:
        worklist.finish(session, request_uuid, WHO, "Teruggebeld.", audit_key=key)
    report = push_statuses(db, linked_settings, sleep=_no_wait)
    assert len(report.pushed) == 1 and open_klant.invalid == []
    (path, body) = open_klant.patched[-1]
    assert path == remote and body["status"] == "verwerkt" and body["afgehandeldOp"].endswith("Z")
    assert set(body) == {"status", "afgehandeldOp"}  # never the text of the task
    assert _task(db, request_uuid).openklant_status == "verwerkt"
    assert "openklant_taakstatus_verzonden" in _actions(db)
    assert push_statuses(db, linked_settings, sleep=_no_wait).pushed == []  # in step again
    with db.session() as session:
        worklist.undo(session, request_uuid, WHO, audit_key=key)
    push_statuses(db, linked_settings, sleep=_no_wait)
    assert open_klant.patched[-1][1] == {"status": "te_verwerken", "afgehandeldOp": None}
    assert open_klant.tasks[remote]["status"] == "te_verwerken"


def test_an_outage_keeps_the_status_queued(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, request_uuid: str
) -> None:
    _sent(db, linked_settings, open_klant, request_uuid)
    with db.session() as session:
        worklist.finish(
            session, request_uuid, WHO, "Klaar.", audit_key=linked_settings.audit_secret()
        )
    open_klant.always = 503
    down = push_statuses(db, linked_settings, sleep=_no_wait)
    assert down.pushed == [] and len(down.failed) == 1
    assert _task(db, request_uuid).openklant_status == "te_verwerken"  # still to send
    open_klant.always = None
    assert len(push_statuses(db, linked_settings, sleep=_no_wait).pushed) == 1
    assert _task(db, request_uuid).openklant_status == "verwerkt"


def test_a_status_set_in_open_klant_comes_back_as_a_step(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, request_uuid: str
) -> None:
    remote = _sent(db, linked_settings, open_klant, request_uuid)
    open_klant.tasks[remote]["status"] = "verwerkt"  # a colleague handled it in Open Klant
    report = pull_statuses(db, linked_settings, sleep=_no_wait)
    assert len(report.pulled) == 1
    task = _task(db, request_uuid)
    assert task.status == "verwerkt" and task.openklant_status == "verwerkt"
    with db.session() as session:
        contact = session.scalars(
            select(Klantcontact).where(Klantcontact.uuid == request_uuid)
        ).one()
        last = worklist.history(contact)[-1]
        assert (last.naar, last.door) == (worklist.FINISHED, "Open Klant")
    assert "contactverzoek_status_uit_openklant" in _actions(db)
    assert push_statuses(db, linked_settings, sleep=_no_wait).pushed == []  # no echo
    # Reopened in Open Klant: back on the list.
    open_klant.tasks[remote]["status"] = "te_verwerken"
    pull_statuses(db, linked_settings, sleep=_no_wait)
    assert _task(db, request_uuid).status == "te_verwerken"


def test_a_change_on_both_sides_keeps_the_local_one(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, request_uuid: str
) -> None:
    remote = _sent(db, linked_settings, open_klant, request_uuid)
    with db.session() as session:
        worklist.finish(
            session, request_uuid, WHO, "Klaar.", audit_key=linked_settings.audit_secret()
        )
    open_klant.tasks[remote]["toelichting"] = "iets anders"  # changed there too
    assert pull_statuses(db, linked_settings, sleep=_no_wait).pulled == []
    push_statuses(db, linked_settings, sleep=_no_wait)
    assert open_klant.tasks[remote]["status"] == "verwerkt"
    assert _task(db, request_uuid).status == "verwerkt"


def test_without_a_link_nothing_is_sent(
    db: Database, settings: Settings, request_uuid: str
) -> None:
    assert not push_statuses(db, settings).configured
    assert not pull_statuses(db, settings).configured


def test_the_work_list_step_is_sent_in_the_background(
    db: Database,
    linked_settings: Settings,
    open_klant: FakeOpenKlant,
    users: dict[str, Any],
    request_uuid: str,
) -> None:
    remote = _sent(db, linked_settings, open_klant, request_uuid)
    with TestClient(create_app(linked_settings, db), follow_redirects=False) as client:
        login(client, "medewerker")
        token = csrf_from(client.get("/contactverzoeken").text)
        answer = client.post(
            f"/contactverzoeken/{request_uuid}/afgehandeld",
            data={"csrf_token": token, "notitie": "Teruggebeld, vraag beantwoord."},
        )
        assert answer.status_code == 303
    assert open_klant.tasks[remote]["status"] == "verwerkt"
    assert _task(db, request_uuid).openklant_status == "verwerkt"
