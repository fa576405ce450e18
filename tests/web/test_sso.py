"""Logging in via the organisation against a real OIDC provider (node-oidc-provider on loopback).

The browser is played with httpx at the provider (its own login and consent forms) and with
the TestClient at Reisgenoot; one test drives headless Chromium through the whole round.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select, update

from reisgenoot.accounts.models import OidcLoginState, Role, User
from reisgenoot.accounts.service import NewUser, create_user
from reisgenoot.app import create_app
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.oidc.server import CLIENT_ID, Provider, start_provider, walk_provider
from tests.web.fixtures import Account, csrf_from, login

ACCOUNTS: dict[str, dict[str, Any]] = {
    "anna": {
        "name": "Anna de Vries",
        "preferred_username": "anna.devries@voorbeeldstad.nl",
        "roles": ["KCC-Medewerkers"],
        "team": "KCC Noord",
    },
    "bram": {
        "name": "Bram Jansen",
        "preferred_username": "bram.jansen@voorbeeldstad.nl",
        "roles": ["KCC-Teamleiders", "Opleiders", "Iets-anders"],
        "team": "KCC Zuid",
    },
    "cor": {
        "name": "Cor Bakker",
        "preferred_username": "cor.bakker@voorbeeldstad.nl",
        "roles": ["Burgerzaken"],
    },
}
ROLE_MAP = {
    "KCC-Medewerkers": ["medewerker"],
    "KCC-Teamleiders": ["teamleider", "medewerker"],
    "Opleiders": ["opleider"],
}
NO_ROLE = "nog geen rol in Reisgenoot"


def sso_settings_for(settings: Settings, provider: Provider, **extra: Any) -> Settings:
    update_ = {
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": SecretStr(provider.client_secret),
        "oidc_role_map": ROLE_MAP,
        "oidc_team_claim": "team",
        **extra,
    }
    return settings.model_copy(update=update_)


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """One provider for this module's tests (each test logs in with its own browsers)."""
    yield from start_provider(tmp_path_factory.mktemp("oidc"), accounts=ACCOUNTS)


@pytest.fixture
def sso_settings(settings: Settings, provider: Provider) -> Settings:
    return sso_settings_for(settings, provider)


@pytest.fixture
def sso_app(sso_settings: Settings, db: Database) -> FastAPI:
    return create_app(sso_settings, db)


@pytest.fixture
def sso(sso_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(sso_app, follow_redirects=False) as client:
        yield client


def sso_login(client: TestClient, who: str, next_path: str = "/") -> Any:
    """The whole round: Reisgenoot → provider (login, consent) → back to the callback."""
    start = client.get("/login/oidc", params={"next": next_path})
    assert start.status_code == 303, start.text[:300]
    back = walk_provider(start.headers["location"], who)
    return client.get(back)


def user_of(db: Database, subject: str) -> User | None:
    with db.session() as session:
        user = session.scalar(select(User).where(User.oidc_subject == subject))
        if user is not None:
            _ = user.roles, user.team
            session.expunge_all()
        return user


def audit_events(db: Database, action: str) -> list[AuditEvent]:
    with db.session() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        session.expunge_all()
        return events


def test_login_page_offers_the_organisation_only_when_configured(
    sso: TestClient, client: TestClient
) -> None:
    page = sso.get("/login")
    assert "Inloggen via uw organisatie" in page.text
    assert 'name="password"' in page.text  # local accounts stay
    plain = client.get("/login")
    assert "Inloggen via uw organisatie" not in plain.text
    assert client.get("/login/oidc").status_code == 404


def test_first_login_creates_the_user_from_the_claims(sso: TestClient, db: Database) -> None:
    response = sso_login(sso, "anna", next_path="/kennisbank")
    assert response.status_code == 303, response.text[:500]
    assert response.headers["location"] == "/kennisbank"
    assert sso.get("/kennisbank").status_code == 200
    user = user_of(db, "anna")
    assert user is not None
    assert user.username == "anna.devries@voorbeeldstad.nl"
    assert user.display_name == "Anna de Vries"
    assert user.roles == frozenset({Role.MEDEWERKER})
    assert user.team is not None and user.team.name == "KCC Noord"
    assert user.password_hash is None  # no local password: only the organisation logs in
    (event,) = audit_events(db, "ingelogd")
    assert event.details["via"] == "sso" and event.details["nieuw_account"] is True
    stored = json.dumps(event.details) + event.object_id + event.actor
    assert "anna" not in stored.lower() and "vries" not in stored.lower()


def test_roles_and_team_follow_the_claims_at_every_login(
    sso_app: FastAPI, provider: Provider, db: Database
) -> None:
    with TestClient(sso_app, follow_redirects=False) as first:
        assert sso_login(first, "bram").status_code == 303
    user = user_of(db, "bram")
    assert user is not None
    assert user.roles == frozenset({Role.TEAMLEIDER, Role.MEDEWERKER, Role.OPLEIDER})
    assert user.team is not None and user.team.name == "KCC Zuid"
    provider.set_claims(
        "bram", {**ACCOUNTS["bram"], "roles": ["KCC-Medewerkers"], "team": "KCC Noord"}
    )
    with TestClient(sso_app, follow_redirects=False) as second:
        assert sso_login(second, "bram").status_code == 303
        assert second.get("/signalen").status_code == 403  # no longer a teamleider
    again = user_of(db, "bram")
    assert again is not None and again.id == user.id
    assert again.roles == frozenset({Role.MEDEWERKER})
    assert again.team is not None and again.team.name == "KCC Noord"


def test_someone_without_a_mapped_role_is_refused_in_dutch(sso: TestClient, db: Database) -> None:
    response = sso_login(sso, "cor")
    assert response.status_code == 403
    assert NO_ROLE in response.text
    assert "reisgenoot_session" not in response.cookies
    assert sso.get("/").status_code == 303  # not logged in
    assert user_of(db, "cor") is None
    (event,) = audit_events(db, "sso_geweigerd")
    assert event.details["reden"] == "geen_rol"
    assert "cor" not in (event.object_id + json.dumps(event.details)).lower()


def test_an_answer_for_another_browser_is_refused(sso_app: FastAPI, db: Database) -> None:
    with (
        TestClient(sso_app, follow_redirects=False) as victim,
        TestClient(sso_app, follow_redirects=False) as attacker,
    ):
        start = attacker.get("/login/oidc")
        back = walk_provider(start.headers["location"], "anna")
        # the attacker's code and state, opened in the victim's browser (login CSRF)
        response = victim.get(back)
        assert response.status_code == 400
        assert "verlopen of hoort bij een ander venster" in response.text
        assert victim.get("/").status_code == 303
    assert user_of(db, "anna") is None


def test_a_changed_or_reused_state_is_refused(sso: TestClient) -> None:
    start = sso.get("/login/oidc")
    back = walk_provider(start.headers["location"], "anna")
    query = parse_qs(urlsplit(back).query)
    changed = sso.get("/login/oidc/callback", params={"code": query["code"][0], "state": "x" * 43})
    assert changed.status_code == 400 and "verlopen" in changed.text
    # the state cookie is gone after a refusal: the real answer no longer fits either
    assert sso.get(back).status_code == 400


def test_a_used_answer_cannot_be_used_again(sso: TestClient) -> None:
    start = sso.get("/login/oidc")
    state_cookie = sso.cookies.get("reisgenoot_sso")
    back = walk_provider(start.headers["location"], "anna")
    assert sso.get(back).status_code == 303
    sso.cookies.set("reisgenoot_sso", str(state_cookie), path="/login/oidc")
    replay = sso.get(back)
    assert replay.status_code == 400 and "verlopen" in replay.text


def test_a_nonce_that_does_not_match_is_refused(sso: TestClient, db: Database) -> None:
    start = sso.get("/login/oidc")
    with db.session() as session:  # as if the token had been made for another login
        session.execute(update(OidcLoginState).values(nonce="een-andere-nonce"))
    response = sso.get(walk_provider(start.headers["location"], "anna"))
    assert response.status_code == 400
    assert "bewijs van inloggen" in response.text
    assert user_of(db, "anna") is None
    (event,) = audit_events(db, "sso_mislukt")
    assert event.details == {"reden": "sso_ongeldig"}


def test_stopping_at_the_provider_says_so(sso: TestClient) -> None:
    start = sso.get("/login/oidc")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    response = sso.get("/login/oidc/callback", params={"state": state, "error": "access_denied"})
    assert response.status_code == 400
    assert "afgebroken" in response.text


def test_local_accounts_still_log_in(sso: TestClient, users: dict[str, Account]) -> None:
    response = login(sso, "medewerker")
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert sso.get("/start/medewerker").status_code == 200


def test_local_login_can_be_switched_off(
    settings: Settings, provider: Provider, db: Database, users: dict[str, Account]
) -> None:
    app = create_app(sso_settings_for(settings, provider, local_login=False), db)
    with TestClient(app, follow_redirects=False) as client:
        page = client.get("/login")
        assert "Inloggen via uw organisatie" in page.text
        assert 'name="password"' not in page.text
        data = {"username": "medewerker", "password": "veilig-wachtwoord-2024"}
        token = csrf_from(client.get("/hulp/chat").text)  # the login page has no form now
        refused = client.post("/login", data={**data, "csrf_token": token})
        assert refused.status_code == 403 and "staat uit" in refused.text
        assert client.get("/start/medewerker").status_code == 303


def test_logout_ends_the_session_here_and_at_the_provider(
    sso: TestClient, provider: Provider
) -> None:
    assert sso_login(sso, "anna").status_code == 303
    start = sso.get("/start/medewerker")
    response = sso.post("/logout", data={"csrf_token": csrf_from(start.text)})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(provider.issuer)
    query = parse_qs(urlsplit(location).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["post_logout_redirect_uri"] == ["http://testserver/uitgelogd"]
    assert sso.get("/").status_code == 303  # the local session has ended already
    back = walk_provider(location, "anna")  # confirm the logout at the provider
    assert back == "http://testserver/uitgelogd"
    assert "Je bent uitgelogd" in sso.get(back).text


def test_an_unreachable_provider_gives_a_dutch_page(settings: Settings, db: Database) -> None:
    unreachable = settings.model_copy(
        update={
            "oidc_issuer": "http://127.0.0.1:9",
            "oidc_client_id": "x",
            "oidc_timeout_seconds": 2,
        }
    )
    with TestClient(create_app(unreachable, db), follow_redirects=False) as client:
        response = client.get("/login/oidc")
        assert response.status_code == 503
        assert "niet bereikbaar" in response.text


def test_a_role_map_with_an_unknown_role_stops_the_start(settings: Settings, db: Database) -> None:
    wrong = settings.model_copy(
        update={
            "oidc_issuer": "https://idp.example",
            "oidc_client_id": "x",
            "oidc_role_map": {"A": ["baas"]},
        }
    )
    with pytest.raises(AccountError) as error:
        create_app(wrong, db)
    assert "De rol baas bestaat niet" in error.value.dutch()


def test_the_logout_form_may_lead_to_the_provider(sso: TestClient, provider: Provider) -> None:
    policy = sso.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer}" in policy


def test_an_answer_naming_another_issuer_is_refused(sso: TestClient, db: Database) -> None:
    start = sso.get("/login/oidc")
    back = walk_provider(start.headers["location"], "anna")
    query = {key: values[0] for key, values in parse_qs(urlsplit(back).query).items()}
    response = sso.get(
        "/login/oidc/callback", params={**query, "iss": "https://idp.aanvaller.example"}
    )
    assert response.status_code == 400 and "bewijs van inloggen" in response.text
    assert user_of(db, "anna") is None


def test_a_switched_off_account_stays_out(
    sso_app: FastAPI, db: Database, users: dict[str, Account]
) -> None:
    with TestClient(sso_app, follow_redirects=False) as anna:
        assert sso_login(anna, "anna").status_code == 303
    linked = user_of(db, "anna")
    assert linked is not None
    with TestClient(sso_app, follow_redirects=False) as beheerder:
        login(beheerder, "beheerder")
        page = beheerder.get(f"/beheer/gebruikers/{linked.id}")
        assert "logt in via de organisatie" in page.text
        assert "Nieuw wachtwoord maken" not in page.text
        token = csrf_from(page.text)
        refused = beheerder.post(
            f"/beheer/gebruikers/{linked.id}/wachtwoord", data={"csrf_token": token}
        )
        assert refused.status_code == 400 and "geen wachtwoord van Reisgenoot" in refused.text
        off = beheerder.post(
            f"/beheer/gebruikers/{linked.id}/uitzetten", data={"csrf_token": token}
        )
        assert off.status_code in {200, 303}
    with TestClient(sso_app, follow_redirects=False) as again:
        response = sso_login(again, "anna")
        assert response.status_code == 400 and "uitgezet" in response.text
        assert again.get("/start/medewerker").status_code == 303


def test_a_local_account_with_the_same_name_is_not_taken_over(
    sso: TestClient, db: Database, users: dict[str, Account], settings: Settings
) -> None:
    with db.session() as session:
        local = create_user(
            session,
            NewUser(
                "anna.devries@voorbeeldstad.nl",
                "Lokale Anna",
                "veilig-wachtwoord-2024",
                (Role.BEHEERDER,),
            ),
            audit_key=settings.audit_secret(),
            actor="test",
        )
        local_id = local.id
    assert sso_login(sso, "anna").status_code == 303
    linked = user_of(db, "anna")
    assert linked is not None and linked.id != local_id
    assert linked.username == "anna.devries@voorbeeldstad.nl (2)"
    assert linked.roles == frozenset({Role.MEDEWERKER})
    with db.session() as session:
        untouched = session.get(User, local_id)
        assert untouched is not None and untouched.oidc_subject is None
        assert untouched.roles == frozenset({Role.BEHEERDER})


def test_the_client_secret_can_come_from_a_file(
    settings: Settings, provider: Provider, db: Database, tmp_path: Path
) -> None:
    secret_file = tmp_path / "oidc-secret"
    secret_file.write_text(provider.client_secret + "\n", encoding="utf-8")
    from_file = sso_settings_for(
        settings, provider, oidc_client_secret=None, oidc_client_secret_file=secret_file
    )
    with TestClient(create_app(from_file, db), follow_redirects=False) as client:
        assert sso_login(client, "anna").status_code == 303  # the provider accepted the secret
    secret_file.write_text("een-fout-geheim", encoding="utf-8")
    with TestClient(create_app(from_file, db), follow_redirects=False) as client:
        assert sso_login(client, "bram").status_code == 400  # the provider refused the client
    missing = from_file.model_copy(update={"oidc_client_secret_file": tmp_path / "weg"})
    with pytest.raises(AccountError) as error:
        create_app(missing, db)
    assert "kan niet worden gelezen" in error.value.dutch()
