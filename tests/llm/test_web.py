"""The model path in the web app: live assist's answer draft, the review page, the chat badge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.llm.openai_compatible import OpenAICompatibleChat
from tests.assist.test_review import conversation
from tests.llm.fake_server import FakeServer
from tests.web.fixtures import csrf_from, login

TURNS = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemiddag."),
    ("inwoner", "Hoe lang duurt het voordat mijn paspoort klaar is?"),
)


@pytest.fixture
def with_model(app: FastAPI, fake_server: FakeServer) -> Iterator[FastAPI]:
    chat = OpenAICompatibleChat(fake_server.url, "vijandig-1", timeout=1.0)
    app.state.llm = GuardedModel(chat)
    yield app
    chat.close()


def _draft(client: Any, uuid: str) -> Any:
    token = csrf_from(client.get(f"/assist/{uuid}").text)
    return client.post(
        f"/assist/{uuid}/conceptantwoord",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )


def test_live_assist_offers_a_guarded_draft_with_a_badge(
    with_model: FastAPI,
    client: Any,
    users: Any,
    articles: list[ArticleData],
    fake_server: FakeServer,
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, TURNS)
    assert "Conceptantwoord van het taalmodel" in client.get(f"/assist/{uuid}").text
    fake_server.say("nog niets")
    assert "geen antwoord dat door de controle kwam" in _draft(client, uuid).text
    sent = fake_server.script.received[0]["messages"][1]["content"]
    assert "Hoe lang duurt het" in sent.split("<gegevens>")[1]  # the resident's turn, as data
    passage = sent.split("[1] ", 1)[1].split("\n", 2)[1]  # the first passage
    assert (
        passage
        == "Met een paspoort kunt u naar alle landen reizen. U vraagt het aan bij het stadhuis."
    )
    assert "4411" not in sent and "spoedaanvraag" not in sent  # never the deskMemo
    fake_server.say("Met een paspoort kunt u naar alle landen reizen [1].")
    shown = _draft(client, uuid)
    assert "Geschreven door taalmodel vijandig-1" in shown.text
    assert "Met een paspoort kunt u naar alle landen reizen [1]." in shown.text
    assert f'[1] Bron: <a href="/assist/{uuid}/bron/vbs-paspoort?bron=voorbeeldstad"' in shown.text
    fake_server.say("Uw aanvraag is goedgekeurd en u krijgt € 50 terug.")
    refused = _draft(client, uuid)
    assert "goedgekeurd" not in refused.text and "€ 50" not in refused.text


def test_the_draft_needs_a_model_a_role_and_a_csrf_token(
    client: Any, users: Any, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, TURNS)
    assert "Conceptantwoord van het taalmodel" not in client.get(f"/assist/{uuid}").text
    assert "geen taalmodel" in _draft(client, uuid).text
    assert client.post(f"/assist/{uuid}/conceptantwoord").status_code == 403  # no CSRF token


def test_a_follow_up_turn_is_answered_from_the_recognised_products_passages(
    with_model: FastAPI,
    client: Any,
    users: Any,
    articles: list[ArticleData],
    fake_server: FakeServer,
) -> None:
    login(client, "medewerker")
    turns = (*TURNS[:1], ("inwoner", "Mijn paspoort is verlopen."),
             ("medewerker", "Dan vraagt u een nieuw paspoort aan."), ("inwoner", "En wat kost dat?"))  # fmt: skip
    uuid = conversation(client, turns)
    fake_server.say("Voor 18 jaar en ouder kost het € 84,70 [1].")
    shown = _draft(client, uuid)
    sent = fake_server.script.received[0]["messages"][1]["content"]
    assert "En wat kost dat? (paspoort)" in sent  # the product joins the turn's query
    assert sent.split("[1] ", 1)[1].startswith("Paspoort aanvragen\n18 jaar en ouder: € 84,70")
    assert "€ 84,70 [1]." in shown.text and "Geschreven door taalmodel" in shown.text
