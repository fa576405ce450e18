"""Who may open the redactie pages, and CSRF on their forms."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from reisgenoot.knowledge.formats import ArticleData
from tests.web.fixtures import Account, csrf_from, login

EDITOR_PAGES = ("/redactie", "/redactie/nieuw", "/redactie/inzicht")
CRISIS_PAGES = ("/redactie/crisis", "/redactie/crisis/nieuw")


@pytest.mark.parametrize("path", EDITOR_PAGES + CRISIS_PAGES)
def test_anonymous_visitors_go_to_the_login(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["medewerker", "trainee", "opleider"])
def test_other_roles_get_403(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData], role: str
) -> None:
    login(client, role)
    for path in EDITOR_PAGES + CRISIS_PAGES:
        assert client.get(path).status_code == 403, path
    assert "Dit artikel bewerken" not in client.get("/kennisbank/vbs-paspoort").text


@pytest.mark.parametrize("role", ["redacteur", "beheerder"])
def test_editors_open_every_page(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData], role: str
) -> None:
    login(client, role)
    for path in EDITOR_PAGES + CRISIS_PAGES:
        assert client.get(path).status_code == 200, path


def test_teamleider_publishes_notices_but_does_not_edit_articles(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData]
) -> None:
    login(client, "teamleider")
    for path in EDITOR_PAGES:
        assert client.get(path).status_code == 403, path
    page = client.get("/redactie/crisis/nieuw", params={"onderwerp": "paspoort", "bron": "signaal"})
    assert page.status_code == 200
    assert 'id="onderwerp" name="onderwerp" type="text" value="paspoort"' in page.text
    assert 'name="bron" value="signaal"' in page.text
    assert "Je komt van een signaal" in page.text
    assert 'href="/redactie/crisis"' in client.get("/start/teamleider").text


def test_an_unknown_topic_from_a_signal_becomes_a_keyword(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData]
) -> None:
    login(client, "teamleider")
    page = client.get("/redactie/crisis/nieuw", params={"onderwerp": "storing <b>afval</b>"})
    assert 'id="onderwerp" name="onderwerp" type="text" value=""' in page.text
    assert 'value="storing &lt;b&gt;afval&lt;/b&gt;"' in page.text


@pytest.mark.parametrize(
    "path",
    ["/redactie/nieuw", "/redactie/b1", "/redactie/crisis/nieuw", "/redactie/crisis/1/intrekken"],
)
def test_posts_need_the_csrf_token(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData], path: str
) -> None:
    login(client, "redacteur")
    assert client.post(path, data={"titel": "Zonder token"}).status_code == 403
    assert client.post(path, data={"titel": "Fout", "csrf_token": "fout"}).status_code == 403


def test_redacteur_start_page_links_to_the_redactie(
    client: TestClient, users: dict[str, Account]
) -> None:
    login(client, "redacteur")
    page = client.get("/start/redacteur").text
    assert 'href="/redactie"' in page and 'href="/redactie/crisis"' in page
    assert csrf_from(page)
