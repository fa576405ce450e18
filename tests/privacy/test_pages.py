"""The beheerder's pages for retention, inzage and erasure: beheerder only, CSRF, Dutch
confirmations before anything is deleted, Dutch errors for hostile input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.privacy.models import RetentionOverride
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.learning.conftest import confirm
from tests.web.fixtures import Account, csrf_from, login

RETENTION = "/beheer/bewaartermijnen"
RESIDENT = "/beheer/inwoner"
BSN = "111222333"
ROUTES = (
    ("GET", RETENTION),
    ("POST", RETENTION),
    ("POST", RETENTION + "/opschonen"),
    ("GET", RESIDENT),
    ("POST", RESIDENT + "/zoeken"),
    ("POST", RESIDENT + "/inzage"),
    ("POST", RESIDENT + "/wissen"),
)


def _post(client: TestClient, path: str, page: str, **data: Any) -> Response:
    token = csrf_from(client.get(page).text)
    response: Response = client.post(path, data={"csrf_token": token, **data})
    return response


@pytest.fixture
def beheerder(client: TestClient, users: dict[str, Account]) -> TestClient:
    login(client, "beheerder")
    return client


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.BEHEERDER])
def test_only_a_beheerder_opens_them(
    client: TestClient, users: dict[str, Account], db: Database, role: Role
) -> None:
    login(client, role.value)
    token = csrf_from(client.get(f"/start/{role.value}").text)
    for method, path in ROUTES:
        data = {"csrf_token": token, "bsn": BSN, "bevestigd": "ja"} if method == "POST" else None
        assert client.request(method, path, data=data).status_code == 403, (role, path)


def test_forms_need_the_csrf_token(beheerder: TestClient) -> None:
    for method, path in ROUTES:
        if method == "POST":
            response = beheerder.post(path, data={"bsn": BSN, "bevestigd": "ja"})
            assert response.status_code == 403, path


def test_retention_page_shows_and_changes_the_periods(beheerder: TestClient, db: Database) -> None:
    page = beheerder.get(RETENTION)
    assert page.status_code == 200
    for text in (
        "Klantcontacten",
        "Gespreksbeurten",
        "Auditlogboek",
        "REISGENOOT_RETENTION_CHATS_DAYS",
    ):
        assert text in page.text
    bad = _post(
        beheerder, RETENTION, RETENTION, **{"dagen-klantcontacten": "-5", "dagen-chats": "veel"}
    )
    assert bad.status_code == 400
    assert "Vul voor klantcontacten een bewaartermijn in van 1 tot en met 36.500 dagen" in bad.text
    assert "chats van de digitale assistent" in bad.text
    ok = _post(beheerder, RETENTION, RETENTION, **{"dagen-klantcontacten": "200"})
    assert ok.status_code == 303
    page = beheerder.get(ok.headers["location"])
    assert "De bewaartermijnen zijn opgeslagen." in page.text
    assert "aangepast door beheerder" in page.text
    with db.session() as session:
        assert session.get(RetentionOverride, "klantcontacten").days == 200  # type: ignore[union-attr]
        assert (
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == "bewaartermijn_gewijzigd")
            )
            .one()
            .actor
            == "beheerder"
        )


def test_purge_now_asks_first(beheerder: TestClient, db: Database) -> None:
    ask = _post(beheerder, RETENTION + "/opschonen", RETENTION)
    assert ask.status_code == 200 and "Weet u het zeker?" in ask.text
    with db.session() as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == "bewaartermijnen_toegepast")
        ).all()
    done = _post(beheerder, RETENTION + "/opschonen", RETENTION, bevestigd="ja")
    assert done.status_code == 200 and "Opgeschoond." in done.text
    with db.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "bewaartermijnen_toegepast")
        ).one()
    assert event.actor == "beheerder"


def test_search_download_and_erase_a_resident(
    beheerder: TestClient, db: Database, settings: Settings
) -> None:
    uuid, _ = confirm(db, settings, f"Mijn paspoort is kwijt. Mijn BSN is {BSN}.")
    other, _ = confirm(db, settings, "Mijn grofvuil is niet opgehaald.")
    found = _post(beheerder, RESIDENT + "/zoeken", RESIDENT, bsn=BSN)
    assert found.status_code == 200
    assert "1 klantcontact en 0 chats" in found.text
    download = _post(beheerder, RESIDENT + "/inzage", RESIDENT, bsn=BSN)
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="inzage.json"'
    assert [c["id"] for c in json.loads(download.text)["klantcontacten"]] == [uuid]
    ask = _post(beheerder, RESIDENT + "/wissen", RESIDENT, bsn=BSN)
    assert ask.status_code == 200 and "Weet u het zeker?" in ask.text
    with db.session() as session:
        assert session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    done = _post(beheerder, RESIDENT + "/wissen", RESIDENT, bsn=BSN, bevestigd="ja")
    assert done.status_code == 200 and "Gewist." in done.text
    with db.session() as session:
        assert set(session.scalars(select(Klantcontact.uuid))) == {other}
        actions = list(session.scalars(select(AuditEvent.action)))
    assert {"inwoner_gezocht", "inzage_gegeven", "inwoner_gewist"} <= set(actions)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"bsn": "123456789"},
        {"bsn": "1" * 5000},
        {"email": "<script>alert(1)</script>"},
        {"telefoon": "12"},
        {"iban": "NL00BANK0000000000"},
        {"kvk": "abc"},
        {"bsn": "\x00\x01"},
    ],
)
def test_hostile_input_gets_a_dutch_error(beheerder: TestClient, data: dict[str, str]) -> None:
    for path in ("/zoeken", "/inzage", "/wissen"):
        response = _post(beheerder, RESIDENT + path, RESIDENT, **data)
        assert response.status_code == 400, (path, data)
        assert "Er is een probleem" in response.text
        assert "<script>alert" not in response.text
