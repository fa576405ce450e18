"""Hand-off: one contactverzoek per chat, redacted turns, the work list for the KCC."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.contacts.models import Actor, InterneTaak, Klantcontact
from reisgenoot.contacts.requests import STATUS
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, csrf_from, login

BSN = "111222333"
PHONE_IN_CHAT = "06-12345678"
CALLBACK_PHONE = "06 98765432"
QUESTION = f"Mijn BSN is {BSN} en mijn nummer is {PHONE_IN_CHAT}. Waar blijft mijn aanvraag voor een parkeervergunning?"


def ask(client: TestClient, question: str) -> Any:
    token = csrf_from(client.get("/hulp/chat").text)
    return client.post("/hulp/chat", data={"vraag": question, "csrf_token": token})


def request_person(client: TestClient, **fields: str) -> Any:
    token = csrf_from(client.get("/hulp/chat").text)
    return client.post("/hulp/chat/mens", data={"csrf_token": token, **fields})


def contacts(db: Database) -> list[Klantcontact]:
    with db.session() as session:
        rows = session.scalars(select(Klantcontact)).unique()
        found = list(rows)
        for contact in found:  # load while the session is open
            _ = (contact.turns, contact.interne_taken, contact.actoren, contact.betrokkenen)
        return found


def test_a_personal_case_is_handed_off_in_plain_dutch(client: TestClient) -> None:
    ask(client, QUESTION)
    page = client.get("/hulp/chat").text
    assert "Voor deze vraag moet iemand in uw eigen gegevens kijken." in page
    assert "Vraag contact met een medewerker" in page
    assert BSN not in page and "[BSN]" in page  # the resident sees what was stored


def test_hand_off_creates_one_redacted_contactverzoek(
    client: TestClient, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    ask(client, QUESTION)
    fields = {"naam": "Anouk de Vries", "telefoon": CALLBACK_PHONE, "voorkeur": "bellen"}
    sent = request_person(client, **fields, toelichting="Mijn BSN is 111222333.")
    assert sent.status_code == 303 and sent.headers["location"] == "/hulp/chat/verzonden"
    assert "Uw verzoek is verstuurd" in client.get("/hulp/chat/verzonden").text
    assert request_person(client, **fields).status_code == 303  # twice: still one request

    [contact] = contacts(db)
    assert contact.status == STATUS and contact.kanaal == "Contactformulier"
    with db.session() as session:
        topic = session.scalars(select(Exchange.topic)).one()
    assert contact.onderwerp == (topic or "Vraag via de digitale assistent")
    [task] = contact.interne_taken
    assert task.status == "te_verwerken"
    assert task.gevraagde_handeling == "Inwoner terugbellen/antwoorden"
    assert CALLBACK_PHONE in task.toelichting  # the callback number is where it is needed
    assert [a.soort_actor for a in contact.actoren] == ["geautomatiseerde_actor"]
    assert (contact.betrokkenen[0].voornaam, contact.betrokkenen[0].achternaam) == (
        "Anouk",
        "de Vries",
    )
    stored = " ".join([contact.inhoud, *(t.text for t in contact.turns)])
    assert BSN not in stored and "12345678" not in stored
    assert "[BSN]" in stored and "[TELEFOON]" in stored
    assert [t.speaker for t in contact.turns][:2] == ["inwoner", "digitale assistent"]

    with db.session() as session:
        events = list(session.scalars(select(AuditEvent)))
    created = [e for e in events if e.action == "contactverzoek_aangemaakt"]
    assert len(created) == 1 and created[0].object_id == contact.uuid
    trail = json.dumps([e.details for e in events] + [e.actor for e in events])
    for secret in ("Anouk", "98765432", BSN):
        assert secret not in trail
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Vul een telefoonnummer of een e-mailadres in."),
        ({"telefoon": "bel me"}, "Vul een geldig telefoonnummer in"),
        ({"email": "geen-adres", "voorkeur": "email"}, "Vul een geldig e-mailadres in"),
        ({"email": "a@voorbeeld.nl", "voorkeur": "bellen"}, "Vul dan ook uw telefoonnummer in."),
    ],
)
def test_the_contact_form_explains_what_is_missing(
    client: TestClient, db: Database, fields: dict[str, str], message: str
) -> None:
    refused = request_person(client, naam="<b>Piet</b>", **fields)
    assert refused.status_code == 400
    assert message in refused.text
    assert "&lt;b&gt;Piet&lt;/b&gt;" in refused.text  # kept, and shown as text
    assert contacts(db) == []


def test_asking_for_a_person_without_a_question_works(client: TestClient, db: Database) -> None:
    sent = request_person(client, email="inwoner@voorbeeld.nl", voorkeur="email")
    assert sent.status_code == 303
    [contact] = contacts(db)
    assert contact.onderwerp == "Vraag via de digitale assistent"
    assert "Antwoorden per e-mail" in contact.interne_taken[0].toelichting


def test_the_contact_form_needs_a_csrf_token(client: TestClient, db: Database) -> None:
    client.get("/hulp/chat/mens")
    refused = client.post("/hulp/chat/mens", data={"telefoon": CALLBACK_PHONE})
    assert refused.status_code == 403
    assert contacts(db) == []


def test_the_work_list_shows_open_requests_to_the_kcc(
    client: TestClient, db: Database, users: dict[str, Account]
) -> None:
    ask(client, QUESTION)
    request_person(client, telefoon=CALLBACK_PHONE)
    client.cookies.clear()
    anonymous = client.get("/contactverzoeken")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    login(client, "trainee")
    assert client.get("/contactverzoeken").status_code == 403
    client.cookies.clear()
    login(client, "medewerker")
    assert 'href="/contactverzoeken"' in client.get("/start/medewerker").text
    page = client.get("/contactverzoeken")
    assert page.status_code == 200
    assert "parkeervergunning" in page.text and CALLBACK_PHONE in page.text
    assert "[BSN]" in page.text and BSN not in page.text
    [contact] = contacts(db)
    url = f"/contactverzoeken/{contact.uuid}/afgehandeld"
    assert client.post(url).status_code == 403  # no CSRF token
    token = csrf_from(page.text)
    refused = client.post(url, data={"csrf_token": token})  # a note is required
    assert "melding=notitie_nodig" in refused.headers["location"]
    done = client.post(url, data={"csrf_token": token, "notitie": "Teruggebeld, uitgelegd."})
    assert done.status_code == 303
    after = client.get(done.headers["location"]).text
    assert "Er zijn geen open contactverzoeken." in after
    with db.session() as session:
        task = session.scalars(select(InterneTaak)).one()
        assert task.status == "verwerkt" and task.afgehandeld_op is not None
        actions = list(session.scalars(select(AuditEvent.action)))
    assert "contactverzoek_afgehandeld" in actions


def test_a_teamleider_sees_the_work_list_too(client: TestClient, users: dict[str, Account]) -> None:
    login(client, "teamleider")
    assert client.get("/contactverzoeken").status_code == 200


def test_the_assistant_actor_is_reused(client: TestClient, db: Database) -> None:
    for _ in range(2):
        client.cookies.clear()
        request_person(client, telefoon=CALLBACK_PHONE)
    assert len(contacts(db)) == 2
    with db.session() as session:
        robots = session.scalars(
            select(Actor).where(Actor.soort_actor == "geautomatiseerde_actor")
        ).all()
    assert len(robots) == 1
