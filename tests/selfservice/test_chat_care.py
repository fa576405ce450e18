"""What the chat adds around an answer: a person when it matters, links, notices, limits."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.knowledge import replies, selfservice
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from tests.web.fixtures import csrf_from

CALENDAR = (
    "Is uw container niet geleegd terwijl hij op tijd buiten stond? "
    "Meld dat dezelfde dag vóór 17.00 uur."
)
NOTICE = {
    "id": "crisis-1",
    "title": "Storing afvalinzameling",
    "text": "U hoeft dit niet te melden.",
}


def _chat_with(db: Database, **exchange: Any) -> str:
    """A chat (its cookie token) holding one stored exchange."""
    token = selfservice.new_token()
    values: dict[str, Any] = {
        "position": 0,
        "at": utcnow(),
        "question": "Mijn container is niet geleegd",
        "answer": CALENDAR,
        "reason": "answered",
        "handoff": False,
        "confidence": 0.9,
        "sources": [{"id": "vbs-afvalkalender", "title": "Ophaaldagen", "source": "voorbeeldstad"}],
    }
    values.update(exchange)
    with db.session() as session:
        chat = selfservice.start_chat(session, token)
        chat.exchanges.append(Exchange(**values))
    return token


def _page(client: TestClient, token: str) -> str:
    client.cookies.set("reisgenoot_chat", token, path="/hulp")
    page = client.get("/hulp/chat")
    assert page.status_code == 200
    return str(page.text)


def test_an_angry_resident_is_acknowledged_and_offered_a_person(
    client: TestClient, db: Database
) -> None:
    text = _page(client, _chat_with(db, situation="boos", intent="melding"))
    assert "Ik begrijp dat u boos bent." in text
    assert "Wilt u liever iemand van de gemeente spreken? Dat kan." in text
    assert "Meld dat dezelfde dag" in text  # the answer is still given
    calm = _page(client, _chat_with(db, situation="geen", intent="melding"))
    assert "Ik begrijp dat u boos bent." not in calm


def test_a_crisis_notice_holds_back_the_passage_it_contradicts(
    client: TestClient, db: Database
) -> None:
    token = _chat_with(db, notices=[NOTICE], notice_conflict=True)
    text = _page(client, token)
    assert text.index("Storing afvalinzameling") < text.index("Door de melding hierboven")
    assert "Meld dat dezelfde dag" not in text
    assert 'href="/hulp/artikel/vbs-afvalkalender?bron=voorbeeldstad"' in text
    assert 'href="/hulp/chat/mens"' in text


def test_a_referral_in_the_answer_is_a_link(client: TestClient, db: Database) -> None:
    answer = "Heeft u een laag inkomen? Lees het artikel over kwijtschelding."
    with db.session() as session:
        links = replies.referrals(session, answer)
    assert [link["id"] for link in links] == ["vbs-kwijtschelding"]
    text = _page(client, _chat_with(db, answer=answer, links=links))
    assert '<a href="/hulp/artikel/vbs-kwijtschelding?bron=voorbeeldstad"' in text.replace(
        "&amp;", "&"
    )
    assert ">Lees het artikel over kwijtschelding</a>" in text


def test_a_quoted_referral_finds_the_article_by_its_title(db: Database) -> None:
    text = "Maak bezwaar. Lees het artikel ‘Bezwaar maken tegen een belastingaanslag’."
    with db.session() as session:
        [link] = replies.referrals(session, text)
        assert replies.referrals(session, "Lees het artikel over zeppelins.") == []
    assert link["id"] == "vbs-bezwaar-belastingaanslag"


def test_after_nee_a_person_is_offered(client: TestClient, db: Database) -> None:
    token = _chat_with(db)
    text = _page(client, token)
    with db.session() as session:
        exchange_id = session.scalars(select(Exchange.id)).all()[-1]
    rated = client.post(
        f"/hulp/chat/beoordeling/{exchange_id}",
        data={"nuttig": "nee", "csrf_token": csrf_from(text)},
        headers={"HX-Request": "true"},
    )
    assert rated.status_code == 200
    assert "Jammer dat dit u niet hielp." in rated.text
    assert 'href="/hulp/chat/mens"' in rated.text


def test_the_confirmation_gives_a_reference_number_and_a_response_time(
    client: TestClient, db: Database
) -> None:
    token = _chat_with(db)
    text = _page(client, token)
    sent = client.post(
        "/hulp/chat/mens",
        data={"naam": "", "telefoon": "06 12345678", "email": "", "voorkeur": "bellen",
              "toelichting": "", "csrf_token": csrf_from(text)},
    )  # fmt: skip
    assert sent.status_code == 303
    page = client.get("/hulp/chat/verzonden").text
    with db.session() as session:
        chat = session.scalars(select(Chat)).all()[-1]
        contact = session.get(Klantcontact, chat.klantcontact_id)
        assert contact is not None and contact.referentienummer
        reference = contact.referentienummer
    assert reference.startswith("KC-") and len(reference) <= 10
    assert f'Uw referentienummer is <strong class="reference">{reference}</strong>' in page
    assert "binnen 2 dagen contact met u op" in page


def test_one_resident_using_hulp_normally_is_not_blocked(
    settings: Settings, db: Database, embedder: CachedEmbedder
) -> None:
    app = create_app(settings.model_copy(update={"public_rate_limit_per_minute": 5}), db)
    app.state.embedder = embedder
    with TestClient(app) as client:
        # Reading, searching and chatting count apart: no page blocks another.
        assert [client.get("/hulp").status_code for _ in range(5)] == [200] * 5
        assert client.get("/hulp/chat").status_code == 200
        assert client.get("/hulp/artikel/vbs-paspoort").status_code == 200
        assert client.get("/hulp/chat/mens").status_code == 200
        # A flood of one route is still stopped.
        assert client.get("/hulp").status_code == 429


def test_questions_are_limited_per_chat(
    settings: Settings, db: Database, embedder: CachedEmbedder
) -> None:
    limited = settings.model_copy(update={"chat_questions_per_minute": 2})
    app = create_app(limited, db)
    app.state.embedder = embedder
    with TestClient(app, follow_redirects=False) as client:
        token = csrf_from(client.get("/hulp/chat").text)
        codes = [
            client.post(
                "/hulp/chat", data={"vraag": "Wat kost een parkeervergunning?", "csrf_token": token}
            ).status_code
            for _ in range(4)
        ]
    # The first question starts the chat (no cookie yet); then the chat's own limit counts.
    assert codes[:3] == [303, 303, 303] and codes[3] == 429


def test_referrals_on_the_public_article_page_are_links(client: TestClient) -> None:
    page = client.get("/hulp/artikel/vbs-afvalstoffenheffing")
    assert page.status_code == 200
    html = page.text.replace("&amp;", "&")
    assert '<a href="/hulp/artikel/vbs-kwijtschelding?bron=voorbeeldstad"' in html
    assert '<a href="/hulp/artikel/vbs-bezwaar-belastingaanslag?bron=voorbeeldstad"' in html


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("Een uittreksel van een akte is iets anders. Zie daarvoor het artikel over aktes.",
         "vbs-akte-burgerlijke-stand"),
        ("De tarieven staan in het artikel ‘Trouwen of partnerschap sluiten in Voorbeeldstad’.",
         "vbs-trouwen-ceremonie"),
        ("Vindt u de WOZ-waarde te hoog? Lees dan het artikel over de WOZ-beschikking.", "vbs-woz"),
    ],
)  # fmt: skip
def test_every_wording_of_a_referral_is_a_link(
    client: TestClient, db: Database, text: str, article: str
) -> None:
    with db.session() as session:
        [link] = replies.referrals(session, text)
    assert link["id"] == article
    page = _page(client, _chat_with(db, answer=text, links=[link]))
    assert f'<a href="/hulp/artikel/{article}?bron=voorbeeldstad"' in page.replace("&amp;", "&")


def test_a_complaint_handed_over_as_an_own_case_is_acknowledged(
    client: TestClient, db: Database
) -> None:
    token = _chat_with(
        db, answer=None, reason="personal_case", handoff=True, intent="klacht", situation="geen"
    )
    text = _page(client, token)
    assert "Vervelend dat u niet tevreden bent." in text
    assert "Voor deze vraag moet iemand in uw eigen gegevens kijken." in text
    assert 'href="/hulp/chat/mens"' in text


def test_after_the_hand_off_the_chat_still_gives_the_reference_and_response_time(
    client: TestClient, db: Database
) -> None:
    text = _page(client, _chat_with(db))
    client.post(
        "/hulp/chat/mens",
        data={"naam": "", "telefoon": "06 12345678", "email": "", "voorkeur": "bellen",
              "toelichting": "", "csrf_token": csrf_from(text)},
    )  # fmt: skip
    with db.session() as session:
        chat = session.scalars(select(Chat)).all()[-1]
        contact = session.get(Klantcontact, chat.klantcontact_id)
        assert contact is not None and contact.referentienummer
        reference = contact.referentienummer
    for page in (client.get("/hulp/chat").text, client.get("/hulp/chat/mens").text):
        assert f'Uw referentienummer is <strong class="reference">{reference}</strong>' in page
        assert "binnen 2 dagen contact met u op" in page
        assert "zo snel mogelijk" not in page


def test_the_chat_limit_says_the_resident_asked_many_questions_not_that_we_are_busy(
    settings: Settings, db: Database, embedder: CachedEmbedder
) -> None:
    app = create_app(settings.model_copy(update={"chat_questions_per_minute": 1}), db)
    app.state.embedder = embedder
    with TestClient(app, follow_redirects=False) as client:
        token = csrf_from(client.get("/hulp/chat").text)
        form = {"vraag": "Wat kost een parkeervergunning?", "csrf_token": token}
        assert [client.post("/hulp/chat", data=form).status_code for _ in range(2)] == [303, 303]
        page = client.post("/hulp/chat", data=form)
        fragment = client.post("/hulp/chat", data=form, headers={"HX-Request": "true"})
    assert page.status_code == 429
    for text in (page.text, fragment.text):
        assert "U heeft veel vragen kort na elkaar gesteld." in text
        assert "te veel vragen tegelijk" not in text
    assert fragment.headers["HX-Retarget"] == "#chat-fout"


def test_two_notices_above_a_held_back_passage_are_named_in_the_plural(
    client: TestClient, db: Database
) -> None:
    second = {**NOTICE, "id": "crisis-2", "title": "Stadhuis vrijdag dicht"}
    text = _page(client, _chat_with(db, notices=[NOTICE, second], notice_conflict=True))
    assert "Door de meldingen hierboven" in text and "Lees eerst de meldingen." in text
    one = _page(client, _chat_with(db, notices=[NOTICE], notice_conflict=True))
    assert "Door de melding hierboven" in one
