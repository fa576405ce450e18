"""Contactverzoeken as a work list: pick up, hand over, finish with a note, history, undo,
due time; Dutch messages; the note is redacted; audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.contacts import worklist
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from tests.contactverzoeken import parking_request
from tests.web.fixtures import Account, csrf_from, login


@pytest.fixture
def request_uuid(settings: Settings, db: Database) -> str:
    return parking_request(db, settings.audit_secret())


def _post(client: TestClient, path: str, **data: str) -> str:
    token = csrf_from(client.get("/contactverzoeken").text)
    response = client.post(path, data={"csrf_token": token, **data})
    assert response.status_code == 303
    return str(client.get(response.headers["location"]).text)


def test_pick_up_finish_with_a_note_and_undo(
    client: TestClient, users: dict[str, Account], db: Database, request_uuid: str
) -> None:
    login(client, "medewerker")
    base = f"/contactverzoeken/{request_uuid}"
    page = client.get("/contactverzoeken").text
    assert "Nieuw" in page and "Ik pak dit op" in page and "Reageren vóór" in page
    page = _post(client, f"{base}/oppakken")
    assert (
        "Je hebt het contactverzoek opgepakt." in page
        and "In behandeling</span> · Test medewerker" in page
    )
    assert "Overnemen" not in page  # it is mine already
    page = _post(client, f"{base}/afgehandeld", notitie="Gebeld met 0612345678, vraag beantwoord.")
    assert "Het contactverzoek staat op afgehandeld." in page
    assert "Afgehandeld in het afgelopen etmaal (1)" in page
    assert "0612345678, vraag" not in page.split("Afgehandeld in het afgelopen etmaal")[1]
    with db.session() as session:
        task = session.scalars(select(InterneTaak)).one()
        assert task.status == "verwerkt"
        contact = session.scalars(select(Klantcontact)).one()
        steps = worklist.history(contact)
        assert [(s.van, s.naar) for s in steps] == [
            ("nieuw", "in_behandeling"),
            ("in_behandeling", "afgehandeld"),
        ]
        assert "0612345678" not in steps[1].notitie and "vraag beantwoord" in steps[1].notitie
    page = _post(client, f"{base}/ongedaan")
    assert "De laatste stap is ongedaan gemaakt." in page
    with db.session() as session:
        task = session.scalars(select(InterneTaak)).one()
        assert task.status == "te_verwerken" and task.toegewezen_aan_actor_id is not None
        actions = list(session.scalars(select(AuditEvent.action)))
    assert {"contactverzoek_opgepakt", "contactverzoek_afgehandeld",
            "contactverzoek_stap_teruggedraaid"} <= set(actions)  # fmt: skip


def test_a_colleague_can_take_over_and_errors_are_dutch(
    client: TestClient, users: dict[str, Account], request_uuid: str
) -> None:
    base = f"/contactverzoeken/{request_uuid}"
    login(client, "medewerker")
    _post(client, f"{base}/oppakken")
    client.cookies.clear()
    login(client, "teamleider")
    page = client.get("/contactverzoeken").text
    assert "Overnemen" in page
    assert "In behandeling</span> · Test teamleider" in _post(client, f"{base}/oppakken")
    assert "Schrijf kort op wat je hebt gedaan" in _post(client, f"{base}/afgehandeld", notitie=" ")
    missing = _post(client, "/contactverzoeken/bestaat-niet/oppakken")
    assert "Dit contactverzoek bestaat niet (meer)." in missing


def test_due_time_and_overdue(settings: Settings, db: Database, request_uuid: str) -> None:
    with db.session() as session:
        contact = session.scalars(select(Klantcontact)).one()
        fresh = worklist.item(contact, 48)
        assert not fresh.overdue and fresh.step == worklist.NEW
        late = worklist.item(contact, 48, now=utcnow() + timedelta(hours=49))
        assert late.overdue and late.due - fresh.due == timedelta(0)
