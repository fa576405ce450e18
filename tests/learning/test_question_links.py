"""A redacteur links an unanswered question to an article: it becomes a learning example."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.insight import ArticleFeedback, UnansweredQuestion
from reisgenoot.learning.models import Example
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, csrf_from, login

QUESTION = "Kan ik mijn kliko ruilen voor een grotere?"


class Provider:
    def article_feedback(self) -> Sequence[ArticleFeedback]:
        return []

    def unanswered_questions(self) -> Sequence[UnansweredQuestion]:
        return [UnansweredQuestion(QUESTION, 9, datetime(2026, 11, 18, tzinfo=UTC))]


def _page(client: TestClient, app: FastAPI) -> str:
    app.state.insight_provider = Provider()
    page = client.get("/redactie/inzicht")
    assert page.status_code == 200
    return str(page.text)


def test_redacteur_links_a_question_to_an_article(
    app: FastAPI,
    client: TestClient,
    users: dict[str, Account],
    articles: list[ArticleData],
    db: Database,
) -> None:
    login(client, "redacteur")
    html = _page(client, app)
    assert 'action="/redactie/inzicht/koppelen"' in html and f'value="{QUESTION}"' in html
    token = csrf_from(html)
    no_token = client.post(
        "/redactie/inzicht/koppelen", data={"vraag": QUESTION, "artikel": "vbs-grofvuil"}
    )
    assert no_token.status_code == 403
    answer = client.post(
        "/redactie/inzicht/koppelen",
        data={"vraag": QUESTION, "artikel": "vbs-grofvuil", "csrf_token": token},
    )
    assert answer.status_code == 303
    assert "gekoppeld=vbs-grofvuil" in answer.headers["location"]
    assert "gekoppeld aan artikel vbs-grofvuil" in client.get(answer.headers["location"]).text
    with db.session() as session:
        (row,) = session.scalars(select(Example)).all()
        assert row.kind == "vraag_artikel" and row.label == {"article_id": "vbs-grofvuil"}
        assert row.text == QUESTION


def test_an_unknown_article_is_refused_in_dutch(
    app: FastAPI,
    client: TestClient,
    users: dict[str, Account],
    articles: list[ArticleData],
    db: Database,
) -> None:
    login(client, "redacteur")
    token = csrf_from(_page(client, app))
    answer = client.post(
        "/redactie/inzicht/koppelen",
        data={"vraag": QUESTION, "artikel": "<script>x</script>", "csrf_token": token},
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "Dat artikel bestaat niet of is niet actief" in page and "<script>x" not in page
    empty = client.post(
        "/redactie/inzicht/koppelen",
        data={"vraag": " ", "artikel": "vbs-grofvuil", "csrf_token": token},
    )
    assert "fout=vraag" in empty.headers["location"]
    with db.session() as session:
        assert session.scalars(select(Example)).all() == []


def test_other_roles_cannot_link(
    app: FastAPI, client: TestClient, users: dict[str, Account], articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    token = csrf_from(client.get("/assist").text)
    refused = client.post(
        "/redactie/inzicht/koppelen",
        data={"vraag": QUESTION, "artikel": "vbs-grofvuil", "csrf_token": token},
    )
    assert refused.status_code == 403
