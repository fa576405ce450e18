"""Roles on every route: own start pages, 403 elsewhere, and nothing open but the public pages."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from reisgenoot.accounts.models import Role
from reisgenoot.app import start_cards
from reisgenoot.web.cards import cards_for
from reisgenoot.web.deps import is_public
from reisgenoot.web.pages import START_PAGES
from tests.web.fixtures import MULTI_ROLE, csrf_from, login

PUBLIC_PATHS = {"/login", "/uitgelogd", "/hulp", "/gezond"}
# Login via the organisation (tests/web/test_sso.py): a Dutch 404 while it is not configured.
SSO_PATHS = {"/login/oidc", "/login/oidc/callback"}
SELF_SERVICE_PATHS = {
    "/hulp/chat",
    "/hulp/chat/beoordeling/{exchange_id}",
    "/hulp/chat/mens",
    "/hulp/chat/verzonden",
    "/hulp/chat/nieuw",
    "/hulp/artikel/{source_id}",
}
TRANSPARENCY_PATHS = {"/hulp/over-ai", "/hulp/over-ai/algoritmeregister.json"}
# Passes the login gate, then its own: an allowed address or a beheerder (tests/ops).
GUARDED_PATHS = {"/metrics"}


def all_routes(app: FastAPI) -> list[tuple[str, str, object]]:
    """(method, path, endpoint) for every route of the app."""
    found: list[tuple[str, str, object]] = []
    for route in iter_route_contexts(app.routes):
        for method in sorted(route.methods or ()):
            found.append((method, str(route.path), route.endpoint))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "vbs-paspoort", path)


def test_only_the_public_pages_are_marked_public(app: FastAPI) -> None:
    public = {path for _method, path, endpoint in all_routes(app) if is_public(endpoint)}
    assert public == (
        PUBLIC_PATHS | SSO_PATHS | SELF_SERVICE_PATHS | TRANSPARENCY_PATHS | GUARDED_PATHS
    )


def test_every_other_route_needs_a_login(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for method, path, endpoint in all_routes(app):
        if is_public(endpoint) or method == "HEAD":
            continue
        response = client.request(method, concrete(path))
        checked += 1
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login?next="), (method, path)
        else:
            assert response.status_code in {401, 403}, (method, path, response.status_code)
    assert checked >= 10


def test_public_pages_and_static_are_open(client: TestClient) -> None:
    for path in (*PUBLIC_PATHS, "/static/reisgenoot.css", "/static/vendor/htmx.min.js"):
        assert client.get(path).status_code == 200, path
    assert client.get("/gezond").json() == {"status": "ok"}
    for path in SSO_PATHS:
        response = client.get(path)
        assert response.status_code == 404 and "niet ingesteld" in response.text, path


def test_htmx_request_without_session_gets_401_with_redirect(client: TestClient) -> None:
    response = client.get("/kennisbank?q=paspoort", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reaches_its_own_start_page(
    client: TestClient, users: dict[str, object], role: Role
) -> None:
    login(client, role.value)
    assert client.get("/").headers["location"] == f"/start/{role.value}"
    page = client.get(f"/start/{role.value}")
    assert page.status_code == 200
    assert START_PAGES[role].title in page.text
    assert ("Komt binnenkort" in page.text) == bool(START_PAGES[role].soon)
    for card in cards_for(role, start_cards()):
        assert f'href="{card.href}"' in page.text
        # every link on a start page opens for that role (no dead ends)
        assert client.get(str(card.href), follow_redirects=True).status_code == 200, card.href
    for other in Role:
        if other is not role:
            assert client.get(f"/start/{other.value}").status_code == 403


def test_trainee_cannot_open_the_teamleider_page(
    client: TestClient, users: dict[str, object]
) -> None:
    login(client, "trainee")
    page = client.get("/start/teamleider")
    assert page.status_code == 403
    assert "Geen toegang" in page.text
    assert "Je hebt geen toegang tot deze pagina" in page.text


def test_user_with_several_roles_chooses(client: TestClient, users: dict[str, object]) -> None:
    login(client, MULTI_ROLE)
    assert client.get("/").headers["location"] == "/start/teamleider"
    page = client.get("/start/teamleider")
    assert "Je hebt meer rollen" in page.text
    assert 'href="/start/opleider"' in page.text
    assert client.get("/start/opleider").status_code == 200
    assert client.get("/start/trainee").status_code == 403


def test_teamleider_and_trainee_pages_state_the_principles(
    client: TestClient, users: dict[str, object]
) -> None:
    login(client, "teamleider")
    assert "nooit per medewerker" in client.get("/start/teamleider").text
    client.cookies.clear()
    login(client, "trainee")
    assert "nooit gebruikt om je te beoordelen" in client.get("/start/trainee").text


def test_unknown_page_is_a_dutch_404(client: TestClient) -> None:
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "Pagina niet gevonden" in page.text


def test_every_capability_supplies_its_start_page_cards() -> None:
    """Each role sees at least the kennisbank; every card links inside the app; no role gets a
    card twice."""
    for role in Role:
        cards = cards_for(role, start_cards())
        assert cards and cards[0].title == "Kennisbank"
        assert all(str(c.href).startswith("/") for c in cards)
        assert len({c.href for c in cards}) == len(cards)


def test_beheer_routes_are_for_the_beheerder_only(
    app: FastAPI, client: TestClient, users: dict[str, object]
) -> None:
    """Every route under /beheer (accounts, audit trail, retention, inzage and erasure) answers
    403 to anyone else, also with a valid CSRF token."""
    paths = [
        (method, path)
        for method, path, _endpoint in all_routes(app)
        if path.startswith("/beheer/") and method != "HEAD"
    ]
    for expected in (
        ("GET", "/beheer/bewaartermijnen"),
        ("POST", "/beheer/bewaartermijnen/opschonen"),
        ("GET", "/beheer/inwoner"),
        ("POST", "/beheer/inwoner/wissen"),
    ):
        assert expected in paths
    login(client, "teamleider")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/start/teamleider").text)
    assert token is not None
    for method, path in paths:
        data = {"csrf_token": token.group(1)} if method == "POST" else None
        response = client.request(method, concrete(path), data=data)
        assert response.status_code == 403, (method, path, response.status_code)


@pytest.mark.parametrize("role", list(Role))
def test_the_way_of_working_page_is_for_teamleider_and_beheerder(
    client: TestClient, users: dict[str, object], role: Role
) -> None:
    login(client, role.value)
    allowed = role in (Role.TEAMLEIDER, Role.BEHEERDER)
    assert client.get("/toezicht/werkwijze").status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", list(Role))
def test_the_review_gate_routes_are_for_the_assist_roles(
    client: TestClient, users: dict[str, object], role: Role
) -> None:
    """Discarding, the own choice and opening a source: medewerker and beheerder (then only
    their own conversations: an unknown one is a 404), everyone else 403."""
    login(client, role.value)
    token = csrf_from(client.get(f"/start/{role.value}").text)
    unknown = "00000000-0000-0000-0000-000000000000"
    expected = 404 if role in (Role.MEDEWERKER, Role.BEHEERDER) else 403
    for method, path in (
        ("GET", f"/assist/{unknown}/weggooien"),
        ("POST", f"/assist/{unknown}/weggooien"),
        ("POST", f"/assist/{unknown}/eerst-zelf"),
        ("GET", f"/assist/{unknown}/bron/vbs-paspoort"),
    ):
        answer = client.request(
            method, path, data={"csrf_token": token} if method == "POST" else None
        )
        assert answer.status_code == expected, (role, method, path)
