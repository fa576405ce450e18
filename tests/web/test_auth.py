"""Logging in and out, throttling, session timeout, CSRF on every POST route, cookie flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from reisgenoot.accounts.models import UserSession
from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from tests.web.fixtures import PASSWORD, csrf_from, login


def post_routes(app: FastAPI) -> list[str]:
    return sorted(
        {
            str(route.path)
            for route in iter_route_contexts(app.routes)
            if route.methods and "POST" in route.methods
        }
    )


def test_login_page_is_dutch_and_labelled(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    assert '<label for="gebruikersnaam">Gebruikersnaam</label>' in page.text
    assert '<label for="wachtwoord">Wachtwoord</label>' in page.text
    assert "Naar de inhoud" in page.text


def test_login_and_logout(client: TestClient, users: dict[str, object]) -> None:
    response = login(client, "medewerker")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    old_token = client.cookies.get("reisgenoot_session")
    assert old_token
    assert client.get("/").headers["location"] == "/start/medewerker"
    start = client.get("/start/medewerker")
    assert start.status_code == 200
    assert "Test medewerker" in start.text

    logout = client.post("/logout", data={"csrf_token": csrf_from(start.text)})
    assert logout.status_code == 303
    assert logout.headers["location"] == "/login?uitgelogd=1"
    assert "Je bent uitgelogd." in client.get("/login?uitgelogd=1").text
    assert client.get("/start/medewerker").status_code == 303
    # The old session token is worthless after logout.
    client.cookies.set("reisgenoot_session", old_token)
    assert client.get("/start/medewerker").headers["location"].startswith("/login")


def test_login_audits_ids_only(client: TestClient, users: dict[str, object], db: Database) -> None:
    login(client, "redacteur")
    with db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "ingelogd")).one()
    assert event.object_type == "user"
    assert event.object_id.isdigit()
    assert event.actor == f"user:{event.object_id}"
    assert "redacteur" not in f"{event.actor} {event.details}"


def test_wrong_password_gives_generic_message(client: TestClient, users: dict[str, object]) -> None:
    response = login(client, "medewerker", "fout-wachtwoord-123")
    assert response.status_code == 400
    assert "Onbekende gebruikersnaam of wachtwoord" in response.text
    assert "Er is een probleem" in response.text
    unknown = login(client, "bestaat-niet", "fout-wachtwoord-123")
    assert unknown.status_code == 400
    assert "Onbekende gebruikersnaam of wachtwoord" in unknown.text
    assert "reisgenoot_session" not in client.cookies


def test_throttling_after_too_many_failures(
    client: TestClient, users: dict[str, object], settings: Settings
) -> None:
    for _ in range(settings.login_max_attempts):
        assert login(client, "trainee", "fout-wachtwoord-123").status_code == 400
    throttled = login(client, "trainee", PASSWORD)  # even the right password must wait
    assert throttled.status_code == 429
    assert "Te veel mislukte pogingen" in throttled.text
    assert "reisgenoot_session" not in client.cookies


def test_login_only_redirects_to_local_paths(client: TestClient, users: dict[str, object]) -> None:
    assert login(client, "medewerker", next="/kennisbank?q=paspoort").headers["location"] == (
        "/kennisbank?q=paspoort"
    )
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        client.cookies.clear()
        assert login(client, "medewerker", next=target).headers["location"] == "/"


def test_login_page_redirects_with_next(client: TestClient) -> None:
    response = client.get("/kennisbank?q=grofvuil")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/kennisbank%3Fq%3Dgrofvuil"
    assert (
        'name="next" value="/kennisbank?q=grofvuil"'
        in client.get(response.headers["location"]).text
    )


def test_session_times_out(
    client: TestClient, users: dict[str, object], db: Database, settings: Settings
) -> None:
    login(client, "opleider")
    assert client.get("/start/opleider").status_code == 200
    idle = utcnow() - timedelta(minutes=settings.session_timeout_minutes + 1)
    with db.session() as session:
        session.execute(update(UserSession).values(last_seen_at=idle))
    response = client.get("/start/opleider")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    with db.session() as session:
        assert session.scalars(select(UserSession)).first() is None  # the row is gone


def test_every_post_route_needs_csrf_without_session(app: FastAPI, client: TestClient) -> None:
    client.get("/login")  # has the pre-session cookie now
    routes = post_routes(app)
    assert "/login" in routes and "/logout" in routes
    for path in routes:
        assert client.post(path, data={}).status_code == 403, path
        assert client.post(path, data={"csrf_token": "fout"}).status_code == 403, path


def test_every_post_route_needs_csrf_with_session(
    app: FastAPI, client: TestClient, users: dict[str, object]
) -> None:
    login(client, "beheerder")
    for path in post_routes(app):
        missing = client.post(path, data={"username": "beheerder", "password": PASSWORD})
        assert missing.status_code == 403, path
        assert "Het formulier is verlopen" in missing.text
        wrong = client.post(path, data={"csrf_token": "fout"}, headers={"X-CSRF-Token": "ook-fout"})
        assert wrong.status_code == 403, path
    assert client.get("/start/beheerder").status_code == 200  # still logged in


def test_login_token_is_bound_to_its_cookie(client: TestClient, users: dict[str, object]) -> None:
    token = csrf_from(client.get("/login").text)
    client.cookies.set("reisgenoot_csrf", "een-ander-koekje")
    response = client.post(
        "/login", data={"username": "medewerker", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


def test_htmx_header_token_is_accepted(client: TestClient, users: dict[str, object]) -> None:
    login(client, "medewerker")
    token = csrf_from(client.get("/start/medewerker").text)
    response = client.post("/logout", headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert response.status_code == 303


def test_cookie_flags_default_local(client: TestClient, users: dict[str, object]) -> None:
    cookie = login(client, "medewerker").headers["set-cookie"].lower()
    assert cookie.startswith("reisgenoot_session=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie  # settings.secure_cookies is off on 127.0.0.1


@pytest.mark.parametrize("secure", [True, False])
def test_cookie_secure_follows_settings(
    settings: Settings, db: Database, users: dict[str, object], secure: bool
) -> None:
    app = create_app(settings.model_copy(update={"cookie_secure": secure}), db)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        cookies = login(client, "medewerker").headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("reisgenoot_session=")).lower()
    assert ("; secure" in session_cookie) is secure


def test_security_headers(client: TestClient) -> None:
    for path in ("/login", "/hulp", "/static/reisgenoot.css", "/gezond"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_rotating_addresses_meet_the_account_pause(
    settings: Settings, db: Database, users: dict[str, object]
) -> None:
    app = create_app(settings.model_copy(update={"login_account_max_attempts": 3}), db)

    def attempt(username: str, password: str, number: int) -> int:
        with TestClient(app, follow_redirects=False, client=(f"203.0.113.{number}", 4000)) as c:
            return int(login(c, username, password).status_code)

    for username in ("trainee", "bestaat-niet"):  # unknown usernames are paused alike
        assert [attempt(username, "fout-wachtwoord-123", n) for n in range(3)] == [400] * 3
        assert attempt(username, PASSWORD, 99) == 429
