"""A recording uploaded in the browser becomes the employee's concept registration."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.speech.test_endpoint import FakeSpeechServer
from tests.speech.test_register_audio import DUTCH
from tests.web.fixtures import Account, csrf_from, login


def test_an_uploaded_recording_is_drafted_reviewed_and_not_stored(
    settings: Settings, db: Database, users: dict[str, Account], recordings: dict[str, Path]
) -> None:
    server = FakeSpeechServer()
    server.mode, server.queue = "queue", list(DUTCH)
    server.thread.start()
    try:
        configured = settings.model_copy(update={"speech_url": server.url})
        with TestClient(create_app(configured, db), follow_redirects=False) as client:
            login(client, "medewerker")
            page = client.get("/assist")
            assert "Opname van een gesprek uitschrijven" in page.text
            token = csrf_from(page.text)
            data = recordings["stereo"].read_bytes()
            answer = client.post(
                "/assist/opname",
                data={"csrf_token": token, "medewerker_kanaal": "links"},
                files={"opname": ("gesprek.wav", data, "audio/wav")},
            )
            assert answer.status_code == 303, answer.text
            location = answer.headers["location"]
            assert location.endswith("/controle")
            review = client.get(location)
            assert review.status_code == 200 and "paspoort" in review.text
            refused = client.post(
                "/assist/opname",
                data={"csrf_token": token},
                files={"opname": ("kapot.wav", b"geen geluid", "audio/wav")},
            )
            assert refused.status_code == 422
            assert "kan niet worden gelezen" in refused.text and "kapot.wav" in refused.text
    finally:
        server.server.shutdown()
        server.server.server_close()
    with db.session() as session:
        contact = session.scalars(select(Klantcontact)).one()
        assert contact.status == "concept" and contact.meta["bron"] == "opname"
        assert [t.speaker for t in contact.turns][:2] == ["medewerker", "inwoner"]
        assert (
            session.scalars(select(AuditEvent).where(AuditEvent.action == "spraak_getranscribeerd"))
            .one()
            .details["kanalen"]
            == 2
        )
    assert not list(settings.home.rglob("*.wav"))


def test_without_a_backend_there_is_no_upload(
    client: TestClient, users: dict[str, Account]
) -> None:
    login(client, "medewerker")
    page = client.get("/assist")
    assert "Opname van een gesprek uitschrijven" not in page.text
    answer = client.post(
        "/assist/opname",
        data={"csrf_token": csrf_from(page.text)},
        files={"opname": ("gesprek.wav", b"RIFF", "audio/wav")},
    )
    assert answer.status_code == 404 and "niet ingesteld" in answer.text
