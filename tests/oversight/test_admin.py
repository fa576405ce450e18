"""The beheerder's account pages: add, change roles and team, reset a password, deactivate —
audited, guarded (last beheerder, oneself), sessions ended, Dutch errors, beheerder only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role, User
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import PASSWORD, Account, csrf_from, login

PAGE = "/beheer/gebruikers"


def _id(db: Database, username: str) -> int:
    with db.session() as session:
        found = session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def _post(client: TestClient, path: str, **data: Any) -> Response:
    token = csrf_from(client.get(PAGE).text)
    response: Response = client.post(path, data={"csrf_token": token, **data})
    return response


@pytest.fixture
def beheerder(client: TestClient, users: dict[str, Account]) -> TestClient:
    login(client, "beheerder")
    return client


def test_only_a_beheerder_manages_accounts(client: TestClient, users: dict[str, Account]) -> None:
    login(client, "teamleider")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"gebruikersnaam": "x"}).status_code in {403, 400}


def test_add_a_user_who_can_then_log_in(beheerder: TestClient, db: Database) -> None:
    response = _post(
        beheerder, PAGE, gebruikersnaam="nieuw", naam="Nieuwe Collega",
        wachtwoord="lang-genoeg-123", team="Noord", rol=["medewerker", "trainee"],
    )  # fmt: skip
    assert response.status_code == 303
    page = beheerder.get(PAGE + "?klaar=aangemaakt").text
    assert "De gebruiker is aangemaakt." in page and "Nieuwe Collega" in page
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == "nieuw"))
        assert user is not None and user.roles == {Role.MEDEWERKER, Role.TRAINEE}
        assert user.team is not None and user.team.name == "Noord"
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "gebruiker_aangemaakt"
        assert event.actor == "beheerder" and "lang-genoeg" not in str(event.details)


def test_bad_input_gets_dutch_errors_and_keeps_what_was_typed(beheerder: TestClient) -> None:
    response = _post(beheerder, PAGE, gebruikersnaam="twee woorden", naam="", wachtwoord="kort")
    assert response.status_code == 400
    text = response.text
    assert "Vul een inlognaam in, zonder spaties." in text and "Kies minstens één rol." in text
    assert 'value="twee woorden"' in text
    short = _post(
        beheerder, PAGE, gebruikersnaam="kortpw", naam="K", wachtwoord="kort", rol="medewerker"
    )
    assert "minstens 10 tekens" in short.text
    duplicate = _post(
        beheerder,
        PAGE,
        gebruikersnaam="medewerker",
        naam="X",
        wachtwoord=PASSWORD,
        rol="medewerker",
    )
    assert "Er bestaat al een gebruiker met de naam medewerker." in duplicate.text


def test_change_roles_and_team(beheerder: TestClient, db: Database) -> None:
    target = _id(db, "medewerker")
    response = _post(beheerder, f"{PAGE}/{target}", naam="Mia", team="Zuid", rol=["teamleider"])
    assert response.status_code == 303
    with db.session() as session:
        user = session.get(User, target)
        assert user is not None and user.roles == {Role.TEAMLEIDER} and user.display_name == "Mia"
        assert user.team is not None and user.team.name == "Zuid"


def test_the_last_beheerder_keeps_the_role_and_cannot_be_switched_off(
    beheerder: TestClient, db: Database
) -> None:
    own = _id(db, "beheerder")
    refused = _post(beheerder, f"{PAGE}/{own}", naam="B", rol=["medewerker"])
    assert refused.status_code == 400
    assert "Dit is de laatste beheerder." in refused.text
    itself = _post(beheerder, f"{PAGE}/{own}/uitzetten")
    assert "Je kunt je eigen account niet uitzetten." in itself.text
    with db.session() as session:
        user = session.get(User, own)
        assert user is not None and user.active and Role.BEHEERDER in user.roles


def test_reset_password_shows_it_once_and_ends_sessions(
    beheerder: TestClient, db: Database, client: TestClient
) -> None:
    target = _id(db, "redacteur")
    page = _post(beheerder, f"{PAGE}/{target}/wachtwoord")
    assert page.headers["cache-control"] == "no-store"
    found = re.search(r"<code>([^<]+)</code>", page.text)
    assert found is not None
    beheerder.cookies.clear()
    assert login(beheerder, "redacteur").status_code != 303  # the old password is gone
    assert login(beheerder, "redacteur", found.group(1)).status_code == 303


def test_deactivated_accounts_cannot_log_in_and_lose_their_session(
    beheerder: TestClient, db: Database, app: FastAPI
) -> None:
    target = _id(db, "opleider")
    with TestClient(app) as other:
        login(other, "opleider")
        assert other.get("/", follow_redirects=False).status_code == 303
        assert _post(beheerder, f"{PAGE}/{target}/uitzetten").status_code == 303
        assert "/login" in other.get("/training", follow_redirects=False).headers.get(
            "location", ""
        )
    beheerder.cookies.clear()
    assert login(beheerder, "opleider").status_code != 303


def test_unknown_or_huge_ids_get_a_dutch_404(beheerder: TestClient) -> None:
    for path in (f"{PAGE}/999999", f"{PAGE}/0"):
        response = beheerder.get(path)
        assert response.status_code == 404, path
        assert "Deze gebruiker bestaat niet." in response.text
    for path in (f"{PAGE}/99999999999999999999999", f"{PAGE}/+1", f"{PAGE}/²"):  # no id at all
        response = beheerder.get(path)
        assert response.status_code == 404, path
        assert "Pagina niet gevonden" in response.text
