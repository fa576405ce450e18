"""The beheerder page /beheer/openklant and the status badge after confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.assist.test_review import conversation, form_values
from tests.openklant.conftest import FakeOpenKlant, make_contact
from tests.openklant.test_sending import delivery
from tests.web.fixtures import csrf_from, login


@pytest.fixture
def linked_client(linked_settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(linked_settings, db), follow_redirects=False) as test_client:
        yield test_client


def _actions(db: Database, action: str) -> list[AuditEvent]:
    with db.session() as session:
        rows = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        for row in rows:
            session.expunge(row)
        return rows


def test_without_a_link_the_page_explains_and_lists_the_contacts(
    client: Any, users: dict[str, Any], db: Database, settings: Settings
) -> None:
    uuid = make_contact(db, settings)
    login(client, "medewerker")
    assert client.get("/beheer/openklant").status_code == 403
    client.cookies.clear()
    login(client, "beheerder")
    page = client.get("/beheer/openklant")
    assert page.status_code == 200
    assert "Geen koppeling ingesteld" in page.text
    assert uuid[:8] in page.text and "Niet verzonden (geen koppeling ingesteld)" in page.text
    assert "Opnieuw versturen" not in page.text
    assert "Jan" not in page.text and "grofvuil" not in page.text  # no contents, only status
    assert 'href="/beheer/openklant"' in client.get("/start/beheerder").text


def test_resend_needs_csrf_is_audited_and_sends(
    linked_client: TestClient,
    users: dict[str, Any],
    db: Database,
    linked_settings: Settings,
    open_klant: FakeOpenKlant,
) -> None:
    from reisgenoot.contacts.sending import send_pending

    uuid = make_contact(db, linked_settings, task=False)
    open_klant.always = 503
    send_pending(db, linked_settings, sleep=lambda _s: None)
    login(linked_client, "beheerder")
    page = linked_client.get("/beheer/openklant")
    assert "Niet verzonden" in page.text and "HTTP 503" in page.text
    assert f'action="/beheer/openklant/{uuid}/opnieuw"' in page.text
    open_klant.always = None
    assert linked_client.post(f"/beheer/openklant/{uuid}/opnieuw").status_code == 403
    assert _actions(db, "openklant_opnieuw_versturen") == []
    answer = linked_client.post(
        f"/beheer/openklant/{uuid}/opnieuw", data={"csrf_token": csrf_from(page.text)}
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("melding=opnieuw")
    (event,) = _actions(db, "openklant_opnieuw_versturen")
    assert event.actor == "beheerder" and event.object_id == uuid
    assert delivery(db, uuid).status == "verzonden"  # type: ignore[union-attr]
    after = linked_client.get("/beheer/openklant")
    assert "Alle bevestigde contacten staan in Open Klant" in after.text


def test_confirmation_shows_the_send_status(
    client: Any, users: dict[str, Any], articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    page = client.get(f"/assist/{uuid}/controle").text
    assert "Registratie bevestigd" in page
    assert "Niet verzonden (geen koppeling ingesteld)" in page


def test_confirmation_sends_in_the_background_when_linked(
    linked_client: TestClient,
    users: dict[str, Any],
    articles: list[ArticleData],
    db: Database,
    open_klant: FakeOpenKlant,
) -> None:
    login(linked_client, "medewerker")
    uuid = conversation(linked_client)
    values = form_values(linked_client.get(f"/assist/{uuid}/controle").text)
    assert linked_client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    assert open_klant.invalid == []
    assert open_klant.paths()[0] == "/maak-klantcontact"
    body = open_klant.received[0][1]
    assert body["klantcontact"]["metadata"]["reisgenootUuid"] == uuid
    assert "Verzonden naar Open Klant" in linked_client.get(f"/assist/{uuid}/controle").text


def test_a_failing_background_send_keeps_the_confirmed_contact(
    linked_client: TestClient,
    users: dict[str, Any],
    articles: list[ArticleData],
    db: Database,
    open_klant: FakeOpenKlant,
) -> None:
    open_klant.always = 502
    login(linked_client, "medewerker")
    uuid = conversation(linked_client)
    values = form_values(linked_client.get(f"/assist/{uuid}/controle").text)
    assert linked_client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    page = linked_client.get(f"/assist/{uuid}/controle").text
    assert "Registratie bevestigd" in page and "Niet verzonden" in page and "HTTP 502" in page
    row = delivery(db, uuid)
    assert row is not None and row.status == "niet_verzonden" and row.attempts == 3
